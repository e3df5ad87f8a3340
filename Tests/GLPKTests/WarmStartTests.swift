import Testing
@testable import GLPK

/// A basis handed from one solve to the next: same optimum, and a program with an extra row
/// still starts from it.
@Suite struct WarmStartTests {
    /// max 3x + 2y + 4z  s.t.  x + y + 2z ≤ 4,  2x + z ≤ 5,  x, y, z ∈ [0, 3]
    func model() throws -> LinearModel {
        var m = LinearModel(name: "warm", sense: .maximize)
        let x = try m.addVariable("x", bounds: .between(0, 3), objective: 3)
        let y = try m.addVariable("y", bounds: .between(0, 3), objective: 2)
        let z = try m.addVariable("z", bounds: .between(0, 3), objective: 4)
        try m.addConstraint("a", [1 * x, 1 * y, 2 * z], .atMost(4))
        try m.addConstraint("b", [2 * x, 1 * z], .atMost(5))
        return m
    }

    @Test func theBasisOfASolveRestartsTheSameAndALargerProgram() throws {
        let m = try model()
        let first = try GLPK.solve(m)
        let basis = try #require(first.basis)
        #expect(basis.rowCount == 2 && basis.columnCount == 3)
        var options = SolveOptions()
        options.warmStart = basis
        let again = try GLPK.solve(m, options: options)
        #expect(again.objective == first.objective)
        // One more row (x + y ≤ 2.5) enters as basic; the solve still reaches the new optimum.
        var larger = m
        try larger.addConstraint("c", [1 * Variable(index: 0), 1 * Variable(index: 1)], .atMost(2.5))
        let cold = try GLPK.solve(larger)
        let warm = try GLPK.solve(larger, options: options)
        #expect(cold.isProvenOptimal && warm.isProvenOptimal)
        #expect(abs((cold.objective ?? 0) - (warm.objective ?? 1)) < 1e-9)
    }

    @Test func aBasisThatDoesNotFitIsIgnored() throws {
        let m = try model()
        var small = LinearModel(name: "small", sense: .maximize)
        let v = try small.addVariable("v", bounds: .between(0, 1), objective: 1)
        try small.addConstraint("r", [1 * v], .atMost(1))
        var options = SolveOptions()
        let basis = try #require(try GLPK.solve(small).basis)
        options.warmStart = basis
        let solved = try GLPK.solve(m, options: options)
        #expect(solved.isProvenOptimal)
        #expect(abs((solved.objective ?? 0) - (try GLPK.solve(m).objective ?? 1)) < 1e-9)
    }
}
