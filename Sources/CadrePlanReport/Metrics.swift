import CadrePlanCore
import Foundation

/// One cadre placed in one (commune, field): what both a roster and history.csv are made of.
/// Reducing both to placements lets one piece of code measure the plan and the history alike.
public struct Placement: Sendable, Hashable, Codable {
    public var cadre: String
    public var commune: String
    public var field: String
    public init(cadre: String, commune: String, field: String) {
        self.cadre = cadre
        self.commune = commune
        self.field = field
    }
}

extension Roster {
    /// The roster's assignments as placements, in roster order.
    public var placements: [Placement] {
        assignments.map { Placement(cadre: $0.cadre, commune: $0.commune, field: $0.field) }
    }
}

extension Scenario {
    /// The deployment as it really happened (history.csv), in file order.
    public var historyPlacements: [Placement] {
        history.map { Placement(cadre: $0.cadre, commune: $0.commune, field: $0.field) }
    }
}

/// What a single placement is made of, read straight from the scenario: skill against the level
/// asked, experience, travel and language. Shared by the metrics and the outcome model so that
/// both see the same numbers; it never fails on a placement that breaks a rule (history may).
public struct PlacementFacts: Sendable, Equatable {
    public var cadre: Cadre
    public var commune: Commune
    public var field: Field
    /// `nil` when the commune asked for nothing in this field (history may hold such rows).
    public var need: Need?
    /// The cadre's level in the field, 0 without the skill.
    public var level: Int
    /// The level the need asks; 1 (the lowest a need may ask) when there is no need.
    public var requiredLevel: Int
    public var years: Double
    /// Road km as `Eligibility.travelKm` computes it (great circle × road factor, 0.1 km).
    public var km: Double
    public var speaksLanguage: Bool
    public var isHomeCommune: Bool
    /// Stage-2 fit with the scenario's weights: the same formula and rounding as `Eligibility`.
    public var fit: Double

    public var skillOverRequired: Int { level - requiredLevel }
    public var isCivil: Bool { !cadre.category.isArmedForces }
}

/// Lookups over a scenario, built once per set of placements.
public struct PlacementLookup: Sendable {
    public let scenario: Scenario
    public let index: ScenarioIndex
    let needs: [String: Need]

    public init(_ scenario: Scenario) {
        self.scenario = scenario
        index = ScenarioIndex(scenario)
        needs = Dictionary(scenario.needs.map { (Self.key($0.commune, $0.field), $0) }, uniquingKeysWith: { a, _ in a })
    }

    static func key(_ commune: String, _ field: String) -> String { commune + "/" + field }

    public func need(_ commune: String, _ field: String) -> Need? { needs[Self.key(commune, field)] }

    /// The facts of a placement, or `nil` when it names an unknown cadre, commune or field.
    public func facts(_ p: Placement) -> PlacementFacts? {
        let s = scenario
        guard let c = index.cadre[p.cadre], let m = index.commune[p.commune], let f = index.field[p.field]
        else { return nil }
        let cadre = s.cadres[c]
        let host = s.communes[m]
        let need = need(p.commune, p.field)
        let skill = cadre.skill(in: p.field)
        let km = index.commune[cadre.homeCommune].map {
            Eligibility.travelKm(from: s.communes[$0], to: host, roadFactor: s.policy.roadFactor)
        } ?? 0
        let speaks = !Set(cadre.languages).isDisjoint(with: host.languages)
        let level = skill?.level ?? 0
        let required = need?.level ?? 1
        let years = skill?.years ?? 0
        let w = s.weights
        let fit = w.skillLevel * Double(level - required) + w.experienceYear * min(years, w.experienceCapYears)
            + (speaks ? w.language : 0) - w.travelPer100Km * km / 100
        return PlacementFacts(
            cadre: cadre, commune: host, field: s.fields[f], need: need, level: level, requiredLevel: required,
            years: years, km: km, speaksLanguage: speaks, isHomeCommune: cadre.homeCommune == host.id,
            fit: Eligibility.rounded(fit))
    }
}

/// Metrics of a deployment, computed by the same code for history and for a plan, so that a
/// difference between the two columns of a report is a difference in the deployments.
public struct PlanMetrics: Sendable, Equatable, Codable {
    /// Cadres asked for and cadres given. A need never counts more than it asked for.
    public struct Coverage: Sendable, Equatable, Codable {
        public var needs: Int = 0
        public var desired: Int = 0
        public var minimum: Int = 0
        /// Placements counted against needs, at most `desired` per need.
        public var assigned: Int = 0
        /// Placements beyond a need's desired number (they help no one in this count).
        public var surplus: Int = 0
        public var unmet: Int { desired - assigned }
        public var unmetBelowMinimum: Int = 0
        /// Needs that got nobody at all.
        public var needsWithoutHelp: Int = 0
        public var share: Double { desired == 0 ? 1 : Double(assigned) / Double(desired) }

