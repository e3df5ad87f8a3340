import CGLPK

/// A minimum-cost flow problem with integer data: the form GLPK's network solvers accept.
///
/// When a program's constraint matrix is a network matrix, its LP optimum is integral and a
/// network algorithm finds it far faster than the simplex method on the same LP.
public struct FlowNetwork: Sendable, Equatable {
    /// Stored in 32 bits a field (20 bytes an arc, not 40: a national network has 1.5 million
    /// arcs, and a small network's cold build is mostly faulting in fresh memory). GLPK takes nothing beyond
    /// `GLPK.flowLimit`, so a value beyond Int32 is kept as Int32's limit, which the solve
    /// refuses like any value out of range.
    public struct Arc: Sendable, Equatable {
        private var tail32, head32, lower32, capacity32, cost32: Int32
        public var tail: Int { get { Int(tail32) } set { tail32 = Int32(clamping: newValue) } }
        public var head: Int { get { Int(head32) } set { head32 = Int32(clamping: newValue) } }
        public var lower: Int { get { Int(lower32) } set { lower32 = Int32(clamping: newValue) } }
        public var capacity: Int { get { Int(capacity32) } set { capacity32 = Int32(clamping: newValue) } }
        public var cost: Int { get { Int(cost32) } set { cost32 = Int32(clamping: newValue) } }
        public init(tail: Int, head: Int, lower: Int = 0, capacity: Int, cost: Int = 0) {
            (tail32, head32, lower32, capacity32, cost32) = (
                Int32(clamping: tail), Int32(clamping: head), Int32(clamping: lower), Int32(clamping: capacity),
                Int32(clamping: cost))
        }
    }

    /// Net supply per node (positive: the node sends flow); the supplies sum to zero.
    public var supply: [Int]
    public var arcs: [Arc]

    public init(nodes: Int) {
        supply = Array(repeating: 0, count: nodes)
        arcs = []
    }

    public var nodeCount: Int { supply.count }

    /// Adds an arc and returns its index.
    @discardableResult
    public mutating func addArc(_ tail: Int, _ head: Int, lower: Int = 0, capacity: Int, cost: Int = 0) -> Int {
        arcs.append(Arc(tail: tail, head: head, lower: lower, capacity: capacity, cost: cost))
        return arcs.count - 1
    }
}

/// An optimal flow with its certificate: node potentials under which every arc's reduced cost
/// `cost − π[tail] + π[head]` is ≥ 0 where the flow is below capacity and ≤ 0 where it is above
/// its lower bound. Checked in Swift after GLPK returns, so "optimal" never rests on trust.
public struct FlowSolution: Sendable, Equatable {
    public var flow: [Int]
    public var reducedCost: [Int]
    public var potential: [Int]
    public var cost: Int
    public var seconds: Double
    /// Calls of GLPK's method: 1 without a core, one more for each time the core grew.
    public var rounds: Int = 1
    /// Arcs in the core when the flow was certified (all of them without a core).
    public var arcsSolved: Int = 0
}

public enum FlowError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The data breaks a rule GLPK would abort on or reject (the message says which arc or node).
    case invalidNetwork(String)
    /// No flow satisfies the supplies and bounds.
    case infeasible
    /// The costs or flows are too large for GLPK's integer arithmetic (|value| ≤ 2^29).
    case outOfRange
    /// GLPK returned a flow whose optimality certificate does not check out.
    case uncertified(String)

    public var description: String {
        switch self {
        case .invalidNetwork(let why): "invalid flow network: \(why)"
        case .infeasible: "the flow network has no feasible flow"
        case .outOfRange: "the flow network's numbers are too large for GLPK's network solver"
        case .uncertified(let why): "GLPK's flow failed its optimality check: \(why)"
        }
    }
}

extension GLPK {
    /// GLPK's integer limit for network data (`INT_MAX / 4`, as its network solvers check).
    public static let flowLimit = Int(Int32.max) / 4

