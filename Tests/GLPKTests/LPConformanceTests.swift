import GLPK
import Testing

/// Tiny LPs with known optima, in the spirit of MathOptInterface's conformance tests.
/// Each runs with and without GLPK's LP presolver.
@Suite struct LPConformanceTests {
    /// min −x − y  s.t.  x + 2y ≤ 4,  3x + y ≤ 6,  x, y ≥ 0.
    /// Vertices (0,0) → 0, (2,0) → −2, (0,2) → −2, and x + 2y = 4 ∧ 3x + y = 6 ⇒ (1.6, 1.2) → −2.8.
    @Test(arguments: [true, false])
    func minimizeTwoVariables(presolve: Bool) throws {
        var m = LinearModel(name: "lp1")
        let x = try m.addVariable("x", objective: -1)
        let y = try m.addVariable("y", objective: -1)
        try m.addConstraint("c1", [1 * x, 2 * y], .atMost(4))
        try m.addConstraint("c2", [3 * x, 1 * y], .atMost(6))
        let s = try GLPK.solve(m, options: SolveOptions(presolve: presolve))
        #expect(s.isProvenOptimal)
        #expect(close(s.objective, -2.8))
        #expect(close(s.values, [1.6, 1.2]))
        #expect(close(s.bestBound, -2.8))
        #expect(s.relativeGap == 0)
        #expect(close(s.lpRelaxation, -2.8))
        #expect(s.nodes == 0)
    }

    /// The same polytope maximizing x + y (+ constant 10): optimum 12.8 at (1.6, 1.2).
    @Test(arguments: [true, false])
    func maximizeWithConstant(presolve: Bool) throws {
        var m = LinearModel(name: "lp1max", sense: .maximize)
        let x = try m.addVariable("x", objective: 1)
        let y = try m.addVariable("y", objective: 1)
        try m.addConstraint("c1", [1 * x, 2 * y], .atMost(4))
        try m.addConstraint("c2", [3 * x, 1 * y], .atMost(6))
        m.objectiveConstant = 10
        let s = try GLPK.solve(m, options: SolveOptions(presolve: presolve))
        #expect(s.isProvenOptimal)
        #expect(close(s.objective, 12.8))
        #expect(close(s.value(x), 1.6) && close(s.value(y), 1.2))
    }

    /// Equality, range and free bounds on rows and columns:
    /// min x + 3y + z + w
    ///   sum:  x + y = 3            (exactly)
    ///   diff: 1 ≤ x − y ≤ 2        (range)
    ///   link: z − x ≥ −10          (z free: z = x − 10 at the optimum)
    ///   x ∈ [0, 2.4], y ≤ 5 (free below), z free, w = 2 (fixed)
    /// Substituting y = 3 − x, z = x − 10: objective = x + 9 − 3x + x − 10 + 2 = 1 − x, so x is as
    /// large as allowed: x ≤ 2.4 (column) and x − y = 2x − 3 ≤ 2 ⇒ x ≤ 2.5. Optimum x = 2.4,
    /// y = 0.6, z = −7.6, w = 2, objective −1.4.
    @Test(arguments: [true, false])
    func equalityRangeAndFreeBounds(presolve: Bool) throws {
        var m = LinearModel(name: "bounds")
        let x = try m.addVariable("x", bounds: .between(0, 2.4), objective: 1)
        let y = try m.addVariable("y", bounds: .atMost(5), objective: 3)
        let z = try m.addVariable("z", bounds: .free, objective: 1)
        let w = try m.addVariable("w", bounds: .exactly(2), objective: 1)
        try m.addConstraint("sum", [1 * x, 1 * y], .exactly(3))
        try m.addConstraint("diff", [1 * x, -1 * y], .between(1, 2))
        try m.addConstraint("link", [1 * z, -1 * x], .atLeast(-10))
        let s = try GLPK.solve(m, options: SolveOptions(presolve: presolve))
        #expect(s.isProvenOptimal)
        #expect(close(s.objective, -1.4))
        #expect(close(s.values, [2.4, 0.6, -7.6, 2]))
        #expect(s.value(w) == 2)
    }

    /// x + y ≥ 5 and x + y ≤ 3 cannot both hold.
    @Test(arguments: [true, false])
    func infeasible(presolve: Bool) throws {
        var m = LinearModel(name: "infeasible")
        let x = try m.addVariable("x", objective: 1)
        let y = try m.addVariable("y", objective: 1)
        try m.addConstraint("low", [1 * x, 1 * y], .atLeast(5))
        try m.addConstraint("high", [1 * x, 1 * y], .atMost(3))
        let s = try GLPK.solve(m, options: SolveOptions(presolve: presolve))
        #expect(s.termination == .infeasible)
        #expect(s.point == .none)
        #expect(s.values.isEmpty && s.objective == nil && !s.isProvenOptimal)
        #expect(s.value(x).isNaN)
    }

    /// max x + y s.t. x − y ≤ 1, x, y ≥ 0: the ray (t, t) keeps the constraint and grows the objective.
    @Test(arguments: [true, false])
    func unbounded(presolve: Bool) throws {
        var m = LinearModel(name: "unbounded", sense: .maximize)
        let x = try m.addVariable("x", objective: 1)
        let y = try m.addVariable("y", objective: 1)
        try m.addConstraint("c", [1 * x, -1 * y], .atMost(1))
        let s = try GLPK.solve(m, options: SolveOptions(presolve: presolve))
        #expect(s.termination == .unbounded)
        #expect(s.point == .none && s.objective == nil)
    }

    /// Duplicate terms are summed: 0.5x + 0.5x + y − y ≡ x, so "x ≥ 2" with min x gives 2.
    @Test func duplicateTermsAreMerged() throws {
        var m = LinearModel(name: "dup")
        let x = try m.addVariable("x", objective: 1)
        let y = try m.addVariable("y")
        let c = try m.addConstraint("c", [0.5 * x, 0.5 * x, 1 * y, -1 * y], .atLeast(2))
        #expect(m.constraints[c.index].terms == [Term(x, 1)])
        let s = try GLPK.solve(m)
        #expect(s.isProvenOptimal && close(s.value(x), 2))
    }

    /// Free constraints restrict nothing and are not handed to GLPK; min x with x ≥ 1 stays 1.
    @Test func freeConstraintIsIgnored() throws {
        var m = LinearModel(name: "free")
        let x = try m.addVariable("x", bounds: .atLeast(1), objective: 1)
        try m.addConstraint("anything", [3 * x], .free)
        let s = try GLPK.solve(m)
        #expect(s.isProvenOptimal && close(s.objective, 1))
    }

    /// GLPK's log goes to standard error through the terminal hook; the result is unchanged.
    @Test func verboseSolve() throws {
        var m = LinearModel(name: "verbose")
        let x = try m.addVariable("x", bounds: .between(0, 4), objective: -1)
        try m.addConstraint("c", [2 * x], .atMost(6))
        let s = try GLPK.solve(m, options: SolveOptions(verbose: true))
        #expect(s.isProvenOptimal && close(s.value(x), 3))
    }

    @Test func version() {
        #expect(GLPK.version.hasPrefix("5."))
    }
}
