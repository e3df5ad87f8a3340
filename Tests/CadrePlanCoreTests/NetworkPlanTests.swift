import Foundation
import Testing

@testable import CadrePlanCore

/// The flow path and branch-and-cut must agree: same lexicographic optimum, both proven, on the
/// real scenario and on generated ones; and programs that are not networks never take the flow path.
@Suite struct NetworkPlanTests {
    func bothWays(_ s: Scenario) throws -> (flow: PlanResult, simplex: PlanResult) {
        var options = PlanOptions(s.solver)
        let flow = try Planner.plan(s, options: options)
        options.useNetwork = false
        return (flow, try Planner.plan(s, options: options))
    }

    func expectSameOptimum(_ a: PlanResult, _ b: PlanResult, _ label: String) {
        #expect(a.isProvenOptimal && b.isProvenOptimal, "\(label): not proven optimal")
        for (x, y) in zip(a.stages, b.stages) {
            let (u, v) = (x.objective ?? .nan, y.objective ?? .nan)
            #expect(abs(u - v) <= 1e-6 * max(1, abs(v)), "\(label) stage \(x.stage.rawValue): flow \(u), simplex \(v)")
        }
    }

    @Test func theDefaultScenarioIsAFlowWithTheSameOptimum() throws {
        let s = try Committed.scenario("lam-dong-2025")
        let (flow, simplex) = try bothWays(s)
        #expect(flow.stages.map(\.method) == [.networkFlow, .networkFlow])
        #expect(simplex.stages.map(\.method) == [.branchAndCut, .branchAndCut])
        expectSameOptimum(flow, simplex, "lam-dong-2025")
        #expect(RosterAudit.violations(Roster(flow), scenario: s).isEmpty)
    }

    /// Export's stage 2 holds unmet need at the value the planner reaches, found the same way.
    @Test func exportOfStageTwoTakesStageOneFromTheFlow() throws {
        let s = try Committed.scenario("lam-dong-2025")
        var options = PlanOptions(s.solver)
        options.timeLimit = 0.001  // branch-and-cut could not finish stage 1 in this time; the flow does
        let (_, program, bound) = try ModelExport.program(s, stage: .fit, options: options)
        #expect(bound == Planner.unmetNeedBound(1327, tolerance: 0))
        #expect(program.model.constraint(named: "unmet_need_at_optimum") != nil)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func generatedScenariosAgree(seed: UInt64) throws {
        let s = try SyntheticGenerator.ladder(cadres: 250, seed: seed)
        let (flow, simplex) = try bothWays(s)
        #expect(flow.stages.allSatisfy { $0.method == .networkFlow })
        expectSameOptimum(flow, simplex, "ladder-250 seed \(seed)")
    }

    /// Release caps count cadres; a cadre with two posts under a binding cap is not a flow.
    @Test func aBindingCapOverAMultiPostCadreIsNotANetwork() throws {
        let m = Tiny.commune("M", at: 5)
        var cadres = [Tiny.cadre("a", [("land", 2, 3)], department: "D"), Tiny.cadre("b", [("land", 2, 3)], department: "D")]
        // Two cadres, one may be released; each fills at most one post of the need.
        cadres[0].capacity = 2
        let base = Tiny.scenario(
            communes: [Tiny.commune("H", at: 0), m], needs: [Tiny.need("M", "land", min: 1, desired: 3, level: 1)], cadres: cadres,
            departments: [Tiny.department("D", cap: 1)])
        let result = try Planner.plan(base, options: PlanOptions(base.solver))
        #expect(AssignmentNetwork(result.formulation) == nil)
        #expect(result.stages.allSatisfy { $0.method == .branchAndCut })
        #expect(result.isProvenOptimal)
        #expect(result.chosen.count == 1)

        var uncapped = base
        uncapped.departments = [Tiny.department("D", cap: 5)]
        let flow = try Planner.plan(uncapped, options: PlanOptions(uncapped.solver))
        #expect(flow.stages.allSatisfy { $0.method == .networkFlow })
        #expect(Roster(flow).assignments.map(\.cadre) == ["a", "b"])
    }

    /// Weights no power of ten up to 10^6 makes integral keep the program on branch-and-cut.
    @Test func irrationalWeightsFallBackToBranchAndCut() throws {
        let m = Tiny.commune("M", at: 5)
        var s = Tiny.scenario(
            communes: [Tiny.commune("H", at: 0), m], needs: [Tiny.need("M", "land", min: 1, desired: 2, level: 1, priority: 1 / 7)],
            cadres: [Tiny.cadre("a", [("land", 2, 3)])], departments: [Tiny.department("DNNMT")])
        s.weights.belowDesired = 1
        let result = try Planner.plan(s, options: PlanOptions(s.solver))
        #expect(result.stages.allSatisfy { $0.method == .branchAndCut })
        #expect(result.isProvenOptimal)
    }
}
