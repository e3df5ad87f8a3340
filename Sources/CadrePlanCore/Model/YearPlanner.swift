import Foundation
import GLPK

/// Where the plan of a year breaks continuity, read off the chosen pairs.
public struct ContinuityOutcome: Sendable, Equatable, Codable {
    /// A hot need staffed in one round and asked for again in the next.
    public struct Carry: Sendable, Equatable, Codable {
        public var round: String
        public var nextRound: String
        public var commune: String
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
    /// True when the year's stage 1 was not proven and the plan is the rounds planned one after
    /// the other (the search found nothing better in the time limit).
    public var usedSequentialPlan: Bool

    public var hasPlan: Bool { stages.first?.point == .feasible }
    public var isProvenOptimal: Bool { !stages.isEmpty && stages.allSatisfy(\.isProvenOptimal) }
}

/// Plans every round of a year together (`rounds:` in scenario.yaml) as one lexicographic solve:
/// stage 1 minimises weighted unmet need over the rounds plus weighted lapses and missing
/// handovers; stage 2 maximises the fit over the rounds with stage 1's optimum held. The search
/// starts from the rounds planned one after the other, each as its own round is planned (a flow
/// when it can be), with cadres who reached `max_consecutive_rounds` left out.
public enum YearPlanner {
    public static func plan(_ scenario: Scenario, options: PlanOptions) throws(PlanError) -> YearPlanResult {
        let clock = ContinuousClock()
        var buildTime = Duration.zero
        var t = clock.now
        let year: YearFormulation
        do { year = try YearFormulation(scenario) } catch { throw .formulation(error) }
        let penalty = unmetNeedPenalty(year, tolerance: options.stage2Tolerance)
        let first: YearProgram
        do { first = try YearProgram(year, stage: .unmetNeed) } catch { throw .model(error) }
        buildTime += clock.now - t

        let start = try sequentialPlan(year, options)
        let startPoint = start.map { first.point(choosing: $0, year) }.flatMap {
            first.model.firstViolation(of: $0, tolerance: 1e-6) == nil ? $0 : nil
        }
        var s1 = try Planner.solveStage(first.model, .unmetNeed, options, start: startPoint)
        var sequential = false
        if s1.point == .none, let startPoint, s1.termination != .infeasible {
            // The root LP outlasted the time limit: the rounds planned in turn stand as the plan.
            s1 = Solution(termination: s1.termination, point: .feasible,
                          objective: first.model.objectiveValue(of: startPoint), values: startPoint, seconds: s1.seconds)
            sequential = true
        }
        var stages = [outcome(s1, .unmetNeed, first, year)]
        var final = (program: first, solution: s1)
        if s1.point == .feasible, let z1 = s1.objective, s1.termination != .interrupted {
            let bound = Planner.unmetNeedBound(z1, tolerance: options.stage2Tolerance)
            t = clock.now
            let second: YearProgram
            do { second = try YearProgram(year, stage: .fit, unmetNeedBound: bound, unmetNeedPenalty: penalty) } catch {
                throw .model(error)
            }
            buildTime += clock.now - t
            let s2 = try Planner.solveStage(second.model, .fit, options, start: s1.values,
                                             basis: sequential ? nil : s1.basis)
            stages.append(outcome(s2, .fit, second, year, unmetBound: bound))
            if s2.point == .feasible { final = (second, s2) }
        }
        let chosen = stages.first?.point == .feasible ? final.program.chosen(final.solution) : year.rounds.map { _ in [] }
        return YearPlanResult(
            scenario: scenario, year: year, stages: stages,
            rounds: roundResults(year, stages, final.program, final.solution, chosen),
            continuity: continuityOutcome(year, chosen), buildSeconds: buildTime.seconds,
            usedSequentialPlan: sequential)
    }

    /// The rounds planned one after the other, each as the planner plans a single round, with the
    /// cadres who served the previous `max_consecutive_rounds` rounds left out. Pair indices of
    /// each round's formulation; nil when a round finds no plan.
    static func sequentialPlan(_ year: YearFormulation, _ options: PlanOptions) throws(PlanError) -> [[Int]]? {
        var served: [Set<Int>] = []   // scenario cadre indices per round
        var chosen: [[Int]] = []
        var quick = options
        quick.onProgress = nil
        for part in year.rounds {
            var scenario = part.scenario
            if let most = year.continuity.maxConsecutiveRounds, served.count >= most {
                let tired = served.suffix(most).reduce(Set(scenario.cadres.indices)) { $0.intersection($1) }
                for c in tired { scenario.cadres[c].available = false }
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
        let m = program.unmetNeedPenalty
        var value = s.objective, bound = s.bestBound, lp = s.lpRelaxation
        if stage == .fit {
            value = s.point == .feasible ? fit(s, program, year) : nil
            let ceiling = year.rounds.reduce(0) { $0 + $1.formulation.fitCeiling }
            bound = s.isProvenOptimal ? value : s.bestBound.map { min($0 + m * unmetBound, ceiling) }
            lp = s.lpRelaxation.map { $0 + m * unmetBound }
        }
        let gap: Double? = if let v = value, let b = bound { abs(b - v) / max(1e-10, abs(v)) } else { nil }
        return StageOutcome(
            stage: stage, termination: s.termination, point: s.point, objective: value, programObjective: s.objective,
            unmetNeedPenalty: m, bestBound: bound, relativeGap: stage == .fit ? gap : s.relativeGap ?? gap,
            lpRelaxation: lp, nodes: s.nodes, seconds: s.seconds, variables: program.model.variableCount,
            constraints: program.model.constraintCount)
    }

    static func fit(_ s: Solution, _ program: YearProgram, _ year: YearFormulation, rounds: Range<Int>? = nil) -> Double {
        (rounds ?? program.rounds.indices).reduce(0) { total, r in
            zip(program.rounds[r].assign, year.rounds[r].formulation.pairs).reduce(total) {
                $0 + s.value(program.global($1.0, round: r)) * $1.1.fit
            }
        }
    }

    /// Each round as a single-round result: the year's terminations, the round's own values.
    static func roundResults(
        _ year: YearFormulation, _ stages: [StageOutcome], _ program: YearProgram, _ s: Solution, _ chosen: [[Int]]
    ) -> [PlanResult] {
        year.rounds.indices.map { r in
            let own = program.rounds[r]
            let roundStages = stages.map { o in
                var o = o
                o.objective = !s.values.isEmpty
                    ? (o.stage == .unmetNeed
                        ? own.unmetNeed.reduce(0) { $0 + $1.coefficient * s.value(program.global($1.variable, round: r)) }
                        : fit(s, program, year, rounds: r..<(r + 1)))
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
            carries.append(.init(round: a.spec.id, nextRound: b.spec.id, commune: need.commune, field: need.field,
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
