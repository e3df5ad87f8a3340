import Foundation
import GLPK

/// Where the plan of a year breaks continuity, read off the chosen pairs.
public struct ContinuityOutcome: Sendable, Equatable, Codable {
    /// A hot need staffed in one round and asked for again in the next.
    public struct Carry: Sendable, Equatable, Codable {
        public var round: String
        public var nextRound: String
        public var commune: String
        public var communeName: String
        public var field: String
        /// Cadres who stay on into the next round on this need.
        public var stayedOn: [String]
        /// No cadre in the next round.
        public var lapsed: Bool
        /// Handover asked for and nobody stayed on.
        public var noHandover: Bool
    }

    public var hotFields: [String]
    public var handover: Bool
    public var maxConsecutiveRounds: Int?
    public var carries: [Carry]
    /// Most consecutive rounds any cadre serves in the plan.
    public var longestRun: Int
    public var lapses: Int { carries.filter(\.lapsed).count }
    public var missingHandovers: Int { carries.filter(\.noHandover).count }
}

/// The plan of a year: one program over every round, and each round's share of it.
public struct YearPlanResult: Sendable {
    public var scenario: Scenario
    public var year: YearFormulation
    /// The year's two stages (unmet need and lapses; fit), as GLPK solved them.
    public var stages: [StageOutcome]
    /// Each round as a single-round result: its scenario, formulation and chosen pairs, with the
    /// year's stages carrying the round's own values (bounds and gaps belong to the year).
    public var rounds: [PlanResult]
    public var continuity: ContinuityOutcome
    public var buildSeconds: Double
    /// True when the search ran out of time before its root LP and the starting plan stands: the
    /// rounds planned one after the other (greedily, or as the LP's rests guide).
    public var usedSequentialPlan: Bool

    public var hasPlan: Bool { stages.first?.point == .feasible }
    public var isProvenOptimal: Bool { !stages.isEmpty && stages.allSatisfy(\.isProvenOptimal) }
}

/// Plans every round of a year together (`rounds:` in scenario.yaml) as one lexicographic solve:
/// stage 1 minimises weighted unmet need over the rounds plus weighted lapses and missing
/// handovers; stage 2 maximises the fit over the rounds with stage 1's optimum held. Large years
/// run on a priced core of the pairs (`YearCore`). The search starts from the better of the
/// rounds planned one after the other (each as its own round is planned, a flow when it can be,
/// with cadres who reached `max_consecutive_rounds` left out) and the plan the LP's rests guide.
public enum YearPlanner {
    /// Below this many pairs the whole year is one program; above, a priced core (`YearCore`).
    public static let wholeProgramPairs = 30_000

    /// `wholeProgramPairs`: below this many pairs the whole year is one program; above, the
    /// search runs on a priced core of the pairs (`YearCore`). Tests lower it to exercise pricing.
    public static func plan(
        _ scenario: Scenario, options: PlanOptions, wholeProgramPairs: Int = Self.wholeProgramPairs
    ) throws(PlanError) -> YearPlanResult {
        let clock = ContinuousClock()
        let t = clock.now
        let year: YearFormulation
        do { year = try YearFormulation(scenario) } catch { throw .formulation(error) }
        let penalty = unmetNeedPenalty(year, tolerance: options.stage2Tolerance)
        let buildTime = clock.now - t

        let first = try firstStage(year, options, wholeProgramPairs: wholeProgramPairs)
        var core = first.core
        let one = first.stage
        var stages = [one.outcome]
        var final = one
        if one.solution.point == .feasible, let z1 = one.solution.objective, one.solution.termination != .interrupted {
            let bound = Planner.unmetNeedBound(z1, tolerance: options.stage2Tolerance)
            let two = try solveStage(.fit, &core, start: one.plan, options, unmetBound: bound, penalty: penalty, after: one)
            stages.append(two.outcome)
            if two.solution.point == .feasible { final = two }
        }
        let chosen = stages.first?.point == .feasible ? final.plan : year.rounds.map { _ in [] }
        return YearPlanResult(
            scenario: scenario, year: year, stages: stages,
            rounds: roundResults(year, stages, final, chosen),
            continuity: continuityOutcome(year, chosen), buildSeconds: buildTime.seconds + one.buildSeconds,
            usedSequentialPlan: one.sequential)
    }

