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

    /// Stage 2 re-prices every column in one call; a wrong length or a non-finite number is
    /// refused and leaves the objective as it was.
    @Test func wholeObjectiveAtOnce() throws {
        var m = LinearModel(name: "m")
        let x = try m.addVariable("x", kind: .binary, bounds: .between(0, 1), objective: 2)
        let y = try m.addVariable("y", bounds: .between(0, 4))
        try m.setObjective([-1.5, 3])
        #expect(m.variables.map(\.objective) == [-1.5, 3])
        #expect(m.variables[x.index].kind == .binary && m.variables[y.index].bounds == .between(0, 4))
        #expect(throws: ModelError.objectiveLength(given: 1, variableCount: 2)) {
            try m.setObjective([1])
        }
        #expect(throws: ModelError.nonFinite(what: "objective coefficient of variable 'y'", isNaN: true)) {
            try m.setObjective([1, .nan])
        }
        #expect(m.variables.map(\.objective) == [-1.5, 3])
        #expect(m.objectives == [-1.5, 3])
    }

    /// Columns are kept as separate arrays (names, kinds and bounds, objective): a copy that is
    /// re-priced, re-bounded or relaxed leaves the original as it was.
    @Test func copiesAreIndependent() throws {
        var m = LinearModel(name: "m")
        let names = NameFamily { "x[\($0)]" }
        for i in 0..<3 { try m.addVariable(names, i, kind: .binary, bounds: .between(0, 1), objective: Double(i)) }
        let original = m
        var copy = m
        try copy.setObjective([5, 6, 7])
        try copy.setBounds(Variable(index: 1), .exactly(1))
        #expect(original.objectives == [0, 1, 2] && copy.objectives == [5, 6, 7])
        #expect(original.variables[1].bounds == .between(0, 1) && copy.variables[1].bounds == .exactly(1))
        #expect(copy.variables.map(\.name) == ["x[0]", "x[1]", "x[2]"])
        let relaxed = original.relaxed()
        #expect(relaxed.variables.allSatisfy { $0.kind == .continuous } && original.variables.allSatisfy { $0.kind == .binary })
        #expect(original == m && copy != m)
    }

    /// A family added in one call is the same model as its columns added one by one, and a bad
    /// column is refused the same way.
    @Test func familyAtOnce() throws {
        let names = NameFamily { "x[\($0)]" }
        var one = LinearModel(name: "m")
        for i in 0..<4 {
            try one.addVariable(names, i, kind: .binary, bounds: i == 2 ? .exactly(1) : .between(0, 1), objective: Double(i))
        }
        var all = LinearModel(name: "m")
        let xs = try all.addVariables(names, count: 4, kind: .binary, bounds: { $0 == 2 ? .exactly(1) : .between(0, 1) },
                                      objective: { Double($0) })
        #expect(all == one && xs.map(\.index) == [0, 1, 2, 3])
        #expect(throws: ModelError.self) {
            try all.addVariables(names, count: 1, kind: .binary, bounds: { _ in .between(0, 2) }, objective: { _ in 0 })
        }
        #expect(throws: ModelError.self) {
            try all.addVariables(names, count: 3, kind: .continuous, bounds: { _ in .atLeast(0) },
                                 objective: { $0 == 2 ? .nan : 0 })
        }
        #expect(all == one)
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

/// Columns named by a `NameFamily` family: formatted when read, checked before GLPK sees them.
@Suite struct NameFamilyTests {
    static let pairs = ["CB-01,22918,land", "CB-02,22918,land", "CB-01,22924,justice"]
    static let family = NameFamily { "x[\(pairs[$0])]" }

    func model(_ names: NameFamily = family) throws -> LinearModel {
        var m = LinearModel(name: "m", sense: .maximize)
        try m.addVariable("y", kind: .binary)
        for i in Self.pairs.indices { try m.addVariable(names, i, kind: .binary, objective: Double(i + 1)) }
        try m.addConstraint("one", [1 * Variable(index: 1), 1 * Variable(index: 2), 1 * Variable(index: 3)], .atMost(1))
        return m
    }

