import CGLPK

/// State shared with `searchCallback` through glp_iocp.cb_info (passed unretained; the solver
/// keeps it alive across glp_intopt). Nothing here may throw or trap: the callback runs inside C.
final class SearchMonitor {
    private let maximize: Bool
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var lastProgress: ContinuousClock.Instant
    private var reportedIncumbent: Double?
    private let shouldStop: (@Sendable () -> Bool)?
    private let onProgress: (@Sendable (SolveOptions.Progress) -> Void)?
    /// 1-based for glp_ios_heur_sol (element 0 unused); offered once.
    private var initialSolution: [Double]?

    private let heuristic: (@Sendable ([Double]) -> [Double]?)?
    private let heuristicInterval: Duration
    private var lastHeuristic: ContinuousClock.Instant?
    /// For checking the heuristic's points before GLPK sees them.
    private let model: LinearModel

    /// 1-based column numbers of `SolveOptions.branchFirst` and `branchNext`, in that order.
    private let branchTiers: [[Int32]]

    private let step: Double?
    private let targetGap: Double
    private var stopRequested = false
    /// The incumbent met the proven bound (to an absolute 1e-9): the search stopped because
    /// nothing is left to prove. GLPK's relative gap cannot see this when the optimum is 0
    /// (its gap is then |bound| / ε, about 1, however close), and would enumerate every node.
    private(set) var closedGap = false
    /// The relative gap met `SolveOptions.relativeGap` only once the bound was rounded to the
    /// objective step (GLPK's own test sees the unrounded bound).
    private(set) var reachedGap = false
    /// Best proven bound seen so far (starts at the root LP relaxation).
    private(set) var bound: Double?
    private(set) var nodes = 0

    static let progressInterval: Duration = .milliseconds(500)

    init(model: LinearModel, start: ContinuousClock.Instant, rootBound: Double?, options: SolveOptions,
         initialSolution: [Double]?) {
        self.model = model
        maximize = model.sense == .maximize
        heuristic = options.heuristic
        heuristicInterval = .milliseconds(Int64(max(0, options.heuristicInterval) * 1000))
        self.start = start
        lastProgress = start
        shouldStop = options.shouldStop
        onProgress = options.onProgress
        branchTiers = [options.branchFirst, options.branchNext].filter { !$0.isEmpty }.map { $0.map { Int32($0 + 1) } }
        step = options.objectiveStep.flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
        targetGap = options.relativeGap
        self.initialSolution = initialSolution.map { [0] + $0 }
        bound = rootBound.map(rounded)
    }

