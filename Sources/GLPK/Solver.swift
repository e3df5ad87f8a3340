import CGLPK

/// Entry points to GLPK. Each call is synchronous and does all its GLPK work (create, load,
/// solve, read, delete) on the calling thread, because GLPK's environment is thread-local.
/// Concurrent calls from different threads are independent.
public enum GLPK {
    /// The linked library's version, e.g. "5.0".
    public static var version: String { String(cString: glp_version()) }

    /// Solves `model`: the root LP relaxation with the primal simplex method (scaled; presolved or
    /// from an advanced basis), then branch-and-bound (glp_intopt) when there are integer variables.
    ///
    /// Throws only for misuse (invalid options, a bad initial solution, an oversized model).
    /// Infeasible, unbounded and stopped solves are reported in `Solution.termination`.
    public static func solve(_ model: LinearModel, options: SolveOptions = SolveOptions()) throws(SolveError) -> Solution {
        let start = ContinuousClock.now
        do { try model.validate() } catch { throw .invalidModel(error) }
        try checkOptions(options, model)
        let initial = try InitialSolution.prepare(options.initialSolution, for: model)
        try GLPKProblem.checkLimits(model)

        if model.variableCount == 0 { return solveWithoutVariables(model, start: start) }
        if options.shouldStop?() == true {
            return Solution(termination: .interrupted, point: .none, seconds: seconds(from: start))
        }

        let terminal = TerminalSession(options.verbose ? .standardError : .quiet)
        defer { terminal.restore() }
        let problem = GLPKProblem.load(model)
        let hasIntegers = model.variables.contains { $0.kind != .continuous }

        let lpObjective: Double
        switch solveRelaxation(problem, options: options, isMIP: hasIntegers, start: start) {
        case .optimal(let objective):
            lpObjective = objective
        case .stopped(let termination, let feasible):
            let values = feasible ? readValues(problem, model, mip: false) : []
            return finish(model, termination, values: values, bound: nil, lpRelaxation: nil, nodes: 0, start: start)
        }
        let basis = Basis.read(problem)
        let duals = (0..<min(problem.rowCount, model.constraintCount)).map { glp_get_row_dual(problem.pointer, Int32($0 + 1)) }
        var solution: Solution
        if hasIntegers {
            solution = branchAndBound(problem, model, options: options, initial: initial, lpObjective: lpObjective, start: start)
        } else {
            let values = readValues(problem, model, mip: false)
            solution = finish(model, .optimal, values: values, bound: nil, lpRelaxation: lpObjective, nodes: 0, start: start)
        }
        solution.basis = basis
        solution.rootDuals = duals
        return solution
    }

    // MARK: - Phases

    private enum Relaxation {
        case optimal(Double)
        case stopped(Solution.Termination, feasible: Bool)
    }

    /// Primal simplex: on assignment-shaped models it needed ~6× fewer iterations than dual
    /// simplex from the same advanced basis (measured on GLPK 5.0).
    private static func solveRelaxation(
        _ problem: GLPKProblem, options: SolveOptions, isMIP: Bool, start: ContinuousClock.Instant
    ) -> Relaxation {
        let P = problem.pointer
        if problem.rowCount > 0 { glp_scale_prob(P, GLP_SF_AUTO) }
        var smcp = glp_smcp()
        glp_init_smcp(&smcp)
        smcp.msg_lev = options.verbose ? GLP_MSG_ON : GLP_MSG_OFF
        smcp.meth = GLP_PRIMAL
        var code: Int32
        if let warm = options.warmStart, warm.apply(to: problem) {
            code = runSimplex(problem, &smcp, presolve: false, keepBasis: true, timeLimit: options.timeLimit, start: start)
            // A basis that GLPK finds invalid or singular here is dropped for a fresh start.
            if [GLP_EBADB, GLP_ESING, GLP_ECOND].contains(code) {
                code = runSimplex(problem, &smcp, presolve: options.presolve, timeLimit: options.timeLimit, start: start)
            }
        } else {
            code = runSimplex(problem, &smcp, presolve: options.presolve, timeLimit: options.timeLimit, start: start)
        }
        if code == GLP_ENODFS {
            // The presolver only knows "infeasible or unbounded"; the simplex method tells which.
            code = runSimplex(problem, &smcp, presolve: false, timeLimit: options.timeLimit, start: start)
        }
        let status = glp_get_status(P)
        switch code {
        case 0:
            switch status {
            case GLP_OPT: return .optimal(glp_get_obj_val(P))
            case GLP_NOFEAS: return .stopped(.infeasible, feasible: false)
            // A MIP whose relaxation is unbounded is unbounded or integer infeasible.
            case GLP_UNBND: return .stopped(isMIP ? .infeasibleOrUnbounded : .unbounded, feasible: false)
            default: return .stopped(.solverFailed("glp_simplex returned 0 with status \(statusName(status))"), feasible: false)
            }
        case GLP_ENOPFS: return .stopped(.infeasible, feasible: false)
        case GLP_ENODFS: return .stopped(.infeasibleOrUnbounded, feasible: false)
        case GLP_ETMLIM: return .stopped(.timeLimit, feasible: !isMIP && glp_get_prim_stat(P) == GLP_FEAS)
        case GLP_EITLIM: return .stopped(.iterationLimit, feasible: !isMIP && glp_get_prim_stat(P) == GLP_FEAS)
        default: return .stopped(simplexFailure(code), feasible: false)
        }
    }

