import CadrePlanCore
import Foundation

/// One plan of a comparison: a scenario and its roster (solved by `cadreplan compare` or read
/// from a roster file), what the scenario changes against the base, and, when asked for, why
/// its needs stay unmet.
public struct ComparedPlan: Sendable {
    public var name: String
    /// The scenario folder, roster file or what-if file it came from, as the planner gave it.
    public var source: String
    public var note: String?
    public var scenario: Scenario
    public var roster: Roster
    /// Changes from the base scenario, in `--set` keys (empty for the base).
    public var changes: [AppliedVariant.Change]
    public var explanation: Explanation?

    public init(
        name: String, source: String, note: String? = nil, scenario: Scenario, roster: Roster,
        changes: [AppliedVariant.Change] = [], explanation: Explanation? = nil
    ) {
        self.name = name
        self.source = source
        self.note = note
        self.scenario = scenario
        self.roster = roster
        self.changes = changes
        self.explanation = explanation
    }
}

/// Plans side by side: KPI values per plan with deltas against the first (the base), which
/// cadres move and which communes gain or lose help in each other plan, and why where the solve
/// can say. Everything is computed from the rosters and scenarios, with `PlanMetrics` for the
/// KPIs, so the same plan always gives the same comparison (no solve times are kept).
public struct Comparison: Sendable, Equatable, Codable {
    public struct Column: Sendable, Equatable, Codable {
        public var name: String
        public var source: String
        public var note: String?
        public var scenario: String
        public var status: Roster.Status
        public var changes: [AppliedVariant.Change]
        public var explanation: Explanation?
    }

    public enum Group: String, Sendable, Equatable, Codable, CaseIterable {
        case coverage
        case unmetByField = "unmet_by_field"
        case fit
        case travel
        case outcomes
    }

    /// Which way is better for a KPI, for the sign a planner reads into a delta.
    public enum Better: String, Sendable, Equatable, Codable {
        case lower, higher, neither
    }

    /// One measure of every plan.
    public struct KPI: Sendable, Equatable, Codable {
        /// Stable id: `unmet_weighted`, `unmet.land`, `fit.mean`, `outcome.excellent`…
        public var id: String
        public var group: Group
        /// The field of an `unmet.<field>` row.
        public var field: String?
        /// The rating of an `outcome.<rating>` row.
        public var rating: Rating?
        /// One per column; nil where the measure does not exist (a dropped field, no outcomes).
        public var values: [Double?]
        /// For predicted outcomes: the 90% bootstrap interval of each value.
        public var intervals: [[Double]?]?
        public var better: Better
        public var decimals: Int
        public var isShare: Bool

        /// Value minus the base's, per column (0 for the base itself); nil where either is missing.
        public var deltas: [Double?] = []
    }

    /// A (commune, field) post.
    public struct Post: Sendable, Hashable, Codable, Comparable {
        public var commune: String
        public var field: String
        public init(commune: String, field: String) {
            self.commune = commune
            self.field = field
        }
        public static func < (a: Post, b: Post) -> Bool { (a.commune, a.field) < (b.commune, b.field) }
    }

    /// Why a need or a cadre changes, in the solve's and the planner's own terms.
    public struct Why: Sendable, Equatable, Codable {
        public enum Kind: String, Sendable, Equatable, Codable {
            /// The variant changes a setting that touches this need, commune, field or cadre.
            case change
            /// Relaxing this rule alone would staff the need (a re-solve of stage 1).
            case bindingRule = "binding_rule"
            /// The variant's roster reason for the shortfall (read off its plan).
            case shortfall
            /// No rule or setting touches this need: it changes because the plan was re-optimised
            /// around the variant's changes (knock-on effect).
            case knockOn = "knock_on"
        }
        public var kind: Kind
        public var change: AppliedVariant.Change?
        public var rule: Explanation.Rule?
        /// Weighted unmet need the relaxation recovers.
        public var recovered: Double?
        /// The rule binds in the base plan (a need gained in the variant) or in the variant.
        public var inBase: Bool?
        public var reason: Roster.Reason?
        public var detail: String?

        public init(
            kind: Kind, change: AppliedVariant.Change? = nil, rule: Explanation.Rule? = nil, recovered: Double? = nil,
            inBase: Bool? = nil, reason: Roster.Reason? = nil, detail: String? = nil
        ) {
            self.kind = kind
            self.change = change
            self.rule = rule
            self.recovered = recovered
            self.inBase = inBase
            self.reason = reason
            self.detail = detail
        }
    }