    /// The whole year's program of one stage, every pair a column (what `cadreplan export`
    /// writes). Stage 2 needs stage 1's optimum, so stage 1 is solved first, as `plan` does.
    public static func program(_ scenario: Scenario, stage: Stage, options: PlanOptions) throws(PlanError) -> YearProgram {
        let year: YearFormulation
        do { year = try YearFormulation(scenario) } catch { throw .formulation(error) }
        guard stage == .fit else {
            do { return try YearProgram(year, stage: .unmetNeed) } catch { throw .model(error) }
        }
        var quiet = options
        quiet.onProgress = nil
        let one = try firstStage(year, quiet).stage
        guard one.solution.point == .feasible, let z1 = one.solution.objective else {
            throw .noStage1Plan(String(describing: one.solution.termination))
        }
        let bound = Planner.unmetNeedBound(z1, tolerance: options.stage2Tolerance)
        do {
            return try YearProgram(year, stage: .fit, unmetNeedBound: bound,
                                   unmetNeedPenalty: unmetNeedPenalty(year, tolerance: options.stage2Tolerance))
        } catch { throw .model(error) }
    }

    /// Stage 1 of a year: the rounds planned one after the other start the search on a core
    /// that holds them (the whole year when it is small).
    static func firstStage(
        _ year: YearFormulation, _ options: PlanOptions, wholeProgramPairs: Int = Self.wholeProgramPairs
    ) throws(PlanError) -> (core: YearCore, stage: CoreStage) {
        let sequential = try sequentialPlan(year, options)
        var core = YearCore(year, including: sequential, wholeProgramPairs: wholeProgramPairs)
        let one = try solveStage(.unmetNeed, &core, start: sequential, options)
        return (core, one)
    }

    /// One stage of the year solved on `core`.
    struct CoreStage {
        var program: YearProgram
        var formulation: YearFormulation
        var solution: Solution
        var outcome: StageOutcome
        /// The plan, as pair indices of each round's whole formulation.
        var plan: [[Int]]
        var sequential: Bool
        var buildSeconds: Double
        /// The core's last LP and its optimal basis: stage 2 starts its LP from there (stage 1's
        /// optimum is feasible for stage 2, which only adds the bound row).
        var lastLP: (model: LinearModel, basis: Basis)?
    }

