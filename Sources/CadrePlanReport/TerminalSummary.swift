import CadrePlanCore
import Foundation

/// The few lines `cadreplan solve` prints: status, coverage, the fields that stay short.
public enum TerminalSummary {
    public static func text(_ roster: Roster, scenario: Scenario, result: PlanResult) -> String {
        let summary = RosterSummary(roster, scenario: scenario)
        var lines = [
            "\(roster.scenario)",
            "  status: \(roster.status.rawValue) — " + RosterWriters.statusSentence(roster),
            "  placed \(summary.cadresPlaced) of \(scenario.cadres.count) cadres in \(summary.assigned) assignments; "
                + "\(summary.assigned) of \(summary.desired) desired posts filled "
                + "(\(Format.percent(summary.desired == 0 ? 1 : Double(summary.assigned) / Double(summary.desired))))",
        ]
        for s in roster.stages {
            lines.append("  stage \(s.stage) (\(s.objective)): \(s.termination), value "
                + (s.value.map { Format.number($0, decimals: 3) } ?? "—")
                + (s.relativeGap.map { ", gap " + Format.gap($0) } ?? "")
                + ", \(Format.number(s.seconds, decimals: 2)) s"
                + (s.method == .networkFlow ? " (as a network flow)" : ""))
        }
        let short = summary.byField.filter { $0.assigned < $0.desired }
        if !short.isEmpty {
            lines.append("  unmet: " + short.map { "\($0.name) \($0.desired - $0.assigned)" }.joined(separator: ", "))
        }
        let noHelp = roster.shortfalls.filter { $0.assigned == 0 && $0.minimum > 0 }.count
        if noHelp > 0 { lines.append("  \(noHelp) needs with a minimum get no cadre at all (see roster.md)") }
        if let rules = roster.rules { lines += RosterWriters.ruleLines(rules).map { "  " + $0 } }
        return lines.joined(separator: "\n")
    }
}
