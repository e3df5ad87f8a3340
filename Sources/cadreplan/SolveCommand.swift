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
            writes out/lam-dong-2025/roster.csv, roster.json and roster.md. A scenario with
            rounds (a year) is planned as one program and gets a roster per round in
            <out>/<round>/ plus year.md, year.json and year.csv. Ctrl-C stops the
            search and writes the best plan found so far, marked as not proven optimal. On a
            terminal, a long search shows its progress (best plan, bound, gap, nodes, time).
            """
    )

    @OptionGroup var input: ScenarioArgument
    @OptionGroup var solve: SolveOptionsGroup

    @Option(help: "Folder for roster.csv, roster.json and roster.md (created if missing).")
    var out: String = "out"

    func run() throws {
        // From here on Ctrl-C stops the search instead of killing the process, and a file-size
        // limit (ulimit -f) makes a write fail with a message instead of killing it (SIGXFSZ).
        // A second Ctrl-C quits, writing nothing: the earlier roster stays.
        let interrupt = Interrupt(quitMessage: "Stopped by a second Ctrl-C: no roster written.")
        signal(SIGXFSZ, SIG_IGN)
        let loaded = try input.load()
        var options = solve.planOptions(loaded.scenario)
        let flag = interrupt.flag
        options.shouldStop = { flag.value }
        let progress = ProgressLine.forTerminal(verbose: options.verbose)
        if let progress { options.onProgress = { progress.report($0, $1) } }
        if loaded.scenario.isMultiRound {
            try solveYear(loaded.scenario, options, progress: progress)
            return
        }
        let result: PlanResult
        do {
            defer { progress?.finish() }
            result = try Planner.plan(loaded.scenario, options: options)
        } catch {
            Terminal.error(error.description)
            throw ExitCode.failure
        }
        let roster = Roster(result)
        guard roster.status != .none else {
            Terminal.error(Self.noPlan(result, roster, out: out, timeLimit: options.timeLimit))
            throw ExitCode.failure
        }
        let paths: [String]
        do {
            let files = try RosterWriters.files(roster, scenario: loaded.scenario)
            // From here a second Ctrl-C is ignored, so that the renames all happen (Interrupt).
            paths = try AtomicOutput.write(files, into: out)
        } catch {
            Terminal.error("\(error)")
            throw ExitCode.failure
        }
        print(TerminalSummary.text(roster, scenario: loaded.scenario, result: result))
        print("Wrote " + paths.joined(separator: ", "))
        if roster.status != .optimal {
            Terminal.error("warning: \(RosterWriters.statusSentence(roster))"
                + (Self.stopCause(result.stages, timeLimit: options.timeLimit).map { " Cause: \($0)." } ?? ""))
        }
    }

    /// A year of rounds: one program, a roster per round (`<round>/roster.*`) and the year's
    /// summary (`year.csv`, `year.json`, `year.md`).
    func solveYear(_ scenario: Scenario, _ options: PlanOptions, progress: ProgressLine?) throws {
        let result: YearPlanResult
        do {
            defer { progress?.finish() }
            result = try YearPlanner.plan(scenario, options: options)
        } catch {
            Terminal.error(error.description)
            throw ExitCode.failure
        }
        guard result.hasPlan else {
            let cause = result.stages.first?.termination == .interrupted ? "stopped by Ctrl-C before any plan was found"
                : "no plan was found (\(result.stages.first.map { String(describing: $0.termination) } ?? "the solver did not run"))"
            Terminal.error("No rosters written: \(cause); nothing was written, so \(out) is unchanged.")
            throw ExitCode.failure
        }
        let paths: [String]
        let summary = YearWriters.summary(result, rosters: YearWriters.rosters(result))
        do {
            paths = try AtomicOutput.write(try YearWriters.files(result), into: out)
        } catch {
            Terminal.error("\(error)")
            throw ExitCode.failure
        }
        print(YearWriters.terminal(summary))
        print("Wrote \(paths.count) files in \(out): year.md, year.json, year.csv and "
            + summary.rounds.map { "\($0.id)/" }.joined(separator: ", ") + " (roster.csv, roster.json, roster.md each)")
        if summary.status != .optimal {
            Terminal.error("warning: \(YearWriters.statusSentence(summary))"
                + (Self.stopCause(result.stages, timeLimit: options.timeLimit).map { " Cause: \($0)." } ?? ""))
        }
    }

    /// Why the search stopped early, in the planner's words, or nil when it did not.
    static func stopCause(_ stages: [StageOutcome], timeLimit: Double?) -> String? {
        let terminations = stages.map(\.termination)
        if terminations.contains(.interrupted) { return "stopped by Ctrl-C" }
        if terminations.contains(.timeLimit) {
            return "the time limit of \(timeLimit.map { Self.seconds($0) } ?? "?") per stage ran out"
        }
        if terminations.contains(.gapLimit) { return "the relative gap limit was reached" }
        return nil
    }

    /// Why no roster was written, and that the earlier one (if any) is untouched.
    static func noPlan(_ result: PlanResult, _ roster: Roster, out: String, timeLimit: Double?) -> String {
        let kept = "nothing was written, so \(out) is unchanged"
        switch result.stages.first?.termination {
        case .interrupted?:
            return "No roster written: stopped by Ctrl-C before any plan was found; \(kept)."
        case .timeLimit?:
            return "No roster written: the time limit of \(timeLimit.map { Self.seconds($0) } ?? "?") ran out before "
                + "any plan was found; \(kept) — fix: raise --time-limit (or solver.time_limit_s in scenario.yaml)"
        case .infeasible?, .infeasibleOrUnbounded?:
            // The validator checks every pin against the rules and caps, so this means a conflict
            // it does not know yet.
            return "No roster written: the hard rules cannot all hold together — the pins in pairs.csv ask for "
                + "more than a cadre, need, commune or department allows; \(kept) — fix: remove pins until it "
                + "solves, and report the scenario so that cadreplan validate learns to name the conflict"
        default:
            return "No roster written: \(RosterWriters.statusSentence(roster)) Nothing was written, so \(out) is unchanged."
        }
    }

    static func seconds(_ s: Double) -> String {
        s == s.rounded() && abs(s) < 1e9 ? "\(Int(s)) s" : "\(s) s"
    }
}