    /// Grows the core until no pair left out prices out of its LP relaxation (or 80 % of the time
    /// limit is gone: the LP also guides the starting plan, which matters more than the
    /// branching left after it), then runs branch-and-cut on it from the better of `start` (a plan in
    /// whole-year pair indices) and, in stage 1, the plan the LP's rests guide. If the root LP
    /// outlasts the time limit, that starting plan stands.
    static func solveStage(
        _ stage: Stage, _ core: inout YearCore, start: [[Int]]?, _ options: PlanOptions, unmetBound: Double = 0,
        penalty: Double = 0, after previous: CoreStage? = nil
    ) throws(PlanError) -> CoreStage {
        func build(_ f: YearFormulation) throws(PlanError) -> YearProgram {
            do {
                return stage == .unmetNeed ? try YearProgram(f, stage: .unmetNeed)
                    : try YearProgram(f, stage: .fit, unmetNeedBound: unmetBound, unmetNeedPenalty: penalty)
            } catch { throw .model(error) }
        }
        let clock = ContinuousClock()
        let begin = clock.now
        var building = Duration.zero
        func remaining(_ share: Double = 1) -> PlanOptions {
            var o = options
            if let limit = options.timeLimit { o.timeLimit = max(0.1, limit * share - (clock.now - begin).seconds) }
            return o
        }
        var lpBound: Double?
        var certified = core.isWhole
        var last = previous?.lastLP   // the latest LP of the core, for warm starts
        var release: [[Int: Double]]?                   // its y[r][scenario cadre]
        if !core.isWhole {
            var t = clock.now
            let whole = try build(core.year)
            building += clock.now - t
            while true {
                t = clock.now
                let program = try build(core.formulation)
                let relaxed = program.model.relaxed()
                building += clock.now - t
                let warm = last.flatMap { $0.basis.carried(from: $0.model, to: relaxed) }
                let lp = try Planner.solveStage(relaxed, stage, remaining(0.8), basis: warm)
                guard lp.termination == .optimal, let duals = lp.rootDuals, let basis = lp.basis else { break }
                last = (relaxed, basis)
                release = program.rounds.indices.map { r in
                    Dictionary(uniqueKeysWithValues: program.rounds[r].released.enumerated().map { c, v in
                        (core.formulationCadre(r, c), lp.value(program.global(v, round: r)))
                    })
                }
                if core.price(whole: whole, core: relaxed, duals: duals) == 0 {
                    (certified, lpBound) = (true, lp.objective)
                    break
                }
                if options.shouldStop?() == true { break }
            }
        }
        var guided: [[Int]]?
        if stage == .unmetNeed, let release {
            guided = try guidedPlan(core.year, released: release, options)
            if let guided { core.include(guided) }
        }
        let formulation = core.formulation
        var t = clock.now
        let program = try build(formulation)
        building += clock.now - t
        t = clock.now
        func startPoint(_ plan: [[Int]]?) -> [Double]? {
            plan.map { program.point(choosing: core.local($0), formulation) }.flatMap {
                program.model.firstViolation(of: $0, tolerance: 1e-6) == nil ? $0 : nil
            }
        }
        var point = startPoint(start)
        if let p = startPoint(guided),
            point.map({ program.model.objectiveValue(of: p) < program.model.objectiveValue(of: $0) }) ?? true
        {
            point = p
        }
        let warm = last.flatMap { $0.basis.carried(from: $0.model, to: program.model) }
        var s = try Planner.solveStage(program.model, stage, remaining(), start: point, basis: warm)
        var sequential = false
        if let standing = Planner.startingPlanStands(s, point, program.model) { (s, sequential) = (standing, true) }
        s.seconds = (clock.now - begin).seconds - building.seconds
        var o = outcome(s, stage, program, formulation, unmetBound: unmetBound)
        if core.isWhole {
            o.provenOverAllPairs = true
        } else {
            o.method = .pricedCore
            judge(&o, s, program, stage, lpBound: certified ? lpBound : nil, unmetBound: unmetBound, core.year)
        }
        let plan = s.point == .feasible ? core.global(program.chosen(s)) : formulation.rounds.map { _ in [] }
        return CoreStage(program: program, formulation: formulation, solution: s, outcome: o, plan: plan,
                         sequential: sequential, buildSeconds: building.seconds, lastLP: last)
    }

    /// A core stage's bound is the LP bound over every pair when pricing proved it, else none;
    /// the plan is proven only when it reaches that bound.
    static func judge(
        _ o: inout StageOutcome, _ s: Solution, _ program: YearProgram, _ stage: Stage, lpBound: Double?,
        unmetBound: Double, _ year: YearFormulation
    ) {
        guard let lp = lpBound, s.point == .feasible, let z = s.objective else {
            (o.bestBound, o.relativeGap, o.provenOverAllPairs) = (nil, nil, false)
            return
        }
        let reached = stage == .unmetNeed ? z <= lp + 1e-6 * max(1, abs(lp)) : z >= lp - 1e-6 * max(1, abs(lp))
        o.provenOverAllPairs = reached
        o.lpRelaxation = stage == .fit ? lp + program.unmetNeedPenalty * unmetBound : lp
        if reached {
            (o.bestBound, o.relativeGap) = (o.objective, 0)
            return
        }
        let bound = stage == .fit
            ? StageOutcome.fitBound(program: lp, penalty: program.unmetNeedPenalty, unmetBound: unmetBound,
                                    ceiling: year.fitCeiling)
            : lp
        o.bestBound = bound
        o.relativeGap = o.objective.map { abs(bound - $0) / max(1e-10, abs($0)) }
    }

    /// The rounds planned one after the other, each as the planner plans a single round, with the
    /// cadres who served the previous `max_consecutive_rounds` rounds left out. Pair indices of
    /// each round's formulation; nil when a round finds no plan.
    static func sequentialPlan(_ year: YearFormulation, _ options: PlanOptions) throws(PlanError) -> [[Int]]? {
        try planRounds(year, options) { r, served in
            guard let most = year.continuity.maxConsecutiveRounds, served.count >= most else { return [] }
            return served.suffix(most).reduce(Set(year.rounds[r].scenario.cadres.indices)) { $0.intersection($1) }
        }
    }

