import Foundation
import GLPK

/// How far `Explanation.explain` may go: every relaxation is a stage-1 re-solve, so the number
/// of re-solves and the time of each are bounded.
public struct ExplanationOptions: Sendable, Equatable {
    /// Most rules re-solved; the most promising binding rules go first.
    public var maxResolves: Int
    /// Seconds per re-solve; a re-solve that hits it reports what it found, marked not proven.
    public var secondsPerResolve: Double?
    /// A capped rule (release cap, hosting capacity) is relaxed to its limit plus this.
    public var capIncrease: Int

    public init(maxResolves: Int = 6, secondsPerResolve: Double? = 60, capIncrease: Int = 1) {
        self.maxResolves = maxResolves
        self.secondsPerResolve = secondsPerResolve
        self.capIncrease = capIncrease
    }
}

/// Why needs stay unmet, read off the solve itself: which hard rules bind in the plan, and for
/// each (within a budget) how much weighted unmet need the stage-1 optimum would recover if that
/// one rule alone were relaxed. Relaxing a rule only enlarges the feasible set, so the recovered
/// amount is exact when the re-solve is proven optimal, never a guess.
public struct Explanation: Sendable, Equatable, Codable {
    public enum RuleKind: String, Sendable, Codable, CaseIterable, Comparable {
        /// A department released as many cadres as its `release_cap`.
        case releaseCap = "release_cap"
        /// A commune hosts as many cadres as its `hosting_capacity`.
        case hostingCapacity = "hosting_capacity"
        /// `policy.max_travel_km` keeps cadres away from needs.
        case travelLimit = "travel_limit"
        /// The required skill levels of a field's needs keep cadres away.
        case skillLevel = "skill_level"

        public static func < (a: RuleKind, b: RuleKind) -> Bool {
            allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
        }
    }

    /// One hard rule and how it was relaxed for the re-solve.
    public struct Rule: Sendable, Hashable, Codable {
        public var kind: RuleKind
        /// Department id, commune id or field id; empty for the travel limit.
        public var subject: String
        /// The limit in the plan: the cap, the capacity, the km; for skill levels the highest
        /// level the field's unmet needs require.
        public var limit: Double?
        /// The limit in the re-solve; nil = lifted (travel) or one level lower (skill).
        public var relaxedTo: Double?

        public init(kind: RuleKind, subject: String, limit: Double?, relaxedTo: Double?) {
            self.kind = kind
            self.subject = subject
            self.limit = limit
            self.relaxedTo = relaxedTo
        }
    }

    /// A need whose staffing changes in the re-solve.
    public struct NeedChange: Sendable, Equatable, Codable {
        public var commune: String
        public var field: String
        public var assignedBefore: Int
        public var assignedAfter: Int
        /// Weighted unmet need of this need recovered (negative: it gives some up).
        public var recovered: Double

        public init(commune: String, field: String, assignedBefore: Int, assignedAfter: Int, recovered: Double) {
            self.commune = commune
            self.field = field
            self.assignedBefore = assignedBefore
            self.assignedAfter = assignedAfter
            self.recovered = recovered
        }
    }

    /// The result of re-solving stage 1 with one rule relaxed.
    public struct Finding: Sendable, Equatable, Codable {
        public var rule: Rule
        /// Stage-1 optimum minus the relaxed one; nil when the re-solve found no plan.
        public var recovered: Double?
        /// The relaxed re-solve was proven optimal (else `recovered` is a lower bound).
        public var proven: Bool
        /// GLPK's termination of the re-solve, in words.
        public var termination: String
        /// Needs that gain or lose staff, most recovered first.
        public var needs: [NeedChange]

        public init(rule: Rule, recovered: Double?, proven: Bool, termination: String, needs: [NeedChange]) {
            self.rule = rule
            self.recovered = recovered
            self.proven = proven
            self.termination = termination
            self.needs = needs
        }

        /// The rule blocks need: relaxing it alone gets that need more staff.
        public var helps: Bool { (recovered ?? 0) > Explanation.tolerance }
    }

    /// The stage-1 optimum: weighted unmet need no plan can beat under the scenario's rules.
    public var unmetNeed: Double
    /// Weighted unmet need of the plan explained (equal to `unmetNeed` for an optimal plan).
    public var planUnmetNeed: Double
    /// Rules the plan meets exactly and whose relaxation could matter.
    public var binding: [Rule]
    /// Re-solved rules, those recovering the most first.
    public var findings: [Finding]
    /// Binding rules left out by `ExplanationOptions.maxResolves`.
    public var notResolved: [Rule]

