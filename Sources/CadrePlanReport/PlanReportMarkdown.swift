import CadrePlanCore
import Foundation

extension PlanReport {
    /// `report.md`: the summary, then coverage, fit, travel, load, outcomes and the communes.
    public func markdown() -> String {
        let t = strings
        let table = { RosterWriters.table($0, $1) }
        let both = history != nil
        var out = "# \(t.title)\n\n**\(MarkdownText.escape(scenario))** — \(MarkdownText.escape(subtitle))\n\n"
        if !both { out += "\(t.noHistory)\n\n" }

        out += "## \(t.summary)\n\n"
        out += table(
            [t.metric] + (both ? [t.history] : []) + [t.plan],
            lines.map { l in [l.label] + (both ? [l.history ?? "—"] : []) + [l.plan] })

        out += "\n## \(t.coverageByField)\n\n"
        out += table(
            [t.field, t.priority, t.desiredShort] + (both ? ["\(t.history): \(t.assignedShort)", "\(t.history): \(t.unmet)"] : [])
                + ["\(t.plan): \(t.assignedShort)", "\(t.plan): \(t.unmet)", "\(t.plan): \(t.unmetBelowMinimum)"],
            fields.map { f in
                [f.name + (f.hot ? " ★" : ""), number(f.priority, 1), "\(f.plan.desired)"]
                    + (both ? ["\(f.history?.assigned ?? 0)", "\(f.history?.unmet ?? 0)"] : [])
                    + ["\(f.plan.assigned)", "\(f.plan.unmet)", "\(f.plan.unmetBelowMinimum)"]
            })

        out += "\n## \(t.hotGaps)\n\n"
        func gapList(_ gaps: [HotGap]) -> String {
            gaps.isEmpty ? t.none : gaps.map { "\($0.communeName) (\($0.commune)): \($0.fieldName)" }.joined(separator: "; ")
        }
        if let h = historyHotGaps { out += "- **\(t.history)** (\(h.count)): \(MarkdownText.escape(gapList(h)))\n" }
        out += "- **\(t.plan)** (\(planHotGaps.count)): \(MarkdownText.escape(gapList(planHotGaps)))\n"

        out += "\n## \(t.travelDistribution)\n\n"
        out += table(
            [t.km] + (both ? [t.history] : []) + [t.plan],
            bandLabels.indices.map { i in
                [bandLabels[i]] + (both ? ["\(history?.travel.bands[i] ?? 0)"] : []) + ["\(plan.travel.bands[i])"]
            })

        out += "\n## \(t.loadHeading)\n\n"
        out += table(
            [t.department, t.headcount, t.releaseCap] + (both ? ["\(t.history): \(t.released)"] : [])
                + ["\(t.plan): \(t.released)", "\(t.plan): \(t.shareOfHeadcount)"],
            departments.map { d in
                [d.name, "\(d.headcount)", "\(d.releaseCap)"] + (both ? ["\(d.historyReleased ?? 0)"] : [])
                    + ["\(d.planReleased)", percent(d.headcount > 0 ? Double(d.planReleased) / Double(d.headcount) : 0)]
            })

        out += "\n## \(t.outcomesHeading)\n\n"
        out += outcomesMarkdown()

        out += "\n## \(t.rulesHeading)\n\n"
        if let h = history {
            out += "### \(t.history)\n\n\(t.historyMayBreak)\n\n" + rulesMarkdown(h) + "\n"
            out += "### \(t.plan)\n\n"
        }
        out += rulesMarkdown(plan)

        out += "\n## \(t.coverageByCommune)\n\n"
        out += table(
            [t.commune, t.code, t.minorityShare, t.desiredShort]
                + (both ? ["\(t.history): \(t.assignedShort)", "\(t.history): \(t.unmet)"] : [])
                + ["\(t.plan): \(t.assignedShort)", "\(t.plan): \(t.unmet)", "\(t.plan): \(t.hosted) / \(t.hostingCapacity)",
                   "\(t.plan): \(t.fieldsWithNobody)"],
            communes.map { c in
                [c.name, c.commune, percent(c.minorityShare), "\(c.desired)"]
                    + (both ? ["\(c.historyFilled ?? 0)", "\(c.historyUnmet ?? 0)"] : [])
                    + ["\(c.planFilled)", "\(c.planUnmet)", "\(c.planHosted) / \(c.hostingCapacity)",
                       c.planWithoutHelp.joined(separator: ", ")]
            })
        return out
    }

    func outcomesMarkdown() -> String {
        let t = strings
        let table = { RosterWriters.table($0, $1) }
        var out = ""
        guard let o = outcomes else {
            if let recorded = recordedRatings {
                out += table([t.rating, t.historyPublished], recorded.map { [$0.label, "\($0.count) (\(percent($0.share)))"] })
                out += "\n"
            }
            out += "\(t.outcomesUnavailable) \(outcomesUnavailable ?? "")\n"
            return out
        }
        out += "\(t.predictionWarning)\n\n"
        out += "\(t.historyRated(o.historyCivilRows)) \(t.expectedNote(civil: o.planCivilPlacements))\n\n"
        let planByRating = Dictionary(o.planExpected.map { ($0.rating, $0) }, uniquingKeysWith: { a, _ in a })
        let predictedByRating = Dictionary(o.historyPredicted.map { ($0.rating, $0) }, uniquingKeysWith: { a, _ in a })
        out += table(
            [t.rating, t.historyPublished, t.historyModelled, t.planExpected, t.interval90],
            o.historyRecorded.map { r in
                let e = planByRating[r.rating]
                return [r.label, "\(r.count) (\(percent(r.share)))",
                        predictedByRating[r.rating].map { "≈ \(number($0.expected, 1))" } ?? t.notModelled,
                        e.map { "≈ \(number($0.expected, 1)) (\(percent($0.share)))" } ?? t.notModelled,
                        e.flatMap { e in e.low.map { "\(number($0, 1))–\(number(e.high ?? $0, 1))" } } ?? "—"]
            })
        out += "\n### \(t.modelHeading)\n\n\(o.description)\n\n"
        out += "### \(t.riskHeading)\n\n"
        out += t.riskIntro(threshold: percent(o.riskThreshold), flagged: o.flagged.count, of: o.planCivilPlacements) + " "
        out += t.riskHistory(flagged: o.historyFlagged, completed: o.historyFlaggedRatedCompleted) + "\n\n"
        if !o.flagged.isEmpty {
            let shown = o.flagged.prefix(50)
            out += table(
                [t.cadre, t.commune, t.field, t.levelRequired, t.years, t.km, t.languageLabel, t.pCompleted, t.pExcellent],
                shown.map { f in
                    ["\(f.cadreName) (\(f.cadre))", "\(f.communeName) (\(f.commune))", f.fieldName,
                     "\(f.level) (\(f.requiredLevel))", number(f.years, 1), number(f.km, 0), f.speaksLanguage ? t.yes : "",
                     percent(f.predictedCompletedOrWorse), percent(f.predictedExcellent)]
                })
            if o.flagged.count > shown.count { out += "\n" + t.moreFlagged(o.flagged.count - shown.count) + "\n" }
        }
        return out
    }

    func rulesMarkdown(_ m: PlanMetrics) -> String {
        let t = strings
        guard !m.ruleBreaks.isEmpty else { return t.noRuleBroken + "\n" }
        return RosterWriters.table(
            [t.rule, t.count, t.examples],
            m.ruleBreaks.map { [t.rule($0.rule), "\($0.count)", $0.examples.joined(separator: "; ")] })
    }
}