    private static func runSimplex(
        _ problem: GLPKProblem, _ smcp: inout glp_smcp, presolve: Bool, keepBasis: Bool = false, timeLimit: Double?,
        start: ContinuousClock.Instant
    ) -> Int32 {
        smcp.presolve = presolve ? GLP_ON : GLP_OFF
        if let timeLimit { smcp.tm_lim = milliseconds(max(0, timeLimit - seconds(from: start))) }
        // The presolver builds its own basis; without it, start from a triangular (advanced) one.
        if !presolve && !keepBasis && problem.rowCount > 0 { glp_adv_basis(problem.pointer, 0) }
        return glp_simplex(problem.pointer, &smcp)
    }

    private static func branchAndBound(
        _ problem: GLPKProblem, _ model: LinearModel, options: SolveOptions, initial: [Double]?,
        lpObjective: Double, start: ContinuousClock.Instant
    ) -> Solution {
        let P = problem.pointer
        var iocp = glp_iocp()
        glp_init_iocp(&iocp)
        iocp.msg_lev = options.verbose ? GLP_MSG_ON : GLP_MSG_OFF
        // Off: the simplex call above left an optimal basis, and the callback (heuristic
        // solution, bounds) must see the original columns, not the presolved ones.
        iocp.presolve = GLP_OFF
        iocp.mip_gap = options.relativeGap
        iocp.gmi_cuts = flag(options.cuts.gomory)
        iocp.mir_cuts = flag(options.cuts.mir)
        iocp.cov_cuts = flag(options.cuts.cover)
        iocp.clq_cuts = flag(options.cuts.clique)
        iocp.br_tech = switch options.branching {
        case .firstFractional: GLP_BR_FFV
        case .lastFractional: GLP_BR_LFV
        case .mostFractional: GLP_BR_MFV
        case .driebeckTomlin: GLP_BR_DTH
        case .pseudocost: GLP_BR_PCH
        }
        iocp.fp_heur = flag(options.feasibilityPump)
        iocp.ps_heur = flag(options.proximitySearch)
        if let limit = options.timeLimit {
            iocp.tm_lim = milliseconds(max(0, limit - seconds(from: start)))
            iocp.ps_tm_lim = min(iocp.ps_tm_lim, iocp.tm_lim)
        }
        let monitor = SearchMonitor(
            model: model, start: start, rootBound: lpObjective, options: options, initialSolution: initial)
        iocp.cb_func = searchCallback
        iocp.cb_info = Unmanaged.passUnretained(monitor).toOpaque()
        let code = withExtendedLifetime(monitor) { glp_intopt(P, &iocp) }

        let status = glp_mip_status(P)
        let hasPoint = status == GLP_OPT || status == GLP_FEAS
        let termination: Solution.Termination
        switch code {
        case 0:
            switch status {
            case GLP_OPT: termination = .optimal
            case GLP_NOFEAS: termination = .infeasible
            default: termination = .solverFailed("glp_intopt returned 0 with MIP status \(statusName(status))")
            }
        case GLP_ETMLIM: termination = .timeLimit
        case GLP_EMIPGAP: termination = .gapLimit
        case GLP_ESTOP:
            termination = monitor.closedGap && hasPoint ? .optimal : monitor.reachedGap && hasPoint ? .gapLimit : .interrupted
        case GLP_ENOPFS: termination = .infeasible
        case GLP_ENODFS: termination = .infeasibleOrUnbounded
        default: termination = intoptFailure(code)
        }
        let values = hasPoint ? readValues(problem, model, mip: true) : []
        return finish(
            model, termination, values: values, bound: termination == .infeasible ? nil : monitor.bound,
            lpRelaxation: lpObjective, nodes: monitor.nodes, start: start)
    }

    /// Without columns every row's activity is 0: decide feasibility here rather than ask GLPK.
    private static func solveWithoutVariables(_ model: LinearModel, start: ContinuousClock.Instant) -> Solution {
        let feasible = model.constraints.allSatisfy { $0.bounds.contains(0) }
        guard feasible else { return Solution(termination: .infeasible, point: .none, seconds: seconds(from: start)) }
        let c = model.objectiveConstant
        return Solution(
            termination: .optimal, point: .feasible, objective: c, bestBound: c, relativeGap: 0, lpRelaxation: c,
            values: [], nodes: 0, seconds: seconds(from: start))
    }

    // MARK: - Results