    public init(unmetNeed: Double, planUnmetNeed: Double, binding: [Rule], findings: [Finding], notResolved: [Rule]) {
        self.unmetNeed = unmetNeed
        self.planUnmetNeed = planUnmetNeed
        self.binding = binding
        self.findings = findings
        self.notResolved = notResolved
    }

    /// Differences below this are solver noise (weights are ≥ 1e-3 in practice).
    public static let tolerance = 1e-6

    /// Findings whose relaxation gets `commune`/`field` more staff, most recovered first.
    public func blocking(commune: String, field: String) -> [Finding] {
        findings.filter { f in
            f.helps && f.needs.contains { $0.commune == commune && $0.field == field && $0.assignedAfter > $0.assignedBefore }
        }
    }
}

public enum ExplanationError: Error, Sendable, CustomStringConvertible {
    case plan(PlanError)
    /// The roster breaks the scenario's rules: it was solved for another scenario.
    case rosterDoesNotFit([String])

    public var description: String {
        switch self {
        case .plan(let e): e.description
        case .rosterDoesNotFit(let problems):
            "The roster does not fit the scenario (was it solved for another one?):\n"
                + problems.prefix(10).map { "  " + $0 }.joined(separator: "\n")
                + (problems.count > 10 ? "\n  … and \(problems.count - 10) more" : "")
                + "\n— fix: give the scenario the roster was solved for, or solve the scenario again"
        }
    }
}

extension Explanation {
    /// Explains the unmet needs of `roster`, a plan of `scenario`.
    public static func explain(
        _ scenario: Scenario, roster: Roster, options: ExplanationOptions = ExplanationOptions()
    ) throws(ExplanationError) -> Explanation {
        let engine = try Engine(scenario, roster: roster, options: options)
        return try engine.run()
    }

    /// The working state of one explanation.
    struct Engine: Sendable {
        let scenario: Scenario
        let options: ExplanationOptions
        let formulation: Formulation
        /// Plan pairs as (scenario cadre index, scenario need index).
        let planPairs: Set<PairID>
        let assigned: [Int]        // per scenario need
        let unmet: [Double]        // weighted unmet need per scenario need, in the plan
        let planUnmet: Double
        let optimum: Double

        struct PairID: Hashable {
            var cadre: Int
            var need: Int
        }

        init(_ s: Scenario, roster: Roster, options: ExplanationOptions) throws(ExplanationError) {
            scenario = s
            self.options = options
            do { formulation = try Formulation(s) } catch { throw .plan(.formulation(error)) }
            let f = formulation
            let index = ScenarioIndex(s)
            let needIndex = Dictionary(s.needs.enumerated().map { ("\($1.commune)/\($1.field)", $0) },
                                       uniquingKeysWith: { a, _ in a })
            var pairs = Set<PairID>()
            var problems: [String] = []
            var counts = Array(repeating: 0, count: s.needs.count)
            for a in roster.assignments {
                guard let c = index.cadre[a.cadre], let n = needIndex["\(a.commune)/\(a.field)"] else {
                    problems.append("\(a.cadre) → \(a.commune)/\(a.field): unknown cadre or need")
                    continue
                }
                pairs.insert(PairID(cadre: c, need: n))
                counts[n] += 1
            }
            let eligible = Set(f.pairs.map { PairID(cadre: f.cadres[$0.cadre].cadre, need: f.needs[$0.need].need) })
            for pair in pairs.sorted(by: { ($0.cadre, $0.need) < ($1.cadre, $1.need) }) where !eligible.contains(pair) {
                let need = s.needs[pair.need]
                problems.append("\(s.cadres[pair.cadre].id) → \(need.commune)/\(need.field): not an eligible pair")
            }
            guard problems.isEmpty else { throw .rosterDoesNotFit(problems) }
            planPairs = pairs
            assigned = counts

            // The plan's own shortfalls: stage 1 with every assignment fixed to the plan.
            var program: CadreProgram
            do { program = try CadreProgram(f, scenario: s, stage: .unmetNeed) } catch { throw .plan(.model(error)) }
            do {
                for (p, pair) in f.pairs.enumerated() {
                    let id = PairID(cadre: f.cadres[pair.cadre].cadre, need: f.needs[pair.need].need)
                    try program.model.setBounds(program.assign[p], .exactly(pairs.contains(id) ? 1 : 0))
                }
            } catch { throw .plan(.model(error)) }
            let fixed = try Self.solve(program, seconds: nil)
            guard fixed.point == .feasible, let value = fixed.objective else {
                throw .rosterDoesNotFit(RosterAudit.violations(roster, scenario: s).nonEmpty
                    ?? ["the plan breaks a capacity, hosting or release rule, or misses a pin"])
            }
            unmet = Self.unmetByNeed(program, fixed, f, needCount: s.needs.count)
            planUnmet = value

            // The optimum: the roster's own stage 1 when proven, else solved here.
            if let stage = roster.stages.first, stage.provenOptimal, let z = stage.value, abs(z - value) <= 1e-6 * max(1, abs(z)) {
                optimum = z
            } else {
                var free: CadreProgram
                do { free = try CadreProgram(f, scenario: s, stage: .unmetNeed) } catch { throw .plan(.model(error)) }
                let best = try Self.solve(free, seconds: s.solver.timeLimit)
                optimum = min(value, best.objective ?? value)
            }
        }

