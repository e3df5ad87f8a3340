import Foundation

/// The data of the integer program, computed once from a validated scenario: which cadre may
/// serve which need, and what each pair is worth. The GLPK builder and the GMPL data export both
/// read this, so the Swift model and `models/cadreplan.mod` see the same numbers.
public struct Formulation: Sendable, Equatable {
    /// A (commune, field) need with its shortfall weight `w_n = field priority × need priority`.
    public struct NeedRow: Sendable, Equatable {
        public var need: Int          // index into scenario.needs
        public var commune: Int       // index into scenario.communes
        public var minimum: Int
        public var desired: Int
        public var weight: Double
        public var unit: NeedUnit
        /// The need in its unit: cadres, full-time equivalents or files per month.
        public var minimumWork: Double
        public var desiredWork: Double
        /// Penalty per unit of shortfall relative to one cadre: 1, or 1/throughput for files, so
        /// that a month's files count like the full-time cadre it takes to clear them.
        public var unitWeight: Double
    }

    /// A cadre that can serve at least one need.
    public struct CadreRow: Sendable, Equatable {
        public var cadre: Int         // index into scenario.cadres
        public var department: Int    // index into scenario.departments
        public var capacity: Int
        public var timeShare: Double
    }

    /// An eligible pair: the only assignments that become columns of the program.
    /// 48 bytes, not 80: 32-bit indices, the flags side by side, and nothing stored that can be
    /// derived (the cost, `Formulation.costVnd(_:)`). 1.4 million pairs nationally are written,
    /// copied into their parts and read by every builder, so their size is build time.
    public struct Pair: Sendable, Equatable {
        private var cadre32: Int32
        private var need32: Int32
        /// Index into `cadres`.
        public var cadre: Int {
            get { Int(cadre32) }
            set { cadre32 = Int32(newValue) }
        }
        /// Index into `needs`.
        public var need: Int {
            get { Int(need32) }
            set { need32 = Int32(newValue) }
        }
        /// Stage-2 fit: skill above the required level, experience, language, minus travel, plus
        /// the planner's score from pairs.csv.
        public var fit: Double
        public var distanceKm: Double
        /// Share of the cadre's time the assignment takes (default time share / capacity).
        public var workload: Double
        /// What the assignment covers of the need, in the need's unit.
        public var contribution: Double
        public var speaksLanguage: Bool
        public var pinned: Bool
        /// Beyond policy.lodging.commute_km: takes a bed in the host commune.
        public var needsLodging = false

        public init(
            cadre: Int, need: Int, fit: Double, distanceKm: Double, speaksLanguage: Bool, pinned: Bool,
            workload: Double, contribution: Double, needsLodging: Bool = false
        ) {
            cadre32 = Int32(cadre)
            need32 = Int32(need)
            self.fit = fit
            self.distanceKm = distanceKm
            self.speaksLanguage = speaksLanguage
            self.pinned = pinned
            self.needsLodging = needsLodging
            self.workload = workload
            self.contribution = contribution
        }
    }

    public var needs: [NeedRow]
    public var cadres: [CadreRow]
    public var pairs: [Pair]
    /// Hosting capacity per commune (index into scenario.communes).
    public var hosting: [Int]
    /// Release cap per department (index into scenario.departments).
    public var releaseCaps: [Int]
    public var weights: Weights
    /// The programme rules that are on (policy.budget, lodging, teams, language, fairness).
    public var rules = ProgrammeRules()
    /// Beds per commune for cadres beyond commuting distance (policy.lodging).
    public var lodging: [Int] = []
    /// Communes that must get a speaker of one of their languages (policy.language).
    public var languageCommunes: [Int] = []
    /// Release floor and ceiling per department, in cadres (policy.fairness).
    public var releaseBounds: [ProgrammeRules.Fairness.Release] = []

    /// Allowance and travel of `pair` in VND (policy.budget; 0 when the rule is off).
    public func costVnd(_ pair: Pair) -> Double {
        rules.budget?.cost(workload: pair.workload, distanceKm: pair.distanceKm) ?? 0
    }

    /// Most cadres department `d` may release: its cap, or policy.fairness's ceiling if lower.
    public func releaseLimit(_ d: Int) -> Int {
        min(releaseCaps[d], releaseBounds.isEmpty ? Int.max : releaseBounds[d].ceiling)
    }
}