    /// Solves `network` with GLPK's out-of-kilter algorithm (Debian's GLPK ships RELAX-IV
    /// disabled), then certifies the flow: feasible, integral, and optimal by complementary
    /// slackness with GLPK's node potentials.
    ///
    /// With a `core` (arc indices), GLPK first sees only those arcs and the ones with a positive
    /// lower bound; the others carry no flow. An arc left out whose reduced cost under the
    /// core's potentials is negative could lower the cost: for each node, the most negative
    /// such arc leaving it joins the core, and the core is solved again starting from the flow
    /// and potentials it had, so only the new arcs are out of kilter (`warmRound`). When no arc
    /// prices in, the flow is optimal over the whole network, by the same certificate. GLPK's
    /// method takes time in proportion to arcs × units of flow, so a small core and cheap warm
    /// rounds beat one solve over every arc. A core with no feasible flow is widened to the
    /// whole network.
    public static func minCostFlow(_ network: FlowNetwork, core: [Int]? = nil) throws(FlowError) -> FlowSolution {
        let start = ContinuousClock.now
        try validate(network)
        let n = network.nodeCount
        guard n > 0 else { return FlowSolution(flow: [], reducedCost: [], potential: [], cost: 0, seconds: 0) }
        var included = Array(repeating: core == nil, count: network.arcs.count)
        for k in core ?? [] where network.arcs.indices.contains(k) { included[k] = true }
        for (k, arc) in network.arcs.enumerated() where arc.lower > 0 { included[k] = true }

        var rounds = 0
        var last: (flow: [Int], potential: [Int])?
        while true {
            rounds += 1
            let arcs = network.arcs.indices.filter { included[$0] }
            var sub = FlowNetwork(nodes: n)
            sub.supply = network.supply
            sub.arcs = arcs.map { network.arcs[$0] }
            let solved: (flow: [Int], potential: [Int])
            do {
                if let last, let warm = try? warmRound(sub, flow: arcs.map { last.flow[$0] }, potential: last.potential) {
                    solved = warm
                } else {
                    solved = try outOfKilter(sub)
                }
            } catch {
                guard error == .infeasible, included.contains(false) else { throw error }
                included = Array(repeating: true, count: network.arcs.count)
                last = nil
                continue
            }
            var flow = Array(repeating: 0, count: network.arcs.count)
            for (i, k) in arcs.enumerated() { flow[k] = solved.flow[i] }
            let potential = solved.potential
            let reduced = network.arcs.map { $0.cost - potential[$0.tail] + potential[$0.head] }
            // Partial pricing: one arc per node, so a warm round has few arcs to bring into kilter.
            var entering = Array(repeating: -1, count: n)
            for (k, arc) in network.arcs.enumerated() where !included[k] && reduced[k] < 0 && arc.capacity > 0 {
                let best = entering[arc.tail]
                if best < 0 || reduced[k] < reduced[best] { entering[arc.tail] = k }
            }
            guard !entering.contains(where: { $0 >= 0 }) else {
                for k in entering where k >= 0 { included[k] = true }
                last = (flow, potential)
                continue
            }
            try certify(network, flow: flow, reducedCost: reduced)
            let objective = zip(network.arcs, flow).reduce(0) { $0 + $1.0.cost * $1.1 }
            return FlowSolution(flow: flow, reducedCost: reduced, potential: potential, cost: objective,
                                seconds: seconds(from: start), rounds: rounds, arcsSolved: arcs.count)
        }
    }

