import CSV
import CadrePlanCore
import Foundation

/// The plan of a year of rounds as files: each round's roster in its own folder (`r1/roster.csv`,
/// `.json`, `.md`, exactly as for a single round), and the year at a glance — `year.csv` (every
/// assignment with its round), `year.json` and `year.md` (rounds side by side, continuity).
public enum YearWriters {
    /// The year in a record for tools; keys in snake case.
    public struct Summary: Sendable, Equatable, Codable {
        public struct RoundLine: Sendable, Equatable, Codable {
            public var id: String
            public var start: String
            public var end: String
            public var cadresAvailable: Int
            public var cadresPlaced: Int
            public var assignments: Int
            public var desiredPosts: Int
            /// Weighted unmet need of the round (its share of stage 1 without lapses).
            public var unmetNeed: Double?
            public var fit: Double?
        }
        public var scenario: String
        public var status: Roster.Status
        public var stages: [Roster.StageSummary]
        /// The search found nothing better than the rounds planned one after the other.
        public var sequentialPlan: Bool
        public var rounds: [RoundLine]
        public var continuity: ContinuityOutcome
    }

    public static func rosters(_ result: YearPlanResult) -> [Roster] { result.rounds.map(Roster.init) }

    public static func summary(_ result: YearPlanResult, rosters: [Roster]) -> Summary {
        let lines = result.rounds.indices.map { r in
            let (round, roster) = (result.rounds[r], rosters[r])
            let summary = RosterSummary(roster, scenario: round.scenario)
            return Summary.RoundLine(
                id: result.year.rounds[r].spec.id, start: round.scenario.round.start, end: round.scenario.round.end,
                cadresAvailable: round.scenario.cadres.filter(\.available).count, cadresPlaced: summary.cadresPlaced,
                assignments: summary.assigned, desiredPosts: summary.desired,
                unmetNeed: round.stages.first?.objective, fit: round.stages.dropFirst().first?.objective)
        }
        return Summary(
            scenario: result.scenario.name, status: status(result), stages: result.stages.map(Roster.StageSummary.init),
            sequentialPlan: result.usedSequentialPlan, rounds: lines, continuity: result.continuity)
    }

    static func status(_ result: YearPlanResult) -> Roster.Status {
        !result.hasPlan ? .none : result.isProvenOptimal ? .optimal : .feasible
    }

    /// What the planner reads first: the year's status in the words of a single roster.
    public static func statusSentence(_ summary: Summary) -> String {
        RosterWriters.statusSentence(Roster(
            scenario: summary.scenario, roundStart: "", roundEnd: "", status: summary.status, stages: summary.stages,
            assignments: [], shortfalls: []))
    }

    /// Every file of the year, ready for `AtomicOutput.write`.
    public static func files(_ result: YearPlanResult) throws -> [(name: String, data: Data)] {
        let rosters = rosters(result)
        let summary = summary(result, rosters: rosters)
        var files: [(name: String, data: Data)] = []
        for (line, (roster, round)) in zip(summary.rounds, zip(rosters, result.rounds)) {
            files += try RosterWriters.files(roster, scenario: round.scenario).map { ("\(line.id)/\($0.name)", $0.data) }
        }
        files.append(("year.csv", Data(try csv(summary, rosters).utf8)))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var json = try encoder.encode(summary)
        json.append(0x0A)
        files.append(("year.json", json))
        files.append(("year.md", Data(markdown(summary).utf8)))
        return files
    }

    /// roster.csv's columns after a `round` column, one row per assignment of every round.
    static func csv(_ summary: Summary, _ rosters: [Roster]) throws -> String {
        var text = ""
        for (line, roster) in zip(summary.rounds, rosters) {
            let rows = try RosterWriters.csv(roster).split(separator: "\n", omittingEmptySubsequences: true)
            if text.isEmpty, let header = rows.first { text += "round," + header + "\n" }
            for row in rows.dropFirst() { text += try csvCell(line.id) + "," + row + "\n" }
        }
        return text.isEmpty ? "round," + RosterWriters.csvHeader.joined(separator: ",") + "\n" : text
    }