/// Why a cadre cannot serve a need; the counts explain unmet needs in domain words.
public enum Ineligibility: String, Sendable, CaseIterable, Codable {
    case unavailable
    case wrongBranch = "wrong_branch"
    case noSkill = "no_skill"
    case levelTooLow = "level_too_low"
    case tooFar = "too_far"
    case homeCommune = "home_commune"
    case forbidden
}

public struct FormulationError: Error, Sendable, CustomStringConvertible {
    public var problems: [String]
    public var description: String { problems.joined(separator: "\n") }
}

extension Formulation {
    /// Builds the formulation. Throws when a pin breaks a hard rule: the planner must decide.
    public init(_ scenario: Scenario) throws(FormulationError) {
        let index = ScenarioIndex(scenario)
        var problems: [String] = []

        var needRows: [NeedRow] = []
        var needField: [Int] = []
        for (n, need) in scenario.needs.enumerated() {
            guard let m = index.commune[need.commune], let f = index.field[need.field] else { continue }
            needField.append(f)
            needRows.append(NeedRow(
                need: n, commune: m, minimum: need.minimum, desired: need.desired,
                weight: scenario.fields[f].priority * need.priority, unit: need.unit,
                minimumWork: need.minimumWork, desiredWork: need.desiredWork,
                unitWeight: need.unit == .files ? 1 / scenario.policy.throughput(level: need.level) : 1))
        }

        var pins = Set<PairKey>()
        var forbidden = Set<PairKey>()
        var tuning: [PairKey: PairRule] = [:]   // rows with a score or a workload
        for rule in scenario.pairs {
            let key = PairKey(cadre: rule.cadre, commune: rule.commune, field: rule.field)
            if rule.score != nil || rule.workload != nil { tuning[key] = rule }
            switch rule.allowed {
            case .pin: pins.insert(key)
            case .no: forbidden.insert(key)
            case .yes: break
            }
        }

        // Only needs in a cadre's skill fields and within reach can be eligible: look those up.
        let reach = NeedsWithinReach(
            needRows.indices.map { (needField[$0], needRows[$0].commune) }, fields: scenario.fields.count, scenario)
        let rules = scenario.policy.rules
        // Levels in a compact array: reading each candidate's from its `Need` (112 bytes, in no
        // particular order) missed the cache.
        let needLevel = needRows.map { scenario.needs[$0.need].level }

        var cadreRows: [CadreRow] = []
        var pairs: [Pair] = []
        // Room for every candidate: untouched capacity costs no memory, while growing the array
        // copied it and faulted in twice its pages (a third of the national formulation).
        pairs.reserveCapacity(min(reach.candidateBound(scenario, index), 1 << 22))
        var pinnedFound = Set<PairKey>()
        // Candidates as row << bits | skill: one Int each, sorted without a comparator (sorting
        // pairs of Ints by a closure was a tenth of the national formulation).
        var candidates: [Int] = []
        var travel = TravelTable(scenario)
        for (c, cadre) in scenario.cadres.enumerated() {
            guard cadre.available, let d = index.department[cadre.department] else { continue }
            // Pairs go straight into `pairs` (a per-cadre array copied 1.4 million pairs of 80
            // bytes nationally); the cadre gets a row only when it has one.
            let firstPair = pairs.count
            let home = index.commune[cadre.homeCommune]
            // The skill of each candidate comes with it, and fields of another branch are never
            // listed: the check below starts after the skill lookup and the branch test.
            candidates.removeAll(keepingCapacity: true)
            let bits = Int.bitWidth - cadre.skills.count.leadingZeroBitCount
            for (k, skill) in cadre.skills.enumerated() {
                guard let f = index.field[skill.field], scenario.fields[f].branch == scenario.departments[d].branch
                else { continue }
                reach.forEachCandidate(field: f, home: home) { candidates.append($0 << bits | k) }
            }
            // By need row; a field listed twice counts with its first skill, as `Cadre.skill(in:)`.
            candidates.sort()
            for (i, key) in candidates.enumerated() where i == 0 || candidates[i - 1] >> bits != key >> bits {
                let (r, k) = (key >> bits, key & ((1 << bits) - 1))
                let n = needRows[r].need
                let check = Eligibility.check(
                    cadre: cadre, skill: cadre.skills[k], home: home, level: needLevel[r],
                    commune: scenario.needs[n].commune, field: scenario.needs[n].field, host: needRows[r].commune,
                    scenario: scenario, forbidden: forbidden, travel: &travel)
                guard case .eligible(let fit, let km, let speaks) = check else { continue }
                // Most scenarios have no pairs.csv: then no key is hashed for each pair.
                let key = pins.isEmpty && tuning.isEmpty
                    ? nil : PairKey(cadre: cadre.id, commune: scenario.needs[n].commune, field: scenario.needs[n].field)
                let pinned = key.map { pins.contains($0) } ?? false
                if pinned, let key { pinnedFound.insert(key) }
                // A row naming the field wins over a row for the whole commune.
                let rule = key.flatMap { tuning[$0] ?? tuning[PairKey(cadre: cadre.id, commune: $0.commune, field: nil)] }
                let workload = rule?.workload ?? cadre.timeShare / Double(max(1, cadre.capacity))
                let score = rule?.score ?? 0
                let contribution: Double = switch needRows[r].unit {
                case .cadres: 1
                case .fte: workload
                case .files: workload * scenario.policy.throughput(level: cadre.skills[k].level)
                }
                pairs.append(Pair(
                    cadre: cadreRows.count, need: r, fit: Eligibility.rounded(fit + score), distanceKm: km,
                    speaksLanguage: speaks, pinned: pinned, workload: workload, contribution: contribution,
                    needsLodging: rules.lodging.map { km > $0.commuteKm } ?? false))
            }
            if pairs.count > firstPair {
                cadreRows.append(CadreRow(cadre: c, department: d, capacity: cadre.capacity,
                                          timeShare: cadre.timeShare))
            }
        }
        // A pin that produced no column either breaks a hard rule or names no need.
        for key in pins.subtracting(pinnedFound).sorted() {
            let target = "cadre \(key.cadre) to \(key.commune)/\(key.field ?? "?")"
            guard let c = index.cadre[key.cadre],
                let need = scenario.needs.first(where: { $0.commune == key.commune && $0.field == key.field })
            else {
                problems.append("pairs.csv: the pin of \(target) matches no need of that commune "
                    + "— fix: add the need to needs.csv or remove the pin")
                continue
            }
            let reason: String
            if case .ineligible(let why) = Eligibility.check(
                cadre: scenario.cadres[c], need: need, scenario: scenario, index: index, forbidden: forbidden)
            {
                reason = why.explanation
            } else {
                reason = "unknown"
            }
            problems.append("pairs.csv: the pin of \(target) breaks a hard rule (\(reason)) "
                + "— fix: remove the pin or relax the rule in scenario.yaml")
        }
        guard problems.isEmpty else { throw FormulationError(problems: problems) }

        self.init(
            needs: needRows, cadres: cadreRows, pairs: pairs,
            hosting: scenario.communes.map(\.hostingCapacity),
            releaseCaps: scenario.departments.map(\.releaseCap),
            weights: scenario.weights)
        self.rules = rules
        if let lodging = rules.lodging {
            self.lodging = scenario.communes.map { $0.lodgingCapacity ?? lodging.defaultCapacity }
        }
        if let language = rules.language {
            languageCommunes = scenario.communes.indices.filter {
                scenario.communes[$0].minorityShare >= language.minimumShare && !scenario.communes[$0].languages.isEmpty
            }
        }
        if let fairness = rules.fairness {
            releaseBounds = scenario.departments.map { fairness.bounds(headcount: $0.headcount) }
        }
    }
}

