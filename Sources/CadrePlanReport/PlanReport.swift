import CadrePlanCore
import Foundation

/// Everything `cadreplan report` shows, computed once: the history and the plan measured by the
/// same `PlanMetrics`, outcomes from the `OutcomeModel`, and rows ready for every writer
/// (Markdown, JSON, HTML, terminal), so that the four outputs cannot disagree.
public struct PlanReport: Sendable, Codable {
    public struct Source: Sendable, Codable {
        /// The roster file read, or `nil` when the report solved the scenario itself.
        public var rosterFile: String?
        public var status: Roster.Status
        /// Whether the roster was made for a scenario of the same name.
        public var scenarioMatches: Bool
    }

    /// One field, side by side.
    public struct FieldRow: Sendable, Codable {
        public var field: String
        public var name: String
        public var priority: Double
        public var hot: Bool
        public var history: PlanMetrics.Coverage?
        public var plan: PlanMetrics.Coverage
    }

    /// One commune, side by side: the rows of the sortable table.
    public struct CommuneRow: Sendable, Codable {
        public var commune: String
        public var name: String
        public var formerProvince: String
        public var minorityShare: Double
        public var hostingCapacity: Int
        public var desired: Int
        public var historyFilled: Int?
        public var planFilled: Int
        public var historyUnmet: Int?
        public var planUnmet: Int
        public var historyHosted: Int?
        public var planHosted: Int
        /// Fields with nobody, localised names, highest priority first.
        public var historyWithoutHelp: [String]?
        public var planWithoutHelp: [String]
    }

    public struct DepartmentRow: Sendable, Codable {
        public var department: String
        public var name: String
        public var headcount: Int
        public var releaseCap: Int
        public var historyReleased: Int?
        public var planReleased: Int
    }

    public struct HotGap: Sendable, Codable, Equatable {
        public var commune: String
        public var communeName: String
        public var field: String
        public var fieldName: String
    }

    public struct RatingCount: Sendable, Codable {
        public var rating: Rating
        public var label: String
        public var count: Int
        public var share: Double
    }

    /// An expected count: the sum of predicted probabilities, with its 90% bootstrap interval.
    public struct RatingExpectation: Sendable, Codable {
        public var rating: Rating
        public var label: String
        public var expected: Double
        public var share: Double
        public var low: Double?
        public var high: Double?
    }

    public struct RiskFlag: Sendable, Codable {
        public var cadre: String
        public var cadreName: String
        public var commune: String
        public var communeName: String
        public var field: String
        public var fieldName: String
        public var level: Int
        public var requiredLevel: Int
        public var years: Double
        public var km: Double
        public var speaksLanguage: Bool
        public var predictedCompletedOrWorse: Double
        public var predictedExcellent: Double
    }

    public struct Outcomes: Sendable, Codable {
        public var model: OutcomeModel.Fit
        public var thresholds: [Double]
        public var coefficients: [OutcomeModel.Coefficient]
        public var bootstrapReplicates: Int
        public var bootstrapSeed: UInt64
        /// Which model, its features, fit and uncertainty, in the report's language.
        public var description: String
        /// Civil rows of history.csv by rating, exactly as recorded (all four ratings).
        public var historyRecorded: [RatingCount]
        public var historyCivilRows: Int
        /// The model's expected counts for the history placements: a calibration check.
        public var historyPredicted: [RatingExpectation]
        public var planExpected: [RatingExpectation]
        public var planCivilPlacements: Int
        public var riskThreshold: Double
        /// Plan placements whose predicted P(completed or worse) exceeds the threshold, riskiest first.
        public var flagged: [RiskFlag]
        public var historyFlagged: Int
        public var historyFlaggedRatedCompleted: Int
    }

    public var language: ReportLanguage
    public var scenario: String
    public var roundStart: String
    public var roundEnd: String
    public var source: Source
    public var history: PlanMetrics?
    public var plan: PlanMetrics
    public var fields: [FieldRow]
    public var communes: [CommuneRow]
    public var departments: [DepartmentRow]
    public var historyHotGaps: [HotGap]?
    public var planHotGaps: [HotGap]
    public var outcomes: Outcomes?
    /// Why there is no outcome model, when there is none.
    public var outcomesUnavailable: String?

