import Foundation
import GLPK

/// How a planner wants the solve run; defaults come from the scenario's `solver:` section.
public struct PlanOptions: Sendable {
    public var timeLimit: Double?
    public var relativeGap: Double
    public var stage2Tolerance: Double
    /// Prints GLPK's log on stderr.
    public var verbose: Bool
    public var shouldStop: (@Sendable () -> Bool)?
    public var onProgress: (@Sendable (Stage, SolverProgress) -> Void)?
    /// Solve parts whose program is a network as minimum-cost flows (see `AssignmentNetwork`);
    /// off, every part goes to branch-and-cut (for comparisons and tests).
    public var useNetwork = true

    public init(
        timeLimit: Double? = nil, relativeGap: Double = 0, stage2Tolerance: Double = 0, verbose: Bool = false,
        shouldStop: (@Sendable () -> Bool)? = nil, onProgress: (@Sendable (Stage, SolverProgress) -> Void)? = nil
    ) {
        self.timeLimit = timeLimit
        self.relativeGap = relativeGap
        self.stage2Tolerance = stage2Tolerance
        self.verbose = verbose
        self.shouldStop = shouldStop
        self.onProgress = onProgress
    }

    public init(_ settings: SolverSettings) {
        self.init(timeLimit: settings.timeLimit, relativeGap: settings.relativeGap,
                  stage2Tolerance: settings.stage2Tolerance)
    }
}

/// What one stage of the lexicographic solve achieved, in the solver's own terms.
public struct StageOutcome: Sendable, Equatable {
    public var stage: Stage
    public var termination: Solution.Termination
    public var point: Solution.Point
    /// The stage's own measure: weighted unmet need (stage 1) or total fit (stage 2).
    public var objective: Double?
    /// What GLPK (and glpsol on the exported program) reports: for stage 2, fit minus the
    /// unmet-need penalty times unmet need.
    public var programObjective: Double?
    public var unmetNeedPenalty: Double
    public var bestBound: Double?
    public var relativeGap: Double?
    public var lpRelaxation: Double?
    public var nodes: Int
    public var seconds: Double
    public var variables: Int
    public var constraints: Int
    public var method: SolveMethod = .branchAndCut
    /// False when the search covered only a core of the pairs and its plan is not proven against
    /// the LP bound over every pair (`SolveMethod.pricedCore`).
    public var provenOverAllPairs = true
    public var isProvenOptimal: Bool { termination == .optimal && point == .feasible && provenOverAllPairs }
}

extension StageOutcome {
    /// A solved stage in the planner's terms. Stage 2's program objective is fit − M·unmet with
    /// unmet ≤ `unmetBound`, so fit ≤ (program bound) + M·unmetBound: the outcome reports `fit`
    /// and that bound, weak when the search stops early, so capped by `fitCeiling` (every cadre
    /// in their best posts). Stage 1 reports the solution as it is.
    init(_ s: Solution, _ stage: Stage, _ model: LinearModel, penalty m: Double, fit: Double?, fitCeiling: Double,
         unmetBound: Double) {
        var value = s.objective, bound = s.bestBound, lp = s.lpRelaxation
        if stage == .fit {
            value = fit
            bound = s.isProvenOptimal ? value
                : s.bestBound.map { Self.fitBound(program: $0, penalty: m, unmetBound: unmetBound, ceiling: fitCeiling) }
            lp = s.lpRelaxation.map { $0 + m * unmetBound }
        }
        let gap: Double? = if let v = value, let b = bound { abs(b - v) / max(1e-10, abs(v)) } else { nil }
        self.init(
            stage: stage, termination: s.termination, point: s.point, objective: value, programObjective: s.objective,
            unmetNeedPenalty: m, bestBound: bound, relativeGap: stage == .fit ? gap : s.relativeGap, lpRelaxation: lp,
            nodes: s.nodes, seconds: s.seconds, variables: model.variableCount, constraints: model.constraintCount)
    }
}

extension StageOutcome {
    /// Stage 2's bound on fit from a bound on its program objective fit − M·unmet, unmet ≤
    /// `unmetBound`: fit ≤ bound + M·unmetBound, capped by the fit ceiling.
    static func fitBound(program bound: Double, penalty m: Double, unmetBound: Double, ceiling: Double) -> Double {
        min(bound + m * unmetBound, ceiling)
    }
}

