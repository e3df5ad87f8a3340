import GLPK
import Testing

@Suite struct LinearModelTests {
    @Test func termsAreMergedSortedAndZeroFree() throws {
        var m = LinearModel(name: "m")
        let x = try m.addVariable("x")
        let y = try m.addVariable("y")
        let z = try m.addVariable("z")
        let c = try m.addConstraint("c", [2 * z, 1 * y, -1 * y, 0 * x, 1.5 * x, 2.5 * x], .atMost(1))
        #expect(m.constraints[c.index].terms == [Term(x, 4), Term(z, 2)])
        let empty = try m.addConstraint("e", [1 * y, -1 * y], .atMost(1))
        #expect(m.constraints[empty.index].terms.isEmpty)
        // Terms already in column order take a shortcut; a zero or an unknown column among them does not.
        let ordered = try m.addConstraint("o", [1 * x, 0 * y, 3 * z], .atMost(1))
        #expect(m.constraints[ordered.index].terms == [Term(x, 1), Term(z, 3)])
        #expect(throws: ModelError.self) { try m.addConstraint("u", [1 * x, 1 * Variable(index: 3)], .atMost(1)) }
        #expect(throws: ModelError.self) { try m.addConstraint("n", [1 * Variable(index: -1), 1 * x], .atMost(1)) }
        m.reserveCapacity(variables: 10, constraints: 10)
        #expect(m.variableCount == 3 && m.constraintCount == 3)
    }

    @Test func lookupsAndObjectiveValue() throws {
        var m = LinearModel(name: "m", sense: .maximize)
        let x = try m.addVariable("x", objective: 2)
        let y = try m.addVariable("y", kind: .integer, bounds: .between(0, 5), objective: -1)
        let c = try m.addConstraint("c", [1 * x, 1 * y], .atMost(3))
        m.objectiveConstant = 0.5
        #expect(m.variable(named: "y") == y && m.variable(named: "nope") == nil)
        #expect(m.constraint(named: "c") == c)
        #expect(m.variableCount == 2 && m.constraintCount == 1)
        #expect(m.objectiveValue(of: [1, 2]) == 0.5)
        #expect(m.objectiveValue(of: [1]).isNaN)
        try m.setObjective(y, 3)
        #expect(m.variables[y.index].objective == 3 && m.variables[y.index].kind == .integer)
        #expect(x < y)
    }

    @Test func boundsAccessors() {
        #expect(Bounds.free.lower == -.infinity && Bounds.free.upper == .infinity)
        #expect(Bounds.atLeast(2).lower == 2 && Bounds.atMost(2).upper == 2)
        #expect(Bounds.exactly(3).lower == 3 && Bounds.exactly(3).upper == 3)
        #expect(Bounds.between(1, 4).lower == 1 && Bounds.between(1, 4).upper == 4)
    }

    /// Value semantics: a copy is independent, and equal models compare equal.
    @Test func valueSemantics() throws {
        var a = LinearModel(name: "m")
        try a.addVariable("x")
        var b = a
        try b.addVariable("y")
        #expect(a.variableCount == 1 && b.variableCount == 2)
        try a.addVariable("y")
        #expect(a == b)
    }
}
