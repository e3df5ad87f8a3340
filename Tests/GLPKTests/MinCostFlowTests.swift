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
        // Arcs keep 32 bits a field: a value beyond them is kept at their limit, still refused.
        var beyond = FlowNetwork(nodes: 2)
        beyond.addArc(0, 1, capacity: Int.max, cost: Int.min)
        #expect(throws: FlowError.outOfRange) { try GLPK.minCostFlow(beyond) }
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

    /// A random transportation network with a bypass: workers (capacity 1–2) → jobs (demand
    /// 1–3 at a reward) → sink, each worker linked to a few jobs at random costs.
    static func randomNetwork(seed: UInt64, workers: Int = 40, jobs: Int = 15) -> FlowNetwork {
        var rng = SplitMix(state: seed)
        let (source, sink) = (0, 1)
        var net = FlowNetwork(nodes: 2 + workers + jobs)
        var supply = 0
        for w in 0..<workers {
            let capacity = Int.random(in: 1...2, using: &rng)
            net.addArc(source, 2 + w, capacity: capacity)
            supply += capacity
            for _ in 0..<6 {
                let job = 2 + workers + Int.random(in: 0..<jobs, using: &rng)
                net.addArc(2 + w, job, capacity: 1, cost: Int.random(in: -20...20, using: &rng))
            }
        }
        for j in 0..<jobs { net.addArc(2 + workers + j, sink, capacity: Int.random(in: 1...3, using: &rng), cost: -30) }
        net.addArc(source, sink, capacity: supply)
        net.supply[source] = supply
        net.supply[sink] = -supply
        return net
    }

    /// Solving over a core and pricing the other arcs in, warm round after warm round, reaches
    /// the optimum of the whole network, certified over every arc, from any core.
    @Test(arguments: 1...20 as ClosedRange<UInt64>)
    func aCoreGrownByPricingReachesTheWholeOptimum(seed: UInt64) throws {
        let net = Self.randomNetwork(seed: seed)
        let whole = try GLPK.minCostFlow(net)
        let structural = net.arcs.indices.filter { net.arcs[$0].cost == 0 || net.arcs[$0].cost == -30 }
        for core in [structural, structural + [net.arcs.count / 2], []] {
            let priced = try GLPK.minCostFlow(net, core: core)
            #expect(priced.cost == whole.cost, "seed \(seed)")
            try GLPK.certify(net, flow: priced.flow, reducedCost: priced.reducedCost)
            if !core.isEmpty { #expect(priced.rounds > 1 && priced.arcsSolved < net.arcs.count, "seed \(seed)") }
        }
        #expect(whole.rounds == 1 && whole.arcsSolved == net.arcs.count)
    }

    /// A warm round starts from a feasible flow and potentials: with the optimal ones nothing
    /// moves; from a poor flow it still reaches the optimum.
    @Test func aWarmRoundStartsWhereItIsToldTo() throws {
        let net = Self.randomNetwork(seed: 7)
        let optimum = try GLPK.minCostFlow(net)
        let same = try GLPK.warmRound(net, flow: optimum.flow, potential: optimum.potential)
        #expect(same.flow == optimum.flow)
        var bypass = Array(repeating: 0, count: net.arcs.count)  // everything through source → sink
        bypass[net.arcs.count - 1] = net.supply[0]
        let repaired = try GLPK.warmRound(net, flow: bypass, potential: Array(repeating: 0, count: net.nodeCount))
        let cost = zip(net.arcs, repaired.flow).reduce(0) { $0 + $1.0.cost * $1.1 }
        #expect(cost == optimum.cost)
        #expect(throws: FlowError.self) { try GLPK.warmRound(net, flow: bypass.map { $0 + 5 }, potential: optimum.potential) }
    }

    /// A core with no feasible flow is widened to the whole network rather than failing.
    @Test func anInfeasibleCoreIsWidened() throws {
        var net = FlowNetwork(nodes: 3)
        net.supply = [2, 0, -2]
        net.addArc(0, 1, capacity: 1, cost: 1)
        net.addArc(0, 2, capacity: 1, cost: 5)
        net.addArc(1, 2, capacity: 2, cost: 1)
        let solution = try GLPK.minCostFlow(net, core: [0, 2])
        #expect(solution.flow == [1, 1, 1] && solution.cost == 7)
    }
}