    /// The rounds planned in turn from the LP relaxation's release values `y[r][cadre]`: each
    /// cadre is reserved for the rounds where the LP releases them most, as many as the
    /// consecutive-rounds limit allows; each round is then planned on its own (a flow when it can
    /// be) with every cadre who can serve in it without breaking the limit for the rounds served
    /// so far and those reserved later. The LP knows who should rest when; the flows make the
    /// plan whole.
    static func guidedPlan(_ year: YearFormulation, released y: [[Int: Double]], _ options: PlanOptions) throws(PlanError) -> [[Int]]? {
        let rounds = year.rounds.count
        let most = year.continuity.maxConsecutiveRounds ?? rounds
        guard let cadres = year.rounds.first?.scenario.cadres.indices else { return nil }
        func allowed(_ set: Set<Int>) -> Bool {
            (0..<max(1, rounds - most)).allSatisfy { start in set.filter { $0 >= start && $0 <= start + most }.count <= most }
        }
        var reserved = Array(repeating: Set<Int>(), count: cadres.count)
        for c in cadres {
            let order = (0..<rounds).filter { y[$0][c] != nil }.sorted { (y[$0][c] ?? 0, $1) > (y[$1][c] ?? 0, $0) }
            for r in order where allowed(reserved[c].union([r])) { reserved[c].insert(r) }
        }
        return try planRounds(year, options) { r, served in
            Set(cadres.filter { c in
                let before = Set(served.indices.filter { served[$0].contains(c) })
                return !allowed(before.union([r]).union(reserved[c].filter { $0 > r }))
            })
        }
    }

    /// Fit points that make a cadre stay on a hot need in a round planned on its own.
    static let stayBonus = 20.0

    /// Plans each round on its own, in order, with the cadres `blocked(round, served so far)`
    /// unavailable; pair indices of each round's formulation, nil when a round finds no plan.
    static func planRounds(
        _ year: YearFormulation, _ options: PlanOptions, blocked: (Int, [Set<Int>]) -> Set<Int>
    ) throws(PlanError) -> [[Int]]? {
        var served: [Set<Int>] = []   // scenario cadre indices per round
        var chosen: [[Int]] = []
        var quick = options
        quick.onProgress = nil
        let hot = Set(year.continuity.hotFields)
        for (r, part) in year.rounds.enumerated() {
            var scenario = part.scenario
            for c in blocked(r, served) { scenario.cadres[c].available = false }
            // Among plans meeting as much need, prefer one where last round's cadres in hot
            // fields stay on: it keeps service and hands over (continuity's soft rows).
            if r > 0, !hot.isEmpty {
                let before = year.rounds[r - 1]
                for p in chosen[r - 1] {
                    let pair = before.formulation.pairs[p]
                    let need = before.scenario.needs[before.formulation.needs[pair.need].need]
                    guard hot.contains(need.field) else { continue }
                    let cadre = before.scenario.cadres[before.formulation.cadres[pair.cadre].cadre].id
                    scenario.pairs.append(PairRule(cadre: cadre, commune: need.commune, field: need.field, score: stayBonus))
                }
            }
            let result = try Planner.plan(scenario, options: quick)
            guard result.hasPlan else { return nil }
            // Same scenario but for availability: pairs match by cadre and need.
            var index: [PairKey: Int] = [:]
            for (p, pair) in part.formulation.pairs.enumerated() {
                index[PairKey(part.formulation.cadres[pair.cadre].cadre, part.formulation.needs[pair.need].need)] = p
            }
            let f = result.formulation
            let mine = result.chosen.compactMap { p in index[PairKey(f.cadres[f.pairs[p].cadre].cadre, f.needs[f.pairs[p].need].need)] }
            chosen.append(mine.sorted())
            served.append(Set(mine.map { part.formulation.cadres[part.formulation.pairs[$0].cadre].cadre }))
        }
        return chosen
    }

    private struct PairKey: Hashable {
        var cadre: Int, need: Int
        init(_ cadre: Int, _ need: Int) { (self.cadre, self.need) = (cadre, need) }
    }

