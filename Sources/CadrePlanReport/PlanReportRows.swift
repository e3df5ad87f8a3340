import CadrePlanCore
import Foundation

/// The side-by-side lines every writer prints, formatted once in the report's language.
extension PlanReport {
    /// One line of the summary: a label, the history's value (nil without history) and the plan's.
    public struct Line: Sendable {
        public var label: String
        public var history: String?
        public var plan: String
        /// Starts a new group (a blank or ruled line before it in text outputs).
        public var group: String?
    }

    var strings: Strings { Strings(language) }

    /// Number in the report's language: "25.4" in English, "25,4" in Vietnamese.
    func number(_ x: Double, _ decimals: Int) -> String { strings.number(x, decimals) }

    func percent(_ x: Double) -> String { strings.percent(x) }

    func optional(_ x: Double?, _ decimals: Int) -> String { x.map { number($0, decimals) } ?? "—" }

    /// The summary table, history beside the plan.
    public var lines: [Line] {
        let t = strings
        var out: [Line] = []
        func add(_ label: String, _ value: (PlanMetrics) -> String, group: String? = nil) {
            out.append(Line(label: label, history: history.map(value), plan: value(plan), group: group))
        }
        add(t.placements, { "\($0.placements)" }, group: t.coverage)
        add(t.cadres, { "\($0.cadres)" })
        add(t.desired, { "\($0.coverage.desired)" })
        add(t.assigned, { "\($0.coverage.assigned) (\(self.percent($0.coverage.share)))" })
        add(t.unmet, { "\($0.coverage.unmet)" })
        add(t.unmetBelowMinimum, { "\($0.coverage.unmetBelowMinimum)" })
        add(t.needsWithoutHelp, { "\($0.coverage.needsWithoutHelp)" })
        add(t.communesWithHotGap, { "\($0.communesWithHotFieldGap)" })
        add(t.meanSkillOverRequired, { self.optional($0.fit.meanSkillOverRequired, 2) }, group: t.fitHeading)
        add(t.belowRequiredLevel, { "\($0.fit.belowRequiredLevel)" })
        add(t.meanYears, { self.optional($0.fit.meanYears, 1) })
        add(t.languageMatch, { m in
            m.fit.languageMatchShare.map { "\(m.fit.languageMatches)/\(m.fit.minorityCommunePlacements) (\(self.percent($0)))" } ?? "—"
        })
        add(t.meanFit, { self.optional($0.fit.meanFit, 2) })
        add(t.totalKm, { self.number($0.travel.totalKm, 0) }, group: t.travelHeading)
        add(t.medianKm, { self.optional($0.travel.medianKm, 1) })
        add(t.maxKm, { self.optional($0.travel.maxKm, 1) })
        add(t.homeCommune, { "\($0.travel.homeCommune)" })
        add(t.communesOverCapacity, { "\($0.communesOverCapacity)" }, group: t.hostingHeading)
        add(t.placementsBreakingRules, { "\($0.placementsBreakingRules)" }, group: t.rulesHeading)
        if let o = outcomes {
            for (i, e) in o.planExpected.enumerated() {
                let recorded = o.historyRecorded.first { $0.rating == e.rating }
                out.append(Line(
                    label: e.label, history: recorded.map { "\($0.count) (\(percent($0.share)))" },
                    plan: "≈ \(number(e.expected, 1)) (\(percent(e.share)))",
                    group: i == 0 ? t.outcomeChart : nil))
            }
            if let ne = o.historyRecorded.first(where: { $0.rating == .notEvaluated }) {
                out.append(Line(label: ne.label, history: "\(ne.count) (\(percent(ne.share)))", plan: t.notModelled))
            }
        }
        return out
    }

    /// "Lâm Đồng 2025 — … · Round 2025-08-01 to 2025-10-31 · Plan: proven optimal, solved now"
    var subtitle: String {
        let t = strings
        return "\(t.round) \(roundStart) \(t.to) \(roundEnd) · \(t.planSource): \(t.statusLine(source.status)), "
            + (source.rosterFile ?? t.solvedNow)
    }

    var bandLabels: [String] {
        let edges = PlanMetrics.bandEdgesKm
        return edges.indices.map { i in
            i + 1 < edges.count ? "\(Int(edges[i]))–\(Int(edges[i + 1]))" : "≥ \(Int(edges[i]))"
        }
    }
}
