import GLPK
import Testing

/// `LinearModel.objectiveStep` and `SolveOptions.objectiveStep`: a bound rounded to the step of
/// the optimum proves a plan that GLPK's own bound leaves open.
@Suite struct ObjectiveStepTests {
    func model(_ costs: [Double], constant: Double = 0) throws -> LinearModel {
        var m = LinearModel(name: "step", sense: .minimize)
        for (j, c) in costs.enumerated() { _ = try m.addVariable("x[\(j)]", kind: .binary, objective: c) }
        m.objectiveConstant = constant
        return m
    }

    @Test func theStepIsTheLargestCommonMultiple() throws {
        #expect(try model([1.5, 2.25, 10, 0]).objectiveStep() == 0.25)
        #expect(try model([3, 6, 9]).objectiveStep() == 3)
        #expect(try model([1, 1.0 / 3]).objectiveStep() == 1.0 / 3)
        #expect(try model([2, 4], constant: 1).objectiveStep() == 1)
        #expect(try model([Double(2).squareRoot()]).objectiveStep() == nil)
        #expect(try model([0, 0]).objectiveStep() == nil)
        #expect(try model([1e-4, 1]).objectiveStep(maxDenominator: 1000) == nil)
    }

    /// Cover 11 with items of weight 2 and a continuous shortfall s, each at cost 1: the LP
    /// bound is 5.5, the optimum 6 (s is whole at any optimum, which GLPK cannot know: it rounds
    /// bounds only when every column with a cost is integer). With step 1 the root bound becomes
    /// 6 and the offered plan of 6 is proven at once; without it, and without cuts, GLPK branches.
    @Test func aRoundedBoundProvesTheOfferedPlanAtTheRoot() throws {
        var m = try model(Array(repeating: 1, count: 10))
        let shortfall = try m.addVariable("s", kind: .continuous, bounds: .atLeast(0), objective: 1)
        try m.addConstraint("cover", (0..<10).map { Term(Variable(index: $0), 2) } + [Term(shortfall, 1)], .atLeast(11))
        let start = (0..<11).map { $0 < 6 ? 1.0 : 0.0 }
        var options = SolveOptions(cuts: .none, initialSolution: start)
        options.objectiveStep = m.objectiveStep()
        let rounded = try GLPK.solve(m, options: options)
        #expect(rounded.isProvenOptimal && rounded.objective == 6 && rounded.bestBound == 6)
        #expect(rounded.nodes <= 1)
        #expect(close(rounded.lpRelaxation, 5.5))  // the LP relaxation itself is reported as it is

        options.objectiveStep = nil
        let plain = try GLPK.solve(m, options: options)
        #expect(plain.isProvenOptimal && plain.objective == 6)
        #expect(plain.nodes > rounded.nodes)
    }

    /// Maximising rounds down; a relative gap met only by the rounded bound stops the search
    /// with `.gapLimit`, never `.optimal`.
    @Test func maximisingRoundsDownAndAGapStopIsNotOptimal() throws {
        var m = LinearModel(name: "pack", sense: .maximize)
        let x = try (0..<10).map { try m.addVariable("x[\($0)]", kind: .binary, objective: 1) }
        try m.addConstraint("pack", x.map { Term($0, 2) }, .atMost(11))
        var options = SolveOptions(cuts: .none, initialSolution: (0..<10).map { $0 < 4 ? 1.0 : 0.0 })
        options.objectiveStep = 1
        options.relativeGap = 0.3  // 4 against a rounded bound of 5: 25 %
        let s = try GLPK.solve(m, options: options)
        let bound = try #require(s.bestBound)
        #expect(bound == bound.rounded(.down) && bound >= 5)
        #expect(s.termination == .gapLimit || s.isProvenOptimal)
        if s.termination == .gapLimit { #expect(s.objective == 4 && bound == 5) }
    }
}