extension Formulation {
    /// Cadres whose workloads are not all the default share (time share / capacity): only they
    /// need a time row, since otherwise the capacity row implies it.
    public var timedCadres: [Bool] {
        var timed = Array(repeating: false, count: cadres.count)
        for pair in pairs {
            let row = cadres[pair.cadre]
            if abs(pair.workload - row.timeShare / Double(row.capacity)) > 1e-12 { timed[pair.cadre] = true }
        }
        return timed
    }

    /// An upper bound on total fit: every cadre in their `capacity` best-fitting posts (positive
    /// fits only), whatever the other rules allow.
    public var fitCeiling: Double {
        var fits = Array(repeating: [Double](), count: cadres.count)
        for pair in pairs where pair.fit > 0 { fits[pair.cadre].append(pair.fit) }
        return cadres.indices.reduce(0) { total, c in
            total + fits[c].sorted(by: >).prefix(cadres[c].capacity).reduce(0, +)
        }
    }

    /// A core of the pairs, for programs too large to hand whole to the simplex method: each
    /// need's `2·desired + 6` best-fitting cadres (all pairs of a need measured in work), each
    /// cadre's 3 best posts, the pins and the pairs of `plan`. Sorted pair indices. A need keeps
    /// `desired` pairs when it has them, so rows that read the number of a need's pairs (team[n])
    /// are the same in the core as in the whole program.
    public func corePairs(including plan: some Sequence<Int> = []) -> [Int] {
        var chosen = Set(plan)
        var byNeed = Array(repeating: [Int](), count: needs.count)
        var byCadre = Array(repeating: [Int](), count: cadres.count)
        for (p, pair) in pairs.enumerated() {
            byNeed[pair.need].append(p)
            byCadre[pair.cadre].append(p)
            if pair.pinned { chosen.insert(p) }
        }
        func best(_ list: [Int], _ k: Int) -> ArraySlice<Int> {
            list.sorted { (pairs[$0].fit, $1) > (pairs[$1].fit, $0) }.prefix(k)
        }
        for (n, need) in needs.enumerated() {
            chosen.formUnion(need.unit == .cadres ? best(byNeed[n], 2 * need.desired + 6) : byNeed[n][...])
        }
        for list in byCadre { chosen.formUnion(best(list, 3)) }
        return chosen.sorted()
    }

