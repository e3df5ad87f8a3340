import CadrePlanCore
import Foundation

extension RosterWriters {
    /// `roster.md`: status first, then the plan by field, by commune and by department, then
    /// every unmet need with the rule that keeps it unmet.
    public static func markdown(_ roster: Roster, scenario: Scenario) -> String {
        var out = "# Recommended roster — \(roster.scenario)\n\n"
        out += "Round \(roster.roundStart) to \(roster.roundEnd). \(statusSentence(roster))\n\n"
        out += "## Solve\n\n"
        out += table(
            ["stage", "objective", "result", "value", "best bound", "gap", "LP bound", "variables", "constraints"],
            roster.stages.map { s in
                ["\(s.stage)", s.objective, s.termination, optional(s.value), optional(s.bestBound),
                 s.relativeGap.map(Format.percent) ?? "—", optional(s.lpRelaxation), "\(s.variables)",
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
            out += "### \(commune.name) (\(commune.id)) — \(list.count) cadre(s)\n\n"
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
        return out
    }

    public static func statusSentence(_ roster: Roster) -> String {
        switch roster.status {
        case .optimal:
            "The plan is proven optimal: no plan meets more weighted need, and none fits better at that level."
        case .feasible:
            "The plan respects every hard rule but is NOT proven optimal"
                + (roster.stages.last?.relativeGap.map { " (gap \(Format.percent($0)))" } ?? "")
                + ": the search stopped early."
        case .none:
            "No plan was found: " + (roster.stages.first?.termination ?? "the solver did not run") + "."
        }
    }

    static func optional(_ x: Double?) -> String { x.map { Format.number($0, decimals: 3) } ?? "—" }

    /// A Markdown table; cell text is escaped so that names cannot break the layout.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
                .joined(separator: " | ") + " |\n"
        }
        return line(header) + line(header.map { _ in "---" }) + rows.map(line).joined()
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