    @Test func namesReadLookUpAndCompareLikeTextNames() throws {
        let m = try model()
        #expect(m.variables.map(\.name) == ["y", "x[CB-01,22918,land]", "x[CB-02,22918,land]", "x[CB-01,22924,justice]"])
        #expect(m.variable(named: "x[CB-02,22918,land]") == Variable(index: 2))
        #expect(m.variable(named: "y") == Variable(index: 0) && m.variable(named: "x[nobody]") == nil)
        #expect(m.variableIndexByName() == ["y": 0, "x[CB-01,22918,land]": 1, "x[CB-02,22918,land]": 2,
                                            "x[CB-01,22924,justice]": 3])
        var text = LinearModel(name: "m", sense: .maximize)
        try text.addVariable("y", kind: .binary)
        for (i, pair) in Self.pairs.enumerated() { try text.addVariable("x[\(pair)]", kind: .binary, objective: Double(i + 1)) }
        try text.addConstraint("one", [1 * Variable(index: 1), 1 * Variable(index: 2), 1 * Variable(index: 3)], .atMost(1))
        #expect(m == text)
        #expect(m.relaxed().variables.map(\.name) == text.variables.map(\.name))
        #expect(m.relaxed().variables.allSatisfy { $0.kind == .continuous })
    }

    @Test func appendPrefixesFamilyNames() throws {
        var year = LinearModel(name: "year", sense: .maximize)
        try year.append(try model(), prefix: "r1.")
        try year.append(try model(), prefix: "r2.")
        #expect(year.variables.map(\.name).filter { $0.hasSuffix("land]") }
            == ["r1.x[CB-01,22918,land]", "r1.x[CB-02,22918,land]", "r2.x[CB-01,22918,land]", "r2.x[CB-02,22918,land]"])
        try year.validate()
        #expect(try GLPK.solve(year).objective == 6)
    }

    /// A bad or repeated family name is refused by solve and write, so GLPK never sees it.
    @Test func badFamilyNamesAreRefusedBeforeGLPK() throws {
        let spaced = try model(NameFamily { "x \($0)" })
        #expect(throws: ModelError.invalidName("x 0", .variable, .invalidCharacter(" "))) { try spaced.validate() }
        #expect(throws: SolveError.invalidModel(.invalidName("x 0", .variable, .invalidCharacter(" ")))) {
            try GLPK.solve(spaced)
        }
        let repeated = try model(NameFamily { $0 == 2 ? "y" : "x\($0)" })
        #expect(throws: ModelError.invalidName("y", .variable, .duplicate)) { try repeated.validate() }
        #expect(throws: SolveError.self) { try GLPK.write(repeated, format: .lp, to: "/tmp/never-written.lp") }
        #expect(throws: ModelError.invalidBounds(.variable, "x[CB-01,22918,land]", .binaryOutsideUnitInterval(lower: 0, upper: 2))) {
            var m = LinearModel(name: "m")
            try m.addVariable(Self.family, 0, kind: .binary, bounds: .between(0, 2))
        }
        let solved = try GLPK.solve(try model())
        #expect(solved.objective == 3 && solved.value(Variable(index: 3)) == 1)
    }
}

/// Rows named by a family read, look up, compare, append and validate like text-named rows.
@Suite struct RowFamilyTests {
    static let communes = ["22918", "22924", "24697"]

    func model(_ names: NameFamily = NameFamily { "host[\(communes[$0])]" }) throws -> LinearModel {
        var m = LinearModel(name: "m", sense: .maximize)
        let xs = try Self.communes.indices.map { i throws(ModelError) in
            try m.addVariable("x\(i)", kind: .binary, objective: Double(i + 1))
        }
        try m.addConstraint("total", xs.map { 1 * $0 }, .atMost(2))
        for i in xs.indices { try m.addConstraint(names, i, [1 * xs[i]], .atMost(1)) }
        return m
    }

    @Test func rowNamesReadLookUpAndCompareLikeTextNames() throws {
        let m = try model()
        #expect(m.constraints.map(\.name) == ["total", "host[22918]", "host[22924]", "host[24697]"])
        #expect(m.constraint(named: "host[22924]") == Constraint(index: 2))
        #expect(m.constraint(named: "total") == Constraint(index: 0) && m.constraint(named: "host[1]") == nil)
        #expect(m.constraintIndexByName() == ["total": 0, "host[22918]": 1, "host[22924]": 2, "host[24697]": 3])
        var text = LinearModel(name: "m", sense: .maximize)
        let xs = try Self.communes.indices.map { i throws(ModelError) in
            try text.addVariable("x\(i)", kind: .binary, objective: Double(i + 1))
        }
        try text.addConstraint("total", xs.map { 1 * $0 }, .atMost(2))
        for (i, id) in Self.communes.enumerated() { try text.addConstraint("host[\(id)]", [1 * xs[i]], .atMost(1)) }
        #expect(m == text)
        #expect(try GLPK.solve(m).objective == 5)
    }

    @Test func appendPrefixesRowFamilies() throws {
        var year = LinearModel(name: "year", sense: .maximize)
        try year.append(try model(), prefix: "r1.")
        try year.append(try model(), prefix: "r2.")
        #expect(year.constraints.map(\.name).filter { $0.hasSuffix("[22918]") } == ["r1.host[22918]", "r2.host[22918]"])
        try year.validate()
        #expect(try GLPK.solve(year).objective == 10)
    }

    /// A bad or repeated family row name is refused before GLPK (a repeat of a text row too, and
    /// the MPS objective row's reserved name); a bad bound names the row.
    @Test func badRowNamesAreRefusedBeforeGLPK() throws {
        #expect(throws: ModelError.invalidName("host 0", .constraint, .invalidCharacter(" "))) {
            try model(NameFamily { "host \($0)" }).validate()
        }
        let repeated = try model(NameFamily { $0 == 1 ? "total" : "host\($0)" })
        #expect(throws: ModelError.invalidName("total", .constraint, .duplicate)) { try repeated.validate() }
        #expect(throws: SolveError.invalidModel(.invalidName("total", .constraint, .duplicate))) { try GLPK.solve(repeated) }
        #expect(throws: ModelError.invalidName("R0000000", .constraint, .reserved)) {
            try model(NameFamily { $0 == 0 ? "R0000000" : "h\($0)" }).validate()
        }
        #expect(throws: ModelError.invalidBounds(.constraint, "host[22918]", .lowerAboveUpper(lower: 2, upper: 1))) {
            var m = LinearModel(name: "m")
            let x = try m.addVariable("x")
            try m.addConstraint(NameFamily { "host[\(Self.communes[$0])]" }, 0, [1 * x], .between(2, 1))
        }
    }
}
