import ArgumentParser
import CadrePlanCore
import Foundation

extension ExportTarget: ExpressibleByArgument {}

extension Stage: ExpressibleByArgument {
    public init?(argument: String) {
        guard let n = Int(argument), let stage = Stage(rawValue: n) else { return nil }
        self = stage
    }
    public var defaultValueDescription: String { "\(rawValue)" }
    public static var allValueStrings: [String] { allCases.map { "\($0.rawValue)" } }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the integer program of a scenario for glpsol or another solver.",
        discussion: """
            Stage 1 (minimise weighted unmet need) by default; --stage 2 solves stage 1 first and
            writes the fit stage with unmet need fixed at that optimum. Examples:
              cadreplan export scenarios/lam-dong-2025 --format lp --out out/stage1.lp
              glpsol --lp out/stage1.lp
              cadreplan export scenarios/lam-dong-2025 --format gmpl-data --out out/stage1.dat
              glpsol -m models/cadreplan.mod -d out/stage1.dat
            MPS has no objective sense: stage 2 (a maximisation) is written as minimising -fit.
            --naive writes the programme rules in their textbook form, for solver comparisons.
            Ctrl-C abandons the export before the file is written; an earlier file stays as it was.
            """
    )

    @OptionGroup var input: ScenarioArgument
    @OptionGroup var solve: SolveOptionsGroup

    @Option(help: "File format.")
    var format: ExportTarget = .lp

    @Option(help: "Which stage's program to write.")
    var stage: Stage = .unmetNeed

    @Option(help: "File to write (its folder must exist).")
    var out: String

    @Flag(help: "Write the textbook form of the programme rules (one big-M team row per commune, no closed rows): the same plans, a weaker LP, to compare solvers on.")
    var naive = false

    func run() throws {
        // Ctrl-C quits at once, exit 130, while the program is built (and stage 1 solved for
        // --stage 2); once the file is being written it runs to its rename (see Interrupt).
        // A file-size limit (ulimit -f) makes the write fail with a message (SIGXFSZ).
        _ = Interrupt(quitMessage: "Stopped by Ctrl-C: nothing was exported, so \(out) is unchanged.",
                      firstStopsOnly: false)
        signal(SIGXFSZ, SIG_IGN)
        let loaded = try input.load()
        do {
            let size = try ModelExport.write(
                loaded.scenario, stage: stage, target: format, options: solve.planOptions(loaded.scenario), to: out,
                rules: naive ? .naive : .tight)
            print("Wrote \(out): stage \(stage.rawValue), \(size.variables) variables, \(size.constraints) constraints")
        } catch {
            Terminal.error("\(error)")
            throw ExitCode.failure
        }
    }
}