    public struct Move: Sendable, Equatable, Codable {
        public enum Kind: String, Sendable, Equatable, Codable {
            /// Seconded in both plans, to different posts.
            case moved
            /// Seconded in the base only.
            case left
            /// Seconded in the variant only.
            case joined
        }
        public var cadre: String
        public var cadreName: String
        public var department: String
        public var kind: Kind
        public var before: [Post]
        public var after: [Post]
        public var why: [Why]

        public init(cadre: String, cadreName: String, department: String, kind: Kind, before: [Post], after: [Post], why: [Why]) {
            self.cadre = cadre
            self.cadreName = cadreName
            self.department = department
            self.kind = kind
            self.before = before
            self.after = after
            self.why = why
        }
    }

    public struct NeedChange: Sendable, Equatable, Codable {
        public var field: String
        /// Cadres on the need in the base and in the variant.
        public var before: Int
        public var after: Int
        /// Cadres desired in the base and in the variant (0 when the need does not exist there).
        public var desiredBefore: Int
        public var desiredAfter: Int
        public var why: [Why]
    }

    public struct CommuneChange: Sendable, Equatable, Codable {
        public var commune: String
        public var communeName: String
        /// Cadres hosted in the base and in the variant.
        public var before: Int
        public var after: Int
        public var needs: [NeedChange]
    }

    /// How one plan differs from the base.
    public struct Diff: Sendable, Equatable, Codable {
        public var column: String
        public var moves: [Move]
        public var communes: [CommuneChange]
        /// Cadres seconded to exactly the same posts in both plans.
        public var unchanged: Int
        /// Communes with a need that gains cadres, with those needs only.
        public var gaining: [CommuneChange] { filtered { $0.after > $0.before } }
        /// Communes with a need that loses cadres, with those needs only.
        public var losing: [CommuneChange] { filtered { $0.after < $0.before } }

        func filtered(_ keep: (NeedChange) -> Bool) -> [CommuneChange] {
            communes.compactMap { c in
                var c = c
                c.needs = c.needs.filter(keep)
                return c.needs.isEmpty ? nil : c
            }
        }
    }

    /// What the outcome rows rest on, said in the reports: a model, its fit, never a fact.
    public struct OutcomeNote: Sendable, Equatable, Codable {
        /// Civil history rows the model was fitted on.
        public var rows: Int?
        public var pseudoR2: Double?
        /// Why there are no outcome rows, when there are none.
        public var unavailable: String?
    }

    public var scenario: String
    public var columns: [Column]
    public var kpis: [KPI]
    /// One per column after the base.
    public var diffs: [Diff]
    public var outcomes: OutcomeNote
}

extension Comparison {
    /// Compares `plans` (the first is the base). `outcomeModel` predicts the rating rows; when
    /// nil, `outcomeUnavailable` says why they are missing.
    public init(_ plans: [ComparedPlan], outcomeModel: OutcomeModel?, outcomeUnavailable: String? = nil) {
        let base = plans.first
        scenario = base?.scenario.name ?? ""
        columns = plans.map { p in
            Column(name: p.name, source: p.source, note: p.note, scenario: p.scenario.name, status: p.roster.status,
                   changes: p.changes, explanation: p.explanation)
        }
        let metrics = plans.map { PlanMetrics($0.roster.placements, scenario: $0.scenario) }
        kpis = Self.kpis(plans, metrics, outcomeModel)
        diffs = base.map { b in plans.dropFirst().map { Self.diff(base: b, variant: $0) } } ?? []
        outcomes = OutcomeNote(rows: outcomeModel?.fit.rows, pseudoR2: outcomeModel?.fit.pseudoR2,
                               unavailable: outcomeModel == nil ? (outcomeUnavailable ?? "no outcome model") : nil)
    }

    // MARK: KPIs

