import GLPK
import Testing

/// Time and gap limits, the initial incumbent, interruption and progress reports.
@Suite struct SearchControlTests {
    /// An 80-item, 15-row multi-knapsack needs about 2 s to prove optimal. Whatever happens (a
    /// faster machine), the result must be honest: .timeLimit with or without a point, or .optimal
    /// only when proven with gap 0.
    @Test func timeLimit() throws {
        let m = try Models.multiKnapsack(items: 80, dims: 15, seed: 5)
        let s = try GLPK.solve(m, options: SolveOptions(timeLimit: 0.2))
        #expect(s.seconds < 2)
        switch s.termination {
        case .optimal:
            #expect(s.isProvenOptimal && s.relativeGap == 0)
        case .timeLimit:
            #expect(!s.isProvenOptimal)
            if s.point == .feasible {
                let objective = try #require(s.objective)
                let bound = try #require(s.bestBound)
                #expect(bound >= objective)  // maximizing: the bound is an upper bound
                #expect(close(s.relativeGap, (bound - objective) / (1e-10 + abs(objective))))
                #expect(m.constraints.allSatisfy { row in
                    row.terms.reduce(0) { $0 + $1.coefficient * s.values[$1.variable.index] } <= row.bounds.upper
                })
            } else {
                #expect(s.values.isEmpty && s.objective == nil)
            }
        default:
            Issue.record("unexpected termination \(s.termination)")
        }
    }

    /// A zero time limit stops at once and the process survives.
    @Test func zeroTimeLimit() throws {
        let s = try GLPK.solve(try Models.multiKnapsack(), options: SolveOptions(timeLimit: 0))
        #expect(s.termination == .timeLimit || s.isProvenOptimal)
    }

    /// A 20 % gap lets branch-and-bound stop early; the reported bound still brackets the optimum.
    @Test func relativeGapStopsEarly() throws {
        let m = try Models.multiKnapsack(items: 60, dims: 8, seed: 7)
        let s = try GLPK.solve(m, options: SolveOptions(relativeGap: 0.2))
        #expect(s.termination == .gapLimit || s.termination == .optimal)
        let objective = try #require(s.objective)
        let bound = try #require(s.bestBound)
        #expect(bound >= objective)
        if s.termination == .gapLimit {
            let exact = try GLPK.solve(m)
            let optimum = try #require(exact.objective)
            #expect(objective <= optimum && optimum <= bound + 1e-6)
        }
    }

    /// Subset sum: pick weights summing to exactly 40, minimizing the count. Rounding heuristics
    /// cannot satisfy an equality, so GLPK has no incumbent at the root. The offered point
    /// {3, 5, 13, 19} (4 items) is adopted, and with a huge gap tolerance the search stops on it
    /// (the optimum is {17, 23}, 2 items).
    @Test func initialSolutionIsUsed() throws {
        let weights: [Double] = [3, 5, 7, 11, 13, 17, 19, 23]
        var m = LinearModel(name: "subsetSum")
        let x = try weights.indices.map { try m.addVariable("x[\($0)]", kind: .binary, objective: 1) }
        try m.addConstraint("sum", zip(weights, x).map { $0 * $1 }, .exactly(40))
        let start: [Double] = [1, 1, 0, 0, 1, 0, 1, 0]
        let s = try GLPK.solve(m, options: SolveOptions(relativeGap: 1e6, initialSolution: start))
        #expect(s.point == .feasible)
        #expect(s.values == start)
        #expect(s.objective == 4)

        let full = try GLPK.solve(m, options: SolveOptions(initialSolution: start))
        #expect(full.isProvenOptimal && full.objective == 2)
    }

    /// The subset-sum again, with a heuristic instead of a start: it sees the root LP's values
    /// (one per variable) and its point is adopted; a point that breaks a row is dropped.
    @Test func heuristicPointsAreCheckedAndAdopted() throws {
        let weights: [Double] = [3, 5, 7, 11, 13, 17, 19, 23]
        var m = LinearModel(name: "subsetSum")
        let x = try weights.indices.map { try m.addVariable("x[\($0)]", kind: .binary, objective: 1) }
        try m.addConstraint("sum", zip(weights, x).map { $0 * $1 }, .exactly(40))
        let calls = Counter()
        var options = SolveOptions(relativeGap: 1e6)
        options.heuristic = { lp in
            #expect(lp.count == 8 && lp.allSatisfy { (0...1).contains($0) })
            _ = calls.increment()
            return [1, 1, 0, 0, 1, 0, 1, 0]
        }
        let s = try GLPK.solve(m, options: options)
        #expect(calls.value >= 1)
        #expect(s.values == [1, 1, 0, 0, 1, 0, 1, 0])

        options.heuristic = { _ in [1, 1, 1, 1, 1, 1, 1, 1] }  // sums to 98: dropped
        let t = try GLPK.solve(m)
        let u = try GLPK.solve(m, options: options)
        #expect(u.objective == t.objective && u.isProvenOptimal)
    }

    /// Initial solutions are checked in Swift before GLPK sees them (GLPK would adopt any point).
    @Test func initialSolutionIsValidated() throws {
        let m = try Models.knapsack()
        func expectRejected(_ values: [Double], _ check: (SolveError) -> Bool) {
            do {
                _ = try GLPK.solve(m, options: SolveOptions(initialSolution: values))
                Issue.record("accepted \(values)")
            } catch {
                #expect(check(error), "\(error)")
            }
        }
        expectRejected([1, 1]) { $0 == .initialSolutionLength(expected: 3, got: 2) }
        expectRejected([1, 1, 0, 0]) { $0 == .initialSolutionLength(expected: 3, got: 4) }
        expectRejected([1, 0.5, 0]) { if case .initialSolutionInfeasible(let r) = $0 { r.contains("'b'") } else { false } }
        expectRejected([1, .nan, 0]) { if case .initialSolutionInfeasible = $0 { true } else { false } }
        expectRejected([1, 1, 1]) { if case .initialSolutionInfeasible(let r) = $0 { r.contains("'r1'") } else { false } }
        expectRejected([2, 0, 0]) { if case .initialSolutionInfeasible(let r) = $0 { r.contains("'a'") } else { false } }
        // Within tolerance: accepted and rounded.
        let s = try GLPK.solve(m, options: SolveOptions(initialSolution: [1 - 1e-9, 1e-9, 1]))
        #expect(s.isProvenOptimal && s.objective == 9)
    }

    /// shouldStop polled in the callback ends the search as .interrupted.
    @Test func shouldStopInterrupts() throws {
        let calls = Counter()
        let options = SolveOptions(shouldStop: { calls.increment() >= 3 })
        let s = try GLPK.solve(try Models.multiKnapsack(items: 60, dims: 12, seed: 5), options: options)
        #expect(s.termination == .interrupted)
        #expect(!s.isProvenOptimal)
        #expect(calls.value == 3)
    }

    /// Asking to stop before anything starts returns at once.
    @Test func shouldStopBeforeStart() throws {
        let s = try GLPK.solve(try Models.knapsack(), options: SolveOptions(shouldStop: { true }))
        #expect(s.termination == .interrupted && s.point == .none)
    }

    /// Progress reports carry consistent incumbents and bounds (maximizing: incumbent ≤ bound).
    @Test func progressReports() throws {
        let log = ProgressLog()
        let m = try Models.multiKnapsack(items: 40, dims: 5, seed: 11)
        let s = try GLPK.solve(m, options: SolveOptions(onProgress: { log.append($0) }))
        #expect(s.isProvenOptimal)
        let reports = log.all
        #expect(!reports.isEmpty)
        for p in reports {
            if let incumbent = p.incumbent, let bound = p.bestBound { #expect(incumbent <= bound + 1e-9) }
            #expect(p.elapsed >= 0 && p.nodes >= 0 && p.activeNodes >= 0)
        }
        let objective = try #require(s.objective)
        #expect(reports.compactMap(\.incumbent).allSatisfy { $0 <= objective })
        // Bounds only tighten.
        let bounds = reports.compactMap(\.bestBound)
        #expect(zip(bounds, bounds.dropFirst()).allSatisfy { $1 <= $0 })
    }

    /// Branching on chosen columns first (by their one-step degradation), under every branching
    /// rule for the rest and in both senses, proves the same optimum as GLPK alone.
    @Test(arguments: [SolveOptions.Branching.firstFractional, .lastFractional, .mostFractional, .driebeckTomlin,
                      .pseudocost], [Sense.maximize, .minimize])
    func branchFirstKeepsTheOptimum(branching: SolveOptions.Branching, sense: Sense) throws {
        var m = try Models.multiKnapsack(items: 60, dims: 8, seed: 7)
        if sense == .minimize {
            m.sense = .minimize
            try m.setObjective(m.objectives.map { -$0 })
        }
        var plain = SolveOptions(cuts: .none)
        plain.branching = branching
        var first = plain
        first.branchFirst = [3, 11, 17, 29, 41, 59, 0]
        let expected = try #require(try GLPK.solve(m, options: plain).objective)
        let s = try GLPK.solve(m, options: first)
        #expect(s.isProvenOptimal)
        #expect(abs(try #require(s.objective) - expected) < 1e-9)

        // Then a count of the items, as the planner counts assignments: the same optimum.
        let count = try m.addVariable("count", kind: .integer, bounds: .between(0, 60))
        try m.addConstraint("count", [Term(count, 1)] + (0..<60).map { Term(Variable(index: $0), -1) }, .exactly(0))
        first.branchNext = [count.index]
        let counted = try GLPK.solve(m, options: first)
        #expect(counted.isProvenOptimal)
        #expect(abs(try #require(counted.objective) - expected) < 1e-9)
    }

    /// Equal items but for their weights, in one knapsack: the LP fills the knapsack with a
    /// fraction of one more item, and branching on items moves that fraction from item to item
    /// (the values are not whole, so GLPK cannot round its bound up to the next value). The
    /// disjunction on the count (at most k items, or at least k + 1) proves the optimum at once.
    @Test func branchingOnACountEndsTheFractionalItem() throws {
        var m = LinearModel(name: "equal_items", sense: .maximize)
        var rng = SplitMix(state: 11)
        let x = try (0..<20).map { try m.addVariable("x[\($0)]", kind: .binary, objective: 10.5) }
        let w = x.map { _ in Double(Int.random(in: 1000...1100, using: &rng)) }
        try m.addConstraint("cap", zip(w, x).map { $0 * $1 }, .atMost(5_250))
        let count = try m.addVariable("count", kind: .integer, bounds: .between(0, 20))
        try m.addConstraint("count", [Term(count, 1)] + x.map { Term($0, -1) }, .exactly(0))

        var plain = SolveOptions(cuts: .none)
        plain.branching = .mostFractional
        var counted = plain
        counted.branchNext = [count.index]
        let a = try GLPK.solve(m, options: plain), b = try GLPK.solve(m, options: counted)
        #expect(a.isProvenOptimal && b.isProvenOptimal)
        // The most items that fit: the lightest ones.
        var (fits, load) = (0, 0.0)
        for weight in w.sorted() where load + weight <= 5_250 { (fits, load) = (fits + 1, load + weight) }
        #expect(a.objective == 10.5 * Double(fits) && b.objective == 10.5 * Double(fits))
        #expect(b.nodes <= 3, "\(b.nodes) nodes")
        #expect(a.nodes > 10 * b.nodes, "\(a.nodes) nodes without the count")
    }
}