    /// Column values, integer columns rounded exactly (GLPK leaves them within its 1e-5 tolerance).
    private static func readValues(_ problem: GLPKProblem, _ model: LinearModel, mip: Bool) -> [Double] {
        let P = problem.pointer
        var values = [Double](repeating: 0, count: model.variableCount)
        for (j, spec) in model.variables.enumerated() {
            let column = Int32(j + 1)
            let x = mip ? glp_mip_col_val(P, column) : glp_get_col_prim(P, column)
            values[j] = (spec.kind == .continuous ? x : x.rounded()) + 0  // + 0: no -0.0 in reports
        }
        return values
    }

    /// Objective from the returned values (so it matches them exactly), bound and gap.
    private static func finish(
        _ model: LinearModel, _ termination: Solution.Termination, values: [Double], bound: Double?,
        lpRelaxation: Double?, nodes: Int, start: ContinuousClock.Instant
    ) -> Solution {
        let hasPoint = !values.isEmpty
        let objective = hasPoint ? model.objectiveValue(of: values) : nil
        var bestBound = termination == .optimal ? objective : bound
        if let b = bestBound, let objective {  // a bound never beats a feasible point
            bestBound = model.sense == .minimize ? min(b, objective) : max(b, objective)
        }
        let gap: Double? = termination == .optimal && hasPoint ? 0 : objective.flatMap { relativeGap($0, bestBound) }
        return Solution(
            termination: termination, point: hasPoint ? .feasible : .none, objective: objective, bestBound: bestBound,
            relativeGap: gap, lpRelaxation: lpRelaxation, values: values, nodes: nodes, seconds: seconds(from: start))
    }

    // MARK: - Options and codes

    private static func checkOptions(_ options: SolveOptions, _ model: LinearModel) throws(SolveError) {
        // GLPK aborts the process when asked about a column it does not have.
        for (name, columns) in [("branchFirst", options.branchFirst), ("branchNext", options.branchNext)] {
            if let j = columns.first(where: { !model.variables.indices.contains($0) }) {
                throw .invalidOption(option: name, reason: "column \(j) is not one of the model's \(model.variableCount)")
            }
            if let j = columns.first(where: { model.variables[$0].kind == .continuous }) {
                throw .invalidOption(option: name, reason: "column \(j) is continuous; only integer columns are branched on")
            }
        }
        if let limit = options.timeLimit, limit.isNaN || limit < 0 {
            throw .invalidOption(option: "timeLimit", reason: "must be a number of seconds ≥ 0 (or nil), got \(limit)")
        }
        let gap = options.relativeGap
        if !gap.isFinite || gap < 0 {
            throw .invalidOption(option: "relativeGap", reason: "must be a finite number ≥ 0, got \(gap)")
        }
    }

    /// Seconds to GLPK's Int32 milliseconds; Int32.max is GLPK's "no limit".
    static func milliseconds(_ seconds: Double) -> Int32 {
        let ms = (seconds * 1000).rounded(.up)
        return ms >= Double(Int32.max) ? Int32.max : Int32(max(0, ms))
    }

    private static func flag(_ on: Bool) -> Int32 { on ? GLP_ON : GLP_OFF }

    private static func statusName(_ status: Int32) -> String {
        switch status {
        case GLP_UNDEF: "GLP_UNDEF (undefined)"
        case GLP_FEAS: "GLP_FEAS (feasible)"
        case GLP_INFEAS: "GLP_INFEAS (infeasible)"
        case GLP_NOFEAS: "GLP_NOFEAS (no feasible solution)"
        case GLP_OPT: "GLP_OPT (optimal)"
        case GLP_UNBND: "GLP_UNBND (unbounded)"
        default: "\(status)"
        }
    }

    private static func simplexFailure(_ code: Int32) -> Solution.Termination {
        switch code {
        case GLP_ESING: .numericalDifficulty("GLP_ESING: the basis matrix became singular")
        case GLP_ECOND: .numericalDifficulty("GLP_ECOND: the basis matrix became ill-conditioned")
        case GLP_EBADB: .solverFailed("GLP_EBADB: the initial basis is invalid")
        case GLP_EBOUND: .solverFailed("GLP_EBOUND: some double-bounded variables have incorrect bounds")
        case GLP_EFAIL: .solverFailed("GLP_EFAIL: the search was prematurely terminated due to the solver failure")
        case GLP_EOBJLL: .solverFailed("GLP_EOBJLL: objective lower limit reached")
        case GLP_EOBJUL: .solverFailed("GLP_EOBJUL: objective upper limit reached")
        default: .solverFailed("glp_simplex returned code \(code)")
        }
    }

    private static func intoptFailure(_ code: Int32) -> Solution.Termination {
        switch code {
        case GLP_EBOUND: .solverFailed("GLP_EBOUND: some integer variables have non-integer or incorrect bounds")
        case GLP_EROOT: .solverFailed("GLP_EROOT: optimal basis for initial LP relaxation is not provided")
        case GLP_EFAIL: .solverFailed("GLP_EFAIL: the search was prematurely terminated due to the solver failure")
        default: .solverFailed("glp_intopt returned code \(code)")
        }
    }
}