        static func solve(_ program: CadreProgram, seconds: Double?) throws(ExplanationError) -> Solution {
            var options = SolveOptions()
            options.timeLimit = seconds
            do { return try GLPK.solve(program.model, options: options) } catch { throw .plan(.solver(error)) }
        }

        /// Weighted unmet need per scenario need, from the shortfall variables of a solution.
        static func unmetByNeed(_ program: CadreProgram, _ solution: Solution, _ f: Formulation, needCount: Int) -> [Double] {
            var weight: [Int: Double] = [:]
            for term in program.unmetNeed { weight[term.variable.index, default: 0] += term.coefficient }
            var result = Array(repeating: 0.0, count: needCount)
            for (n, row) in f.needs.enumerated() {
                for v in [program.belowMinimum[n], program.belowDesired[n]] {
                    result[row.need] += (weight[v.index] ?? 0) * solution.value(v)
                }
            }
            return result
        }

        // MARK: Binding rules

        struct Candidate {
            var rule: Rule
            var score: Double
            var relaxed: Scenario
        }

        /// Re-solves the chosen rules side by side (each solve owns its GLPK problem on its own
        /// thread); results are kept by position, so the outcome does not depend on timing.
        func run() throws(ExplanationError) -> Explanation {
            let candidates = bindingRules()
            let chosen = Array(candidates.prefix(max(0, options.maxResolves)))
            let results = Results(count: chosen.count)
            DispatchQueue.concurrentPerform(iterations: chosen.count) { i in
                do throws(ExplanationError) { results.set(i, .success(try resolve(chosen[i]))) } catch {
                    results.set(i, .failure(error))
                }
            }
            var findings: [Finding] = []
            for result in results.all {
                switch result {
                case .success(let finding): findings.append(finding)
                case .failure(let error): throw error
                case nil: continue
                }
            }
            findings.sort { a, b in
                let (x, y) = (a.recovered ?? -1, b.recovered ?? -1)
                if abs(x - y) > Explanation.tolerance { return x > y }
                return (a.rule.kind, a.rule.subject) < (b.rule.kind, b.rule.subject)
            }
            return Explanation(
                unmetNeed: Self.clean(optimum), planUnmetNeed: Self.clean(planUnmet),
                binding: candidates.map(\.rule), findings: findings,
                notResolved: candidates.dropFirst(chosen.count).map(\.rule))
        }

