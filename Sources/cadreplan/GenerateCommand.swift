import ArgumentParser
import CadrePlanCore
import Foundation

/// `cadreplan generate`: writes a synthetic but calibrated scenario folder from public facts.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a scenario folder from public facts and a seed.",
        discussion: """
            Presets:
              lam-dong  The August 2025 Lâm Đồng round: 124 units, 260 civil,
                        370 police and 100 military cadres, the published
                        ratings and examples; unpublished details synthesised.
              ladder    Synthetic, Lâm Đồng's structure at any size: --cadres N
                        (50–60000) and N × 124/730 units, for benchmarks.
              national  Synthetic: 34 independent provinces, 3,321 units,
                        20,000 cadres, for benchmarks.

            The same facts file and seed always give the same bytes.
            Example, from the repository root:

              cadreplan generate lam-dong \\
                --facts scenarios/sources/lam-dong-communes.csv \\
                --seed 2025 --out scenarios/lam-dong-2025
              cadreplan generate lam-dong-year \\
                --facts scenarios/sources/lam-dong-communes.csv \\
                --seed 2025 --out scenarios/lam-dong-2025-year
              cadreplan generate ladder --cadres 5000 --seed 1 --out out/ladder-5000
              cadreplan generate national --seed 1 --out out/national
            """
    )

    enum Preset: String, ExpressibleByArgument, CaseIterable {
        case lamDong = "lam-dong"
        case lamDongYear = "lam-dong-year"
        case ladder
        case national
    }

    @Argument(help: "The scenario to generate: \(Preset.allCases.map(\.rawValue).joined(separator: ", ")).")
    var preset: Preset

    @Option(help: ArgumentHelp("CSV of the province's commune-level units (public facts).", valueName: "csv"))
    var facts = "scenarios/sources/lam-dong-communes.csv"

    @Option(help: "Seed of the random draws; the same seed gives the same scenario.")
    var seed: UInt64 = LamDongGenerator.defaultSeed

    @Option(help: "Cadres of a ladder scenario (ladder preset only).")
    var cadres: Int?

    @Option(help: ArgumentHelp("Folder to write the scenario to.", valueName: "folder"))
    var out: String

    @Flag(help: "Overwrite the scenario files of a folder that is not empty.")
    var force = false

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func validate() throws {
        if preset == .ladder, cadres == nil {
            throw ValidationError("the ladder preset needs its size: pass --cadres N, e.g. --cadres 5000")
        }
        if preset != .ladder, cadres != nil {
            throw ValidationError("--cadres applies to the ladder preset only: remove it, or generate ladder")
        }
    }

    func run() throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw Failure(description: "\(out): error: this is a file, not a folder — fix: pass a folder to --out")
            }
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
            if !entries.isEmpty, !force {
                throw Failure(description: "\(out): error: the folder is not empty (\(entries.count) entries) — fix: choose a new folder, or pass --force to replace its scenario files")
            }
        }
        switch preset {
        case .lamDong:
            let scenario = try LamDongGenerator.generate(facts: facts, seed: seed)
            try ScenarioWriter.write(
                scenario, to: out, extraFiles: ["README.md": LamDongGenerator.readme(for: scenario, seed: seed)])
            let civil = scenario.cadres.filter { !$0.category.isArmedForces }.count
            print("Wrote \(out): \(scenario.communes.count) units, \(scenario.needs.count) needs, "
                + "\(scenario.cadres.count) cadres (\(civil) civil), \(scenario.history.count) history rows; seed \(seed).")
        case .lamDongYear:
            let scenario = try LamDongYear.generate(facts: facts, seed: seed)
            try ScenarioWriter.write(
                scenario, to: out, extraFiles: ["README.md": LamDongYear.readme(for: scenario, seed: seed)])
            let civil = scenario.cadres.filter { !$0.category.isArmedForces }.count
            let rounds = LamDongYear.summary(of: scenario).map {
                "\($0.id) \($0.needs) needs, desired \($0.desired), \($0.cadres) cadres available"
            }
            print("Wrote \(out): \(scenario.communes.count) units, \(scenario.cadres.count) cadres (\(civil) civil), "
                + "\(scenario.rounds.count) rounds (\(rounds.joined(separator: "; "))); seed \(seed).")
        case .ladder, .national:
            let scenario = preset == .ladder
                ? try SyntheticGenerator.ladder(cadres: cadres ?? 0, seed: seed)
                : try SyntheticGenerator.national(seed: seed)
            let command = "cadreplan generate \(preset.rawValue)" + (cadres.map { " --cadres \($0)" } ?? "")
                + " --seed \(seed) --out \(out) --force"
            try ScenarioWriter.write(
                scenario, to: out, extraFiles: ["README.md": SyntheticGenerator.readme(for: scenario, command: command)])
            print("Wrote \(out): \(scenario.communes.count) units, \(scenario.needs.count) needs, "
                + "\(scenario.departments.count) departments, \(scenario.cadres.count) cadres; seed \(seed).")
        }
    }
}
