/// The outcome of `GLPK.solve`: why the solver stopped (`termination`) and what it has
/// (`point`). Only `isProvenOptimal` means the values are a proven optimum.
public struct Solution: Sendable, Equatable {
    /// Why the solver stopped, from `glp_simplex`/`glp_intopt` return codes and solution status.
    public enum Termination: Sendable, Equatable, CustomStringConvertible {
        /// Proven optimal (within GLPK's tolerances).
        case optimal
        /// Proven to have no feasible point.
        case infeasible
        /// Proven to have feasible points with arbitrarily good objective.
        case unbounded
        /// A MIP whose LP relaxation is unbounded: it is unbounded or has no integer point, and
        /// GLPK's branch-and-bound (which needs a bounded relaxation) cannot tell which.
        case infeasibleOrUnbounded
        case timeLimit
        /// `SolveOptions.relativeGap` was reached.
        case gapLimit
        /// `SolveOptions.shouldStop` returned true.
        case interrupted
        case iterationLimit
        /// The basis matrix became singular or ill-conditioned; the message says which.
        case numericalDifficulty(String)
        /// GLPK gave up for another reason; the message quotes GLPK's return code.
        case solverFailed(String)

        public var description: String {
            switch self {
            case .optimal: "optimal solution found"
            case .infeasible: "problem has no feasible solution"
            case .unbounded: "problem has unbounded solution"
            case .infeasibleOrUnbounded: "problem has no dual feasible solution (infeasible or unbounded)"
            case .timeLimit: "time limit exceeded; search terminated"
            case .gapLimit: "relative mip gap tolerance reached; search terminated"
            case .interrupted: "search terminated by application"
            case .iterationLimit: "iteration limit exceeded; search terminated"
            case .numericalDifficulty(let why): "numerical difficulty: \(why)"
            case .solverFailed(let why): "solver failed: \(why)"
            }
        }
    }

    /// What `values` holds.
    public enum Point: Sendable, Equatable {
        case none
        /// A point satisfying all constraints and integrality (within GLPK's tolerances).
        case feasible
    }

    public var termination: Termination
    public var point: Point
    /// Objective of `values` (constant included), when there is a point.
    public var objective: Double?
    /// Proven bound on the optimum: lower when minimizing, upper when maximizing; equals
    /// `objective` when optimal. From branch-and-bound's best open node, or the LP relaxation.
    public var bestBound: Double?
    /// |objective − bestBound| / (1e-10 + |objective|), as GLPK's `glp_ios_mip_gap`; 0 when optimal.
    public var relativeGap: Double?
    /// Objective of the root LP relaxation, when it was solved to optimality.
    public var lpRelaxation: Double?
    /// One value per variable, integer variables rounded to exact integers; empty when `point == .none`.
    public var values: [Double]
    /// Branch-and-bound nodes created (0 for LPs; best effort).
    public var nodes: Int
    public var seconds: Double
    /// The optimal basis of the root LP relaxation, for warm-starting a related solve.
    public var basis: Basis?
    /// Row duals of the root LP relaxation (before any branching or cut), one per constraint, as
    /// GLPK defines them: the reduced cost of column j is c_j − Σ_i a_ij · dual_i. For pricing
    /// columns left out of the model (`LinearModel.reducedCosts`).
    public var rootDuals: [Double]?

    public init(
        termination: Termination, point: Point, objective: Double? = nil, bestBound: Double? = nil,
        relativeGap: Double? = nil, lpRelaxation: Double? = nil, values: [Double] = [], nodes: Int = 0, seconds: Double = 0
    ) {
        self.termination = termination
        self.point = point
        self.objective = objective
        self.bestBound = bestBound
        self.relativeGap = relativeGap
        self.lpRelaxation = lpRelaxation
        self.values = values
        self.nodes = nodes
        self.seconds = seconds
    }

    public var isProvenOptimal: Bool { termination == .optimal && point == .feasible }

    /// The value of `v`, or NaN when there is no point or `v` is not a variable of the solved model.
    public func value(_ v: Variable) -> Double {
        values.indices.contains(v.index) ? values[v.index] : .nan
    }
}
