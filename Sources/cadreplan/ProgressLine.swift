import CadrePlanCore
import Foundation

/// A long search's progress on stderr, one line rewritten in place, only when stderr is a
/// terminal: a planner watching sees the plan improve and the gap close; a pipe or a log file
/// gets nothing but the final summary. GLPK calls back from branch-and-bound (independent parts
/// may report from several threads, hence the lock).
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private var shown = false

    /// A progress line when stderr is a terminal and GLPK's own log (--verbose) is off.
    static func forTerminal(verbose: Bool) -> ProgressLine? {
        isatty(STDERR_FILENO) == 1 && !verbose ? ProgressLine() : nil
    }

    func report(_ stage: Stage, _ progress: SolverProgress) {
        let line = "\r\u{1B}[K" + Self.text(stage, progress)
        lock.withLock {
            shown = true
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    /// Clears the line, so that the summary starts on a clean one.
    func finish() {
        lock.withLock {
            if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            shown = false
        }
    }

    /// e.g. "stage 1 (unmet need): best plan 2,022, bound 2,021.25, gap 0.04%, 1,234 nodes (56 open), 12 s — Ctrl-C keeps the best plan"
    static func text(_ stage: Stage, _ p: SolverProgress) -> String {
        // Two decimals, not one: objectives step by quarters, and "%.1f" showed a bound of
        // 2,021.25 as 2021.2, below what the search had proven.
        let english = Locale(identifier: "en_US")
        func number(_ x: Double?) -> String {
            x.map { $0.formatted(.number.precision(.fractionLength(0...2)).grouping(.automatic).locale(english)) } ?? "—"
        }
        let name = stage == .unmetNeed ? "stage 1 (unmet need)" : "stage 2 (fit)"
        let plan = p.incumbent == nil ? "no plan yet" : "best plan \(number(p.incumbent))"
        let gap = p.gap.map { String(format: "gap %.2f%%", 100 * $0) } ?? "gap —"
        let nodes = p.nodes.formatted(.number.grouping(.automatic).locale(english))
        return "\(name): \(plan), bound \(number(p.bestBound)), \(gap), \(nodes) nodes (\(p.activeNodes) open), "
            + "\(Int(p.elapsed)) s — Ctrl-C keeps the best plan"
    }
}