    fileprivate func handle(_ tree: OpaquePointer) {
        let reason = glp_ios_reason(tree)
        if reason == GLP_IHEUR, let x = initialSolution {
            initialSolution = nil
            // GLPK ignores it (non-zero result) when it does not beat the incumbent. Integrality
            // and feasibility were checked before solving: GLPK checks neither.
            _ = x.withUnsafeBufferPointer { glp_ios_heur_sol(tree, $0.baseAddress) }
        }
        if reason == GLP_IHEUR, let heuristic, lastHeuristic.map({ clock.now - $0 >= heuristicInterval }) ?? true {
            lastHeuristic = clock.now
            let prob = glp_ios_get_prob(tree)
            let lp = (0..<model.variableCount).map { glp_get_col_prim(prob, Int32($0 + 1)) }
            if let point = heuristic(lp), model.firstViolation(of: point, tolerance: 1e-7) == nil {
                let x = [0] + point
                _ = x.withUnsafeBufferPointer { glp_ios_heur_sol(tree, $0.baseAddress) }
            }
        }

        if reason == GLP_IBRANCH, !branchTiers.isEmpty { branchOnPriority(tree) }

        let prob = glp_ios_get_prob(tree)
        let incumbent: Double? = glp_mip_status(prob) == GLP_FEAS ? glp_mip_obj_val(prob) : nil
        var active: Int32 = 0, current: Int32 = 0, total: Int32 = 0
        glp_ios_tree_size(tree, &active, &current, &total)
        nodes = Int(total)
        observeBound(tree, incumbent: incumbent)

        if !stopRequested, let incumbent, let bound, abs(incumbent - bound) <= 1e-9 * max(1, abs(incumbent)) {
            stopRequested = true
            closedGap = true
            glp_ios_terminate(tree)
        }
        if !stopRequested, targetGap > 0, let incumbent, let gap = relativeGap(incumbent, bound), gap <= targetGap {
            stopRequested = true
            reachedGap = true
            glp_ios_terminate(tree)
        }
        if !stopRequested, let shouldStop, shouldStop() {
            stopRequested = true
            glp_ios_terminate(tree)
        }

        if let onProgress {
            // GLPK raises GLP_IBINGO only for integral node LPs, not for heuristic solutions,
            // so a new incumbent is detected by its value.
            let improved = incumbent != nil && incumbent != reportedIncumbent
            let now = clock.now
            guard improved || now - lastProgress >= Self.progressInterval else { return }
            lastProgress = now
            reportedIncumbent = incumbent
            onProgress(SolveOptions.Progress(
                incumbent: incumbent, bestBound: bound, gap: incumbent.flatMap { relativeGap($0, bound) },
                nodes: nodes, activeNodes: Int(active), elapsed: seconds(from: start, to: now)))
        }
    }

    /// Branches on the column of the first tier with a fractional column (`branchFirst`, then
    /// `branchNext`) whose branching moves the bound most, judged as GLPK's Driebeck–Tomlin rule
    /// judges all columns (one implicit dual simplex step each way, the larger change wins) but
    /// only over these few, so a node costs a handful of tableau rows instead of one per
    /// fractional column. Leaves the choice to GLPK when none is fractional or the LP is not in
    /// a state the estimate may read.
    private func branchOnPriority(_ tree: OpaquePointer) {
        guard let prob = glp_ios_get_prob(tree) else { return }
        // glp_eval_tab_row and glp_dual_rtest abort the process without an optimal,
        // factorized, dual feasible basis.
        guard glp_get_status(prob) == GLP_OPT, glp_bf_exists(prob) != 0, glp_get_dual_stat(prob) == GLP_FEAS else { return }
        let rows = glp_get_num_rows(prob), columns = glp_get_num_cols(prob)
        if tableauIndices.count < Int(columns) + 1 {
            tableauIndices = Array(repeating: 0, count: Int(columns) + 1)
            tableauValues = Array(repeating: 0, count: Int(columns) + 1)
        }
        let minimize = glp_get_obj_dir(prob) == GLP_MIN
        var best: (column: Int32, degradation: Double, up: Bool)?
        for tier in branchTiers where best == nil {
            for j in tier where glp_ios_can_branch(tree, j) != 0 && glp_get_col_stat(prob, j) == GLP_BS {
                let value = glp_get_col_prim(prob, j)
                let length = glp_eval_tab_row(prob, rows + j, &tableauIndices, &tableauValues)
                let down = oneStepDegradation(prob, rows: rows, length: length, value: value, direction: -1, minimize: minimize)
                let up = oneStepDegradation(prob, rows: rows, length: length, value: value, direction: 1, minimize: minimize)
                let degradation = max(down, up)
                if degradation > best?.degradation ?? -1 { best = (j, degradation, up < down) }
                if degradation == .infinity { break }
            }
        }
        guard let best else { return }
        // The smaller change is solved next: the other child waits as the likelier one to prune.
        glp_ios_branch_upon(tree, best.column, best.up ? GLP_UP_BRNCH : GLP_DN_BRNCH)
    }

    /// 1-based work arrays for a row of the simplex tableau, kept between nodes.
    private var tableauIndices: [Int32] = []
    private var tableauValues: [Double] = []

