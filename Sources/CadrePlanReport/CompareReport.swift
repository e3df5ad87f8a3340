import CadrePlanCore
import Foundation

/// The forms of a comparison: a terminal table, `compare.md`, `compare.json` and a
/// self-contained `compare.html`, all from one `Comparison` and in one language.
public enum CompareReport {
    /// The three files, ready for `AtomicOutput.write`.
    public static func files(_ c: Comparison, strings: CompareStrings) throws -> [(name: String, data: Data)] {
        [
            ("compare.md", Data(markdown(c, strings: strings).utf8)),
            ("compare.json", try Comparison.json(c)),
            ("compare.html", Data(html(c, strings: strings).utf8)),
        ]
    }

    // MARK: Terminal

    /// The KPI table with deltas, then per what-if the moves and the communes that change
    /// (the first `limit` of each; the files have them all).
    public static func terminal(_ c: Comparison, strings t: CompareStrings, limit: Int = 8) -> String {
        var lines = ["\(t.title) — \(c.scenario)"]
        for column in c.columns {
            var line = "  \(t.column(column.name)): \(column.source) — \(t.statusWord(column.status))"
            if !column.changes.isEmpty { line += " — " + column.changes.map(t.change).joined(separator: "; ") }
            lines.append(line)
        }
        lines.append("")
        var table: [[String]] = [[t.metric] + c.columns.map { t.column($0.name) }]
        var group: Comparison.Group?
        for k in c.kpis {
            if k.group != group {
                group = k.group
                table.append([t.group(k.group)])
            }
            table.append(["  " + t.kpi(k)] + c.columns.indices.map { t.cell(k, $0, showDelta: true) })
        }
        lines += aligned(table)

        for diff in c.diffs {
            lines.append("")
            let moves = diff.moves
            lines.append("\(t.column(diff.column)): "
                + t.movesSummary(moved: moves.filter { $0.kind == .moved }.count, left: moves.filter { $0.kind == .left }.count,
                                 joined: moves.filter { $0.kind == .joined }.count, unchanged: diff.unchanged)
                + " " + t.communesSummary(losing: diff.losing.count, gaining: diff.gaining.count))
            for (heading, list) in [(t.losingHeading, diff.losing), (t.gainingHeading, diff.gaining)] where !list.isEmpty {
                lines.append("  \(heading):")
                for change in list.prefix(limit) {
                    for need in change.needs {
                        lines.append("    \(t.commune(change.commune)) \(t.field(need.field)) \(need.before) → \(need.after): \(t.whys(need.why))")
                    }
                }
                if list.count > limit { lines.append("    " + t.more(list.count - limit, file: "compare.md")) }
            }
            if !moves.isEmpty {
                lines.append("  \(t.movesHeading):")
                for m in moves.prefix(limit) {
                    lines.append("    \(m.cadreName) (\(m.cadre), \(m.department)): \(t.posts(m.before)) → \(t.posts(m.after))"
                        + (m.why.isEmpty ? "" : " — " + t.whys(m.why)))
                }
                if moves.count > limit { lines.append("    " + t.more(moves.count - limit, file: "compare.md")) }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Rows padded into columns; a one-cell row is a heading.
    static func aligned(_ rows: [[String]]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        var widths = Array(repeating: 0, count: columns)
        for row in rows where row.count > 1 {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        return rows.map { row in
            guard row.count > 1 else { return row.first ?? "" }
            return row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ")
        }
    }

    // MARK: Markdown

    public static func markdown(_ c: Comparison, strings t: CompareStrings) -> String {
        var out = "# \(t.title) — \(MarkdownText.escape(c.scenario))\n\n"
        out += "## \(t.columnsHeading)\n\n"
        out += table(
            [t.planHeading, t.source, t.status, t.changesHeading],
            c.columns.map { col in
                [t.column(col.name) + (col.note.map { " — \($0)" } ?? ""), col.source, t.statusWord(col.status),
                 col.name == c.columns.first?.name ? "—" : (col.changes.isEmpty ? t.noChanges : col.changes.map(t.change).joined(separator: "; "))]
            })

        out += "\n## \(t.kpiHeading)\n\n"
        var rows: [[String]] = []
        var groupRows = Set<Int>()
        var group: Comparison.Group?
        for k in c.kpis {
            if k.group != group {
                group = k.group
                groupRows.insert(rows.count)
                rows.append([t.group(k.group)] + c.columns.map { _ in "" })
            }
            rows.append([t.kpi(k)] + c.columns.indices.map { t.cell(k, $0, showDelta: true) })
        }
        out += table([t.metric] + c.columns.map { t.column($0.name) }, rows, bold: groupRows)
        if c.kpis.contains(where: { $0.group == .outcomes }) || c.outcomes.unavailable != nil {
            out += "\n\(t.outcomeNote(c.outcomes))\n"
        }

        for diff in c.diffs {
            out += "\n## \(MarkdownText.escape(t.column(diff.column)))\n\n"
            if let column = c.columns.first(where: { $0.name == diff.column }) {
                out += "\(t.changesHeading): "
                    + (column.changes.isEmpty ? t.noChanges : column.changes.map { MarkdownText.code(t.change($0)) }.joined(separator: ", "))
                    + "\n\n"
            }
            let moves = diff.moves
            out += t.movesSummary(moved: moves.filter { $0.kind == .moved }.count, left: moves.filter { $0.kind == .left }.count,
                                  joined: moves.filter { $0.kind == .joined }.count, unchanged: diff.unchanged)
                + " " + t.communesSummary(losing: diff.losing.count, gaining: diff.gaining.count) + "\n"
            for (heading, list) in [(t.losingHeading, diff.losing), (t.gainingHeading, diff.gaining)] {
                out += "\n### \(heading)\n\n"
                guard !list.isEmpty else {
                    out += t.none + "\n"
                    continue
                }
                out += table(
                    [t.communeHeading, t.fieldHeading, t.cadresHeading, t.desiredHeading, t.whyHeading],
                    list.flatMap { change in
                        change.needs.map { need in
                            [t.commune(change.commune), t.field(need.field), "\(need.before) → \(need.after)",
                             need.desiredBefore == need.desiredAfter ? "\(need.desiredAfter)" : "\(need.desiredBefore) → \(need.desiredAfter)",
                             t.whys(need.why)]
                        }
                    })
            }
            out += "\n### \(t.movesHeading)\n\n"
            if moves.isEmpty {
                out += t.nothingMoves + "\n"
            } else {
                out += table(
                    [t.cadre, t.departmentHeading, "", t.beforeHeading, t.afterHeading, t.whyHeading],
                    moves.map { m in
                        ["\(m.cadreName) (\(m.cadre))", t.department(m.department), t.moveKind(m.kind), t.posts(m.before),
                         t.posts(m.after), t.whys(m.why)]
                    })
            }
        }

        out += "\n## \(t.explanationHeading)\n"
        for column in c.columns {
            out += "\n### \(MarkdownText.escape(t.column(column.name)))\n\n"
            guard let e = column.explanation else {
                out += t.noExplanation + "\n"
                continue
            }
            guard e.unmetNeed > Explanation.tolerance || !e.findings.isEmpty else {
                out += t.nothingUnmet + "\n"
                continue
            }
            out += t.explanationSummary(e) + "\n\n"
            if !e.findings.isEmpty {
                out += table(
                    [t.ruleHeading, t.recoveredHeading, t.needsHeading],
                    e.findings.map { f in
                        [t.rule(f.rule), recovered(f, t), gains(f, t)]
                    })
            }
        }
        return out
    }

    /// The one Markdown table writer, which escapes every cell.
    static func table(_ header: [String], _ rows: [[String]], bold: Set<Int> = []) -> String {
        RosterWriters.table(header, rows, bold: bold)
    }

    static func recovered(_ f: Explanation.Finding, _ t: CompareStrings) -> String {
        guard let r = f.recovered else { return "— (\(f.termination))" }
        return Format.number(r, decimals: 1) + (f.proven ? "" : t.t(" (at least; time limit)", " (tối thiểu; hết thời gian)"))
    }

    static func gains(_ f: Explanation.Finding, _ t: CompareStrings, limit: Int = 6) -> String {
        let gained = f.needs.filter { $0.assignedAfter > $0.assignedBefore }
        guard !gained.isEmpty else { return "—" }
        let shown = gained.prefix(limit).map { n in
            "\(t.communeName(n.commune)) — \(t.field(n.field)) \(n.assignedBefore) → \(n.assignedAfter)"
        }
        return shown.joined(separator: "; ") + (gained.count > limit ? " …(+\(gained.count - limit))" : "")
    }
}
