import CadrePlanCore
import Foundation

extension CompareReport {
    /// `compare.html`: one self-contained page (inline CSS and SVG, no script, no network) with
    /// the KPI table, a chart of unmet need by field per plan, and per what-if the communes and
    /// cadres that change, with the reasons.
    public static func html(_ c: Comparison, strings t: CompareStrings) -> String {
        var body = "<h1>\(esc(t.title)) — \(esc(c.scenario))</h1>\n"

        body += "<h2>\(esc(t.columnsHeading))</h2>\n"
        body += htmlTable(
            [t.planHeading, t.source, t.status, t.changesHeading],
            c.columns.enumerated().map { i, col in
                [esc(t.column(col.name)) + (col.note.map { "<br><small>\(esc($0))</small>" } ?? ""), "<code>\(esc(col.source))</code>",
                 esc(t.statusWord(col.status)),
                 i == 0 ? "—" : (col.changes.isEmpty ? esc(t.noChanges)
                    : col.changes.map { "<code>\(esc(t.change($0)))</code>" }.joined(separator: "<br>"))]
            })

        body += "<h2 id=\"kpis\">\(esc(t.kpiHeading))</h2>\n"
        var rows: [String] = []
        var group: Comparison.Group?
        for k in c.kpis {
            if k.group != group {
                group = k.group
                rows.append("<tr class=\"group\"><th colspan=\"\(c.columns.count + 1)\">\(esc(t.group(k.group)))</th></tr>")
            }
            let cells = c.columns.indices.map { i -> String in
                let tone = t.tone(k, i)
                let cls = tone > 0 ? " class=\"better\"" : (tone < 0 ? " class=\"worse\"" : "")
                return "<td\(cls)>\(esc(t.cell(k, i, showDelta: true)))</td>"
            }.joined()
            rows.append("<tr><th scope=\"row\">\(esc(t.kpi(k)))</th>\(cells)</tr>")
        }
        body += "<table class=\"kpi\"><thead><tr><th>\(esc(t.metric))</th>"
            + c.columns.map { "<th>\(esc(t.column($0.name)))</th>" }.joined()
            + "</tr></thead><tbody>\n" + rows.joined(separator: "\n") + "\n</tbody></table>\n"
        if c.kpis.contains(where: { $0.group == .outcomes }) || c.outcomes.unavailable != nil {
            body += "<p class=\"note\">\(esc(t.outcomeNote(c.outcomes)))</p>\n"
        }
        body += unmetChart(c, t)

        for diff in c.diffs {
            body += "<section id=\"\(esc(anchor(diff.column)))\">\n<h2>\(esc(t.column(diff.column)))</h2>\n"
            let moves = diff.moves
            body += "<p>" + esc(t.movesSummary(
                moved: moves.filter { $0.kind == .moved }.count, left: moves.filter { $0.kind == .left }.count,
                joined: moves.filter { $0.kind == .joined }.count, unchanged: diff.unchanged)
                + " " + t.communesSummary(losing: diff.losing.count, gaining: diff.gaining.count)) + "</p>\n"
            for (heading, list, cls) in [(t.losingHeading, diff.losing, "worse"), (t.gainingHeading, diff.gaining, "better")] {
                body += "<h3>\(esc(heading))</h3>\n"
                guard !list.isEmpty else {
                    body += "<p>\(esc(t.none))</p>\n"
                    continue
                }
                body += htmlTable(
                    [t.communeHeading, t.fieldHeading, t.cadresHeading, t.desiredHeading, t.whyHeading],
                    list.flatMap { change in
                        change.needs.map { need in
                            [esc(t.commune(change.commune)), esc(t.field(need.field)),
                             "<span class=\"\(cls)\">\(need.before) → \(need.after)</span>",
                             need.desiredBefore == need.desiredAfter ? "\(need.desiredAfter)" : "\(need.desiredBefore) → \(need.desiredAfter)",
                             esc(t.whys(need.why))]
                        }
                    })
            }
            body += "<h3>\(esc(t.movesHeading))</h3>\n"
            if moves.isEmpty {
                body += "<p>\(esc(t.nothingMoves))</p>\n"
            } else {
                body += htmlTable(
                    [t.cadre, t.departmentHeading, "", t.beforeHeading, t.afterHeading, t.whyHeading],
                    moves.map { m in
                        [esc("\(m.cadreName) (\(m.cadre))"), esc(t.department(m.department)), esc(t.moveKind(m.kind)),
                         esc(t.posts(m.before)), esc(t.posts(m.after)), esc(t.whys(m.why))]
                    })
            }
            body += "</section>\n"
        }

        body += "<h2 id=\"why\">\(esc(t.explanationHeading))</h2>\n"
        for column in c.columns {
            body += "<h3>\(esc(t.column(column.name)))</h3>\n"
            guard let e = column.explanation else {
                body += "<p>\(esc(t.noExplanation))</p>\n"
                continue
            }
            guard e.unmetNeed > Explanation.tolerance || !e.findings.isEmpty else {
                body += "<p>\(esc(t.nothingUnmet))</p>\n"
                continue
            }
            body += "<p>\(esc(t.explanationSummary(e)))</p>\n"
            if !e.findings.isEmpty {
                body += htmlTable(
                    [t.ruleHeading, t.recoveredHeading, t.needsHeading],
                    e.findings.map { f in [esc(t.rule(f.rule)), esc(recovered(f, t)), esc(gains(f, t))] })
            }
        }

        return """
            <!DOCTYPE html>
            <html lang="\(t.language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(esc(t.title)) — \(esc(c.scenario))</title>
            <style>
            body { font-family: system-ui, "Segoe UI", Roboto, "Noto Sans", sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1d232a; line-height: 1.45; }
            h1 { font-size: 1.5rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; } h3 { font-size: 1.05rem; }
            table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
            th, td { border: 1px solid #d0d7de; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
            thead th { background: #f3f5f7; }
            table.kpi td { text-align: right; white-space: nowrap; } table.kpi th[scope=row] { min-width: 16rem; font-weight: normal; }
            tr.group th { background: #eef2f6; text-align: left; }
            .better { color: #116329; font-weight: 600; } .worse { color: #a40e26; font-weight: 600; }
            .note { font-size: 0.85rem; color: #57606a; max-width: 60rem; }
            code { font-size: 0.85rem; } svg text { font-family: inherit; font-size: 12px; fill: #1d232a; }
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    static func htmlTable(_ header: [String], _ rows: [[String]]) -> String {
        "<table><thead><tr>" + header.map { "<th>\(esc($0))</th>" }.joined() + "</tr></thead><tbody>\n"
            + rows.map { "<tr>" + $0.map { "<td>\($0)</td>" }.joined() + "</tr>" }.joined(separator: "\n")
            + "\n</tbody></table>\n"
    }

    /// Grouped horizontal bars of unmet posts by field, one colour per plan; fields where every
    /// plan meets the need are left out.
    static func unmetChart(_ c: Comparison, _ t: CompareStrings) -> String {
        let rows = c.kpis.filter { $0.group == .unmetByField && $0.values.contains { ($0 ?? 0) > 0 } }
        guard !rows.isEmpty else { return "" }
        let colours = ["#4c6ef5", "#f59f00", "#37b24d", "#e64980", "#15aabf", "#7950f2", "#868e96"]
        let maxValue = max(1, rows.flatMap { $0.values.compactMap { $0 } }.max() ?? 1)
        let label = 230.0, bar = 12.0, gap = 10.0
        let legendWidth = c.columns.reduce(0.0) { $0 + 34 + 7.5 * Double(t.column($1.name).count) }
        let width = max(420.0, legendWidth - 60)
        let groupHeight = Double(c.columns.count) * bar + gap
        let legend = 22.0
        let height = legend + Double(rows.count) * groupHeight + 10
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(Int(label + width + 60))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(Int(label + width + 60)) \(Int(height))\" aria-label=\"\(esc(t.group(.unmetByField)))\">\n"
        svg += "<title>\(esc(t.group(.unmetByField)))</title>\n"
        var x = label
        for (i, column) in c.columns.enumerated() {
            let name = t.column(column.name)
            svg += "<rect x=\"\(fmt(x))\" y=\"4\" width=\"12\" height=\"12\" fill=\"\(colours[i % colours.count])\"/>"
                + "<text x=\"\(fmt(x + 16))\" y=\"14\">\(esc(name))</text>\n"
            x += 16 + 7.5 * Double(name.count) + 18   // about 7.5 px per character at 12 px
        }
        for (r, k) in rows.enumerated() {
            let top = legend + Double(r) * groupHeight
            svg += "<text x=\"\(fmt(label - 6))\" y=\"\(fmt(top + Double(c.columns.count) * bar / 2 + 4))\" text-anchor=\"end\">\(esc(t.kpi(k)))</text>\n"
            for (i, value) in k.values.enumerated() {
                let v = value ?? 0
                let w = width * v / maxValue
                let y = top + Double(i) * bar
                svg += "<rect x=\"\(fmt(label))\" y=\"\(fmt(y))\" width=\"\(fmt(w))\" height=\"\(fmt(bar - 2))\" fill=\"\(colours[i % colours.count])\">"
                    + "<title>\(esc(t.column(c.columns[i].name))): \(esc(t.value(value, k)))</title></rect>"
                    + "<text x=\"\(fmt(label + w + 4))\" y=\"\(fmt(y + bar - 3))\">\(esc(t.value(value, k)))</text>\n"
            }
        }
        svg += "</svg>\n"
        return "<h2 id=\"unmet-by-field\">\(esc(t.group(.unmetByField)))</h2>\n<figure>\n\(svg)</figure>\n"
    }

    /// An id for a variant's section: letters, digits and '-' only.
    static func anchor(_ name: String) -> String {
        "variant-" + String(name.unicodeScalars.map { $0.isASCII && (CharacterSet.alphanumerics.contains($0)) ? Character($0) : "-" })
    }

    static func fmt(_ x: Double) -> String { Format.number(x, decimals: 1) }

    static func esc(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
