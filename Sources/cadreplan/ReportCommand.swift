import ArgumentParser
import CadrePlanCore
import CadrePlanReport
import Foundation

extension ReportLanguage: ExpressibleByArgument {}

/// `cadreplan report`: the recommended plan beside what really happened (history.csv), on the
/// same metrics, with outcomes predicted by a model fitted on the history.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Compare a plan with the history of the round: terminal table, report.md, report.json, report.html.",
        discussion: """
            With --plan, reads a roster.json written by `cadreplan solve`; without it, solves the
            scenario first (nothing but the report is written). Examples:
              cadreplan solve  scenarios/lam-dong-2025 --out out/lam-dong-2025
              cadreplan report scenarios/lam-dong-2025 --plan out/lam-dong-2025/roster.json
              cadreplan report scenarios/lam-dong-2025 --lang en --out out/report-en
            report.html is one self-contained page (open it in any browser, no network needed);
            its per-commune table sorts by clicking a heading, or opens sorted with
            report.html#sort=plan-unmet (or #sort=-plan-unmet for largest first).
            Outcomes of the plan are predictions of a statistical model, never facts.
            """
    )

    @OptionGroup var input: ScenarioArgument
    @OptionGroup var solve: SolveOptionsGroup

    @Option(help: ArgumentHelp("A roster.json written by cadreplan solve; without it the scenario is solved.", valueName: "roster.json"))
    var plan: String?

    @Option(help: ArgumentHelp("Folder for report.md, report.json and report.html (default: the folder of --plan, else out).", valueName: "folder"))
    var out: String?

    @Option(help: "Language of the report: vi (Vietnamese) or en (English).")
    var lang: ReportLanguage = .vi

    @Option(name: .customLong("risk-threshold"), help: "Flag plan placements whose predicted probability of 'completed' or worse exceeds this (0–1).")
    var riskThreshold: Double = PlanReport.defaultRiskThreshold

    func validate() throws {
        guard riskThreshold > 0, riskThreshold < 1 else {
            throw ValidationError("--risk-threshold must be above 0 and below 1, e.g. 0.05")
        }
    }

    func run() throws {
        let loaded = try input.loadSingleRound(command: "report")
        let scenario = loaded.scenario
        let roster: Roster
        if let plan {
            roster = try Self.readRoster(plan)
            if roster.scenario != scenario.name {
                Terminal.error("\(plan): warning: this roster was made for \"\(roster.scenario)\", not \"\(scenario.name)\" — fix: pass the scenario the roster was solved for, or solve again")
            }
        } else {
            let result: PlanResult
            do { result = try Planner.plan(scenario, options: solve.planOptions(scenario)) } catch {
                Terminal.error(error.description)
                throw ExitCode.failure
            }
            roster = Roster(result)
            guard roster.status != .none else {
                Terminal.error("No report written: \(RosterWriters.statusSentence(roster))")
                throw ExitCode.failure
            }
        }
        let folder = out ?? plan.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path } ?? "out"
        let report = PlanReport(scenario: scenario, roster: roster, rosterFile: plan, language: lang,
                                riskThreshold: riskThreshold)
        let paths: [String]
        do { paths = try AtomicOutput.write(report.files(), into: folder) } catch {
            Terminal.error("\(error)")
            throw ExitCode.failure
        }
        print(report.terminal())
        print(Strings(lang).reportWritten(paths))
        if let why = report.outcomesUnavailable { Terminal.error("warning: \(why)") }
    }

    /// Reads a roster.json, turning every failure into "file: error: what — fix: how".
    static func readRoster(_ path: String) throws -> Roster {
        func fail(_ what: String, _ fix: String) -> ExitCode {
            Terminal.error("\(path): error: \(what) — fix: \(fix)")
            return ExitCode.failure
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw fail("roster file not found", "run cadreplan solve SCENARIO --out DIR first and pass DIR/roster.json")
        }
        guard !isDirectory.boolValue else {
            throw fail("this is a folder, not a roster file", "pass the roster.json inside it")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw fail("the file cannot be read", "check its permissions")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do { return try decoder.decode(Roster.self, from: data) } catch let error as DecodingError {
            throw fail("not a roster written by cadreplan solve (\(Self.describe(error)))",
                       "pass the roster.json that cadreplan solve wrote, unedited, or solve again")
        } catch {
            throw fail("not valid JSON (\(error.localizedDescription))", "pass the roster.json that cadreplan solve wrote")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let context):
            let at = path(context.codingPath)
            return "key '\(key.stringValue)' is missing" + (at.isEmpty ? "" : " in \(at)")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            let at = path(context.codingPath)
            return (at.isEmpty ? "" : "\(at): ") + "the JSON is malformed or a value is out of range"
        @unknown default:
            return "\(error)"
        }
    }
}
