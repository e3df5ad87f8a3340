import GLPK

/// The recommended roster: who goes where, what stays unmet and why, and how sure the solver is.
/// Everything in it is deterministic for a given scenario except the `seconds` of each stage.
public struct Roster: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable {
        /// Both stages proven optimal.
        case optimal
        /// A plan satisfying every hard rule, but not proven optimal (time limit, gap, interrupt).
        case feasible
        /// No plan was found.
        case none
    }

    public struct StageSummary: Sendable, Equatable, Codable {
        public var stage: Int
        public var objective: String
        public var termination: String
        public var provenOptimal: Bool
        /// The stage's own measure: weighted unmet need (stage 1) or total fit (stage 2).
        public var value: Double?
        /// What GLPK optimised, and what glpsol reports on the exported program:
        /// for stage 2, fit − unmet_need_penalty × weighted unmet need.
        public var programObjective: Double?
        public var unmetNeedPenalty: Double
        public var bestBound: Double?
        public var relativeGap: Double?
        public var lpRelaxation: Double?
        public var nodes: Int
        public var variables: Int
        public var constraints: Int
        public var seconds: Double
        /// `network_flow` or `branch_and_cut` (absent in rosters written before it existed).
        public var method: SolveMethod?

        public init(stage: Int, objective: String, termination: String, provenOptimal: Bool, value: Double?, programObjective: Double?, unmetNeedPenalty: Double, bestBound: Double?, relativeGap: Double?, lpRelaxation: Double?, nodes: Int, variables: Int, constraints: Int, seconds: Double, method: SolveMethod? = nil) {
            self.method = method
            self.stage = stage
            self.objective = objective
            self.termination = termination
            self.provenOptimal = provenOptimal
            self.value = value
            self.programObjective = programObjective
            self.unmetNeedPenalty = unmetNeedPenalty
            self.bestBound = bestBound
            self.relativeGap = relativeGap
            self.lpRelaxation = lpRelaxation
            self.nodes = nodes
            self.variables = variables
            self.constraints = constraints
            self.seconds = seconds
        }
    }

    public struct Assignment: Sendable, Equatable, Codable {
        public var cadre: String
        public var cadreName: String
        public var department: String
        public var category: String
        public var commune: String
        public var communeName: String
        public var field: String
        public var level: Int
        public var requiredLevel: Int
        public var years: Double
        public var homeCommune: String
        public var distanceKm: Double
        public var speaksLanguage: Bool
        public var pinned: Bool
        public var fit: Double
        /// Share of the cadre's time the assignment takes.
        public var workload: Double

        public init(cadre: String, cadreName: String, department: String, category: String, commune: String, communeName: String, field: String, level: Int, requiredLevel: Int, years: Double, homeCommune: String, distanceKm: Double, speaksLanguage: Bool, pinned: Bool, fit: Double, workload: Double = 1) {
            self.cadre = cadre
            self.cadreName = cadreName
            self.department = department
            self.category = category
            self.commune = commune
            self.communeName = communeName
            self.field = field
            self.level = level
            self.requiredLevel = requiredLevel
            self.years = years
            self.homeCommune = homeCommune
            self.distanceKm = distanceKm
            self.speaksLanguage = speaksLanguage
            self.pinned = pinned
            self.fit = fit
            self.workload = workload
        }
    }

    /// Why a need is not fully met, read off the model and the solution (never guessed).
    public enum Reason: String, Sendable, Codable {
        /// No cadre passes the hard rules for this need.
        case noEligibleCadre = "no_eligible_cadre"
        /// The commune already hosts as many cadres as it can.
        case hostingCapacity = "hosting_capacity"
        /// Eligible cadres are free, but their departments released as many as they may.
        case releaseCap = "release_cap"
        /// Every eligible cadre serves a need the objective weighs at least as high.
        case usedElsewhere = "eligible_cadres_used_elsewhere"
        /// Eligible cadres are free and nothing binds: the search stopped before using them.
        case searchStopped = "search_stopped"
    }

    public struct Shortfall: Sendable, Equatable, Codable {
        public var commune: String
        public var communeName: String
        public var field: String
        public var minimum: Int
        public var desired: Int
        public var assigned: Int
        public var missingBelowMinimum: Int
        public var missingBelowDesired: Int
        public var backlog: Int
        public var eligibleCadres: Int
        public var reason: Reason
        public var detail: String
        /// The need's unit; for `fte` and `files` the work asked for and covered.
        public var unit: NeedUnit
        public var desiredWork: Double
        public var coveredWork: Double

        public init(commune: String, communeName: String, field: String, minimum: Int, desired: Int, assigned: Int, missingBelowMinimum: Int, missingBelowDesired: Int, backlog: Int, eligibleCadres: Int, reason: Reason, detail: String, unit: NeedUnit = .cadres, desiredWork: Double? = nil, coveredWork: Double? = nil) {
            self.commune = commune
            self.communeName = communeName
            self.field = field
            self.minimum = minimum
            self.desired = desired
            self.assigned = assigned
            self.missingBelowMinimum = missingBelowMinimum
            self.missingBelowDesired = missingBelowDesired
            self.backlog = backlog
            self.eligibleCadres = eligibleCadres
            self.reason = reason
            self.detail = detail
            self.unit = unit
            self.desiredWork = desiredWork ?? Double(desired)
            self.coveredWork = coveredWork ?? Double(assigned)
        }
    }

    /// What the plan does under each programme rule that is on; nil fields are rules that are off.
    public struct RuleOutcome: Sendable, Equatable, Codable {
        public var budgetVnd: Double?
        public var spentVnd: Double?
        /// Cadres placed beyond commuting distance (each takes a bed), and the beds in all.
        public var lodged: Int?
        /// Communes with a seconded team, and the most allowed.
        public var teams: Int?
        public var maximumTeams: Int?
        public var teamMinimumSize: Int?
        /// Minority communes left without a speaker of their languages.
        public var communesWithoutSpeaker: [String]?
        /// "department: released r, floor f" for each department below its floor.
        public var departmentsBelowFloor: [String]?
    }

    public var scenario: String
    public var roundStart: String
    public var roundEnd: String
    public var status: Status
    public var stages: [StageSummary]
    public var assignments: [Assignment]
    public var shortfalls: [Shortfall]
    /// Absent when no programme rule is on (and in rosters written before rules existed).
    public var rules: RuleOutcome?

    public init(scenario: String, roundStart: String, roundEnd: String, status: Status, stages: [StageSummary], assignments: [Assignment], shortfalls: [Shortfall]) {
        self.scenario = scenario
        self.roundStart = roundStart
        self.roundEnd = roundEnd
        self.status = status
        self.stages = stages
        self.assignments = assignments
        self.shortfalls = shortfalls
    }
}

