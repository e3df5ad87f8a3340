/// How `GLPK.solve` runs. Checked before anything reaches GLPK (which aborts on invalid
/// parameters): a bad value is a `SolveError.invalidOption`.
public struct SolveOptions: Sendable {
    /// Cutting-plane families for branch-and-bound (GLPK's `gmi_cuts`, `mir_cuts`, `cov_cuts`, `clq_cuts`).
    public struct Cuts: Sendable, Equatable {
        public var gomory: Bool
        public var mir: Bool
        public var cover: Bool
        public var clique: Bool

        public init(gomory: Bool = false, mir: Bool = false, cover: Bool = false, clique: Bool = false) {
            self.gomory = gomory
            self.mir = mir
            self.cover = cover
            self.clique = clique
        }

        /// MIR, cover and clique. Measured on GLPK 5.0: they close a generalized-assignment model
        /// (40 cadres × 40 needs with capacities) at the root in 0.02 s, where no cuts left a 3–10 %
        /// gap after 8 s; on tiny knapsacks they cost a few tenths of a second. Gomory cuts added
        /// nothing on either and make the LPs denser.
        public static let `default` = Cuts(mir: true, cover: true, clique: true)
        public static let none = Cuts()
        public static let all = Cuts(gomory: true, mir: true, cover: true, clique: true)
    }

    /// How branch-and-bound picks the variable to branch on (GLPK's `br_tech`).
    public enum Branching: Sendable, Equatable {
        case firstFractional, lastFractional, mostFractional
        /// Driebeck and Tomlin's heuristic, GLPK's default. It computes a row of the simplex
        /// tableau for every fractional variable at every node, each a pass over the whole matrix.
        case driebeckTomlin
        /// Hybrid pseudocost branching, with pseudocosts started by a few dual simplex steps.
        /// That start does not heed the time limit: a 10 s stage of the full-rules round took 41 s.
        case pseudocost
    }

    /// Run GLPK's LP presolver on the root relaxation (it can settle small or infeasible models
    /// early). When it only finds "no dual feasible solution", the simplex method is rerun without
    /// it to tell infeasible from unbounded. Branch-and-bound never presolves: it starts from the
    /// optimal basis, and the callback must see the original columns.
    public var presolve: Bool
    /// Wall-clock seconds for the whole solve (root LP + branch-and-bound). `nil` = no limit.
    /// GLPK counts whole milliseconds in an `Int32`, so longer limits mean "no limit".
    public var timeLimit: Double?
    /// Stop once |incumbent − bound| / |incumbent| ≤ this (GLPK's `mip_gap`). 0 = prove optimality.
    public var relativeGap: Double
    public var cuts: Cuts
    public var branching: Branching = .driebeckTomlin
    /// Columns (0-based, integer) to branch on before any other: at each node the fractional one
    /// whose branch moves the bound most (Driebeck and Tomlin's estimate, over these columns
    /// only), and `branching` once all are integral. Meant for fixed-charge binaries, where one
    /// branch moves the bound more than hundreds of branches on the columns they switch on.
    /// Checked against the model before solving.
    public var branchFirst: [Int] = []
    /// Columns (0-based, integer) to branch on once every column of `branchFirst` is integral,
    /// chosen among the same way, before `branching` takes over. Meant for an integer count of
    /// the columns a knapsack row rations: its disjunction (at most k, or at least k + 1) ends the
    /// LP's habit of buying a fraction of one more item, which branching on single columns only
    /// moves from one item to the next.
    public var branchNext: [Int] = []
    public var feasibilityPump: Bool
    public var proximitySearch: Bool
    /// GLPK's log, written to standard error (GLPK would use standard output, which the CLI owns).
    public var verbose: Bool
    /// A feasible point (one value per variable) offered to branch-and-bound as its first
    /// incumbent. Checked for length, integrality, bounds and constraints before solving,
    /// because GLPK accepts whatever it is given. Ignored for models without integer variables.
    public var initialSolution: [Double]?
    /// A primal heuristic: given the LP values at a branch-and-bound node (one per variable), a
    /// candidate point or nil. Called at the root and then at most every `heuristicInterval`
    /// seconds; a candidate that breaks any bound, integrality or row is dropped, the others are
    /// offered to GLPK (glp_ios_heur_sol), which keeps them when they beat the incumbent.
    public var heuristic: (@Sendable ([Double]) -> [Double]?)?
    public var heuristicInterval: Double = 2
    /// When every integer-feasible optimum's objective is a multiple of this step (integer
    /// weights, quarters, …, and continuous columns integral at any optimum), a proven bound is
    /// rounded up (down when maximising) to the next multiple: a bound of 2021.08 with step 0.25
    /// proves 2021.25, and one above 2021.75 proves a plan of 2022 optimal. nil = no rounding.
    public var objectiveStep: Double?
    /// Polled before solving and at every branch-and-bound callback (several times per node);
    /// returning true stops with termination `.interrupted`, keeping the incumbent if any. GLPK's
    /// simplex method has no callback, so a long root LP cannot be interrupted.
    public var shouldStop: (@Sendable () -> Bool)?
    /// Called from the solving thread whenever the incumbent improves, and about twice a second otherwise.
    public var onProgress: (@Sendable (Progress) -> Void)?
    /// A basis from an earlier solve of a program with the same columns (and the same rows,
    /// possibly followed by more): the root LP starts there instead of from scratch. Ignored
    /// (with a fall back to a fresh start) when it does not fit or GLPK finds it singular.
    public var warmStart: Basis?

