import GLPK
import Synchronization
import Testing

@testable import CadrePlanCore

/// How branch-and-bound searches a program with programme rules (`Planner.SearchSettings`).
@Suite struct RuleSearchTests {
    /// On the full-rules round the root LP (2,017.2) opens one commune's team a sixth, and the
    /// branch on that team lifts both children to 2,021.08 or more, which the objective's step
    /// rounds to 2,021.25. Branching on the team binaries first gets there within a few nodes;
    /// branching on the most fractional of all columns stayed below 2,018 for 27 nodes. The
    /// search is stopped by node count and bound, not by time (60 s is only a backstop).
    @Test func teamsBranchedOnFirstLiftTheBoundWithinAFewNodes() throws {
        let s = try Committed.scenario("lam-dong-2025-full-rules")
        let f = try Formulation(s)
        let first = try CadreProgram(f, scenario: s, stage: .unmetNeed)
        let settings = Planner.SearchSettings.forRules(f, first)
        #expect(settings.branchFirst.count == first.team.count && settings.branching == .mostFractional)
        #expect(settings.cuts == .none)

        let nodeCap = 15, target = 2021.25
        let seen = Mutex<(nodes: Int, bound: Double?)>((0, nil))
        var options = PlanOptions(timeLimit: 60)
        options.onProgress = { _, p in seen.withLock { $0 = (p.nodes, p.bestBound) } }
        options.shouldStop = {
            seen.withLock { $0.nodes >= nodeCap || ($0.bound ?? 0) >= target }
        }
        let basis = try Planner.coreBasis(f, s, first, including: [], PlanOptions())
        let solution = try Planner.solveStage(first.model, .unmetNeed, options, basis: basis,
                                              objectiveStep: Planner.stageOneStep(f, first), search: settings)
        let (nodes, _) = seen.withLock { $0 }
        #expect(try #require(solution.lpRelaxation) < 2017.3)
        #expect(try #require(solution.bestBound) >= target, "bound after \(nodes) nodes")
        #expect(nodes < nodeCap)
    }

    /// A program without rules keeps GLPK's defaults: cuts on, Driebeck–Tomlin, no priorities.
    @Test func programsWithoutRulesKeepTheDefaults() throws {
        let s = Tiny.scenario(communes: ProgrammeRulesTests.communes, needs: [Tiny.need("A", "land")],
                              cadres: ProgrammeRulesTests.cadres(2))
        let f = try Formulation(s)
        let settings = Planner.SearchSettings.forRules(f, try CadreProgram(f, scenario: s, stage: .unmetNeed))
        #expect(settings.cuts == .default && settings.branching == .driebeckTomlin && settings.branchFirst.isEmpty)
    }
}