    /// Per commune, whether it is offered more pairs than it can host: only such a commune gets
    /// a hosting row, a node of its own in the flow network, and ties its needs into one part.
    var hostingBinds: [Bool] {
        var offered = Array(repeating: 0, count: hosting.count)
        for pair in pairs { offered[needs[pair.need].commune] += 1 }
        return hosting.indices.map { offered[$0] > hosting[$0] }
    }

    /// Per need, the most one eligible assignment can cover (0 when none is eligible).
    public var largestContribution: [Double] {
        var largest = Array(repeating: 0.0, count: needs.count)
        for pair in pairs { largest[pair.need] = max(largest[pair.need], pair.contribution) }
        return largest
    }
}

/// Needs per field, bucketed on a latitude/longitude grid of cells half as wide as the travel
/// limit allows, so a cadre looks only at the needs in the 5 × 5 cells around home: every other
/// need is provably too far. On a national scenario this cuts the eligibility checks ~40-fold.
struct NeedsWithinReach {
    /// Need rows per field index (used without a grid).
    private var byField: [[Int]]
    /// Need rows per field index and occupied cell.
    private var byCell: [[[Int]]] = []
    /// Cells per reach: a cadre looks at the (2·span + 1)² cells around home. Half-reach cells
    /// (5 × 5) cover 6.25 reach² around a disc of 3.14 reach², against 9 for reach-wide cells.
    static let span = 2
    /// Per occupied cell, the occupied cells of the block around it (itself included).
    private var around: [[Int]] = []
    /// Each commune's occupied cell.
    private var cellOfCommune: [Int] = []
    private let gridded: Bool