    /// Solves `network` again from a `flow` that is feasible for it and `potential`s under which
    /// every arc but a few is in kilter: GLPK gets the residual network (an arc's room to rise at
    /// its reduced cost, its room to fall reversed at the opposite cost) with no supplies, so
    /// its zero flow is `flow` and only the out-of-kilter arcs cost work.
    static func warmRound(
        _ network: FlowNetwork, flow start: [Int], potential p: [Int]
    ) throws(FlowError) -> (flow: [Int], potential: [Int]) {
        var residual = FlowNetwork(nodes: network.nodeCount)
        var rise = Array(repeating: -1, count: network.arcs.count)
        var fall = Array(repeating: -1, count: network.arcs.count)
        for (k, arc) in network.arcs.enumerated() where arc.lower < arc.capacity {
            guard (arc.lower...arc.capacity).contains(start[k]) else { throw .invalidNetwork("the start flow is out of bounds") }
            let cost = arc.cost - p[arc.tail] + p[arc.head]
            guard abs(cost) <= flowLimit else { throw .outOfRange }
            if start[k] < arc.capacity { rise[k] = residual.addArc(arc.tail, arc.head, capacity: arc.capacity - start[k], cost: cost) }
            if start[k] > arc.lower { fall[k] = residual.addArc(arc.head, arc.tail, capacity: start[k] - arc.lower, cost: -cost) }
        }
        let solved = try outOfKilter(residual)
        var flow = start
        for k in network.arcs.indices {
            if rise[k] >= 0 { flow[k] += solved.flow[rise[k]] }
            if fall[k] >= 0 { flow[k] -= solved.flow[fall[k]] }
        }
        return (flow, zip(p, solved.potential).map { $0 + $1 })
    }

    /// One call of `glp_mincost_okalg` on the whole of `network`: every arc's flow and every
    /// node's potential, not yet certified.
    static func outOfKilter(_ network: FlowNetwork) throws(FlowError) -> (flow: [Int], potential: [Int]) {
        let n = network.nodeCount
        // Arcs whose flow is fixed only move supply; GLPK sees the others, with costs reduced by
        // shortest-path potentials so that the zero flow starts in kilter wherever it can.
        var supply = network.supply
        var free: [Int] = []
        for (k, arc) in network.arcs.enumerated() {
            if arc.lower == arc.capacity {
                supply[arc.tail] -= arc.lower
                supply[arc.head] += arc.lower
            } else {
                free.append(k)
            }
        }
        let shift = acyclicPotentials(n, free.map { network.arcs[$0] })
        guard supply.allSatisfy({ abs($0) <= flowLimit }) else { throw .outOfRange }

        // Vertex data: rhs, pi. Arc data: low, cap, cost, x (doubles, at these byte offsets).
        let (low, cap, cost, x, pi) = (Int32(0), Int32(8), Int32(16), Int32(24), Int32(8))
        let size = Int32(MemoryLayout<Double>.size)
        guard let graph = glp_create_graph(2 * size, 4 * size)
        else { throw .invalidNetwork("GLPK could not create a graph") }
        defer { glp_delete_graph(graph) }
        _ = glp_add_vertices(graph, Int32(n))
        guard let vertices = graph.pointee.v else { throw .invalidNetwork("GLPK added no vertices") }
        for i in 0..<n { store(Double(supply[i]), at: 0, in: vertices[i + 1]?.pointee.data) }
        var glpkArcs: [UnsafeMutablePointer<glp_arc>] = []
        glpkArcs.reserveCapacity(free.count)
        for k in free {
            let arc = network.arcs[k]
            let reducedCost = arc.cost + shift[arc.tail] - shift[arc.head]
            guard abs(reducedCost) <= flowLimit else { throw .outOfRange }
            guard let a = glp_add_arc(graph, Int32(arc.tail + 1), Int32(arc.head + 1)) else {
                throw .invalidNetwork("GLPK could not add an arc")
            }
            store(Double(arc.lower), at: low, in: a.pointee.data)
            store(Double(arc.capacity), at: cap, in: a.pointee.data)
            store(Double(reducedCost), at: cost, in: a.pointee.data)
            glpkArcs.append(a)
        }
        var total = 0.0
        let code = glp_mincost_okalg(graph, 0, low, cap, cost, &total, x, pi)
        switch code {
        case 0: break
        case GLP_ENOPFS: throw .infeasible
        case GLP_ERANGE, GLP_EDATA: throw .outOfRange
        default: throw .uncertified("glp_mincost_okalg returned code \(code)")
        }
        var flow = network.arcs.map(\.lower)
        for (a, k) in zip(glpkArcs, free) { flow[k] = Int(load(at: x, in: a.pointee.data)) }
        // GLPK's potentials are the duals of the conservation rows, rc = cost − π[tail] + π[head],
        // for the shifted costs; undo the shift to get the original problem's potentials.
        let potential = (0..<n).map { Int(load(at: pi, in: vertices[$0 + 1]?.pointee.data).rounded()) - shift[$0] }
        return (flow, potential)
    }

