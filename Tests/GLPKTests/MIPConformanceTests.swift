import GLPK
import Testing

@Suite struct MIPConformanceTests {
    /// See `Models.knapsack`: optimum 9 at (1, 1, 0); fractional relaxation.
    @Test(arguments: [true, false])
    func knapsack(presolve: Bool) throws {
        let m = try Models.knapsack()
        let s = try GLPK.solve(m, options: SolveOptions(presolve: presolve))
        #expect(s.isProvenOptimal)
        #expect(s.objective == 9)
        #expect(s.values == [1, 1, 0])
        #expect(s.bestBound == 9 && s.relativeGap == 0)
        #expect(s.nodes >= 1)
    }

    /// The relaxation of the knapsack is fractional, so for a maximization it is strictly above
    /// the integer optimum, and equals the optimum of the same model with continuous variables.
    @Test func lpRelaxationOfFractionalMIP() throws {
        let m = try Models.knapsack()
        let s = try GLPK.solve(m)
        var relaxed = LinearModel(name: "relaxed", sense: .maximize)
        for v in m.variables { try relaxed.addVariable(v.name, bounds: .between(0, 1), objective: v.objective) }
        for c in m.constraints { try relaxed.addConstraint(c.name, c.terms, c.bounds) }
        let lp = try GLPK.solve(relaxed)
        let relaxation = try #require(s.lpRelaxation)
        #expect(relaxation > 9 + 1e-6)
        #expect(close(lp.objective, relaxation))
        #expect(relaxation <= 12)  // sum of all profits
    }

    /// min 3x + 2y  s.t.  x + y ≥ 3.5,  x, y ∈ ℤ₊.
    /// Integrality forces x + y ≥ 4; y is cheaper, so (0, 4) → 8. The relaxation gives (0, 3.5) → 7.
    @Test func minimizeGeneralIntegers() throws {
        var m = LinearModel(name: "ints")
        let x = try m.addVariable("x", kind: .integer, objective: 3)
        let y = try m.addVariable("y", kind: .integer, bounds: .between(0, 10), objective: 2)
        try m.addConstraint("cover", [1 * x, 1 * y], .atLeast(3.5))
        let s = try GLPK.solve(m)
        #expect(s.isProvenOptimal)
        #expect(s.values == [0, 4] && s.objective == 8)
        #expect(close(s.lpRelaxation, 7))
    }

    /// A binary variable fixed by setBounds (a "pinned" assignment) stays fixed:
    /// the knapsack with c = 1 forces a choice among {a,c} = 8 and {b,c} = 7 ⇒ 8 at (1, 0, 1).
    @Test func pinnedBinary() throws {
        var m = try Models.knapsack()
        try m.setBounds(Variable(index: 2), .exactly(1))
        let s = try GLPK.solve(m)
        #expect(s.isProvenOptimal && s.values == [1, 0, 1] && s.objective == 8)
    }

    /// 2x + 2y = 3 with x, y ∈ {0..5}: the relaxation is feasible (x = 1.5), no integer point is.
    @Test(arguments: [true, false])
    func integerInfeasible(presolve: Bool) throws {
        var m = LinearModel(name: "parity")
        let x = try m.addVariable("x", kind: .integer, bounds: .between(0, 5), objective: 1)
        let y = try m.addVariable("y", kind: .integer, bounds: .between(0, 5), objective: 1)
        try m.addConstraint("odd", [2 * x, 2 * y], .exactly(3))
        let s = try GLPK.solve(m, options: SolveOptions(presolve: presolve))
        #expect(s.termination == .infeasible)
        #expect(s.point == .none && s.values.isEmpty && s.objective == nil && s.bestBound == nil)
        #expect(close(s.lpRelaxation, 1.5))
    }

    /// a + b ≥ 3 with binaries: even the relaxation (a + b ≤ 2) is infeasible.
    @Test(arguments: [true, false])
    func relaxationInfeasible(presolve: Bool) throws {
        var m = LinearModel(name: "tooMuch")
        let a = try m.addVariable("a", kind: .binary)
        let b = try m.addVariable("b", kind: .binary)
        try m.addConstraint("need", [1 * a, 1 * b], .atLeast(3))
        let s = try GLPK.solve(m, options: SolveOptions(presolve: presolve))
        #expect(s.termination == .infeasible && s.point == .none && s.lpRelaxation == nil)
    }

    /// max x, x ∈ ℤ₊ with no constraint: the relaxation is unbounded, which for a MIP means
    /// unbounded or integer infeasible; GLPK does not say which.
    @Test func unboundedRelaxation() throws {
        var m = LinearModel(name: "up", sense: .maximize)
        try m.addVariable("x", kind: .integer, objective: 1)
        let s = try GLPK.solve(m)
        #expect(s.termination == .infeasibleOrUnbounded && s.point == .none)
    }

    /// Without constraints: max a + b over binaries → 2, with a constant of 1.5 → 3.5.
    @Test func binariesWithoutConstraints() throws {
        var m = LinearModel(name: "norows", sense: .maximize)
        try m.addVariable("a", kind: .binary, objective: 1)
        try m.addVariable("b", kind: .binary, objective: 1)
        m.objectiveConstant = 1.5
        let s = try GLPK.solve(m)
        #expect(s.isProvenOptimal && s.values == [1, 1] && s.objective == 3.5)
    }

    /// Rounded values are exact integers (no 0.9999999), so callers can compare with ==.
    @Test func integerValuesAreExact() throws {
        let s = try GLPK.solve(try Models.multiKnapsack(items: 30, dims: 3))
        #expect(s.isProvenOptimal)
        #expect(s.values.allSatisfy { $0 == 0 || $0 == 1 })
        #expect(s.objective == s.bestBound)
    }

    /// The same model solved twice gives the same point (GLPK is deterministic without time limits).
    @Test func deterministic() throws {
        let m = try Models.multiKnapsack(items: 40, dims: 5, seed: 11)
        let first = try GLPK.solve(m)
        let second = try GLPK.solve(m)
        #expect(first.isProvenOptimal)
        #expect(first.values == second.values && first.objective == second.objective && first.nodes == second.nodes)
    }

    /// GLPK's environment is thread-local: independent solves on several threads at once agree.
    @Test func concurrentSolves() async throws {
        let m = try Models.multiKnapsack(items: 40, dims: 5, seed: 3)
        let reference = try GLPK.solve(m)
        let results = try await withThrowingTaskGroup(of: Solution.self) { group in
            for _ in 0..<4 { group.addTask { try GLPK.solve(m) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 4)
        #expect(results.allSatisfy { $0.values == reference.values && $0.isProvenOptimal })
    }
}
