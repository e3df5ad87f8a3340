import GLPK

/// A what-if's plan that moves as few cadres of a base plan as the what-if allows.
///
/// Stage 2 re-optimises fit over the whole province, so a what-if that only lowers one
/// department's cap can move hundreds of cadres a little closer to home. A planner asking "who
/// must change if…" wants the other answer: keep stage 1 at the what-if's optimum (no more
/// weighted unmet need than the what-if must leave), then keep as many of the base plan's
/// (cadre, commune, field) assignments as possible, and only then maximise fit. The fit term is
/// scaled below one kept assignment, so it only breaks ties.
public enum StablePlan {
    /// `result` (a solve of the what-if) re-solved as above against `base`. Returns `result`
    /// unchanged when stage 1 has no value or the solve fails: this is a refinement, never a
    /// reason to lose a plan. The returned plan's stage 2 is this solve, its value the plan's fit.
    public static func closest(
        to base: Roster, result: PlanResult, seconds: Double?, tolerance: Double = 0
    ) -> PlanResult {
        guard result.hasPlan, result.stages.count == 2, let z1 = result.stages[0].objective else { return result }
        let s = result.scenario
        let f = result.formulation
        let kept = Set(base.assignments.map { "\($0.cadre)|\($0.commune)|\($0.field)" })
        let keepable = f.pairs.map { p -> Bool in
            let need = s.needs[f.needs[p.need].need]
            return kept.contains("\(s.cadres[f.cadres[p.cadre].cadre].id)|\(need.commune)|\(need.field)")
        }
        // Fit breaks ties only: all of it together is worth less than one kept assignment.
        let epsilon = 0.5 / (1 + f.pairs.map { abs($0.fit) }.reduce(0, +))

        var program: CadreProgram
        do {
            program = try CadreProgram(
                f, scenario: s, stage: .fit, unmetNeedBound: Planner.unmetNeedBound(z1, tolerance: tolerance))
            for (p, x) in program.assign.enumerated() {
                try program.model.setObjective(x, (keepable[p] ? 1 : 0) + epsilon * f.pairs[p].fit)
            }
            for v in program.belowMinimum + program.belowDesired { try program.model.setObjective(v, 0) }
        } catch { return result }

        var options = SolveOptions()
        options.timeLimit = seconds
        options.initialSolution = result.stages.count == 2 ? startingPoint(program, chosen: Set(result.chosen)) : nil
        guard let solution = try? GLPK.solve(program.model, options: options), solution.point == .feasible else {
            return result
        }
        var stable = result
        stable.chosen = program.assign.indices.filter { solution.value(program.assign[$0]) > 0.5 }
        let fit = stable.chosen.reduce(0.0) { $0 + f.pairs[$1].fit }
        stable.stages[1].objective = fit
        stable.stages[1].programObjective = solution.objective
        stable.stages[1].termination = solution.termination
        stable.stages[1].point = solution.point
        stable.stages[1].bestBound = solution.isProvenOptimal ? fit : nil
        stable.stages[1].relativeGap = solution.isProvenOptimal ? 0 : nil
        stable.stages[1].lpRelaxation = nil
        stable.stages[1].nodes = solution.nodes
        stable.stages[1].seconds = solution.seconds
        stable.stages[1].variables = program.model.variableCount
        stable.stages[1].constraints = program.model.constraintCount
        return stable
    }

    /// The what-if's own plan, completed (releases, shortfalls) by solving with its assignments
    /// fixed: feasible here, so a first incumbent for the search.
    static func startingPoint(_ program: CadreProgram, chosen: Set<Int>) -> [Double]? {
        var fixed = program.model
        do {
            for (p, x) in program.assign.enumerated() { try fixed.setBounds(x, .exactly(chosen.contains(p) ? 1 : 0)) }
        } catch { return nil }
        guard let start = try? GLPK.solve(fixed, options: SolveOptions()), start.point == .feasible else { return nil }
        return start.values
    }
}