        /// Rules met exactly by the plan whose relaxation could let an unmet need gain staff,
        /// most promising first: the weighted unmet need an idle cadre could reach directly, plus
        /// half of what it could reach by freeing a busy cadre.
        func bindingRules() -> [Candidate] {
            let s = scenario
            let f = formulation
            let k = max(1, options.capIncrease)
            let isUnmet = unmet.map { $0 > Explanation.tolerance }
            guard isUnmet.contains(true) else { return [] }

            var load = Array(repeating: 0, count: f.cadres.count)
            var hosted = Array(repeating: 0, count: s.communes.count)
            var eligibleFor = Array(repeating: [Int](), count: f.cadres.count)   // scenario need indices
            var cadresOf = Array(repeating: [Int](), count: s.needs.count)      // formulation cadre rows
            var servedBy = Array(repeating: [Int](), count: f.cadres.count)     // needs served in the plan
            for pair in f.pairs {
                let c = pair.cadre
                let n = f.needs[pair.need].need
                eligibleFor[c].append(n)
                cadresOf[n].append(c)
                if planPairs.contains(PairID(cadre: f.cadres[c].cadre, need: n)) {
                    load[c] += 1
                    servedBy[c].append(n)
                    hosted[f.needs[pair.need].commune] += 1
                }
            }
            var released = Array(repeating: 0, count: s.departments.count)
            for (c, row) in f.cadres.enumerated() where load[c] > 0 { released[row.department] += 1 }
            /// A cadre (formulation row) who could take one more assignment as things stand.
            func free(_ c: Int) -> Bool {
                load[c] < f.cadres[c].capacity && (load[c] > 0 || released[f.cadres[c].department] < f.releaseCaps[f.cadres[c].department])
            }
            var row = [Int: Int]()   // scenario cadre index → formulation row
            for (c, r) in f.cadres.enumerated() { row[r.cadre] = c }
            let departmentIndex = ScenarioIndex(s).department
            /// The same, for a scenario cadre who may not be in the formulation (then idle).
            func freeCadre(_ cadre: Int) -> Bool {
                if let c = row[cadre] { return free(c) }
                guard let d = departmentIndex[s.cadres[cadre].department] else { return false }
                return released[d] < f.releaseCaps[d]
            }

            /// Unmet need a cadre could reach: directly, or by taking over a need whose cadre
            /// could then move to an unmet one.
            func reach(_ cadres: [Int]) -> Double {
                var direct = Set<Int>()
                var indirect = Set<Int>()
                for c in cadres {
                    for n in eligibleFor[c] {
                        if isUnmet[n] { direct.insert(n) }
                        for other in cadresOf[n] where other != c && servedBy[other].contains(n) {
                            for m in eligibleFor[other] where isUnmet[m] { indirect.insert(m) }
                        }
                    }
                }
                return direct.reduce(0) { $0 + unmet[$1] } + 0.5 * indirect.subtracting(direct).reduce(0) { $0 + unmet[$1] }
            }

            var candidates: [Candidate] = []
            for (d, department) in s.departments.enumerated() where released[d] >= f.releaseCaps[d] {
                let idle = f.cadres.indices.filter { f.cadres[$0].department == d && load[$0] == 0 }
                guard !idle.isEmpty else { continue }
                var relaxed = s
                relaxed.departments[d].releaseCap = f.releaseCaps[d] + k
                relaxed.departments[d].headcount = max(department.headcount, f.releaseCaps[d] + k)
                candidates.append(Candidate(
                    rule: Rule(kind: .releaseCap, subject: department.id, limit: Double(f.releaseCaps[d]),
                               relaxedTo: Double(f.releaseCaps[d] + k)),
                    score: reach(idle), relaxed: relaxed))
            }
            for (m, commune) in s.communes.enumerated() where hosted[m] >= f.hosting[m] {
                let blocked = s.needs.indices.filter { s.needs[$0].commune == commune.id && isUnmet[$0] && !cadresOf[$0].isEmpty }
                guard !blocked.isEmpty else { continue }
                var relaxed = s
                relaxed.communes[m].hostingCapacity = f.hosting[m] + k
                // Full weight where a free cadre could come at once, half where one must be freed.
                let score = blocked.reduce(0) { $0 + unmet[$1] * (cadresOf[$1].contains(where: free) ? 1 : 0.5) }
                candidates.append(Candidate(
                    rule: Rule(kind: .hostingCapacity, subject: commune.id, limit: Double(f.hosting[m]),
                               relaxedTo: Double(f.hosting[m] + k)),
                    score: score, relaxed: relaxed))
            }
            if let limit = s.policy.maxTravelKm {
                var relaxed = s
                relaxed.policy.maxTravelKm = nil
                if let score = gain(relaxed, isUnmet, free: freeCadre) {
                    candidates.append(Candidate(
                        rule: Rule(kind: .travelLimit, subject: "", limit: limit, relaxedTo: nil),
                        score: score, relaxed: relaxed))
                }
            }
            for field in s.fields {
                let raised = s.needs.indices.filter { s.needs[$0].field == field.id && s.needs[$0].level > 1 }
                guard raised.contains(where: { isUnmet[$0] }) else { continue }
                var relaxed = s
                for n in raised { relaxed.needs[n].level -= 1 }
                let top = raised.filter { isUnmet[$0] }.map { s.needs[$0].level }.max() ?? 1
                if let score = gain(relaxed, isUnmet, free: freeCadre) {
                    candidates.append(Candidate(
                        rule: Rule(kind: .skillLevel, subject: field.id, limit: Double(top), relaxedTo: Double(top - 1)),
                        score: score, relaxed: relaxed))
                }
            }
            return candidates.sorted { a, b in
                if abs(a.score - b.score) > Explanation.tolerance { return a.score > b.score }
                return (a.rule.kind, a.rule.subject) < (b.rule.kind, b.rule.subject)
            }
        }