    public static let defaultRiskThreshold = 0.05

    /// Builds the report for `roster` (a plan of `scenario`). `rosterFile` is the file it came
    /// from, or `nil` when it was solved for this report.
    public init(
        scenario s: Scenario, roster: Roster, rosterFile: String?, language: ReportLanguage,
        riskThreshold: Double = PlanReport.defaultRiskThreshold
    ) {
        let t = Strings(language)
        let lookup = PlacementLookup(s)
        let historyPlacements = s.historyPlacements
        let planPlacements = roster.placements
        let history = s.history.isEmpty ? nil : PlanMetrics(historyPlacements, scenario: s)
        let plan = PlanMetrics(planPlacements, scenario: s)
        let fieldByID = Dictionary(s.fields.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let communeByID = Dictionary(s.communes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func fieldName(_ id: String) -> String { fieldByID[id].map(t.fieldName) ?? id }
        func communeName(_ id: String) -> String { communeByID[id]?.name ?? id }

        self.language = language
        scenario = s.name
        roundStart = s.round.start
        roundEnd = s.round.end
        source = Source(rosterFile: rosterFile, status: roster.status, scenarioMatches: roster.scenario == s.name)
        self.history = history
        self.plan = plan

        let historyFields = Dictionary((history?.byField ?? []).map { ($0.field, $0.coverage) }, uniquingKeysWith: { a, _ in a })
        fields = plan.byField.map { f in
            FieldRow(field: f.field, name: fieldName(f.field), priority: f.priority,
                     hot: f.priority >= PlanMetrics.hotFieldPriority, history: historyFields[f.field], plan: f.coverage)
        }
        let historyCommunes = Dictionary((history?.byCommune ?? []).map { ($0.commune, $0) }, uniquingKeysWith: { a, _ in a })
        communes = plan.byCommune.map { p in
            let h = historyCommunes[p.commune]
            let c = communeByID[p.commune]
            return CommuneRow(
                commune: p.commune, name: communeName(p.commune), formerProvince: c?.formerProvince ?? "",
                minorityShare: c?.minorityShare ?? 0, hostingCapacity: p.hostingCapacity, desired: p.coverage.desired,
                historyFilled: h?.coverage.assigned, planFilled: p.coverage.assigned, historyUnmet: h?.coverage.unmet,
                planUnmet: p.coverage.unmet, historyHosted: h?.hosted, planHosted: p.hosted,
                historyWithoutHelp: h?.fieldsWithoutHelp.map(fieldName), planWithoutHelp: p.fieldsWithoutHelp.map(fieldName))
        }
        let historyDepartments = Dictionary((history?.departments ?? []).map { ($0.department, $0.released) }, uniquingKeysWith: { a, _ in a })
        departments = zip(s.departments, plan.departments).map { d, p in
            DepartmentRow(department: d.id, name: t.departmentName(d), headcount: d.headcount, releaseCap: d.releaseCap,
                          historyReleased: history == nil ? nil : historyDepartments[d.id] ?? 0, planReleased: p.released)
        }
        func gaps(_ m: PlanMetrics) -> [HotGap] {
            m.hotFieldGaps.map { HotGap(commune: $0.commune, communeName: communeName($0.commune), field: $0.field,
                                        fieldName: fieldName($0.field)) }
        }
        historyHotGaps = history.map(gaps)
        planHotGaps = gaps(plan)

        // Outcomes: the recorded ratings always; predictions only when the model can be fitted.
        let civilHistory = s.history.filter { h in lookup.index.cadre[h.cadre].map { !s.cadres[$0].category.isArmedForces } ?? false }
        let recorded = Rating.allCases.map { r -> RatingCount in
            let n = civilHistory.filter { $0.rating == r }.count
            return RatingCount(rating: r, label: t.rating(r), count: n,
                               share: civilHistory.isEmpty ? 0 : Double(n) / Double(civilHistory.count))
        }
        do {
            let model = try OutcomeModel.fit(s)
            // Best rating first; sums in a fixed order so that the bytes never depend on hashing.
            func expectations(_ placements: [Placement]) -> [RatingExpectation] {
                let expected = model.expectedDistribution(placements, scenario: s)
                let interval = model.expectedInterval(placements, scenario: s)
                let total = OutcomeModel.ordered.reduce(0.0) { $0 + (expected[$1] ?? 0) }
                return OutcomeModel.ordered.reversed().map { r in
                    RatingExpectation(rating: r, label: t.rating(r), expected: expected[r] ?? 0,
                                      share: total > 0 ? (expected[r] ?? 0) / total : 0,
                                      low: interval[r]?.lowerBound, high: interval[r]?.upperBound)
                }
            }
            let planExpected = expectations(planPlacements)
            var flagged: [RiskFlag] = []
            for p in planPlacements {
                guard let f = lookup.facts(p), f.isCivil else { continue }
                let probs = model.predict(p, lookup: lookup)
                let risk = probs[.completed] ?? 0
                guard risk > riskThreshold else { continue }
                flagged.append(RiskFlag(
                    cadre: p.cadre, cadreName: f.cadre.name, commune: p.commune, communeName: f.commune.name,
                    field: p.field, fieldName: t.fieldName(f.field), level: f.level, requiredLevel: f.requiredLevel,
                    years: f.years, km: f.km, speaksLanguage: f.speaksLanguage, predictedCompletedOrWorse: risk,
                    predictedExcellent: probs[.excellent] ?? 0))
            }
            flagged.sort { ($1.predictedCompletedOrWorse, $0.cadre, $0.commune) < ($0.predictedCompletedOrWorse, $1.cadre, $1.commune) }
            var historyFlagged = 0
            var historyFlaggedCompleted = 0
            for h in s.history where h.rating != nil {
                let p = Placement(cadre: h.cadre, commune: h.commune, field: h.field)
                guard let f = lookup.facts(p), f.isCivil, (model.predict(p, lookup: lookup)[.completed] ?? 0) > riskThreshold
                else { continue }
                historyFlagged += 1
                if h.rating == .completed { historyFlaggedCompleted += 1 }
            }
            outcomes = Outcomes(
                model: model.fit, thresholds: model.thresholds, coefficients: model.coefficients,
                bootstrapReplicates: model.bootstrap.count, bootstrapSeed: model.bootstrapSeed,
                description: model.describe(in: language), historyRecorded: recorded,
                historyCivilRows: civilHistory.count,
                historyPredicted: expectations(s.history.filter { $0.rating != nil && $0.rating != .notEvaluated }
                    .map { Placement(cadre: $0.cadre, commune: $0.commune, field: $0.field) }),
                planExpected: planExpected, planCivilPlacements: plan.civilPlacements,
                riskThreshold: riskThreshold, flagged: flagged, historyFlagged: historyFlagged,
                historyFlaggedRatedCompleted: historyFlaggedCompleted)
            outcomesUnavailable = nil
        } catch {
            outcomes = nil
            outcomesUnavailable = error.description
            if !civilHistory.isEmpty {
                // The recorded ratings are still facts worth showing.
                outcomesRecordedOnly = recorded
            }
        }
    }

    /// The recorded ratings when no model could be fitted (otherwise they are in `outcomes`).
    public var outcomesRecordedOnly: [RatingCount]?

    /// The recorded rating counts, whether or not a model was fitted.
    public var recordedRatings: [RatingCount]? { outcomes?.historyRecorded ?? outcomesRecordedOnly }

    /// All four files, ready for `AtomicOutput.write`.
    public func files() throws -> [(name: String, data: Data)] {
        [
            ("report.md", Data(markdown().utf8)),
            ("report.json", try json()),
            ("report.html", Data(html().utf8)),
        ]
    }
}
