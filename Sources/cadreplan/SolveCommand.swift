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
        // From here on Ctrl-C stops the search instead of killing the process, and a file-size
        // limit (ulimit -f) makes a write fail with a message instead of killing it (SIGXFSZ).
        let interrupt = Interrupt()
        signal(SIGXFSZ, SIG_IGN)
        let loaded = try input.load()
        var options = solve.planOptions(loaded.scenario)
        let flag = interrupt.flag
        options.shouldStop = { flag.value }
        let result: PlanResult
        do { result = try Planner.plan(loaded.scenario, options: options) } catch {
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
            // A second Ctrl-C must not cut the renames short: it is ignored while writing.
            paths = try interrupt.whileWriting { () throws(AtomicOutput.Failure) in
                try AtomicOutput.write(files, into: out)
            }
        } catch {
            Terminal.error("\(error)")
            throw ExitCode.failure
        }
        print(TerminalSummary.text(roster, scenario: loaded.scenario, result: result))
        print("Wrote " + paths.joined(separator: ", "))
        if roster.status != .optimal {
            Terminal.error("warning: \(RosterWriters.statusSentence(roster))"
                + (Self.stopCause(result, timeLimit: options.timeLimit).map { " Cause: \($0)." } ?? ""))
        }
    }

    /// Why the search stopped early, in the planner's words, or nil when it did not.
    static func stopCause(_ result: PlanResult, timeLimit: Double?) -> String? {
        let terminations = result.stages.map(\.termination)
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

/// Ctrl-C asks the search to stop; the best plan found so far is still written. A second
/// Ctrl-C quits at once (outside the final renames), writing nothing: the earlier roster stays.
///
/// A plain signal handler writes a byte to a pipe (the self-pipe trick) that a dispatch source
/// reads. The dispatch signal source used before needs SIGINT ignored process-wide; in testing it
/// missed some Ctrl-Cs, and the search ran on.
final class Interrupt {
    private var source: (any DispatchSourceRead)?
    let flag = Flag()
    private let writing = Flag()

    init() {
        var fds: [Int32] = [-1, -1]
        // Without a pipe Ctrl-C keeps its default action: the process ends and writes nothing.
        guard pipe(&fds) == 0 else { return }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        _ = fcntl(readEnd, F_SETFL, O_NONBLOCK)
        _ = fcntl(writeEnd, F_SETFL, O_NONBLOCK)  // the handler must never block
        let source = DispatchSource.makeReadSource(fileDescriptor: readEnd, queue: .global())
        source.setEventHandler { [flag, writing] in
            var bytes = [UInt8](repeating: 0, count: 16)
            let count = read(readEnd, &bytes, bytes.count)
            for _ in 0..<max(0, count) {
                if flag.value, !writing.value {
                    FileHandle.standardError.write(Data("Stopped by a second Ctrl-C: no roster written.\n".utf8))
                    _exit(130)
                }
                flag.set()
            }
        }
        source.resume()
        self.source = source
        interruptPipe = writeEnd
        // BSD semantics on Linux and macOS: the handler stays installed and system calls restart.
        signal(SIGINT, onInterrupt)
        // A parent may hand down SIGINT blocked (test runners do): unblock it on this thread,
        // the one that runs the solve, so that the handler runs. Dispatch's threads block it.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Runs `body` with the second Ctrl-C ignored, so that the renames into place all happen.
    func whileWriting<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        writing.set()
        return try body()
    }

    /// Raised once by the signal handler, read by the solver's callback on another thread.
    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var raised = false
        func set() { lock.withLock { raised = true } }
        var value: Bool { lock.withLock { raised } }
    }
}

/// Write end of the Ctrl-C pipe: set once before the handler is installed, then only read.
nonisolated(unsafe) private var interruptPipe: Int32 = -1

/// The SIGINT handler: only write(2), which is async-signal-safe.
private func onInterrupt(_: Int32) {
    var byte: UInt8 = 1
    _ = write(interruptPipe, &byte, 1)
}