extension Roster.StageSummary {
    /// A stage as a roster keeps it: the solver's outcome in plain values.
    public init(_ o: StageOutcome) {
        self.init(
            stage: o.stage.rawValue,
            objective: o.stage == .unmetNeed ? "minimise weighted unmet need" : "maximise fit",
            termination: String(describing: o.termination), provenOptimal: o.isProvenOptimal,
            value: o.objective, programObjective: o.programObjective, unmetNeedPenalty: o.unmetNeedPenalty,
            bestBound: o.bestBound, relativeGap: o.relativeGap, lpRelaxation: o.lpRelaxation, nodes: o.nodes,
            variables: o.variables, constraints: o.constraints, seconds: o.seconds, method: o.method)
    }

    /// How the search of a stage that is not proven optimal ended, e.g. "stopped at the time
    /// limit"; nil when it is proven. Read from `termination`, which a roster keeps as GLPK's
    /// words so that roster.json stays readable on its own.
    public var earlyStop: String? {
        guard !provenOptimal else { return nil }
        if method == .pricedCore, termination == String(describing: Solution.Termination.optimal) {
            return "is optimal over the pairs the LP relaxation priced in, not proven against every pair"
        }
        switch termination {
        case String(describing: Solution.Termination.timeLimit): return "stopped at the time limit"
        case String(describing: Solution.Termination.interrupted): return "was stopped on request (Ctrl-C)"
        case String(describing: Solution.Termination.gapLimit): return "stopped at the accepted gap (solver.relative_gap)"
        default: return "stopped early (\(termination))"
        }
    }
}

extension Roster {
    public init(_ result: PlanResult) {
        let s = result.scenario
        let f = result.formulation
        let fieldName = Dictionary(s.fields.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })

        let status: Status = !result.hasPlan ? .none : (result.isProvenOptimal ? .optimal : .feasible)