    /// The stage-2 penalty of a year: as for one round (`Planner.unmetNeedPenalty`), over every
    /// round's fits and weights and the continuity weight.
    static func unmetNeedPenalty(_ year: YearFormulation, tolerance: Double) -> Double {
        guard tolerance == 0 else { return 0 }
        let penalties = year.rounds.map { Planner.unmetNeedPenalty($0.formulation, tolerance: 0) }
        let maxFit = year.rounds.flatMap { $0.formulation.pairs.map { abs($0.fit) } }.max() ?? 0
        let base = penalties.max() ?? 1
        let weight = year.continuity.weight
        return weight > 0 && !year.links.isEmpty ? max(base, (10 * max(1, maxFit) / weight).rounded(.up)) : base
    }

    static func outcome(
        _ s: Solution, _ stage: Stage, _ program: YearProgram, _ year: YearFormulation, unmetBound: Double = 0
    ) -> StageOutcome {
        StageOutcome(s, stage, program.model, penalty: program.unmetNeedPenalty,
                     fit: stage == .fit && s.point == .feasible ? fit(s, program, year) : nil,
                     fitCeiling: year.fitCeiling, unmetBound: unmetBound)
    }

    static func fit(_ s: Solution, _ program: YearProgram, _ year: YearFormulation, rounds: Range<Int>? = nil) -> Double {
        (rounds ?? program.rounds.indices).reduce(0) { total, r in
            zip(program.rounds[r].assign, year.rounds[r].formulation.pairs).reduce(total) {
                $0 + s.value(program.global($1.0, round: r)) * $1.1.fit
            }
        }
    }

    /// Each round as a single-round result: the year's terminations, the round's own values.
    static func roundResults(_ year: YearFormulation, _ stages: [StageOutcome], _ final: CoreStage, _ chosen: [[Int]]) -> [PlanResult] {
        let (program, s) = (final.program, final.solution)
        return year.rounds.indices.map { r in
            let own = program.rounds[r]
            let roundStages = stages.map { o in
                var o = o
                o.objective = !s.values.isEmpty
                    ? (o.stage == .unmetNeed
                        ? own.unmetNeed.reduce(0) { $0 + $1.coefficient * s.value(program.global($1.variable, round: r)) }
                        : fit(s, program, final.formulation, rounds: r..<(r + 1)))
                    : nil
                (o.programObjective, o.bestBound, o.lpRelaxation) = (nil, nil, nil)
                (o.variables, o.constraints) = (own.model.variableCount, own.model.constraintCount)
                return o
            }
            return PlanResult(scenario: year.rounds[r].scenario, formulation: year.rounds[r].formulation,
                              stages: roundStages, chosen: chosen[r], buildSeconds: 0)
        }
    }

    static func continuityOutcome(_ year: YearFormulation, _ chosen: [[Int]]) -> ContinuityOutcome {
        let picked = chosen.map(Set.init)
        var carries: [ContinuityOutcome.Carry] = []
        for link in year.links {
            let (a, b) = (year.rounds[link.round], year.rounds[link.round + 1])
            guard picked[link.round].contains(where: { a.formulation.pairs[$0].need == link.need }) else { continue }
            let need = a.scenario.needs[a.formulation.needs[link.need].need]
            let next = picked[link.round + 1].contains { b.formulation.pairs[$0].need == link.next }
            let stayed = link.stays.filter { picked[link.round].contains($0.pair) && picked[link.round + 1].contains($0.nextPair) }
                .map { a.scenario.cadres[a.formulation.cadres[a.formulation.pairs[$0.pair].cadre].cadre].id }
            let name = a.scenario.communes.first { $0.id == need.commune }?.name ?? need.commune
            carries.append(.init(round: a.spec.id, nextRound: b.spec.id, commune: need.commune, communeName: name,
                                 field: need.field,
                                 stayedOn: stayed.sorted(), lapsed: !next,
                                 noHandover: year.continuity.handover && stayed.isEmpty))
        }
        var run: [Int: Int] = [:], longest = 0
        for r in year.rounds.indices {
            let f = year.rounds[r].formulation
            let now = Set(chosen[r].map { f.cadres[f.pairs[$0].cadre].cadre })
            run = Dictionary(uniqueKeysWithValues: now.map { ($0, (run[$0] ?? 0) + 1) })
            longest = max(longest, run.values.max() ?? 0)
        }
        return ContinuityOutcome(
            hotFields: year.continuity.hotFields, handover: year.continuity.handover,
            maxConsecutiveRounds: year.continuity.maxConsecutiveRounds, carries: carries, longestRun: longest)
    }
}