    static func kpis(_ plans: [ComparedPlan], _ metrics: [PlanMetrics], _ model: OutcomeModel?) -> [KPI] {
        func row(_ id: String, _ group: Group, _ better: Better, decimals: Int = 0, share: Bool = false,
                 _ value: (Int) -> Double?) -> KPI {
            KPI(id: id, group: group, field: nil, rating: nil, values: plans.indices.map(value), intervals: nil,
                better: better, decimals: decimals, isShare: share)
        }
        var rows: [KPI] = [
            row("unmet_weighted", .coverage, .lower, decimals: 1) { i in plans[i].roster.stages.first?.value },
            row("posts_filled", .coverage, .higher) { Double(metrics[$0].coverage.assigned) },
            row("posts_desired", .coverage, .neither) { Double(metrics[$0].coverage.desired) },
            row("posts_unmet", .coverage, .lower) { Double(metrics[$0].coverage.unmet) },
            row("unmet_below_minimum", .coverage, .lower) { Double(metrics[$0].coverage.unmetBelowMinimum) },
            row("needs_without_help", .coverage, .lower) { Double(metrics[$0].coverage.needsWithoutHelp) },
            row("communes_hot_gap", .coverage, .lower) { Double(metrics[$0].communesWithHotFieldGap) },
            row("cadres_placed", .coverage, .neither) { Double(metrics[$0].cadres) },
        ]
        // Fields in the base's order (priority first), then fields only the others have.
        var fields: [String] = []
        for m in metrics { for f in m.byField where !fields.contains(f.field) { fields.append(f.field) } }
        for field in fields {
            var kpi = row("unmet.\(field)", .unmetByField, .lower) { i in
                metrics[i].byField.first { $0.field == field }.map { Double($0.coverage.unmet) }
            }
            kpi.field = field
            rows.append(kpi)
        }
        rows += [
            row("fit.mean", .fit, .higher, decimals: 2) { metrics[$0].fit.meanFit },
            row("fit.skill_over_required", .fit, .higher, decimals: 2) { metrics[$0].fit.meanSkillOverRequired },
            row("fit.years", .fit, .higher, decimals: 1) { metrics[$0].fit.meanYears },
            row("fit.language_share", .fit, .higher, decimals: 1, share: true) { metrics[$0].fit.languageMatchShare },
            row("travel.total_km", .travel, .lower) { metrics[$0].travel.totalKm },
            row("travel.median_km", .travel, .lower, decimals: 1) { metrics[$0].travel.medianKm },
            row("travel.max_km", .travel, .lower, decimals: 1) { metrics[$0].travel.maxKm },
        ]
        if let model {
            let expected = plans.map { model.expectedDistribution($0.roster.placements, scenario: $0.scenario) }
            let intervals = plans.map { model.expectedInterval($0.roster.placements, scenario: $0.scenario) }
            let ratings: [(Rating, Better)] = [(.excellent, .higher), (.good, .neither), (.completed, .lower)]
            for (rating, better) in ratings {
                var kpi = row("outcome.\(rating.rawValue)", .outcomes, better, decimals: 1) { expected[$0][rating] }
                kpi.rating = rating
                kpi.intervals = intervals.map { $0[rating].map { [$0.lowerBound, $0.upperBound] } }
                rows.append(kpi)
            }
        }
        return rows.map { kpi in
            var k = kpi
            // Rounded once here so that every output shows the same digits and JSON is stable.
            k.values = k.values.map { $0.map { Self.round($0, k.isShare ? k.decimals + 2 : k.decimals + 3) } }
            k.intervals = k.intervals?.map { $0?.map { Self.round($0, k.decimals + 3) } }
            let base = k.values.first ?? nil
            k.deltas = k.values.map { v in
                guard let v, let base else { return nil }
                return Self.round(v - base, k.isShare ? k.decimals + 2 : k.decimals + 3)
            }
            return k
        }
    }

    static func round(_ x: Double, _ decimals: Int) -> Double {
        let scale = pow(10, Double(decimals))
        let r = (x * scale).rounded() / scale
        return r == 0 ? 0 : r
    }

    // MARK: Moves and communes

