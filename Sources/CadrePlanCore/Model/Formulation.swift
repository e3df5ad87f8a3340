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
    }

    /// A cadre that can serve at least one need.
    public struct CadreRow: Sendable, Equatable {
        public var cadre: Int         // index into scenario.cadres
        public var department: Int    // index into scenario.departments
        public var capacity: Int
    }

    /// An eligible pair: the only assignments that become columns of the program.
    public struct Pair: Sendable, Equatable {
        public var cadre: Int         // index into `cadres`
        public var need: Int          // index into `needs`
        /// Stage-2 fit: skill above the required level, experience, language, minus travel.
        public var fit: Double
        public var distanceKm: Double
        public var speaksLanguage: Bool
        public var pinned: Bool
    }

    public var needs: [NeedRow]
    public var cadres: [CadreRow]
    public var pairs: [Pair]
    /// Hosting capacity per commune (index into scenario.communes).
    public var hosting: [Int]
    /// Release cap per department (index into scenario.departments).
    public var releaseCaps: [Int]
    public var weights: Weights
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
        for (n, need) in scenario.needs.enumerated() {
            guard let m = index.commune[need.commune], let f = index.field[need.field] else { continue }
            needRows.append(NeedRow(
                need: n, commune: m, minimum: need.minimum, desired: need.desired,
                weight: scenario.fields[f].priority * need.priority))
        }

        var pins = Set<PairKey>()
        var forbidden = Set<PairKey>()
        for rule in scenario.pairs {
            let key = PairKey(cadre: rule.cadre, commune: rule.commune, field: rule.field)
            switch rule.allowed {
            case .pin: pins.insert(key)
            case .no: forbidden.insert(key)
            case .yes: break
            }
        }

        // Only needs in a cadre's skill fields can be eligible: look those up, not every need.
        var needsByField: [String: [Int]] = [:]
        for (r, row) in needRows.enumerated() {
            needsByField[scenario.needs[row.need].field, default: []].append(r)
        }

        var cadreRows: [CadreRow] = []
        var pairs: [Pair] = []
        var pinnedFound = Set<PairKey>()
        for (c, cadre) in scenario.cadres.enumerated() {
            guard let d = index.department[cadre.department] else { continue }
            var cadrePairs: [Pair] = []
            for r in Set(cadre.skills.flatMap { needsByField[$0.field] ?? [] }).sorted() {
                let need = scenario.needs[needRows[r].need]
                let check = Eligibility.check(cadre: cadre, need: need, scenario: scenario, index: index,
                                              forbidden: forbidden)
                guard case .eligible(let fit, let km, let speaks) = check else { continue }
                let key = PairKey(cadre: cadre.id, commune: need.commune, field: need.field)
                let pinned = pins.contains(key)
                if pinned { pinnedFound.insert(key) }
                cadrePairs.append(Pair(cadre: cadreRows.count, need: r, fit: fit, distanceKm: km,
                                       speaksLanguage: speaks, pinned: pinned))
            }
            if !cadrePairs.isEmpty {
                cadreRows.append(CadreRow(cadre: c, department: d, capacity: cadre.capacity))
                pairs += cadrePairs
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
