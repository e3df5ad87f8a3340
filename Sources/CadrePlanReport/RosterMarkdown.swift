import CadrePlanCore
import Foundation

extension RosterWriters {
    /// `roster.md`: status first, then the plan by field, by commune and by department, then
    /// every unmet need with the rule that keeps it unmet.
    public static func markdown(_ roster: Roster, scenario: Scenario) -> String {
        var out = "# Recommended roster — \(MarkdownText.escape(roster.scenario))\n\n"
        out += MarkdownText.escape("Round \(roster.roundStart) to \(roster.roundEnd). \(statusSentence(roster))") + "\n\n"
        out += "## Solve\n\n"
        out += table(
            ["stage", "objective", "result", "value", "best bound", "gap", "LP bound", "variables", "constraints"],
            roster.stages.map { s in
                ["\(s.stage)", s.objective, s.termination, optional(s.value), optional(s.bestBound),
                 s.relativeGap.map(Format.gap) ?? "—", optional(s.lpRelaxation), "\(s.variables)",
                 "\(s.constraints)"]
            })

        let summary = RosterSummary(roster, scenario: scenario)
        out += "\n## By field\n\n"
        out += table(
            ["field", "desired", "assigned", "unmet", "unmet below minimum", "communes with no help"],
            summary.byField.map { f in
                [f.name, "\(f.desired)", "\(f.assigned)", "\(f.desired - f.assigned)", "\(f.missingBelowMinimum)",
                 "\(f.communesWithoutHelp)"]
            })

        out += "\n## By department\n\n"
        out += table(
            ["department", "released", "release cap", "headcount"],
            summary.byDepartment.map { d in [d.name, "\(d.released)", "\(d.releaseCap)", "\(d.headcount)"] })

        out += "\n## By commune\n\n"
        let names = Dictionary(scenario.fields.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var byCommune: [String: [Roster.Assignment]] = [:]
        for a in roster.assignments { byCommune[a.commune, default: []].append(a) }
        for commune in scenario.communes {
            guard let list = byCommune[commune.id] else { continue }
            out += "### \(MarkdownText.escape(commune.name)) (\(MarkdownText.escape(commune.id))) — \(list.count) cadre(s)\n\n"
            out += table(
                ["field", "cadre", "department", "level (required)", "years", "km", "language"],
                list.map { a in
                    [names[a.field] ?? a.field, "\(a.cadreName) (\(a.cadre))\(a.pinned ? " — pinned" : "")",
                     a.department, "\(a.level) (\(a.requiredLevel))", Format.number(a.years, decimals: 1),
                     Format.number(a.distanceKm, decimals: 0), a.speaksLanguage ? "yes" : ""]
                })
            out += "\n"
        }

        out += "## Unmet needs\n\n"
        if roster.shortfalls.isEmpty {
            out += "Every need is met.\n"
        } else {
            out += table(
                ["commune", "field", "assigned / desired (min)", "backlog", "eligible cadres", "why"],
                roster.shortfalls.map { u in
                    ["\(u.communeName) (\(u.commune))", names[u.field] ?? u.field,
                     u.unit == .cadres ? "\(u.assigned) / \(u.desired) (\(u.minimum))"
                        : "\(Format.number(u.coveredWork, decimals: 2)) / \(Format.number(u.desiredWork, decimals: 2)) \(u.unit.rawValue)",
                     "\(u.backlog)", "\(u.eligibleCadres)", u.detail]
                })
        }
        if let rules = roster.rules {
            out += "\n## Programme rules\n\n" + ruleLines(rules, escape: MarkdownText.escape).map { "- \($0)\n" }.joined()
        }
        return out
    }

    /// One line per rule that is on, in the planner's words (also used by the terminal summary).
    public static func ruleLines(_ r: Roster.RuleOutcome, escape: (String) -> String = { $0 }) -> [String] {
        var lines: [String] = []
        func vnd(_ x: Double) -> String { Format.number(x / 1e9, decimals: 2) + " bn VND" }
        if let budget = r.budgetVnd, let spent = r.spentVnd { lines.append("budget: \(vnd(spent)) of \(vnd(budget)) spent") }
        if let lodged = r.lodged { lines.append("lodging: \(lodged) cadre(s) beyond commuting distance, each with a bed") }
        if let teams = r.teams {
            lines.append("teams: \(teams) commune(s) get a team of at least \(r.teamMinimumSize ?? 1)"
                + (r.maximumTeams.map { " (at most \($0) allowed)" } ?? ""))
        }
        if let without = r.communesWithoutSpeaker {
            lines.append(without.isEmpty ? "language: every minority commune with needs gets a speaker"
                : "language: \(without.count) minority commune(s) without a speaker: " + without.map(escape).joined(separator: ", "))
        }
        if let below = r.departmentsBelowFloor {
            lines.append(below.isEmpty ? "fairness: every department releases between its floor and ceiling"
                : "fairness: below the release floor: " + below.map(escape).joined(separator: "; "))
        }
        return lines
    }

    public static func statusSentence(_ roster: Roster) -> String {
        switch roster.status {
        case .optimal:
            "The plan is proven optimal: no plan meets more weighted need, and none fits better at that level."
        case .feasible:
            "The plan respects every hard rule but is NOT proven optimal" + unprovenStages(roster.stages)
        case .none:
            "No plan was found: " + (roster.stages.first?.termination ?? "the solver did not run") + "."
        }
    }

    /// Which stage was not proven and how far from proven: " (gap 3.2% in stage 1): stage 1
    /// (unmet need) stopped at the time limit with a 3.2% gap, so …; stage 2 (fit) is proven …".
    /// The headline gap is that of the first stage not proven, never simply the last stage's:
    /// when stage 1 runs out of time, stage 2 may still be proven, and its 0% gap would hide
    /// that more need might be met.
    static func unprovenStages(_ stages: [Roster.StageSummary]) -> String {
        guard let first = stages.first(where: { !$0.provenOptimal }) else { return ": the search stopped early." }
        let parts = Stage.allCases.map { stage -> String in
            let label = "stage \(stage.rawValue) (\(stage == .unmetNeed ? "unmet need" : "fit"))"
            guard let s = stages.first(where: { $0.stage == stage.rawValue }) else { return "\(label) did not run" }
            guard let stop = s.earlyStop else {
                return label + (s.stage > first.stage ? " is proven optimal for the unmet need stage 1 reached"
                                                      : " is proven optimal")
            }
            return "\(label) \(stop)" + (s.relativeGap.map { " with a \(Format.gap($0)) gap" } ?? "")
                + (stage == .unmetNeed ? ", so a plan meeting more need may exist" : ", so a better-fitting plan may exist")
        }
        let headline = stages.first { !$0.provenOptimal && $0.relativeGap != nil }
        return (headline.flatMap { h in h.relativeGap.map { " (gap \(Format.gap($0)) in stage \(h.stage))" } } ?? "")
            + ": " + parts.joined(separator: "; ") + "."
    }

    static func optional(_ x: Double?) -> String { x.map { Format.number($0, decimals: 3) } ?? "—" }

    /// A Markdown table of plain text. Every cell is escaped (`MarkdownText.escape`) here, once,
    /// so that no caller can forget it and a name can neither break the layout nor add markup.
    /// Rows whose index is in `bold` are set in bold (group headings of a long table).
    static func table(_ header: [String], _ rows: [[String]], bold: Set<Int> = []) -> String {
        func line(_ cells: [String], bold: Bool = false) -> String {
            "| " + cells.map { cell in
                let text = MarkdownText.escape(cell)
                return bold && !text.isEmpty ? "**\(text)**" : text
            }.joined(separator: " | ") + " |\n"
        }
        return line(header) + line(header.map { _ in "---" })
            + rows.enumerated().map { line($1, bold: bold.contains($0)) }.joined()
    }
}

/// Scenario text (names, ids, what-if names) inside Markdown. It comes from spreadsheets and
/// other systems, so it may hold characters Markdown reads as markup: `|` ends a table cell,
/// `*`, `_`, `~` and `` ` `` restyle text, `[…]` makes a link, `<…>` passes raw HTML (a
/// `<script>`) to whatever renders the file, and `&lt;` becomes `<`. Each of these is
/// backslash-escaped, which CommonMark and GitHub allow before any ASCII punctuation, and line
/// breaks become spaces, so the text shows literally and cannot start a heading or a list.
/// `-`, `.`, `(`, `#` and `!` stay as they are: away from the start of a line they are plain
/// text, and escaping them would clutter names such as "Xuân Hương - Đà Lạt" for a planner who
/// reads the file as text.
enum MarkdownText {
    static let markup: Set<Character> = ["\\", "`", "*", "_", "~", "[", "]", "<", ">", "|", "&"]

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            if c.isNewline {
                out.append(" ")
            } else {
                if markup.contains(c) { out.append("\\") }
                out.append(c)
            }
        }
        return out
    }

    /// `text` as a code span. Backslashes do not escape inside one, so the fence is one backtick
    /// longer than the longest run of backticks in the text, with spaces inside it when the text
    /// starts or ends with a backtick (CommonMark strips one space from each side).
    static func code(_ text: String) -> String {
        let flat = String(text.map { $0.isNewline ? " " : $0 })
        var longest = 0
        var run = 0
        for c in flat {
            run = c == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
        return fence + pad + flat + pad + fence
    }
}