    /// `needs`: (field index, commune index) per need row; `fields`: how many fields there are.
    init(_ needs: [(field: Int, commune: Int)], fields: Int, _ scenario: Scenario) {
        byField = Array(repeating: [], count: fields)
        for (r, need) in needs.enumerated() { byField[need.field].append(r) }
        let communes = scenario.communes
        let maxLatitude = communes.map { abs($0.latitude) }.max() ?? 0
        let longitudes = communes.map(\.longitude)
        guard let limit = scenario.policy.maxTravelKm, scenario.policy.roadFactor > 0, maxLatitude < 80,
            communes.allSatisfy({ $0.latitude.isFinite && $0.longitude.isFinite }),
            (longitudes.max() ?? 0) - (longitudes.min() ?? 0) < 180
        else { gridded = false; return }
        // Cells a `NeedsWithinReach.span`-th of the reach wide, so that points whose cells are
        // more than `span` apart are beyond the limit, with the margin of Eligibility's latitude
        // test for the rounding to 0.1 km:
        // - great-circle km ≥ R·|Δφ| (radians);
        // - great-circle km ≥ 2R·cos(φ_max)·sin(|Δλ|/2), which grows with |Δλ| up to 180°, and
        //   longitudes span less than that. (The bound (2/π)·R·cos(φ_max)·|Δλ| used before made
        //   cells half as wide again, and a third more candidates to check.)
        let km = (limit * (1 + 1e-9) + 0.1) / scenario.policy.roadFactor
        let radius = Eligibility.earthRadiusKm
        let latStep = max(km / radius * 180 / .pi / Double(Self.span), 1e-6)
        let sine = km / (2 * radius * cos(maxLatitude * .pi / 180))
        guard sine < 1 else { gridded = false; return }
        let lonStep = max(2 * asin(sine) * 180 / .pi * (1 + 1e-9) / Double(Self.span), 1e-6)
        guard 180 / latStep < 1e6, 360 / lonStep < 1e6 else { gridded = false; return }
        gridded = true
        // Only occupied cells get a number, in a sorted array of their keys, and each cell its
        // neighbours once: the cadre loop then indexes arrays instead of hashing nine cells per
        // cadre and skill (a third of a small round's formulation went to hashing).
        let row = 4_000_000   // key = (lat cell + 2·10⁶) · row + lon cell + 2·10⁶; both cells under 10⁶
        let keys = communes.map {
            (Int(($0.latitude / latStep).rounded(.down)) + row / 2) * row + Int(($0.longitude / lonStep).rounded(.down)) + row / 2
        }
        let sorted = keys.sorted()
        let cells = sorted.indices.compactMap { $0 == 0 || sorted[$0] != sorted[$0 - 1] ? sorted[$0] : nil }
        func cell(_ key: Int) -> Int? {
            var (low, high) = (0, cells.count)
            while low < high {
                let mid = (low + high) / 2
                if cells[mid] < key { low = mid + 1 } else { high = mid }
            }
            return low < cells.count && cells[low] == key ? low : nil
        }
        cellOfCommune = keys.map { cell($0) ?? 0 }   // every key is among the cells
        around = cells.map { key in
            (-Self.span...Self.span).flatMap { dlat in
                (-Self.span...Self.span).compactMap { dlon in cell(key + dlat * row + dlon) }
            }
        }
        byCell = Array(repeating: Array(repeating: [], count: cells.count), count: fields)
        for (r, need) in needs.enumerated() { byCell[need.field][cellOfCommune[need.commune]].append(r) }
    }

    /// Calls `body` with each need row of field `field` (an index) that may be within reach of
    /// a cadre living in commune `home`, without building an array per cadre and skill.
    func forEachCandidate(field: Int, home: Int?, _ body: (Int) -> Void) {
        forEachCell(field: field, home: home) { $0.forEach(body) }
    }

    /// At least as many as the eligible pairs of `scenario`'s cadres: their candidates, counted
    /// from the cells' sizes without listing them.
    func candidateBound(_ scenario: Scenario, _ index: ScenarioIndex) -> Int {
        var total = 0
        for cadre in scenario.cadres where cadre.available {
            let home = index.commune[cadre.homeCommune]
            for skill in cadre.skills {
                guard let f = index.field[skill.field] else { continue }
                forEachCell(field: f, home: home) { total += $0.count }
            }
        }
        return total
    }

    /// The need rows of field `field` in each cell around `home` (all of them without a grid).
    private func forEachCell(field: Int, home: Int?, _ body: ([Int]) -> Void) {
        guard gridded, let home else { return body(byField[field]) }
        for cell in around[cellOfCommune[home]] { body(byCell[field][cell]) }
    }
}

struct PairKey: Hashable, Comparable {
    var cadre: String
    var commune: String
    var field: String?
    static func < (a: PairKey, b: PairKey) -> Bool {
        (a.cadre, a.commune, a.field ?? "") < (b.cadre, b.commune, b.field ?? "")
    }
}

/// Dictionaries from ids to positions, built once per scenario.
public struct ScenarioIndex: Sendable {
    public let field: [String: Int]
    public let commune: [String: Int]
    public let department: [String: Int]
    public let cadre: [String: Int]

    public init(_ scenario: Scenario) {
        func positions(_ ids: [String]) -> [String: Int] {
            Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
        field = positions(scenario.fields.map(\.id))
        commune = positions(scenario.communes.map(\.id))
        department = positions(scenario.departments.map(\.id))
        cadre = positions(scenario.cadres.map(\.id))
    }
}