    static func diff(base: ComparedPlan, variant: ComparedPlan) -> Diff {
        func posts(_ roster: Roster) -> [String: Set<Post>] {
            var out: [String: Set<Post>] = [:]
            for a in roster.assignments { out[a.cadre, default: []].insert(Post(commune: a.commune, field: a.field)) }
            return out
        }
        let before = posts(base.roster)
        let after = posts(variant.roster)
        let cadreByID = Dictionary(variant.scenario.cadres.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            .merging(base.scenario.cadres.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

        var moves: [Move] = []
        var unchanged = 0
        for id in Set(before.keys).union(after.keys).sorted() {
            let b = before[id] ?? []
            let a = after[id] ?? []
            if a == b {
                unchanged += 1
                continue
            }
            let kind: Move.Kind = b.isEmpty ? .joined : (a.isEmpty ? .left : .moved)
            let cadre = cadreByID[id]
            let touching = variant.changes.filter { c in
                c.key.hasPrefix("cadres.\(id).") || c.key == "cadres.\(id)"
                    || cadre.map { c.key.hasPrefix("departments.\($0.department).") } ?? false
            }
            moves.append(Move(
                cadre: id, cadreName: cadre?.name ?? id, department: cadre?.department ?? "", kind: kind,
                before: b.sorted(), after: a.sorted(),
                why: touching.map { Why(kind: .change, change: $0) }))
        }

        // Needs, in both scenarios, by commune.
        var count: [Post: (before: Int, after: Int)] = [:]
        for a in base.roster.assignments { count[Post(commune: a.commune, field: a.field), default: (0, 0)].before += 1 }
        for a in variant.roster.assignments { count[Post(commune: a.commune, field: a.field), default: (0, 0)].after += 1 }
        let desiredBefore = Dictionary(base.scenario.needs.map { (Post(commune: $0.commune, field: $0.field), $0.desired) },
                                       uniquingKeysWith: { a, _ in a })
        let desiredAfter = Dictionary(variant.scenario.needs.map { (Post(commune: $0.commune, field: $0.field), $0.desired) },
                                      uniquingKeysWith: { a, _ in a })
        let shortfalls = Dictionary(variant.roster.shortfalls.map { (Post(commune: $0.commune, field: $0.field), $0) },
                                    uniquingKeysWith: { a, _ in a })
        // Cadres who served a post in the base and no longer do: their departments' changes matter.
        var lostFrom: [Post: Set<String>] = [:]
        for a in base.roster.assignments where !(after[a.cadre] ?? []).contains(Post(commune: a.commune, field: a.field)) {
            lostFrom[Post(commune: a.commune, field: a.field), default: []].insert(a.cadre)
        }

        var byCommune: [String: [NeedChange]] = [:]
        for (post, n) in count where n.before != n.after {
            let lost = n.after < n.before
            var why: [Why] = []
            let departments = Set((lostFrom[post] ?? []).compactMap { cadreByID[$0]?.department })
            for c in variant.changes where Self.touches(c.key, post: post, departments: lost ? departments : [],
                                                        cadres: lost ? lostFrom[post] ?? [] : []) {
                why.append(Why(kind: .change, change: c))
            }
            // A need that loses help: rules binding it in the variant; one that gains: rules that
            // bound it in the base (the variant relaxed them, directly or not).
            let side = lost ? variant.explanation : base.explanation
            for f in side?.blocking(commune: post.commune, field: post.field) ?? [] {
                why.append(Why(kind: .bindingRule, rule: f.rule, recovered: f.recovered, inBase: !lost))
            }
            if why.isEmpty, !variant.changes.isEmpty {
                why.append(Why(kind: .knockOn))
            }
            if lost, let s = shortfalls[post] {
                why.append(Why(kind: .shortfall, reason: s.reason, detail: s.detail))
            }
            byCommune[post.commune, default: []].append(NeedChange(
                field: post.field, before: n.before, after: n.after, desiredBefore: desiredBefore[post] ?? 0,
                desiredAfter: desiredAfter[post] ?? 0, why: why))
        }
        let communes = Dictionary(base.scenario.communes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var hosted: [String: (Int, Int)] = [:]
        for (post, n) in count {
            hosted[post.commune, default: (0, 0)].0 += n.before
            hosted[post.commune, default: (0, 0)].1 += n.after
        }
        let changes = byCommune.keys.sorted().map { id in
            CommuneChange(
                commune: id, communeName: communes[id]?.name ?? id, before: hosted[id]?.0 ?? 0,
                after: hosted[id]?.1 ?? 0, needs: (byCommune[id] ?? []).sorted { $0.field < $1.field })
        }
        return Diff(column: variant.name, moves: moves, communes: changes, unchanged: unchanged)
    }

    /// Whether a changed key concerns a post: its need, commune or field, or (for a post that
    /// lost cadres) the departments and cadres it lost.
    static func touches(_ key: String, post: Post, departments: Set<String>, cadres: Set<String>) -> Bool {
        if key.hasPrefix("needs.\(post.commune)/\(post.field).") || key == "needs.\(post.commune)/\(post.field)" { return true }
        if key.hasPrefix("communes.\(post.commune).") { return true }
        if key == "fields.\(post.field)" || key.hasPrefix("fields.\(post.field).") { return true }
        if departments.contains(where: { key.hasPrefix("departments.\($0).") }) { return true }
        if cadres.contains(where: { key.hasPrefix("cadres.\($0).") || key == "cadres.\($0)" }) { return true }
        return false
    }

    // MARK: JSON

    /// `compare.json`: keys in snake case, sorted, so the file is byte-identical for the same plans.
    public static func json(_ comparison: Comparison) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        var data = try encoder.encode(comparison)
        data.append(0x0A)
        return data
    }
}
