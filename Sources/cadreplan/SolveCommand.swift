import ArgumentParser
import CadrePlanCore
import CadrePlanReport
import Foundation

struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Solve a scenario and write the recommended roster (CSV, JSON, Markdown).",
        discussion: """
            Stage 1 minimises weighted unmet need; stage 2 keeps that optimum and maximises fit
            (skill, experience, language, travel). Example:
              cadreplan solve scenarios/lam-dong-2025 --out out/lam-dong-2025
            writes out/lam-dong-2025/roster.csv, roster.json and roster.md. Ctrl-C stops the
            search and writes the best plan found so far, marked as not proven optimal.
            """
    )

    @OptionGroup var input: ScenarioArgument
    @OptionGroup var solve: SolveOptionsGroup

    @Option(help: "Folder for roster.csv, roster.json and roster.md (created if missing).")
    var out: String = "out"

    func run() throws {
        let loaded = try input.load()
        var options = solve.planOptions(loaded.scenario)
        let interrupt = Interrupt()
        let flag = interrupt.flag
        options.shouldStop = { flag.value }
        let result: PlanResult
        do { result = try Planner.plan(loaded.scenario, options: options) } catch {
            Terminal.error(error.description)
            throw ExitCode.failure
        }
        let roster = Roster(result)
        guard roster.status != .none else {
            Terminal.error("No roster written: \(RosterWriters.statusSentence(roster))")
            throw ExitCode.failure
        }
        let paths: [String]
        do {
            paths = try AtomicOutput.write(RosterWriters.files(roster, scenario: loaded.scenario), into: out)
        } catch {
            Terminal.error("\(error)")
            throw ExitCode.failure
        }
        print(TerminalSummary.text(roster, scenario: loaded.scenario, result: result))
        print("Wrote " + paths.joined(separator: ", "))
        if roster.status != .optimal {
            Terminal.error("warning: \(RosterWriters.statusSentence(roster))")
        }
    }
}

/// Ctrl-C asks the search to stop; the best plan found so far is still written.
final class Interrupt {
    private let source: any DispatchSourceSignal
    let flag = Flag()

    init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [flag] in flag.set() }
        source.resume()
    }

    /// Raised once by the signal handler, read by the solver's callback on another thread.
    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var raised = false
        func set() { lock.withLock { raised = true } }
        var value: Bool { lock.withLock { raised } }
    }
}