/// The result of planning: the formulation, each stage's outcome and the chosen pairs.
public struct PlanResult: Sendable {
    public var scenario: Scenario
    public var formulation: Formulation
    public var stages: [StageOutcome]
    /// Indices into `formulation.pairs` of the assignments made (empty when no plan was found).
    public var chosen: [Int]
    /// Seconds spent building the formulation and the programs (not solving).
    public var buildSeconds: Double

    /// A plan exists when stage 1 found a feasible point (stage 2 starts from it).
    public var hasPlan: Bool { stages.first?.point == .feasible }
    public var isProvenOptimal: Bool { !stages.isEmpty && stages.allSatisfy(\.isProvenOptimal) }
}

public enum PlanError: Error, Sendable, CustomStringConvertible {
    case formulation(FormulationError)
    case model(ModelError)
    case solver(SolveError)
    case noStage1Plan(String)
    /// `export --format gmpl-data` of a scenario with programme rules: the reference model has none.
    case referenceModelLacksRules
    /// `export --format gmpl-data` of a year of rounds: the reference model plans one round.
    case referenceModelLacksRounds
    /// `export --naive` of a year of rounds: the naive rows are written for one round only.
    case naiveFormulationIsForOneRound

    public var description: String {
        switch self {
        case .formulation(let e): "The scenario's pins cannot be honoured:\n\(e)"
        case .model(let e): "Internal modelling error (please report it): \(e)"
        case .solver(let e): "GLPK could not be run: \(e)"
        case .noStage1Plan(let why): "Stage 1 found no plan (\(why)), so there is no stage 2 to build."
        case .naiveFormulationIsForOneRound:
            "--naive writes the textbook rows of one round; a year of rounds is exported only as CadrePlan "
                + "solves it — fix: drop --naive, or export one round's scenario"
        case .referenceModelLacksRounds:
            "models/cadreplan.mod plans one round, so its data cannot describe a year of rounds — fix: export "
                + "--format lp or mps, which carry the whole year's program"
        case .referenceModelLacksRules:
            "models/cadreplan.mod does not model the programme rules (policy.budget, lodging, teams, language, "
                + "fairness) yet, so its data would describe another program — fix: export --format lp or mps, "
                + "which carry every rule, or remove the rules from scenario.yaml"
        }
    }
}

/// The lexicographic solve: stage 1 minimises weighted unmet need; stage 2 maximises fit with
/// unmet need held at its stage-1 value (plus the policy's tolerance). Stage 2 starts from the
/// stage-1 plan, which is feasible for it, so it can only improve the fit.
public enum Planner {
    public static func plan(_ scenario: Scenario, options: PlanOptions) throws(PlanError) -> PlanResult {
        let clock = ContinuousClock()
        let buildStart = clock.now
        let formulation: Formulation
        do { formulation = try Formulation(scenario) } catch { throw .formulation(error) }
        let penalty = unmetNeedPenalty(formulation, tolerance: options.stage2Tolerance)
        // With a stage-2 tolerance the slack is shared by the whole plan, so it is solved whole.
        let parts = options.stage2Tolerance == 0
            ? formulation.parts() : [Formulation.Part(whole: formulation)]
        let buildTime = (clock.now - buildStart).seconds

        let results: [Result<PartResult, PlanError>]
        if parts.count == 1 {
            results = [Result { () throws(PlanError) in try solve(parts[0], scenario, options, penalty: penalty) }]
        } else {
            // GLPK's environment is per thread and each part is created, solved and freed
            // inside one call, so parts can run side by side.
            let box = ResultsBox(count: parts.count)
            DispatchQueue.concurrentPerform(iterations: parts.count) { i in
                box.set(i, Result { () throws(PlanError) in try solve(parts[i], scenario, options, penalty: penalty) })
            }
            results = box.results
        }
        var solved: [PartResult] = []
        for result in results {
            switch result {
            case .success(let part): solved.append(part)
            case .failure(let error): throw error
            }
        }
        let stageCount = solved.map(\.stages.count).min() ?? 0
        let stages = (0..<stageCount).map { k in combine(solved.map { $0.stages[k] }, penalty: penalty) }
        let chosen = stages.first?.point == .feasible ? solved.flatMap(\.chosen).sorted() : []
        return PlanResult(scenario: scenario, formulation: formulation, stages: stages, chosen: chosen,
                          buildSeconds: buildTime + solved.reduce(0) { $0 + $1.buildSeconds })
    }