    static func csvCell(_ text: String) throws -> String {
        let writer = try CSVWriter(stream: .toMemory())
        try writer.write(row: [text])
        writer.stream.close()
        let data = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    public static func markdown(_ s: Summary) -> String {
        var out = "# Plan of the year — \(MarkdownText.escape(s.scenario))\n\n"
        out += MarkdownText.escape(statusSentence(s)) + "\n\n"
        if s.sequentialPlan {
            out += "The search found nothing better than the rounds planned one after the other in the time limit; "
                + "that plan is shown.\n\n"
        }
        out += "## Rounds\n\n"
        out += RosterWriters.table(
            ["Round", "Dates", "Cadres available", "Cadres placed", "Posts filled", "Weighted unmet need", "Fit", "Roster"],
            s.rounds.map {
                [$0.id, "\($0.start) – \($0.end)", String($0.cadresAvailable), String($0.cadresPlaced),
                 "\($0.assignments) of \($0.desiredPosts)", RosterWriters.optional($0.unmetNeed),
                 RosterWriters.optional($0.fit), "\($0.id)/roster.md"]
            })
        out += "\n## Continuity between rounds\n\n"
        out += continuityLines(s.continuity).map { "- \(MarkdownText.escape($0))\n" }.joined()
        let broken = s.continuity.carries.filter { $0.lapsed || $0.noHandover }
        if !broken.isEmpty {
            out += "\n" + RosterWriters.table(
                ["From", "To", "Commune", "Field", "What happens"],
                broken.map { [$0.round, $0.nextRound, "\($0.communeName) (\($0.commune))", $0.field,
                              $0.lapsed ? "service lapses: nobody in the next round" : "nobody stays on to hand over"] })
        }
        out += "\n## Stages (the whole year)\n\n"
        out += RosterWriters.table(
            ["Stage", "Objective", "Termination", "Value", "Bound", "Gap", "Variables", "Constraints", "Seconds"],
            s.stages.map {
                ["\($0.stage)", $0.objective, $0.termination, RosterWriters.optional($0.value),
                 RosterWriters.optional($0.bestBound), $0.relativeGap.map(Format.gap) ?? "—",
                 String($0.variables), String($0.constraints), Format.number($0.seconds, decimals: 2)]
            })
        return out
    }

    /// The continuity rules and how the plan keeps them, one sentence each.
    public static func continuityLines(_ c: ContinuityOutcome) -> [String] {
        var lines: [String] = []
        if c.hotFields.isEmpty {
            lines.append("no hot fields: service may change freely between rounds")
        } else {
            let kept = c.carries.count - c.lapses
            lines.append("hot fields \(c.hotFields.joined(separator: ", ")): \(kept) of \(c.carries.count) staffed needs "
                + "asked for again keep a cadre in the next round" + (c.lapses > 0 ? " (\(c.lapses) lapse)" : ""))
            if c.handover {
                let handed = c.carries.count - c.missingHandovers
                lines.append("handover: in \(handed) of \(c.carries.count) a cadre stays on into the next round"
                    + (c.missingHandovers > 0 ? " (\(c.missingHandovers) without)" : ""))
            }
        }
        lines.append("longest run of consecutive rounds served by one cadre: \(c.longestRun)"
            + (c.maxConsecutiveRounds.map { " (limit \($0))" } ?? " (no limit)"))
        return lines
    }

    /// The lines `cadreplan solve` prints for a year.
    public static func terminal(_ s: Summary) -> String {
        var lines = ["\(s.scenario)", "  status: \(s.status.rawValue) — " + statusSentence(s)]
        for r in s.rounds {
            lines.append("  \(r.id) (\(r.start) – \(r.end)): \(r.assignments) of \(r.desiredPosts) desired posts filled, "
                + "\(r.cadresPlaced) of \(r.cadresAvailable) available cadres placed")
        }
        for st in s.stages {
            lines.append("  stage \(st.stage) (\(st.objective), whole year): \(st.termination), value "
                + RosterWriters.optional(st.value) + (st.relativeGap.map { ", gap " + Format.gap($0) } ?? "")
                + ", \(Format.number(st.seconds, decimals: 2)) s")
        }
        lines += continuityLines(s.continuity).map { "  " + $0 }
        if s.sequentialPlan { lines.append("  the plan is the rounds planned one after the other (nothing better found in time)") }
        return lines.joined(separator: "\n")
    }
}
