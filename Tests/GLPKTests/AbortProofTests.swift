import GLPK
import Testing

/// GLPK calls abort() on any invalid API call. Every misuse here must surface as a Swift error
/// (or simply work); if one reached C, the whole test process would die.
@Suite struct AbortProofTests {
    @Test func unknownVariableIndex() throws {
        var m = LinearModel(name: "m")
        let x = try m.addVariable("x")
        var other = LinearModel(name: "other")
        try other.addVariable("a")
        let foreign = try other.addVariable("b")  // index 1: does not exist in m

        #expect(throws: ModelError.unknownVariable(index: 1, variableCount: 1, context: "constraint 'c'")) {
            try m.addConstraint("c", [1 * x, 2 * foreign], .atMost(1))
        }
        #expect(throws: ModelError.unknownVariable(index: -1, variableCount: 1, context: "setObjective")) {
            try m.setObjective(Variable(index: -1), 1)
        }
        #expect(throws: ModelError.unknownVariable(index: 7, variableCount: 1, context: "setBounds")) {
            try m.setBounds(Variable(index: 7), .exactly(0))
        }
        #expect(m.constraintCount == 0)  // a refused call leaves the model unchanged
    }

    @Test func nonFiniteNumbers() throws {
        var m = LinearModel(name: "m")
        let x = try m.addVariable("x")
        #expect(throws: ModelError.nonFinite(what: "coefficient of variable 'x' in constraint 'c'", isNaN: true)) {
            try m.addConstraint("c", [.nan * x], .atMost(1))
        }
        #expect(throws: ModelError.self) { try m.addConstraint("c", [.infinity * x], .atMost(1)) }
        // Finite coefficients whose sum overflows.
        #expect(throws: ModelError.nonFinite(
            what: "summed coefficient of variable 'x' in constraint 'c'", isNaN: false)) {
            try m.addConstraint("c", [1e308 * x, 1e308 * x], .atMost(1))
        }
        #expect(throws: ModelError.nonFinite(what: "objective coefficient of variable 'y'", isNaN: true)) {
            try m.addVariable("y", objective: .nan)
        }
        #expect(throws: ModelError.self) { try m.setObjective(x, -.infinity) }
        #expect(m.variables[0].objective == 0)

        m.objectiveConstant = .nan
        #expect(throws: SolveError.invalidModel(.nonFinite(what: "objective constant", isNaN: true))) {
            try GLPK.solve(m)
        }
    }

    @Test func invalidBounds() throws {
        var m = LinearModel(name: "m")
        func rejects(_ bounds: Bounds, kind: VariableKind = .continuous, _ problem: ModelError.BoundsProblem) {
            #expect(throws: ModelError.invalidBounds(.variable, "v", problem)) {
                try m.addVariable("v", kind: kind, bounds: bounds)
            }
        }
        rejects(.between(3, 1), .lowerAboveUpper(lower: 3, upper: 1))
        rejects(.atLeast(.nan), .notANumber)
        rejects(.between(0, .nan), .notANumber)
        rejects(.atLeast(.infinity), .infiniteLower)
        rejects(.atMost(-.infinity), .infiniteUpper)
        rejects(.exactly(.infinity), .infiniteLower)
        rejects(.exactly(-.infinity), .infiniteLower)
        rejects(.between(0, 2), kind: .binary, .binaryOutsideUnitInterval(lower: 0, upper: 2))
        rejects(.exactly(2), kind: .binary, .binaryOutsideUnitInterval(lower: 2, upper: 2))
        rejects(.atLeast(-1), kind: .binary, .binaryOutsideUnitInterval(lower: -1, upper: .infinity))
        rejects(.between(0, 0.5), kind: .binary, .nonIntegral(lower: 0, upper: 0.5))
        rejects(.between(0.5, 3), kind: .integer, .nonIntegral(lower: 0.5, upper: 3))
        #expect(m.variableCount == 0)

        #expect(throws: ModelError.invalidBounds(.constraint, "c", .lowerAboveUpper(lower: 2, upper: 1))) {
            try m.addConstraint("c", [], .between(2, 1))
        }
        // Open sides spelled with infinities are fine.
        let x = try m.addVariable("x", bounds: .between(-.infinity, .infinity))
        try m.addConstraint("c", [1 * x], .between(-.infinity, 4))
    }

    @Test func binaryBounds() throws {
        var m = LinearModel(name: "m")
        let b = try m.addVariable("b", kind: .binary)  // default .atLeast(0) means [0, 1]
        #expect(m.variables[b.index].bounds == .between(0, 1))
        try m.setBounds(b, .exactly(1))
        #expect(m.variables[b.index].bounds == .exactly(1))
        try m.setBounds(b, .free)
        #expect(m.variables[b.index].bounds == .between(0, 1))
        #expect(throws: ModelError.invalidBounds(.variable, "b", .binaryOutsideUnitInterval(lower: 0, upper: 3))) {
            try m.setBounds(b, .between(0, 3))
        }
        #expect(m.variables[b.index].bounds == .between(0, 1))
    }

    @Test func badNames() throws {
        var m = LinearModel(name: "m")
        func rejects(_ name: String, _ problem: ModelError.NameProblem) {
            #expect(throws: ModelError.invalidName(name, .variable, problem)) { try m.addVariable(name) }
        }
        rejects("", .empty)
        rejects(String(repeating: "a", count: 256), .tooLong(bytes: 256))
        rejects("has space", .invalidCharacter(" "))
        rejects("line\nbreak", .invalidCharacter("\n"))
        rejects("tab\t", .invalidCharacter("\t"))
        rejects("nul\u{0}", .invalidCharacter("\u{0}"))
        rejects("lâm_đồng", .invalidCharacter("â"))
        rejects("x:1", .invalidCharacter(":"))
        rejects("x(1)", .invalidCharacter("("))
        rejects("a~b", .invalidCharacter("~"))
        rejects("1x", .invalidFirstCharacter("1"))
        rejects(".x", .invalidFirstCharacter("."))
        rejects("-x", .invalidFirstCharacter("-"))
        try m.addVariable(String(repeating: "a", count: 255))
        try m.addVariable("x[c-01,27001].y_2")
        rejects("x[c-01,27001].y_2", .duplicate)
        #expect(throws: ModelError.invalidName("R0000000", .constraint, .reserved)) {
            try m.addConstraint("R0000000", [], .atMost(1))
        }
        try m.addConstraint("c", [], .atMost(1))
        #expect(throws: ModelError.invalidName("c", .constraint, .duplicate)) { try m.addConstraint("c", [], .atMost(1)) }
        // Problem names are free text; exports clean them.
        m.name = "Lâm Đồng 2025 — round 1\n"
        _ = try GLPK.solve(m)
    }

    @Test func errorMessagesNameTheCulprit() {
        let messages = [
            ModelError.invalidName("has space", .variable, .invalidCharacter(" ")).description,
            ModelError.unknownVariable(index: 4, variableCount: 2, context: "constraint 'cap'").description,
            ModelError.invalidBounds(.variable, "x[1]", .lowerAboveUpper(lower: 2, upper: 1)).description,
            SolveError.writeFailed(path: "/no/such/file.lp", reason: "No such file or directory").description,
        ]
        #expect(messages[0].contains("\"has space\"") && messages[0].contains("variable"))
        #expect(messages[1].contains("'cap'") && messages[1].contains("4"))
        #expect(messages[2].contains("'x[1]'") && messages[2].contains("greater"))
        #expect(messages[3].contains("/no/such/file.lp") && messages[3].contains("No such file"))
    }

    /// 0 variables and 0 constraints: optimal with the constant as objective (no glp_add_* with 0).
    @Test func emptyModel() throws {
        var m = LinearModel(name: "empty", sense: .maximize)
        m.objectiveConstant = 4
        let s = try GLPK.solve(m)
        #expect(s.isProvenOptimal && s.objective == 4 && s.values.isEmpty)
    }

    /// Rows without variables: feasible when 0 is within their bounds.
    @Test func constraintsWithoutVariables() throws {
        var m = LinearModel(name: "rowsOnly")
        try m.addConstraint("ok", [], .between(-1, 1))
        #expect(try GLPK.solve(m).isProvenOptimal)
        try m.addConstraint("impossible", [], .atLeast(1))
        #expect(try GLPK.solve(m).termination == .infeasible)
        // Once there are variables, the empty row goes to GLPK and is still infeasible.
        try m.addVariable("x", kind: .integer, objective: 1)
        #expect(try GLPK.solve(m).termination == .infeasible)
        #expect(try GLPK.solve(m, options: SolveOptions(presolve: false)).termination == .infeasible)
    }

    /// Variables but no rows (and only free rows): GLPK never sees glp_add_rows(P, 0).
    @Test func zeroRows() throws {
        var lp = LinearModel(name: "lp")
        try lp.addVariable("x", bounds: .atLeast(2), objective: 1)
        #expect(try GLPK.solve(lp).objective == 2)
        try lp.addConstraint("free", [1 * Variable(index: 0)], .free)
        #expect(try GLPK.solve(lp, options: SolveOptions(presolve: false)).objective == 2)

        var mip = LinearModel(name: "mip", sense: .maximize)
        try mip.addVariable("n", kind: .integer, bounds: .between(-4, 9), objective: 1)
        let s = try GLPK.solve(mip, options: SolveOptions(initialSolution: [3]))
        #expect(s.isProvenOptimal && s.values == [9])
    }

    @Test func invalidOptions() throws {
        let m = try Models.knapsack()
        for limit in [Double.nan, -1] {
            #expect(throws: SolveError.self) { try GLPK.solve(m, options: SolveOptions(timeLimit: limit)) }
        }
        for gap in [Double.nan, -0.1, .infinity] {
            #expect(throws: SolveError.self) { try GLPK.solve(m, options: SolveOptions(relativeGap: gap)) }
        }
        // GLPK aborts when asked to branch on a column it does not have or cannot branch on.
        var withFree = m
        try withFree.addVariable("f", bounds: .between(0, 1))
        for columns in [[-1], [3], [0, 7]] {
            var options = SolveOptions()
            options.branchFirst = columns
            #expect(throws: SolveError.self) { try GLPK.solve(m, options: options) }
            options.branchFirst = []
            options.branchNext = columns
            #expect(throws: SolveError.self) { try GLPK.solve(m, options: options) }
        }
        var onContinuous = SolveOptions()
        onContinuous.branchFirst = [3]
        #expect(throws: SolveError.self) { try GLPK.solve(withFree, options: onContinuous) }
        onContinuous.branchFirst = []
        onContinuous.branchNext = [3]
        #expect(throws: SolveError.self) { try GLPK.solve(withFree, options: onContinuous) }
        // Limits beyond Int32 milliseconds mean "no limit".
        for limit in [Double.infinity, 1e12] {
            #expect(try GLPK.solve(m, options: SolveOptions(timeLimit: limit)).isProvenOptimal)
        }
    }

    /// Every option combination on a model with ranges, free columns and integers.
    @Test(arguments: [SolveOptions.Cuts.none, .default, .all], [false, true])
    func optionCombinations(cuts: SolveOptions.Cuts, heuristics: Bool) throws {
        var m = try Models.knapsack()
        let f = try m.addVariable("f", bounds: .free)
        try m.addConstraint("tie", [1 * f, -1 * Variable(index: 0)], .between(-1, 1))
        let options = SolveOptions(
            cuts: cuts, feasibilityPump: heuristics, proximitySearch: heuristics, initialSolution: [1, 0, 1, 1])
        let s = try GLPK.solve(m, options: options)
        #expect(s.isProvenOptimal && s.objective == 9)
    }
}