    struct PartResult: Sendable {
        var stages: [StageOutcome]
        /// Chosen pairs, as indices into the whole formulation.
        var chosen: [Int]
        var buildSeconds: Double
    }

    final class ResultsBox: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [Result<PartResult, PlanError>?]
        init(count: Int) { stored = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ result: Result<PartResult, PlanError>) { lock.withLock { stored[i] = result } }
        var results: [Result<PartResult, PlanError>] {
            lock.withLock { stored.map { $0 ?? .failure(.noStage1Plan("a part was not solved")) } }
        }
    }

    /// The lexicographic solve of one part (or of the whole program).
    static func solve(
        _ part: Formulation.Part, _ scenario: Scenario, _ options: PlanOptions, penalty: Double
    ) throws(PlanError) -> PartResult {
        let clock = ContinuousClock()
        var t = clock.now
        let formulation = part.makeFormulation()
        var buildTime = clock.now - t

        func run(_ program: CadreProgram, _ stage: Stage, start: [Double]?, basis: Basis? = nil) throws(PlanError) -> Solution {
            try solveStage(program.model, stage, options, start: start, basis: basis,
                           search: .forRules(formulation, program))
        }

        let fitCeiling = formulation.fitCeiling
        func outcome(_ s: Solution, _ stage: Stage, _ program: CadreProgram, unmetBound: Double = 0) -> StageOutcome {
            let fit = stage == .fit && s.point == .feasible
                ? zip(program.assign, formulation.pairs).reduce(0) { $0 + s.value($1.0) * $1.1.fit } : nil
            return StageOutcome(s, stage, program.model, penalty: program.unmetNeedPenalty, fit: fit,
                                fitCeiling: fitCeiling, unmetBound: unmetBound)
        }
        func global(_ local: [Int]) -> [Int] { local.map(part.globalPair) }

        t = clock.now
        let first: CadreProgram
        do { first = try CadreProgram(formulation, scenario: scenario, stage: .unmetNeed) } catch { throw .model(error) }
        buildTime += clock.now - t

        func secondProgram(unmetBound: Double, floor: Double? = nil) throws(PlanError) -> CadreProgram {
            let t = clock.now
            defer { buildTime += clock.now - t }
            do {
                return try first.fitStage(formulation, unmetNeedBound: unmetBound, unmetNeedFloor: floor,
                                          unmetNeedPenalty: penalty)
            } catch { throw .model(error) }
        }

        if options.useNetwork, options.stage2Tolerance == 0 {
            t = clock.now
            let network = AssignmentNetwork(formulation)
            buildTime += clock.now - t
            if let network,
                let (s1, second, s2) = try network.solve(
                    formulation, first: first, second: { z1 throws(PlanError) in
                        try secondProgram(unmetBound: unmetNeedBound(z1, tolerance: 0),
                                          floor: unmetNeedFloor(z1, provenBound: z1))
                    })
            {
                let bound = unmetNeedBound(s1.objective ?? 0, tolerance: 0)
                var stages = [outcome(s1, .unmetNeed, first), outcome(s2, .fit, second, unmetBound: bound)]
                for k in stages.indices { stages[k].method = SolveMethod.networkFlow }
                return PartResult(stages: stages, chosen: global(chosenPairs(second, s2)), buildSeconds: buildTime.seconds)
            }
        }

        let s1 = try stageOne(formulation, scenario, first, options)
        var stages = [outcome(s1, .unmetNeed, first)]
        guard s1.point == .feasible, let z1 = s1.objective else {
            return PartResult(stages: stages, chosen: [], buildSeconds: buildTime.seconds)
        }
        var chosen = chosenPairs(first, s1)

        // Stage 2 is skipped when stage 1 was interrupted: the planner asked to stop.
        if s1.termination != .interrupted {
            let bound = unmetNeedBound(z1, tolerance: options.stage2Tolerance)
            let second = try secondProgram(unmetBound: bound, floor: unmetNeedFloor(z1, provenBound: s1.bestBound))
            // Stage 2 has the same variables in the same order, so the stage-1 point is a start,
            // and the same rows plus one, so stage 1's optimal basis is a warm start.
            let s2 = try run(second, .fit, start: s1.values, basis: s1.basis)
            stages.append(outcome(s2, .fit, second, unmetBound: bound))
            if s2.point == .feasible { chosen = chosenPairs(second, s2) }
        }
        return PartResult(stages: stages, chosen: global(chosen), buildSeconds: buildTime.seconds)
    }

    /// One stage by GLPK's simplex method and branch-and-cut, with the planner's options.
    static func solveStage(
        _ model: LinearModel, _ stage: Stage, _ options: PlanOptions, start: [Double]? = nil, basis: Basis? = nil,
        heuristic: (@Sendable ([Double]) -> [Double]?)? = nil, objectiveStep: Double? = nil,
        search: SearchSettings = SearchSettings()
    ) throws(PlanError) -> Solution {
        var solveOptions = SolveOptions()
        solveOptions.objectiveStep = objectiveStep
        solveOptions.cuts = search.cuts
        solveOptions.branching = search.branching
        solveOptions.branchFirst = search.branchFirst
        solveOptions.branchNext = search.branchNext
        solveOptions.heuristicInterval = heuristicInterval
        solveOptions.timeLimit = options.timeLimit
        solveOptions.relativeGap = options.relativeGap
        solveOptions.verbose = options.verbose
        solveOptions.initialSolution = start
        solveOptions.warmStart = basis
        solveOptions.heuristic = heuristic
        solveOptions.shouldStop = options.shouldStop
        if let report = options.onProgress { solveOptions.onProgress = { report(stage, $0) } }
        do { return try GLPK.solve(model, options: solveOptions) } catch { throw .solver(error) }
    }

    /// Stage 1 by branch-and-cut. Programme rules make the search hard, so it starts from a
    /// greedy plan that keeps them all, rounds the LP relaxation the same way as the search goes
    /// (pairs ranked by their LP value), and falls back on the greedy plan when the root LP
    /// alone takes the whole time limit. A large program's root LP starts from the optimal
    /// basis of a core's LP (`coreBasis`), and the search branches on teams first, then on the
    /// number of assignments (`SearchSettings.forRules`).
    static func stageOne(
        _ formulation: Formulation, _ scenario: Scenario, _ first: CadreProgram, _ options: PlanOptions
    ) throws(PlanError) -> Solution {
        let step = stageOneStep(formulation, first)
        guard !formulation.rules.isEmpty else {
            return try solveStage(first.model, .unmetNeed, options, objectiveStep: step)
        }
        let clock = ContinuousClock()
        let begin = clock.now
        let preferred = GreedyPlan.corePlan(formulation, scenario)
        let greedy = GreedyPlan.point(formulation, scenario, first, preferred: preferred)
        let rounding = GreedyPlan.rounding(formulation, scenario, first)
        let planned = greedy.map { g in first.assign.indices.filter { g[first.assign[$0].index] > 0.5 } } ?? []
        var rest = options
        let basis = try coreBasis(formulation, scenario, first, including: preferred.union(planned), options)
        if let limit = options.timeLimit { rest.timeLimit = max(0.1, limit - (clock.now - begin).seconds) }
        var s1 = try solveStage(first.model, .unmetNeed, rest, start: greedy, basis: basis, heuristic: rounding,
                                objectiveStep: step, search: .forRules(formulation, first))
        s1.seconds = (clock.now - begin).seconds
        return startingPlanStands(s1, greedy, first.model) ?? s1
    }

    /// The starting plan as the solution, when the search found no point because its root LP
    /// outlasted the time limit (not because the program is infeasible); nil otherwise.
    static func startingPlanStands(_ s: Solution, _ start: [Double]?, _ model: LinearModel) -> Solution? {
        guard s.point == .none, let start, s.termination != .infeasible else { return nil }
        return Solution(termination: s.termination, point: .feasible, objective: model.objectiveValue(of: start),
                        values: start, seconds: s.seconds)
    }

    /// The step of stage 1's optimum, so a bound of 2021.1 with weights in quarters proves
    /// 2021.25. Valid when every need counts heads: smin, sdes and the rules' gaps are then whole
    /// numbers at any optimum (each is held down only by rows with whole-number data). Needs in
    /// FTE or files have fractional shortfalls: no step.
    static func stageOneStep(_ f: Formulation, _ program: CadreProgram) -> Double? {
        guard f.needs.allSatisfy({ $0.unit == .cadres }) else { return nil }
        return program.model.objectiveStep()
    }

    /// Branch-and-bound settings beyond the planner's options.
    struct SearchSettings {
        var cuts = SolveOptions.Cuts.default
        var branching = SolveOptions.Branching.driebeckTomlin
        var branchFirst: [Int] = []
        var branchNext: [Int] = []

        /// Both stages of a program with programme rules. Measured on the full-rules round
        /// (65,000 columns), where GLPK got through 3–19 nodes in 10 s with its defaults:
        /// - Team binaries are branched on first. The root LP opens commune 25057's team a sixth;
        ///   branching on it lifts the bound from 2,017.2 to 2,021.08 (its children: 2,026.25 and
        ///   2,021.08). GLPK's Driebeck–Tomlin rule finds that branch only from some root bases
        ///   and pays a tableau row per fractional column (90 at the root) a node, 1–2 s; on the
        ///   teams alone the bound reached 2,021.25 within 3–5 s in every trial.
        /// - Then on the number of assignments (`CadreProgram.assigned`, with the budget): the
        ///   LP buys 0.61 of one more assignment with the budget's rest, and its two sides (at
        ///   most 674, at least 675) are 2,022 and 2,021.77, which proves 2,022 after 5 nodes.
        /// - Once those are integral, a large program branches on its most fractional column:
        ///   about twice the nodes of Driebeck–Tomlin, and the best plan (2,022) 3–5 s in.
        /// - No root cuts on a large program: GLPK's cut rounds took 5 s there, and branching
        ///   reaches the bound they reached (2,021.25) sooner. Small programs keep both.
        static func forRules(_ f: Formulation, _ program: CadreProgram) -> SearchSettings {
            guard !f.rules.isEmpty else { return SearchSettings() }
            let large = f.pairs.count > corePairThreshold
            return SearchSettings(
                cuts: large ? .none : .default, branching: large ? .mostFractional : .driebeckTomlin,
                branchFirst: program.team.sorted { $0.key < $1.key }.map(\.value.index),
                branchNext: program.assigned.map { [$0.index] } ?? [])
        }
    }

    /// How often the LP-rounding heuristic runs during the search. It takes about 50 ms on the
    /// full-rules round; every 2 s it found the best plan (2,022) after 9–10 s, every 0.5 s by 7 s
    /// (measured before teams were branched on first, which brought that to 3–5 s).
    static let heuristicInterval = 0.5

    /// Above this many pairs the root LP of a program with rules starts from a core's basis.
    static let corePairThreshold = 20_000

    /// The optimal basis of the LP over a core of the pairs (`Formulation.corePairs`), carried
    /// over to the whole program by names. GLPK's primal simplex method needs about 10 s for the
    /// full-rules round's 65,000 columns from scratch; the core's LP (a sixth of the columns)
    /// takes a fraction of that, and from its optimum the whole LP only prices in the pairs the
    /// core left out. Nil for small programs, or when the core's LP does not solve in half the
    /// time limit (the search then starts from scratch).
    static func coreBasis(
        _ f: Formulation, _ scenario: Scenario, _ whole: CadreProgram, including plan: Set<Int>, _ options: PlanOptions
    ) throws(PlanError) -> Basis? {
        guard f.pairs.count > corePairThreshold else { return nil }
        var core = f
        core.pairs = f.corePairs(including: plan).map { f.pairs[$0] }
        let relaxed: LinearModel
        do { relaxed = try CadreProgram(core, scenario: scenario, stage: .unmetNeed).model.relaxed() } catch {
            throw .model(error)
        }
        var lpOptions = options
        lpOptions.onProgress = nil
        if let limit = options.timeLimit { lpOptions.timeLimit = limit / 2 }
        let lp = try solveStage(relaxed, .unmetNeed, lpOptions)
        guard lp.termination == .optimal, let basis = lp.basis else { return nil }
        return basis.carried(from: relaxed, to: whole.model)
    }

    /// One stage over all parts: values, bounds, sizes and times add up; the stage is optimal
    /// only if every part is, and otherwise says why the first part that is not stopped.
    static func combine(_ outcomes: [StageOutcome], penalty: Double) -> StageOutcome {
        func sum(_ values: [Double?]) -> Double? {
            values.contains { $0 == nil } ? nil : values.reduce(0) { $0 + ($1 ?? 0) }
        }
        guard outcomes.count > 1, let first = outcomes.first else {
            return outcomes.first ?? StageOutcome(
                stage: .unmetNeed, termination: .optimal, point: .none, objective: nil, programObjective: nil,
                unmetNeedPenalty: penalty, bestBound: nil, relativeGap: nil, lpRelaxation: nil, nodes: 0, seconds: 0,
                variables: 0, constraints: 0)
        }
        let termination = outcomes.first { $0.termination != .optimal }?.termination ?? .optimal
        let method: SolveMethod = outcomes.allSatisfy { $0.method == .networkFlow } ? .networkFlow : .branchAndCut
        let point: Solution.Point = outcomes.allSatisfy { $0.point == .feasible } ? .feasible : .none
        let value = sum(outcomes.map(\.objective))
        let bound = sum(outcomes.map(\.bestBound))
        let gap: Double? = if termination == .optimal, point == .feasible { 0 }
            else if let v = value, let b = bound { abs(b - v) / max(1e-10, abs(v)) } else { nil }
        return StageOutcome(
            stage: first.stage, termination: termination, point: point, objective: value,
            programObjective: sum(outcomes.map(\.programObjective)), unmetNeedPenalty: penalty, bestBound: bound,
            relativeGap: gap, lpRelaxation: sum(outcomes.map(\.lpRelaxation)),
            nodes: outcomes.reduce(0) { $0 + $1.nodes }, seconds: outcomes.reduce(0) { $0 + $1.seconds },
            variables: outcomes.reduce(0) { $0 + $1.variables }, constraints: outcomes.reduce(0) { $0 + $1.constraints },
            method: method)
    }

    /// The stage-2 ceiling on unmet need: the stage-1 value, the planner's relative tolerance,
    /// and a hair of absolute slack so that rounding in the solver cannot make stage 2 infeasible.
    public static func unmetNeedBound(_ z1: Double, tolerance: Double) -> Double {
        z1 + max(tolerance * abs(z1), 1e-6 * max(1, abs(z1)))
    }

    /// The stage-2 floor on unmet need: stage 1's proven bound, less a hair for the solver's
    /// rounding; nil when stage 1 proved none.
    public static func unmetNeedFloor(_ z1: Double, provenBound: Double?) -> Double? {
        guard let provenBound else { return nil }
        let floor = min(provenBound, z1)
        return floor - 1e-6 * max(1, abs(floor))
    }

    /// The stage-2 penalty on unmet need. With no tolerance, unmet need is pinned at its optimum
    /// and the penalty only tightens the LP relaxation; it is then set above any fit a unit of
    /// unmet need could buy (10 × the largest |fit| over the smallest weight). With a tolerance
    /// the planner allows trading unmet need for fit, so there is no penalty.
    public static func unmetNeedPenalty(_ f: Formulation, tolerance: Double) -> Double {
        guard tolerance == 0 else { return 0 }
        let maxFit = f.pairs.reduce(0) { max($0, abs($1.fit)) }
        let minWeight = f.needs.map {
            $0.weight * $0.unitWeight * min(f.weights.belowDesired, f.weights.belowMinimum > 0 ? f.weights.belowMinimum : .infinity)
        }
            + [f.rules.language?.weight, f.rules.fairness?.weight].compactMap { $0 }
        let positive = minWeight.filter { $0 > 0 }.min() ?? 1
        return (10 * max(1, maxFit) / positive).rounded(.up)
    }

    static func chosenPairs(_ program: CadreProgram, _ solution: Solution) -> [Int] {
        program.assign.indices.filter { solution.value(program.assign[$0]) > 0.5 }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
