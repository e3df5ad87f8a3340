import CadrePlanCore
import Foundation

extension PlanReport {
    /// `report.json`: the whole report for tools; keys in snake case, sorted, so that the same
    /// input always gives the same bytes.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// The table `cadreplan report` prints: the summary, history beside the plan, and the
    /// fields that stay short in the plan.
    public func terminal() -> String {
        let t = strings
        let both = history != nil
        var rows: [[String]] = [[t.metric] + (both ? [t.history] : []) + [t.plan]]
        var rules: Set<Int> = [1]
        for line in lines {
            if line.group != nil { rules.insert(rows.count) }
            rows.append([line.label] + (both ? [line.history ?? "—"] : []) + [line.plan])
        }
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        func pad(_ s: String, _ w: Int, right: Bool) -> String {
            let fill = String(repeating: " ", count: max(0, w - s.count))
            return right ? fill + s : s + fill
        }
        var out = ["\(scenario)", "  \(subtitle)"]
        for (i, row) in rows.enumerated() {
            if rules.contains(i) { out.append("  " + widths.map { String(repeating: "─", count: $0) }.joined(separator: "─┼─")) }
            out.append("  " + row.indices.map { pad(row[$0], widths[$0], right: $0 > 0 && i > 0) }.joined(separator: " │ "))
        }
        let short = fields.filter { $0.plan.unmet > 0 }
        if !short.isEmpty {
            out.append("  \(t.plan), \(t.unmet): " + short.map { "\($0.name) \($0.plan.unmet)" }.joined(separator: ", "))
        }
        if let o = outcomes {
            out.append("  " + t.riskIntro(threshold: percent(o.riskThreshold), flagged: o.flagged.count, of: o.planCivilPlacements))
        } else if let why = outcomesUnavailable {
            out.append("  \(t.outcomesUnavailable) \(why)")
        }
        return out.joined(separator: "\n")
    }
}