        /// For a relaxation that adds eligible pairs: the weighted unmet need of the needs that
        /// gain pairs, in full when a gained cadre is free, half when it must be freed first
        /// (0 when the new pairs serve met needs only); nil when it adds none.
        func gain(_ relaxed: Scenario, _ isUnmet: [Bool], free: (Int) -> Bool) -> Double? {
            guard let wider = try? Formulation(relaxed), wider.pairs.count > formulation.pairs.count else { return nil }
            let before = Set(formulation.pairs.map { PairID(cadre: formulation.cadres[$0.cadre].cadre, need: formulation.needs[$0.need].need) })
            var gained: [Int: Bool] = [:]   // unmet need → some new pair has a free cadre
            for p in wider.pairs {
                let id = PairID(cadre: wider.cadres[p.cadre].cadre, need: wider.needs[p.need].need)
                guard isUnmet[id.need], !before.contains(id) else { continue }
                gained[id.need] = (gained[id.need] ?? false) || free(id.cadre)
            }
            return gained.keys.sorted().reduce(0) { $0 + unmet[$1] * (gained[$1] == true ? 1 : 0.5) }
        }

        // MARK: Re-solves

        /// Stage 1 of the relaxed scenario, with a tie-break worth less than any unit of unmet
        /// need that keeps the plan's own assignments, so the needs reported as gaining are
        /// those the relaxation itself frees, not an arbitrary reshuffle among equal optima.
        func resolve(_ candidate: Candidate) throws(ExplanationError) -> Finding {
            let s = candidate.relaxed
            let f: Formulation
            do { f = try Formulation(s) } catch { throw .plan(.formulation(error)) }
            var program: CadreProgram
            do { program = try CadreProgram(f, scenario: s, stage: .unmetNeed) } catch { throw .plan(.model(error)) }
            let smallest = program.unmetNeed.map { abs($0.coefficient) }.filter { $0 > 0 }.min() ?? 1
            let epsilon = 1e-3 * smallest / Double(max(1, planPairs.count))
            do {
                for (p, pair) in f.pairs.enumerated()
                where planPairs.contains(PairID(cadre: f.cadres[pair.cadre].cadre, need: f.needs[pair.need].need)) {
                    try program.model.setObjective(program.assign[p], -epsilon)
                }
            } catch { throw .plan(.model(error)) }
            let solution = try Self.solve(program, seconds: options.secondsPerResolve)
            guard solution.point == .feasible else {
                return Finding(rule: candidate.rule, recovered: nil, proven: false,
                               termination: solution.termination.description, needs: [])
            }
            let after = Self.unmetByNeed(program, solution, f, needCount: s.needs.count)
            var counts = Array(repeating: 0, count: s.needs.count)
            for (p, pair) in f.pairs.enumerated() where solution.value(program.assign[p]) > 0.5 {
                counts[f.needs[pair.need].need] += 1
            }
            let relaxedUnmet = after.reduce(0, +)
            var changes: [NeedChange] = []
            for n in s.needs.indices where counts[n] != assigned[n] || abs(after[n] - unmet[n]) > Explanation.tolerance {
                changes.append(NeedChange(
                    commune: s.needs[n].commune, field: s.needs[n].field, assignedBefore: assigned[n],
                    assignedAfter: counts[n], recovered: Self.clean(unmet[n] - after[n])))
            }
            changes.sort { a, b in
                if abs(a.recovered - b.recovered) > Explanation.tolerance { return a.recovered > b.recovered }
                return (a.commune, a.field) < (b.commune, b.field)
            }
            return Finding(
                rule: candidate.rule, recovered: Self.clean(max(0, optimum - relaxedUnmet)),
                proven: solution.isProvenOptimal, termination: solution.termination.description, needs: changes)
        }

        /// Rounded to 1e-6 so that reports do not show solver noise and stay byte-identical.
        static func clean(_ x: Double) -> Double {
            let r = (x * 1e6).rounded() / 1e6
            return r == 0 ? 0 : r
        }
    }
}

extension Array {
    fileprivate var nonEmpty: Self? { isEmpty ? nil : self }
}

/// Results of concurrent re-solves, one slot each, written under a lock.
private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<Explanation.Finding, ExplanationError>?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: Result<Explanation.Finding, ExplanationError>) { lock.withLock { slots[i] = r } }
    var all: [Result<Explanation.Finding, ExplanationError>?] { lock.withLock { slots } }
}