    /// How much the objective worsens (a magnitude) when the basic column of the tableau row in
    /// the work arrays is pushed to the next integer below (direction −1) or above (+1): the
    /// dual ratio test picks the column that enters, and the move costs its reduced cost times
    /// its step (Tomlin: an integer column steps at least one). Infinite when no column can
    /// enter: that branch is infeasible.
    private func oneStepDegradation(
        _ prob: OpaquePointer, rows: Int32, length: Int32, value: Double, direction: Int32, minimize: Bool
    ) -> Double {
        let t = Int(glp_dual_rtest(prob, length, tableauIndices, tableauValues, direction, 1e-9))
        guard t > 0 else { return .infinity }
        let k = tableauIndices[t], alpha = tableauValues[t]
        var step = ((direction < 0 ? value.rounded(.down) : value.rounded(.up)) - value) / alpha
        if k > rows, glp_get_col_kind(prob, k - rows) != GLP_CV, abs(step - step.rounded()) > 1e-3 {
            step = step > 0 ? step.rounded(.up) : step.rounded(.down)
        }
        let status = k <= rows ? glp_get_row_stat(prob, k) : glp_get_col_stat(prob, k - rows)
        var reducedCost = k <= rows ? glp_get_row_dual(prob, k) : glp_get_col_dual(prob, k - rows)
        // A degenerate basis can leave near-zero reduced costs with the wrong sign.
        let wrongSign = minimize ? (status == GLP_NL && reducedCost < 0) || (status == GLP_NU && reducedCost > 0)
            : (status == GLP_NL && reducedCost > 0) || (status == GLP_NU && reducedCost < 0)
        if wrongSign || status == GLP_NF { reducedCost = 0 }
        return abs(reducedCost * step)
    }

    /// The best open node's bound, capped by the incumbent, is a valid bound at this moment;
    /// keep the best such bound over time (a node bound alone can pass the incumbent just before pruning).
    private func observeBound(_ tree: OpaquePointer, incumbent: Double?) {
        let best = glp_ios_best_node(tree)
        var now: Double?
        if best != 0 {
            let b = glp_ios_node_bound(tree, best)
            if abs(b) < 1e300 { now = b }  // ±DBL_MAX: node not evaluated yet
        } else {
            now = incumbent  // no open node: the incumbent is optimal
        }
        guard var candidate = now.map(rounded) else { return }
        if let incumbent { candidate = maximize ? max(candidate, incumbent) : min(candidate, incumbent) }
        if let old = bound { candidate = maximize ? min(old, candidate) : max(old, candidate) }
        bound = candidate
    }
}

extension SearchMonitor {
    /// A bound moved to the next multiple of the objective step in the direction it proves
    /// (the 1e-6 of a step absorbs the simplex method's rounding).
    func rounded(_ bound: Double) -> Double {
        guard let step else { return bound }
        let k = bound / step
        return (maximize ? (k + 1e-6).rounded(.down) : (k - 1e-6).rounded(.up)) * step
    }
}

/// GLPK's branch-and-bound callback: the only entry from C into Swift.
func searchCallback(_ tree: OpaquePointer?, _ info: UnsafeMutableRawPointer?) {
    guard let tree, let info else { return }
    Unmanaged<SearchMonitor>.fromOpaque(info).takeUnretainedValue().handle(tree)
}

/// |objective − bound| / (1e-10 + |objective|), as glp_ios_mip_gap (with a larger epsilon).
func relativeGap(_ objective: Double, _ bound: Double?) -> Double? {
    guard let bound else { return nil }
    return abs(objective - bound) / (1e-10 + abs(objective))
}

func seconds(from start: ContinuousClock.Instant, to end: ContinuousClock.Instant = ContinuousClock.now) -> Double {
    let d = (end - start).components
    return Double(d.seconds) + Double(d.attoseconds) * 1e-18
}
