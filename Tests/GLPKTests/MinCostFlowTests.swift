import Testing
@testable import GLPK

/// GLPK's out-of-kilter solver behind a Swift wall: bad networks are Swift errors, answers are
/// certified, and hand-checked optima come back.
@Suite struct MinCostFlowTests {
    /// Two workers, two jobs: the cheaper crossing assignment wins (cost 1 + 2 = 3, not 4 + 4).
    @Test func assignmentOptimum() throws {
        var net = FlowNetwork(nodes: 4)  // 0, 1 workers; 2, 3 jobs
        net.supply = [1, 1, -1, -1]
        net.addArc(0, 2, capacity: 1, cost: 4)
        net.addArc(0, 3, capacity: 1, cost: 1)
        net.addArc(1, 2, capacity: 1, cost: 2)
        net.addArc(1, 3, capacity: 1, cost: 4)
        let solution = try GLPK.minCostFlow(net)
        #expect(solution.flow == [0, 1, 1, 0])
        #expect(solution.cost == 3)
    }

    /// Negative costs, a lower bound that forces an expensive arc, a bypass for unused supply.
    @Test func lowerBoundsAndNegativeCosts() throws {
        var net = FlowNetwork(nodes: 4)  // 0 source, 1 and 2 middle, 3 sink
        net.supply = [3, 0, 0, -3]
        net.addArc(0, 1, capacity: 2, cost: -5)
        net.addArc(0, 2, lower: 1, capacity: 2, cost: 7)
        net.addArc(1, 3, capacity: 2)
        net.addArc(2, 3, capacity: 2)
        net.addArc(0, 3, capacity: 3)
        let solution = try GLPK.minCostFlow(net)
        #expect(solution.flow == [2, 1, 2, 1, 0])
        #expect(solution.cost == -3)
    }

    /// Fixed arcs only move supply; the answer keeps them at their value.
    @Test func fixedArcsStayFixed() throws {
        var net = FlowNetwork(nodes: 3)
        net.supply = [2, 0, -2]
        net.addArc(0, 1, lower: 1, capacity: 1, cost: 100)
        net.addArc(0, 2, capacity: 2, cost: 1)
        net.addArc(1, 2, capacity: 2, cost: 1)
        let solution = try GLPK.minCostFlow(net)
        #expect(solution.flow == [1, 1, 1])
        #expect(solution.cost == 102)
    }

    @Test func infeasibleNetwork() {
        var net = FlowNetwork(nodes: 2)
        net.supply = [3, -3]
        net.addArc(0, 1, capacity: 2)
        #expect(throws: FlowError.infeasible) { try GLPK.minCostFlow(net) }
    }

    /// What GLPK would abort on or reject never reaches it.
    @Test func invalidNetworksAreSwiftErrors() {
        var badNode = FlowNetwork(nodes: 2)
        badNode.addArc(0, 5, capacity: 1)
        var loop = FlowNetwork(nodes: 2)
        loop.addArc(1, 1, capacity: 1)
        var bounds = FlowNetwork(nodes: 2)
        bounds.addArc(0, 1, lower: 2, capacity: 1)
        var unbalanced = FlowNetwork(nodes: 2)
        unbalanced.supply = [1, 0]
        for net in [badNode, loop, bounds, unbalanced] {
            #expect(throws: FlowError.self) { try GLPK.minCostFlow(net) }
        }
        var huge = FlowNetwork(nodes: 2)
        huge.addArc(0, 1, capacity: 1, cost: GLPK.flowLimit + 1)
        #expect(throws: FlowError.outOfRange) { try GLPK.minCostFlow(huge) }
    }

    /// The certificate catches a flow that is feasible but not optimal.
    @Test func certificateRejectsASuboptimalFlow() throws {
        var net = FlowNetwork(nodes: 2)
        net.supply = [1, -1]
        net.addArc(0, 1, capacity: 1, cost: 1)
        net.addArc(0, 1, capacity: 1, cost: 5)
        let solution = try GLPK.minCostFlow(net)
        #expect(solution.flow == [1, 0])
        // Potentials that price arc 0 at its cost make arc 1 (cost 5) positive: flow on it is wrong.
        #expect(throws: FlowError.self) {
            try GLPK.certify(net, flow: [0, 1], reducedCost: solution.reducedCost)
        }
    }

    /// A cycle in the free arcs: no shift, still solved.
    @Test func cyclicNetwork() throws {
        var net = FlowNetwork(nodes: 3)
        net.supply = [1, 0, -1]
        net.addArc(0, 1, capacity: 1, cost: 1)
        net.addArc(1, 0, capacity: 1, cost: 1)
        net.addArc(1, 2, capacity: 1, cost: 1)
        let solution = try GLPK.minCostFlow(net)
        #expect(solution.flow == [1, 0, 1])
        #expect(GLPK.acyclicPotentials(3, net.arcs) == [0, 0, 0])
    }
}