    public init(
        presolve: Bool = true,
        timeLimit: Double? = nil,
        relativeGap: Double = 0,
        cuts: Cuts = .default,
        feasibilityPump: Bool = false,
        proximitySearch: Bool = false,
        verbose: Bool = false,
        initialSolution: [Double]? = nil,
        shouldStop: (@Sendable () -> Bool)? = nil,
        onProgress: (@Sendable (Progress) -> Void)? = nil,
        warmStart: Basis? = nil
    ) {
        self.warmStart = warmStart
        self.presolve = presolve
        self.timeLimit = timeLimit
        self.relativeGap = relativeGap
        self.cuts = cuts
        self.feasibilityPump = feasibilityPump
        self.proximitySearch = proximitySearch
        self.verbose = verbose
        self.initialSolution = initialSolution
        self.shouldStop = shouldStop
        self.onProgress = onProgress
    }
}

extension SolveOptions {
    /// A snapshot of branch-and-bound, passed to `onProgress`. Nested so it does not clash with
    /// Foundation.Progress (and `GLPK.Progress` cannot disambiguate: the enum shadows the module).
    public struct Progress: Sendable, Equatable {
        /// Objective of the best integer-feasible point so far.
        public var incumbent: Double?
        /// Proven bound on the optimum (lower when minimizing, upper when maximizing).
        public var bestBound: Double?
        /// |incumbent − bestBound| / (1e-10 + |incumbent|), when both are known.
        public var gap: Double?
        /// Nodes created so far.
        public var nodes: Int
        /// Nodes still waiting to be explored.
        public var activeNodes: Int
        /// Seconds since the solve started.
        public var elapsed: Double

        public init(incumbent: Double?, bestBound: Double?, gap: Double?, nodes: Int, activeNodes: Int, elapsed: Double) {
            self.incumbent = incumbent
            self.bestBound = bestBound
            self.gap = gap
            self.nodes = nodes
            self.activeNodes = activeNodes
            self.elapsed = elapsed
        }
    }
}

/// Top-level name for `SolveOptions.Progress`. In files that also import Foundation, spell it
/// `SolveOptions.Progress` to avoid the clash with Foundation.Progress.
public typealias Progress = SolveOptions.Progress