        let stages = result.stages.map(StageSummary.init)

        let assignments = result.chosen.map { p -> Assignment in
            let pair = f.pairs[p]
            let cadre = s.cadres[f.cadres[pair.cadre].cadre]
            let need = s.needs[f.needs[pair.need].need]
            let commune = s.communes[f.needs[pair.need].commune]
            let skill = cadre.skill(in: need.field)
            return Assignment(
                cadre: cadre.id, cadreName: cadre.name, department: cadre.department,
                category: cadre.category.rawValue, commune: commune.id, communeName: commune.name,
                field: need.field, level: skill?.level ?? 0, requiredLevel: need.level, years: skill?.years ?? 0,
                homeCommune: cadre.homeCommune, distanceKm: pair.distanceKm, speaksLanguage: pair.speaksLanguage,
                pinned: pair.pinned, fit: pair.fit, workload: pair.workload)
        }.sorted { ($0.commune, $0.field, $0.cadre) < ($1.commune, $1.field, $1.cadre) }

        self.init(
            scenario: s.name, roundStart: s.round.start, roundEnd: s.round.end, status: status,
            stages: stages, assignments: assignments,
            shortfalls: status == .none ? [] : Self.shortfalls(result, fieldName: fieldName))
        if !f.rules.isEmpty, status != .none { rules = Self.ruleOutcome(result) }
    }

    /// The rules' figures for the chosen plan, read off the chosen pairs.
    static func ruleOutcome(_ result: PlanResult) -> RuleOutcome {
        let f = result.formulation
        let s = result.scenario
        let chosen = result.chosen.map { f.pairs[$0] }
        var outcome = RuleOutcome()
        if let budget = f.rules.budget {
            outcome.budgetVnd = budget.totalVnd
            outcome.spentVnd = chosen.reduce(0) { $0 + f.costVnd($1) }
        }
        if f.rules.lodging != nil { outcome.lodged = chosen.filter(\.needsLodging).count }
        if let teams = f.rules.teams {
            outcome.teams = Set(chosen.map { f.needs[$0.need].commune }).count
            outcome.maximumTeams = teams.maximumCommunes
            outcome.teamMinimumSize = teams.minimumSize
        }
        if f.rules.language != nil {
            let served = Set(chosen.filter(\.speaksLanguage).map { f.needs[$0.need].commune })
            let withNeeds = Set(f.needs.map(\.commune))
            outcome.communesWithoutSpeaker = f.languageCommunes
                .filter { withNeeds.contains($0) && !served.contains($0) }.map { s.communes[$0].id }
        }
        if !f.releaseBounds.isEmpty {
            var released = Array(repeating: Set<Int>(), count: s.departments.count)
            for pair in chosen { released[f.cadres[pair.cadre].department].insert(pair.cadre) }
            outcome.departmentsBelowFloor = s.departments.indices
                .filter { released[$0].count < f.releaseBounds[$0].floor }
                .map { "\(s.departments[$0].id): released \(released[$0].count), floor \(f.releaseBounds[$0].floor)" }
        }
        return outcome
    }

    /// Unmet needs with the constraint that keeps each one unmet, from the chosen plan.
    /// For a need nobody may serve: which rule stops the cadres who have the skill, e.g.
    /// " (3 with the skill: 2 live beyond policy.max_travel_km, 1 below the level)".
    static func blockingRules(_ need: Need, scenario s: Scenario) -> String {
        let index = ScenarioIndex(s)
        var counts: [Ineligibility: Int] = [:]
        for cadre in s.cadres where cadre.skill(in: need.field) != nil {
            if case .ineligible(let why) = Eligibility.check(cadre: cadre, need: need, scenario: s, index: index) {
                counts[why, default: 0] += 1
            }
        }
        guard !counts.isEmpty else { return " (no cadre has the skill)" }
        let wording: [Ineligibility: String] = [
            .unavailable: "unavailable", .wrongBranch: "of another branch", .levelTooLow: "below the level",
            .tooFar: "beyond policy.max_travel_km", .homeCommune: "living in the commune", .forbidden: "forbidden in pairs.csv",
            .noSkill: "without the skill",
        ]
        let parts = Ineligibility.allCases.compactMap { why in counts[why].map { "\($0) \(wording[why] ?? why.rawValue)" } }
        return " (\(counts.values.reduce(0, +)) with the skill: " + parts.joined(separator: ", ") + ")"
    }

    static func shortfalls(_ result: PlanResult, fieldName: [String: String]) -> [Shortfall] {
        let s = result.scenario
        let f = result.formulation
        let chosen = Set(result.chosen)
        var assignedToNeed = Array(repeating: 0, count: f.needs.count)
        var coveredWork = Array(repeating: 0.0, count: f.needs.count)
        var hostedIn = Array(repeating: 0, count: s.communes.count)
        var loadOfCadre = Array(repeating: 0, count: f.cadres.count)
        var timeOfCadre = Array(repeating: 0.0, count: f.cadres.count)
        var releasedBy = Array(repeating: 0, count: s.departments.count)
        var eligible = Array(repeating: [Int](), count: f.needs.count)   // pair indices
        for (p, pair) in f.pairs.enumerated() {
            eligible[pair.need].append(p)
            guard chosen.contains(p) else { continue }
            assignedToNeed[pair.need] += 1
            coveredWork[pair.need] += pair.contribution
            hostedIn[f.needs[pair.need].commune] += 1
            loadOfCadre[pair.cadre] += 1
            timeOfCadre[pair.cadre] += pair.workload
        }
        for (c, row) in f.cadres.enumerated() where loadOfCadre[c] > 0 { releasedBy[row.department] += 1 }

        var result: [Shortfall] = []
        for (n, row) in f.needs.enumerated() where coveredWork[n] < row.desiredWork - 1e-9 {
            let need = s.needs[row.need]
            let commune = s.communes[row.commune]
            let field = fieldName[need.field] ?? need.field
            let reason: Reason
            let detail: String
            // A cadre is free for this need when it has an assignment and the time to spare.
            let free = Set(eligible[n].filter { p in
                let c = f.pairs[p].cadre
                return !chosen.contains(p) && loadOfCadre[c] < f.cadres[c].capacity
                    && timeOfCadre[c] + f.pairs[p].workload <= f.cadres[c].timeShare + 1e-9
            }.map { f.pairs[$0].cadre })
            let candidates = Set(eligible[n].map { f.pairs[$0].cadre }).count
            if eligible[n].isEmpty {
                reason = .noEligibleCadre
                detail = "no cadre passes the hard rules for \(field) at level \(need.level) here"
                    + Self.blockingRules(need, scenario: s)
            } else if hostedIn[row.commune] >= f.hosting[row.commune] {
                reason = .hostingCapacity
                detail = "\(commune.name) already hosts \(hostedIn[row.commune]) cadres, its hosting capacity"
            } else if !free.isEmpty {
                let capped = Set(free.filter { loadOfCadre[$0] == 0 }.map { f.cadres[$0].department })
                    .filter { releasedBy[$0] >= f.releaseCaps[$0] }
                    .map { s.departments[$0].id }.sorted()
                if capped.isEmpty {
                    reason = .searchStopped
                    detail = "\(free.count) eligible cadre(s) are free: the search stopped before placing them"
                } else {
                    reason = .releaseCap
                    detail = "\(free.count) eligible cadre(s) are free but the release cap of "
                        + capped.joined(separator: ", ") + " is reached"
                }
            } else {
                reason = .usedElsewhere
                detail = "all \(candidates) eligible cadre(s) serve needs weighted at least as high"
            }
            // Work needs report missing work in headcount-equivalents (full-time cadres at the level).
            let perCadre = row.unit == .files ? s.policy.throughput(level: need.level) : 1
            func cadres(_ work: Double) -> Int { Int(max(0, (work / perCadre - 1e-9).rounded(.up))) }
            result.append(Shortfall(
                commune: commune.id, communeName: commune.name, field: need.field, minimum: row.minimum,
                desired: row.desired, assigned: assignedToNeed[n],
                missingBelowMinimum: cadres(row.minimumWork - coveredWork[n]),
                missingBelowDesired: cadres(row.desiredWork - coveredWork[n]), backlog: need.backlog,
                eligibleCadres: candidates, reason: reason, detail: detail, unit: row.unit,
                desiredWork: row.desiredWork, coveredWork: coveredWork[n]))
        }
        return result.sorted { ($0.commune, $0.field) < ($1.commune, $1.field) }
    }
}