        public init() {}

        mutating func add(_ need: Need, placed: Int) {
            needs += 1
            desired += need.desired
            minimum += need.minimum
            assigned += min(placed, need.desired)
            surplus += max(0, placed - need.desired)
            unmetBelowMinimum += max(0, need.minimum - placed)
            if placed == 0 { needsWithoutHelp += 1 }
        }

        enum CodingKeys: String, CodingKey {
            case needs, desired, minimum, assigned, surplus, unmet, unmetBelowMinimum, needsWithoutHelp, share
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            needs = try c.decode(Int.self, forKey: .needs)
            desired = try c.decode(Int.self, forKey: .desired)
            minimum = try c.decode(Int.self, forKey: .minimum)
            assigned = try c.decode(Int.self, forKey: .assigned)
            surplus = try c.decode(Int.self, forKey: .surplus)
            unmetBelowMinimum = try c.decode(Int.self, forKey: .unmetBelowMinimum)
            needsWithoutHelp = try c.decode(Int.self, forKey: .needsWithoutHelp)
        }

        /// Derived values are written too, so that a JSON reader need not recompute them.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(needs, forKey: .needs)
            try c.encode(desired, forKey: .desired)
            try c.encode(minimum, forKey: .minimum)
            try c.encode(assigned, forKey: .assigned)
            try c.encode(surplus, forKey: .surplus)
            try c.encode(unmet, forKey: .unmet)
            try c.encode(unmetBelowMinimum, forKey: .unmetBelowMinimum)
            try c.encode(needsWithoutHelp, forKey: .needsWithoutHelp)
            try c.encode(share, forKey: .share)
        }
    }

    public struct FieldCoverage: Sendable, Equatable, Codable {
        public var field: String
        public var priority: Double
        public var coverage: Coverage
    }

    public struct CommuneCoverage: Sendable, Equatable, Codable {
        public var commune: String
        public var coverage: Coverage
        /// Placements in the commune (all of them, as the hosting capacity counts them).
        public var hosted: Int
        public var hostingCapacity: Int
        /// Fields the commune asked for and got nobody in, sorted by priority, highest first.
        public var fieldsWithoutHelp: [String]
    }

    /// A need in a hot field (field priority ≥ `hotFieldPriority`) that got nobody at all.
    public struct HotFieldGap: Sendable, Equatable, Codable, Hashable {
        public var commune: String
        public var field: String
    }

    public struct Fit: Sendable, Equatable, Codable {
        /// Placements measured: those naming a known cadre, commune and field.
        public var placements: Int
        /// Mean of (cadre's level − level required); a cadre without the skill counts level 0.
        public var meanSkillOverRequired: Double?
        public var meanYears: Double?
        /// Placements below the level the need asks (history may have them).
        public var belowRequiredLevel: Int
        /// Placements in communes with `minority_share ≥ minorityThreshold`.
        public var minorityCommunePlacements: Int
        /// …of which the cadre speaks a language of the commune.
        public var languageMatches: Int
        public var languageMatchShare: Double?
        /// Mean stage-2 fit score (skill, experience, language, travel with the scenario's weights).
        public var meanFit: Double?
    }

    public struct Travel: Sendable, Equatable, Codable {
        public var totalKm: Double
        public var medianKm: Double?
        public var maxKm: Double?
        /// Placements in the cadre's home commune.
        public var homeCommune: Int
        /// Placement counts by distance band; `bandEdgesKm` gives the lower edges.
        public var bands: [Int]
    }

    public struct DepartmentLoad: Sendable, Equatable, Codable {
        public var department: String
        /// Distinct cadres of the department placed.
        public var released: Int
        public var headcount: Int
        public var releaseCap: Int
        public var shareOfHeadcount: Double
    }

    /// Which hard rule a deployment breaks, in planner words.
    public enum Rule: String, Sendable, Equatable, Codable, CaseIterable {
        case unknownReference = "unknown_reference"
        case noNeed = "no_such_need"
        case unavailable = "cadre_unavailable"
        case wrongBranch = "wrong_branch"
        case skillBelowLevel = "skill_below_level"
        case homeCommune = "home_commune"
        case tooFar = "too_far"
        case forbiddenPair = "forbidden_pair"
        case cadreCapacity = "cadre_capacity"
        case hostingCapacity = "hosting_capacity"
        case aboveDesired = "above_desired"
        case releaseCap = "release_cap"
        case pinIgnored = "pin_not_honoured"

        /// Rules broken by one placement (the others are broken by a cadre, commune, need or department).
        public var isPerPlacement: Bool {
            switch self {
            case .unknownReference, .noNeed, .unavailable, .wrongBranch, .skillBelowLevel, .homeCommune, .tooFar,
                .forbiddenPair: true
            case .cadreCapacity, .hostingCapacity, .aboveDesired, .releaseCap, .pinIgnored: false
            }
        }
    }

    public struct RuleBreak: Sendable, Equatable, Codable {
        public var rule: Rule
        /// Placements (per-placement rules) or cadres, communes, needs, departments, pins breaking it.
        public var count: Int
        /// The first few, sorted, e.g. "cv001 → 24697/land" or "commune 24697: 14 > 12".
        public var examples: [String]
    }

    /// Fields at or above this priority are "hot": a commune left with nobody in one is listed.
    public static let hotFieldPriority = 3.0
    /// Communes at or above this ethnic-minority share count for the language fit.
    public static let minorityThreshold = 0.3
    /// Lower edges of the travel bands, km.
    public static let bandEdgesKm: [Double] = [0, 25, 50, 100, 150, 200, 250]

    public var placements: Int
    public var cadres: Int
    public var civilPlacements: Int
    public var coverage: Coverage
    /// Fields with at least one need, by priority (highest first), then desired (most first), then id.
    public var byField: [FieldCoverage]
    /// Communes in scenario order.
    public var byCommune: [CommuneCoverage]
    public var hotFieldGaps: [HotFieldGap]
    public var communesWithHotFieldGap: Int
    public var fit: Fit
    public var travel: Travel
    public var departments: [DepartmentLoad]
    /// Communes hosting more than their capacity.
    public var communesOverCapacity: Int
    public var ruleBreaks: [RuleBreak]
    /// Placements breaking at least one per-placement rule.
    public var placementsBreakingRules: Int

    public init(_ placements: [Placement], scenario s: Scenario) {
        let lookup = PlacementLookup(s)
        let facts = placements.map { lookup.facts($0) }
        let known = facts.compactMap { $0 }
        let fieldByID = Dictionary(s.fields.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

        var placedAt: [String: Int] = [:]
        var hosted: [String: Int] = [:]
        var load: [String: Int] = [:]
        for p in placements {
            placedAt[PlacementLookup.key(p.commune, p.field), default: 0] += 1
            hosted[p.commune, default: 0] += 1
            load[p.cadre, default: 0] += 1
        }

        // Coverage.
        var total = Coverage()
        var byField: [String: Coverage] = [:]
        var byCommune: [String: Coverage] = [:]
        var gapsByCommune: [String: [Field]] = [:]
        var gaps: [HotFieldGap] = []
        for need in s.needs {
            let placed = placedAt[PlacementLookup.key(need.commune, need.field)] ?? 0
            total.add(need, placed: placed)
            byField[need.field, default: Coverage()].add(need, placed: placed)
            byCommune[need.commune, default: Coverage()].add(need, placed: placed)
            if placed == 0, let field = fieldByID[need.field] {
                gapsByCommune[need.commune, default: []].append(field)
                if field.priority >= Self.hotFieldPriority { gaps.append(HotFieldGap(commune: need.commune, field: need.field)) }
            }
        }
        self.placements = placements.count
        cadres = Set(placements.map(\.cadre)).count
        civilPlacements = known.filter(\.isCivil).count
        coverage = total
        self.byField = s.fields.compactMap { f in
            byField[f.id].map { FieldCoverage(field: f.id, priority: f.priority, coverage: $0) }
        }.sorted { a, b in
            (a.priority, a.coverage.desired, b.field) > (b.priority, b.coverage.desired, a.field)
        }
        self.byCommune = s.communes.map { c in
            CommuneCoverage(
                commune: c.id, coverage: byCommune[c.id] ?? Coverage(), hosted: hosted[c.id] ?? 0,
                hostingCapacity: c.hostingCapacity,
                fieldsWithoutHelp: (gapsByCommune[c.id] ?? []).sorted { ($0.priority, $1.id) > ($1.priority, $0.id) }.map(\.id))
        }
        hotFieldGaps = gaps.sorted { ($0.commune, $0.field) < ($1.commune, $1.field) }
        communesWithHotFieldGap = Set(gaps.map(\.commune)).count

        // Fit and travel, over placements that name known ids.
        let minority = known.filter { $0.commune.minorityShare >= Self.minorityThreshold }
        let matches = minority.filter(\.speaksLanguage).count
        fit = Fit(
            placements: known.count,
            meanSkillOverRequired: Self.mean(known.map { Double($0.skillOverRequired) }),
            meanYears: Self.mean(known.map(\.years)),
            belowRequiredLevel: known.filter { $0.level < $0.requiredLevel }.count,
            minorityCommunePlacements: minority.count, languageMatches: matches,
            languageMatchShare: minority.isEmpty ? nil : Double(matches) / Double(minority.count),
            meanFit: Self.mean(known.map(\.fit)))
        let km = known.map(\.km).sorted()
        var bands = Array(repeating: 0, count: Self.bandEdgesKm.count)
        for d in km { bands[Self.band(of: d)] += 1 }
        travel = Travel(
            totalKm: (km.reduce(0, +) * 10).rounded() / 10, medianKm: Self.median(km), maxKm: km.last,
            homeCommune: known.filter(\.isHomeCommune).count, bands: bands)

        // Load.
        var released: [String: Set<String>] = [:]
        for f in known { released[f.cadre.department, default: []].insert(f.cadre.id) }
        departments = s.departments.map { d in
            let n = released[d.id]?.count ?? 0
            return DepartmentLoad(department: d.id, released: n, headcount: d.headcount, releaseCap: d.releaseCap,
                                  shareOfHeadcount: d.headcount > 0 ? Double(n) / Double(d.headcount) : 0)
        }
        communesOverCapacity = self.byCommune.filter { $0.hosted > $0.hostingCapacity }.count

        // Hard rules, checked straight from the scenario as RosterAudit does.
        var broken: [Rule: [String]] = [:]
        var breaking = 0
        let forbidden = s.pairs.filter { $0.allowed == .no }
        for (p, f) in zip(placements, facts) {
            let at = "\(p.cadre) → \(p.commune)/\(p.field)"
            var rules: [Rule] = []
            if let f {
                if f.need == nil { rules.append(.noNeed) }
                if !f.cadre.available { rules.append(.unavailable) }
                if let d = lookup.index.department[f.cadre.department], s.departments[d].branch != f.field.branch {
                    rules.append(.wrongBranch)
                }
                if f.level < f.requiredLevel, f.need != nil { rules.append(.skillBelowLevel) }
                if f.isHomeCommune && !s.policy.allowHomeCommune { rules.append(.homeCommune) }
                if let limit = s.policy.maxTravelKm, f.km > limit { rules.append(.tooFar) }
                if forbidden.contains(where: { $0.cadre == p.cadre && $0.commune == p.commune
                    && ($0.field == nil || $0.field == "" || $0.field == p.field) }) {
                    rules.append(.forbiddenPair)
                }
            } else {
                rules.append(.unknownReference)
            }
            if !rules.isEmpty { breaking += 1 }
            for r in rules { broken[r, default: []].append(at) }
        }
        for c in s.cadres where (load[c.id] ?? 0) > c.capacity {
            broken[.cadreCapacity, default: []].append("cadre \(c.id): \(load[c.id] ?? 0) > \(c.capacity)")
        }
        for c in self.byCommune where c.hosted > c.hostingCapacity {
            broken[.hostingCapacity, default: []].append("commune \(c.commune): \(c.hosted) > \(c.hostingCapacity)")
        }
        for need in s.needs {
            let placed = placedAt[PlacementLookup.key(need.commune, need.field)] ?? 0
            if placed > need.desired {
                broken[.aboveDesired, default: []].append("need \(need.commune)/\(need.field): \(placed) > \(need.desired)")
            }
        }
        for d in departments where d.released > d.releaseCap {
            broken[.releaseCap, default: []].append("department \(d.department): \(d.released) > \(d.releaseCap)")
        }
        let placedSet = Set(placements)
        for rule in s.pairs where rule.allowed == .pin {
            let p = Placement(cadre: rule.cadre, commune: rule.commune, field: rule.field ?? "")
            if !placedSet.contains(p) { broken[.pinIgnored, default: []].append("pin \(p.cadre) → \(p.commune)/\(p.field)") }
        }
        ruleBreaks = Rule.allCases.compactMap { rule in
            guard let list = broken[rule], !list.isEmpty else { return nil }
            return RuleBreak(rule: rule, count: list.count, examples: Array(list.sorted().prefix(5)))
        }
        placementsBreakingRules = breaking
    }

    /// The band index of a distance: the last band whose lower edge is ≤ km.
    public static func band(of km: Double) -> Int {
        max(0, (bandEdgesKm.lastIndex { $0 <= km }) ?? 0)
    }

    static func mean(_ xs: [Double]) -> Double? {
        xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count)
    }

    static func median(_ sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }
}
