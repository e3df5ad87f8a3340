import CadrePlanCore
import Foundation

extension PlanReport {
    /// `report.html`: one self-contained page (inline CSS, inline SVG charts, a small inline
    /// script to sort the per-commune table; nothing is fetched). Every scenario string is
    /// escaped, and no scenario data ever enters the script.
    public func html() -> String {
        let t = strings
        let both = history != nil
        var b = ""
        b += "<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\">\n<head>\n<meta charset=\"utf-8\">\n"
        b += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        // First, so that an error anywhere later is visible in the page (and to the browser test).
        b += "<script>window.onerror=function(m){document.documentElement.setAttribute('data-error',String(m));};</script>\n"
        b += "<title>\(Self.esc(t.title)) — \(Self.esc(scenario))</title>\n<style>\(Self.css)</style>\n</head>\n<body>\n"

        b += "<header><h1>\(Self.esc(t.title))</h1>\n<p class=\"scenario\">\(Self.esc(scenario))</p>\n"
        b += "<p class=\"sub\">\(Self.esc(subtitle))</p>\n"
        if source.status != .optimal {
            b += "<p class=\"warn\">\(Self.esc(t.planLong)): \(Self.esc(t.statusLine(source.status)))</p>\n"
        }
        if !both { b += "<p class=\"note\">\(Self.esc(t.noHistory))</p>\n" }
        b += "</header>\n"

        // Summary.
        b += "<section id=\"summary\"><h2>\(Self.esc(t.summary))</h2>\n<table class=\"kpi\">\n<thead><tr><th>\(Self.esc(t.metric))</th>"
        if both { b += "<th class=\"num\">\(Self.esc(t.history))</th>" }
        b += "<th class=\"num\">\(Self.esc(t.plan))</th></tr></thead>\n<tbody>\n"
        for line in lines {
            if let g = line.group {
                b += "<tr class=\"group\"><th colspan=\"\(both ? 3 : 2)\">\(Self.esc(g))</th></tr>\n"
            }
            b += "<tr><td>\(Self.esc(line.label))</td>"
            if both { b += "<td class=\"num\">\(Self.esc(line.history ?? "—"))</td>" }
            b += "<td class=\"num\">\(Self.esc(line.plan))</td></tr>\n"
        }
        b += "</tbody></table></section>\n"

        // Coverage by field.
        b += "<section id=\"coverage\"><h2>\(Self.esc(t.coverageByField))</h2>\n"
        b += coverageChart()
        b += "<h3>\(Self.esc(t.hotGaps))</h3>\n"
        func gapList(_ label: String, _ gaps: [HotGap]) -> String {
            let items = gaps.isEmpty ? Self.esc(t.none)
                : gaps.map { "\(Self.esc($0.communeName)) (\(Self.esc($0.commune))): \(Self.esc($0.fieldName))" }.joined(separator: "; ")
            return "<p><strong>\(Self.esc(label))</strong> (\(gaps.count)): \(items)</p>\n"
        }
        if let h = historyHotGaps { b += gapList(t.history, h) }
        b += gapList(t.plan, planHotGaps)
        b += "</section>\n"

        // Travel.
        b += "<section id=\"travel\"><h2>\(Self.esc(t.travelDistribution))</h2>\n" + travelChart() + "</section>\n"

        // Outcomes.
        b += "<section id=\"outcomes\"><h2>\(Self.esc(t.outcomesHeading))</h2>\n" + outcomesHTML() + "</section>\n"

        // Load.
        b += "<section id=\"load\"><h2>\(Self.esc(t.loadHeading))</h2>\n<table>\n<thead><tr><th>\(Self.esc(t.department))</th>"
        b += "<th class=\"num\">\(Self.esc(t.headcount))</th><th class=\"num\">\(Self.esc(t.releaseCap))</th>"
        if both { b += "<th class=\"num\">\(Self.esc(t.history)): \(Self.esc(t.released))</th>" }
        b += "<th class=\"num\">\(Self.esc(t.plan)): \(Self.esc(t.released))</th><th class=\"num\">\(Self.esc(t.plan)): \(Self.esc(t.shareOfHeadcount))</th></tr></thead>\n<tbody>\n"
        for d in departments {
            let share = d.headcount > 0 ? Double(d.planReleased) / Double(d.headcount) : 0
            b += "<tr><td>\(Self.esc(d.name))</td><td class=\"num\">\(d.headcount)</td><td class=\"num\">\(d.releaseCap)</td>"
            if both {
                let over = (d.historyReleased ?? 0) > d.releaseCap ? " class=\"num over\"" : " class=\"num\""
                b += "<td\(over)>\(d.historyReleased ?? 0)</td>"
            }
            b += "<td class=\"num\">\(d.planReleased)</td><td class=\"num\">\(Self.esc(percent(share)))</td></tr>\n"
        }
        b += "</tbody></table></section>\n"

        // Rules.
        b += "<section id=\"rules\"><h2>\(Self.esc(t.rulesHeading))</h2>\n"
        if let h = history {
            b += "<h3>\(Self.esc(t.history))</h3>\n<p class=\"note\">\(Self.esc(t.historyMayBreak))</p>\n" + rulesHTML(h)
            b += "<h3>\(Self.esc(t.plan))</h3>\n"
        }
        b += rulesHTML(plan) + "</section>\n"

        // Per-commune table, sortable.
        b += "<section id=\"communes\"><h2>\(Self.esc(t.communeTable))</h2>\n<p class=\"note\">\(Self.esc(t.sortHint))</p>\n"
        b += communeTable()
        b += "</section>\n"
        b += "<script>\(Self.script)</script>\n</body>\n</html>\n"
        return b
    }