/// Totals of a roster by field and by department, shared by the Markdown and terminal outputs.
public struct RosterSummary: Sendable {
    public struct FieldLine: Sendable {
        public var id: String
        public var name: String
        public var desired: Int
        public var assigned: Int
        public var missingBelowMinimum: Int
        public var communesWithoutHelp: Int
    }

    public struct DepartmentLine: Sendable {
        public var id: String
        public var name: String
        public var released: Int
        public var releaseCap: Int
        public var headcount: Int
    }

    public var byField: [FieldLine]
    public var byDepartment: [DepartmentLine]
    public var desired: Int
    public var assigned: Int
    public var cadresPlaced: Int

    public init(_ roster: Roster, scenario: Scenario) {
        var assigned: [String: Int] = [:]
        var helped = Set<String>()
        var cadresByDepartment: [String: Set<String>] = [:]
        for a in roster.assignments {
            assigned[a.field, default: 0] += 1
            helped.insert("\(a.commune)/\(a.field)")
            cadresByDepartment[a.department, default: []].insert(a.cadre)
        }
        var desired: [String: Int] = [:]
        var belowMin: [String: Int] = [:]
        var unhelped: [String: Int] = [:]
        for need in scenario.needs {
            desired[need.field, default: 0] += need.desired
            if !helped.contains("\(need.commune)/\(need.field)") { unhelped[need.field, default: 0] += 1 }
        }
        for u in roster.shortfalls { belowMin[u.field, default: 0] += u.missingBelowMinimum }
        byField = scenario.fields.filter { desired[$0.id] != nil }
            .sorted { ($1.priority, $0.id) < ($0.priority, $1.id) }
            .map { f in
                FieldLine(id: f.id, name: f.name, desired: desired[f.id] ?? 0, assigned: assigned[f.id] ?? 0,
                          missingBelowMinimum: belowMin[f.id] ?? 0, communesWithoutHelp: unhelped[f.id] ?? 0)
            }
        byDepartment = scenario.departments.map { d in
            DepartmentLine(id: d.id, name: d.name, released: cadresByDepartment[d.id]?.count ?? 0,
                           releaseCap: d.releaseCap, headcount: d.headcount)
        }
        self.desired = desired.values.reduce(0, +)
        self.assigned = roster.assignments.count
        cadresPlaced = Set(roster.assignments.map(\.cadre)).count
    }
}