    /// Shortest distances d ≤ 0 from a virtual root joined to every node, when the arcs form no
    /// cycle (else all zero): then cost + d[tail] − d[head] ≥ 0 on every arc. GLPK's
    /// out-of-kilter method starts from zero flow and zero potentials, and spends its time
    /// repairing arcs whose cost is negative one at a time; with these potentials there are none.
    static func acyclicPotentials(_ n: Int, _ arcs: [FlowNetwork.Arc]) -> [Int] {
        var indegree = Array(repeating: 0, count: n)
        var out = Array(repeating: [Int](), count: n)
        for (k, arc) in arcs.enumerated() {
            indegree[arc.head] += 1
            out[arc.tail].append(k)
        }
        var distance = Array(repeating: 0, count: n)
        var ready = (0..<n).filter { indegree[$0] == 0 }
        var visited = 0
        while let i = ready.popLast() {
            visited += 1
            for k in out[i] {
                let arc = arcs[k]
                distance[arc.head] = min(distance[arc.head], distance[i] + arc.cost)
                indegree[arc.head] -= 1
                if indegree[arc.head] == 0 { ready.append(arc.head) }
            }
        }
        return visited == n ? distance : Array(repeating: 0, count: n)
    }

    /// Everything GLPK would abort on (bad vertex numbers) or reject (non-integral data, self-loops).
    static func validate(_ network: FlowNetwork) throws(FlowError) {
        let n = network.nodeCount
        guard n < flowLimit, network.arcs.count < flowLimit else { throw .invalidNetwork("too many nodes or arcs") }
        guard network.supply.allSatisfy({ abs($0) <= flowLimit }) else { throw .outOfRange }
        guard network.supply.reduce(0, +) == 0 else {
            throw .invalidNetwork("the supplies sum to \(network.supply.reduce(0, +)), not 0")
        }
        for (k, arc) in network.arcs.enumerated() {
            guard (0..<n).contains(arc.tail), (0..<n).contains(arc.head) else {
                throw .invalidNetwork("arc \(k) joins nodes \(arc.tail) → \(arc.head); the network has \(n)")
            }
            guard arc.tail != arc.head else { throw .invalidNetwork("arc \(k) is a loop at node \(arc.tail)") }
            guard 0 <= arc.lower, arc.lower <= arc.capacity else {
                throw .invalidNetwork("arc \(k) has bounds \(arc.lower)…\(arc.capacity)")
            }
            guard arc.capacity <= flowLimit, abs(arc.cost) <= flowLimit else { throw .outOfRange }
        }
    }

    /// Checks bounds, conservation, and complementary slackness (an arc with positive reduced
    /// cost is at its lower bound, one with negative reduced cost at capacity). Throws when any fails.
    static func certify(_ network: FlowNetwork, flow: [Int], reducedCost: [Int]) throws(FlowError) {
        var balance = network.supply
        for (k, arc) in network.arcs.enumerated() {
            guard arc.lower <= flow[k], flow[k] <= arc.capacity else {
                throw .uncertified("arc \(k) carries \(flow[k]) outside \(arc.lower)…\(arc.capacity)")
            }
            balance[arc.tail] -= flow[k]
            balance[arc.head] += flow[k]
            let r = reducedCost[k]
            if (r > 0 && flow[k] != arc.lower) || (r < 0 && flow[k] != arc.capacity) {
                throw .uncertified("arc \(k) has reduced cost \(r) and flow \(flow[k]) in \(arc.lower)…\(arc.capacity)")
            }
        }
        if let i = balance.firstIndex(where: { $0 != 0 }) {
            throw .uncertified("node \(i) is out of balance by \(balance[i])")
        }
    }

    private static func store(_ value: Double, at offset: Int32, in data: UnsafeMutableRawPointer?) {
        data?.storeBytes(of: value, toByteOffset: Int(offset), as: Double.self)
    }

    private static func load(at offset: Int32, in data: UnsafeMutableRawPointer?) -> Double {
        data?.load(fromByteOffset: Int(offset), as: Double.self) ?? 0
    }
}