    // MARK: Sections

    func communeTable() -> String {
        let t = strings
        let both = history != nil
        var columns: [(key: String, label: String, numeric: Bool)] = [
            ("name", t.commune, false), ("code", t.code, false), ("minority", t.minorityShare, true),
            ("desired", t.desiredShort, true),
        ]
        if both {
            columns += [("history-filled", "\(t.history): \(t.assignedShort)", true),
                        ("history-unmet", "\(t.history): \(t.unmet)", true)]
        }
        columns += [("plan-filled", "\(t.plan): \(t.assignedShort)", true), ("plan-unmet", "\(t.plan): \(t.unmet)", true),
                    ("plan-hosted", "\(t.plan): \(t.hosted) / \(t.hostingCapacity)", true),
                    ("plan-nobody", "\(t.plan): \(t.fieldsWithNobody)", false)]
        var b = "<table id=\"commune-table\" class=\"sortable\">\n<thead><tr>"
        for c in columns {
            b += "<th data-key=\"\(c.key)\"\(c.numeric ? " class=\"num\"" : "")><button type=\"button\">\(Self.esc(c.label))</button></th>"
        }
        b += "</tr></thead>\n<tbody>\n"
        for (i, c) in communes.enumerated() {
            b += "<tr data-i=\"\(i)\"><td>\(Self.esc(c.name))</td><td>\(Self.esc(c.commune))</td>"
            b += "<td class=\"num\" data-v=\"\(Format.number(c.minorityShare, decimals: 3))\">\(Self.esc(percent(c.minorityShare)))</td>"
            b += "<td class=\"num\">\(c.desired)</td>"
            if both { b += "<td class=\"num\">\(c.historyFilled ?? 0)</td><td class=\"num\">\(c.historyUnmet ?? 0)</td>" }
            b += "<td class=\"num\">\(c.planFilled)</td><td class=\"num\(c.planUnmet > 0 ? " short" : "")\">\(c.planUnmet)</td>"
            b += "<td class=\"num\(c.planHosted > c.hostingCapacity ? " over" : "")\" data-v=\"\(c.planHosted)\">\(c.planHosted) / \(c.hostingCapacity)</td>"
            b += "<td>\(Self.esc(c.planWithoutHelp.joined(separator: ", ")))</td></tr>\n"
        }
        b += "</tbody></table>\n"
        return b
    }

    func rulesHTML(_ m: PlanMetrics) -> String {
        let t = strings
        guard !m.ruleBreaks.isEmpty else { return "<p>\(Self.esc(t.noRuleBroken))</p>\n" }
        var b = "<table><thead><tr><th>\(Self.esc(t.rule))</th><th class=\"num\">\(Self.esc(t.count))</th><th>\(Self.esc(t.examples))</th></tr></thead><tbody>\n"
        for r in m.ruleBreaks {
            b += "<tr><td>\(Self.esc(t.rule(r.rule)))</td><td class=\"num\">\(r.count)</td><td>\(Self.esc(r.examples.joined(separator: "; ")))</td></tr>\n"
        }
        return b + "</tbody></table>\n"
    }

    func outcomesHTML() -> String {
        let t = strings
        guard let o = outcomes else {
            var b = ""
            if let recorded = recordedRatings {
                b += "<table><thead><tr><th>\(Self.esc(t.rating))</th><th class=\"num\">\(Self.esc(t.historyPublished))</th></tr></thead><tbody>\n"
                for r in recorded {
                    b += "<tr><td>\(Self.esc(r.label))</td><td class=\"num\">\(r.count) (\(Self.esc(percent(r.share))))</td></tr>\n"
                }
                b += "</tbody></table>\n"
            }
            return b + "<p class=\"warn\">\(Self.esc(t.outcomesUnavailable)) \(Self.esc(outcomesUnavailable ?? ""))</p>\n"
        }
        var b = "<p class=\"warn\">\(Self.esc(t.predictionWarning))</p>\n"
        b += outcomeChart(o)
        b += "<p class=\"note\">\(Self.esc(t.historyRated(o.historyCivilRows))) \(Self.esc(t.expectedNote(civil: o.planCivilPlacements)))</p>\n"
        let plan = Dictionary(o.planExpected.map { ($0.rating, $0) }, uniquingKeysWith: { a, _ in a })
        let predicted = Dictionary(o.historyPredicted.map { ($0.rating, $0) }, uniquingKeysWith: { a, _ in a })
        b += "<table><thead><tr><th>\(Self.esc(t.rating))</th><th class=\"num\">\(Self.esc(t.historyPublished))</th>"
        b += "<th class=\"num\">\(Self.esc(t.historyModelled))</th><th class=\"num\">\(Self.esc(t.planExpected))</th>"
        b += "<th class=\"num\">\(Self.esc(t.interval90))</th></tr></thead><tbody>\n"
        for r in o.historyRecorded {
            let e = plan[r.rating]
            b += "<tr><td>\(Self.esc(r.label))</td><td class=\"num\">\(r.count) (\(Self.esc(percent(r.share))))</td>"
            b += "<td class=\"num\">\(Self.esc(predicted[r.rating].map { "≈ \(number($0.expected, 1))" } ?? t.notModelled))</td>"
            b += "<td class=\"num\">\(Self.esc(e.map { "≈ \(number($0.expected, 1)) (\(percent($0.share)))" } ?? t.notModelled))</td>"
            b += "<td class=\"num\">\(Self.esc(e.flatMap { e in e.low.map { "\(number($0, 1))–\(number(e.high ?? $0, 1))" } } ?? "—"))</td></tr>\n"
        }
        b += "</tbody></table>\n"
        b += "<h3>\(Self.esc(t.modelHeading))</h3>\n<p class=\"model\">\(Self.esc(o.description))</p>\n"
        b += "<h3>\(Self.esc(t.riskHeading))</h3>\n"
        b += "<p>\(Self.esc(t.riskIntro(threshold: percent(o.riskThreshold), flagged: o.flagged.count, of: o.planCivilPlacements))) "
        b += "\(Self.esc(t.riskHistory(flagged: o.historyFlagged, completed: o.historyFlaggedRatedCompleted)))</p>\n"
        if !o.flagged.isEmpty {
            b += "<table id=\"risk-table\" class=\"sortable\"><thead><tr>"
            let heads: [(String, Bool)] = [(t.cadre, false), (t.commune, false), (t.field, false), (t.levelRequired, true),
                                           (t.years, true), (t.km, true), (t.languageLabel, false), (t.pCompleted, true), (t.pExcellent, true)]
            for (i, h) in heads.enumerated() {
                b += "<th data-key=\"risk-\(i)\"\(h.1 ? " class=\"num\"" : "")><button type=\"button\">\(Self.esc(h.0))</button></th>"
            }
            b += "</tr></thead><tbody>\n"
            for (i, f) in o.flagged.enumerated() {
                b += "<tr data-i=\"\(i)\"><td>\(Self.esc(f.cadreName)) (\(Self.esc(f.cadre)))</td>"
                b += "<td>\(Self.esc(f.communeName)) (\(Self.esc(f.commune)))</td><td>\(Self.esc(f.fieldName))</td>"
                b += "<td class=\"num\" data-v=\"\(f.level - f.requiredLevel)\">\(f.level) (\(f.requiredLevel))</td>"
                b += "<td class=\"num\" data-v=\"\(Format.number(f.years, decimals: 1))\">\(Self.esc(number(f.years, 1)))</td>"
                b += "<td class=\"num\" data-v=\"\(Format.number(f.km, decimals: 1))\">\(Self.esc(number(f.km, 0)))</td>"
                b += "<td>\(f.speaksLanguage ? Self.esc(t.yes) : "")</td>"
                b += "<td class=\"num\" data-v=\"\(Format.number(f.predictedCompletedOrWorse, decimals: 4))\">\(Self.esc(percent(f.predictedCompletedOrWorse)))</td>"
                b += "<td class=\"num\" data-v=\"\(Format.number(f.predictedExcellent, decimals: 4))\">\(Self.esc(percent(f.predictedExcellent)))</td></tr>\n"
            }
            b += "</tbody></table>\n"
        }
        return b
    }

    // MARK: Charts (inline SVG)

    static let historyColour = "#9aa5b1"
    static let planColour = "#2166ac"

    func legend(x: Double, y: Double, historyLabel: String, planLabel: String) -> String {
        var b = ""
        var at = x
        if history != nil {
            b += "<rect x=\"\(at)\" y=\"\(y - 10)\" width=\"12\" height=\"12\" fill=\"\(Self.historyColour)\"/>"
            b += "<text x=\"\(at + 16)\" y=\"\(y)\">\(Self.esc(historyLabel))</text>"
            at += 24 + Double(historyLabel.count) * 7
        }
        b += "<rect x=\"\(at)\" y=\"\(y - 10)\" width=\"12\" height=\"12\" fill=\"\(Self.planColour)\"/>"
        b += "<text x=\"\(at + 16)\" y=\"\(y)\">\(Self.esc(planLabel))</text>\n"
        return b
    }

    /// Horizontal bars: share of the cadres asked for that each field got, history above plan.
    func coverageChart() -> String {
        let t = strings
        let rowHeight = 30.0, left = 230.0, barWidth = 460.0, top = 40.0
        let width = 820.0
        let height = top + rowHeight * Double(fields.count) + 30
        var b = "<svg class=\"chart\" id=\"chart-coverage\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(Self.esc(t.coverageByField))\">\n"
        b += "<title>\(Self.esc(t.coverageByField))</title>\n"
        b += legend(x: left, y: 16, historyLabel: t.history, planLabel: t.plan)
        for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
            let x = left + barWidth * tick
            b += "<line x1=\"\(x)\" y1=\"\(top - 6)\" x2=\"\(x)\" y2=\"\(height - 24)\" class=\"grid\"/>"
            b += "<text x=\"\(x)\" y=\"\(height - 8)\" text-anchor=\"middle\" class=\"axis\">\(Int(tick * 100))%</text>\n"
        }
        for (i, f) in fields.enumerated() {
            let y = top + rowHeight * Double(i)
            b += "<text x=\"\(left - 8)\" y=\"\(y + 17)\" text-anchor=\"end\">\(Self.esc(f.name + (f.hot ? " ★" : "")))</text>"
            var bars: [(PlanMetrics.Coverage, String, Double)] = []
            if let h = f.history { bars.append((h, Self.historyColour, y + 3)) }
            bars.append((f.plan, Self.planColour, y + (f.history == nil ? 8 : 15)))
            for (c, colour, by) in bars {
                let w = barWidth * min(1, c.share)
                b += "<rect x=\"\(left)\" y=\"\(by)\" width=\"\(Format.number(w, decimals: 1))\" height=\"11\" fill=\"\(colour)\">"
                b += "<title>\(Self.esc("\(f.name): \(c.assigned)/\(c.desired)"))</title></rect>"
                b += "<text x=\"\(Format.number(left + w + 4, decimals: 1))\" y=\"\(by + 10)\" class=\"small\">\(c.assigned)/\(c.desired)</text>"
            }
            b += "\n"
        }
        return b + "</svg>\n"
    }

    /// Vertical bars: placements by distance band, history beside plan.
    func travelChart() -> String {
        let t = strings
        let labels = bandLabels
        let series: [([Int], String)] = (history.map { [($0.travel.bands, Self.historyColour)] } ?? [])
            + [(plan.travel.bands, Self.planColour)]
        let maxValue = series.flatMap(\.0).max() ?? 0
        let scale = Self.niceScale(Double(maxValue))
        return barChart(
            id: "chart-travel", title: t.travelDistribution, groups: labels, series: series.map { s in
                (s.0.map { Double($0) }, s.1, [ClosedRange<Double>?](repeating: nil, count: s.0.count))
            }, scale: scale, valueText: { "\(Int($0))" }, axisText: { "\(Int($0))" }, caption: t.km)
    }

    /// Vertical bars: share of each rating, history as recorded beside the plan's expected share
    /// with its 90% interval as a whisker.
    func outcomeChart(_ o: Outcomes) -> String {
        let t = strings
        let ratings = OutcomeModel.ordered.reversed()
        let total = Double(o.historyCivilRows)
        let recorded = ratings.map { r in o.historyRecorded.first { $0.rating == r }.map { Double($0.count) / max(1, total) } ?? 0 }
        let expected = ratings.map { r in o.planExpected.first { $0.rating == r } }
        let planTotal = o.planExpected.reduce(0) { $0 + $1.expected }
        let planShares = expected.map { ($0?.expected ?? 0) / max(1e-9, planTotal) }
        let intervals: [ClosedRange<Double>?] = expected.map { e in
            guard let e, let lo = e.low, let hi = e.high, planTotal > 0 else { return nil }
            return (lo / planTotal)...(max(lo, hi) / planTotal)
        }
        var series: [([Double], String, [ClosedRange<Double>?])] = []
        if history != nil { series.append((recorded, Self.historyColour, Array(repeating: nil, count: recorded.count))) }
        series.append((planShares, Self.planColour, intervals))
        return barChart(
            id: "chart-outcomes", title: t.outcomeChart, groups: ratings.map { t.rating($0) }, series: series,
            scale: Self.niceScale(1), valueText: { self.percent($0) }, axisText: { "\(Int(($0 * 100).rounded()))%" },
            caption: nil, planLabel: t.planExpected, historyLabel: t.historyPublished)
    }

    func barChart(
        id: String, title: String, groups: [String], series: [([Double], String, [ClosedRange<Double>?])],
        scale: (max: Double, step: Double), valueText: (Double) -> String, axisText: (Double) -> String,
        caption: String?, planLabel: String? = nil, historyLabel: String? = nil
    ) -> String {
        let t = strings
        let width = 820.0, left = 56.0, right = 16.0, top = 36.0, plotHeight = 210.0
        let height = top + plotHeight + 56
        let groupWidth = (width - left - right) / Double(max(1, groups.count))
        let barWidth = min(46, (groupWidth - 16) / Double(max(1, series.count)))
        func y(_ v: Double) -> Double { top + plotHeight * (1 - min(v, scale.max) / scale.max) }
        var b = "<svg class=\"chart\" id=\"\(id)\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(Self.esc(title))\">\n"
        b += "<title>\(Self.esc(title))</title>\n"
        b += legend(x: left, y: 16, historyLabel: historyLabel ?? t.history, planLabel: planLabel ?? t.plan)
        var tick = 0.0
        while tick <= scale.max + 1e-9 {
            let ty = Format.number(y(tick), decimals: 1)
            b += "<line x1=\"\(left)\" y1=\"\(ty)\" x2=\"\(width - right)\" y2=\"\(ty)\" class=\"grid\"/>"
            b += "<text x=\"\(left - 6)\" y=\"\(ty)\" dy=\"4\" text-anchor=\"end\" class=\"axis\">\(Self.esc(axisText(tick)))</text>\n"
            tick += scale.step
        }
        for (g, label) in groups.enumerated() {
            let gx = left + groupWidth * Double(g)
            let start = gx + (groupWidth - barWidth * Double(series.count)) / 2
            for (s, (values, colour, intervals)) in series.enumerated() {
                let v = values[g]
                let x = start + barWidth * Double(s)
                let barTop = y(v)
                b += "<rect x=\"\(Format.number(x + 2, decimals: 1))\" y=\"\(Format.number(barTop, decimals: 1))\" width=\"\(Format.number(barWidth - 4, decimals: 1))\" height=\"\(Format.number(y(0) - barTop, decimals: 1))\" fill=\"\(colour)\">"
                b += "<title>\(Self.esc("\(label): \(valueText(v))"))</title></rect>"
                let cx = x + barWidth / 2
                if let r = intervals[g] {
                    let (y1, y2) = (Format.number(y(r.lowerBound), decimals: 1), Format.number(y(r.upperBound), decimals: 1))
                    b += "<line x1=\"\(Format.number(cx, decimals: 1))\" y1=\"\(y1)\" x2=\"\(Format.number(cx, decimals: 1))\" y2=\"\(y2)\" class=\"whisker\"/>"
                    b += "<line x1=\"\(Format.number(cx - 6, decimals: 1))\" y1=\"\(y2)\" x2=\"\(Format.number(cx + 6, decimals: 1))\" y2=\"\(y2)\" class=\"whisker\"/>"
                    b += "<line x1=\"\(Format.number(cx - 6, decimals: 1))\" y1=\"\(y1)\" x2=\"\(Format.number(cx + 6, decimals: 1))\" y2=\"\(y1)\" class=\"whisker\"/>"
                }
                let labelY = min(barTop, intervals[g].map { y($0.upperBound) } ?? barTop) - 4
                b += "<text x=\"\(Format.number(cx, decimals: 1))\" y=\"\(Format.number(labelY, decimals: 1))\" text-anchor=\"middle\" class=\"small\">\(Self.esc(valueText(v)))</text>"
            }
            b += "<text x=\"\(Format.number(gx + groupWidth / 2, decimals: 1))\" y=\"\(Format.number(top + plotHeight + 18, decimals: 1))\" text-anchor=\"middle\">\(Self.esc(label))</text>\n"
        }
        if let caption {
            b += "<text x=\"\(Format.number(left + (width - left - right) / 2, decimals: 1))\" y=\"\(Format.number(height - 8, decimals: 1))\" text-anchor=\"middle\" class=\"axis\">\(Self.esc(caption))</text>\n"
        }
        return b + "</svg>\n"
    }

    /// A round axis maximum and step (1, 2 or 5 × 10ⁿ) with at most about five ticks.
    static func niceScale(_ maximum: Double) -> (max: Double, step: Double) {
        guard maximum > 0 else { return (1, 0.25) }
        let raw = maximum / 5
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        return ((maximum / step).rounded(.up) * step, step)
    }

    /// Escapes text for HTML content and attribute values alike.
    public static func esc(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    static let css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;margin:0 auto;max-width:1100px;padding:16px 24px;color:#1f2933;background:#fff;line-height:1.4}
        h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.25em;margin-top:1.6em;border-bottom:2px solid #2166ac;padding-bottom:4px}h3{font-size:1.05em}
        .scenario{font-size:1.1em;font-weight:600;margin:.2em 0}.sub,.note{color:#52606d}.warn{background:#fff4e5;border-left:4px solid #e08e0b;padding:6px 10px}
        table{border-collapse:collapse;margin:8px 0;font-size:.92em}th,td{border-bottom:1px solid #e4e7eb;padding:4px 8px;text-align:left;vertical-align:top}
        thead th{background:#f5f7fa;position:sticky;top:0}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
        tr.group th{background:#eef2f7;font-weight:600}td.over{color:#b42318;font-weight:600}td.short{color:#b54708;font-weight:600}
        th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit;text-align:inherit}
        th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
        svg.chart{width:100%;max-width:820px;height:auto;display:block;margin:8px 0;font-size:12px}
        svg text{fill:#1f2933}svg .axis{fill:#52606d;font-size:11px}svg .small{font-size:10px}
        svg .grid{stroke:#e4e7eb;stroke-width:1}svg .whisker{stroke:#102a43;stroke-width:1.5}
        .model{font-size:.92em;color:#323f4b}
        @media print{thead th{position:static}}
        """

    /// Sorting by a column (click, or `report.html#sort=KEY` / `#sort=-KEY` to open sorted).
    /// It reads only the page's own cells: no scenario data is ever placed in the script.
    static let script = """
        (function(){
        function val(c){var v=c.getAttribute('data-v');return v===null?c.textContent.trim():v;}
        function num(s){return s!==''&&!isNaN(s)?Number(s):null;}
        function sortBy(table,col,asc){
        var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
        rows.sort(function(a,b){var x=val(a.cells[col]),y=val(b.cells[col]),nx=num(x),ny=num(y),c;
        c=(nx!==null&&ny!==null)?nx-ny:x.localeCompare(y,document.documentElement.lang);
        if(!asc){c=-c;}return c!==0?c:Number(a.getAttribute('data-i'))-Number(b.getAttribute('data-i'));});
        rows.forEach(function(r){body.appendChild(r);});
        Array.prototype.forEach.call(table.tHead.rows[0].cells,function(h,i){
        if(i===col){h.setAttribute('aria-sort',asc?'ascending':'descending');}else{h.removeAttribute('aria-sort');}});}
        Array.prototype.forEach.call(document.querySelectorAll('table.sortable'),function(table){
        Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,i){
        var b=th.querySelector('button');if(!b){return;}
        b.addEventListener('click',function(){sortBy(table,i,th.getAttribute('aria-sort')!=='ascending');});});});
        var m=/^#sort=(-?)([A-Za-z0-9-]+)$/.exec(window.location.hash);
        if(m){var th=document.querySelector('th[data-key="'+m[2]+'"]');
        if(th){sortBy(th.closest('table'),th.cellIndex,m[1]!=='-');}}
        document.body.setAttribute('data-ready','1');
        })();
        """
}
