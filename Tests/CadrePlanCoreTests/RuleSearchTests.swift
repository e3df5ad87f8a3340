import GLPK
import Synchronization
import Testing

@testable import CadrePlanCore

/// How branch-and-bound searches a program with programme rules (`Planner.SearchSettings`).
@Suite struct RuleSearchTests {
    /// On the full-rules round the root LP (2,017.2) opens one commune's team a sixth. The branch
    /// on that team gives 2,026.25 and 2,021.08; in the second child the budget buys 0.61 of one
    /// more assignment, and the branch on the number of assignments gives 2,022 (at most 674)
    /// and 2,021.77 (at least 675), which the objective's step rounds to 2,022: the bound meets
    /// the best plan (which the planner's heuristics find; this search has none), and the
    /// optimum is proven. Without the count the bound crept by thousandths (2,021.25 after 60
    /// nodes; HiGHS: 2,021.4 after 950 s). The search is stopped by node count and bound, not
    /// by time (120 s is only a backstop).
    @Test func teamsThenTheAssignmentCountProveTheOptimum() throws {
        let s = try Committed.scenario("lam-dong-2025-full-rules")
        let f = try Formulation(s)
        let first = try CadreProgram(f, scenario: s, stage: .unmetNeed)
        let settings = Planner.SearchSettings.forRules(f, first)
        #expect(settings.branchFirst.count == first.team.count && settings.branching == .mostFractional)
        #expect(settings.branchNext == [try #require(first.assigned).index])
        #expect(settings.cuts == .none)

        let nodeCap = 30, best = 2022.0
        let seen = Mutex<(nodes: Int, bound: Double?)>((0, nil))
        var options = PlanOptions(timeLimit: 120)
        options.onProgress = { _, p in seen.withLock { $0 = (p.nodes, p.bestBound) } }
        options.shouldStop = {
            seen.withLock { $0.nodes >= nodeCap || ($0.bound ?? 0) >= best }
        }
        let basis = try Planner.coreBasis(f, s, first, including: [], PlanOptions())
        let solution = try Planner.solveStage(first.model, .unmetNeed, options, basis: basis,
                                              objectiveStep: Planner.stageOneStep(f, first), search: settings)
        let (nodes, _) = seen.withLock { $0 }
        #expect(try #require(solution.lpRelaxation) < 2017.3)
        #expect(try #require(solution.bestBound) >= best, "bound after \(nodes) nodes")
        #expect(nodes < nodeCap)
    }

    /// A program without rules keeps GLPK's defaults: cuts on, Driebeck–Tomlin, no priorities.
    @Test func programsWithoutRulesKeepTheDefaults() throws {
        let s = Tiny.scenario(communes: ProgrammeRulesTests.communes, needs: [Tiny.need("A", "land")],
                              cadres: ProgrammeRulesTests.cadres(2))
        let f = try Formulation(s)
        let settings = Planner.SearchSettings.forRules(f, try CadreProgram(f, scenario: s, stage: .unmetNeed))
        #expect(settings.cuts == .default && settings.branching == .driebeckTomlin && settings.branchFirst.isEmpty
            && settings.branchNext.isEmpty)
    }
}
