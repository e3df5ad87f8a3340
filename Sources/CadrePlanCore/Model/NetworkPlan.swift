import GLPK

/// How a stage was solved.
public enum SolveMethod: String, Sendable, Codable {
    /// As a minimum-cost flow (GLPK's out-of-kilter method over a core of the arcs, the others
    /// priced in), its optimality over every arc certified by node potentials.
    case networkFlow = "network_flow"
    /// GLPK's simplex method and branch-and-cut on the integer program.
    case branchAndCut = "branch_and_cut"
    /// Branch-and-cut over a core of the pairs, grown until no pair left out prices out of the
    /// LP relaxation; the bound is then the LP bound over every pair (a year of rounds).
    case pricedCore = "priced_core"
}

/// The core program as a minimum-cost flow, when it is one.
///
/// With headcount needs, default workloads and a release cap only over departments whose cadres
/// serve one post each, every row of `CadreProgram` is a flow-conservation or arc-capacity row:
///
///     source → department (release cap) → cadre (capacity) → need (eligible pairs, pins as lower
///     bounds) → commune (hosting) → sink, and source → sink for supply nobody uses.
///
/// A need's shortfall is the flow it does not receive: two arcs to its commune carry the first
/// `minimum` cadres at reward (W_min + W_des)·w and the rest up to `desired` at W_des·w, so
/// minimising cost minimises weighted unmet need. The matrix is a network matrix, so the LP
/// optimum is integral and is the integer program's optimum.
///
/// Stage 2 keeps stage 1's optimum exactly: by complementary slackness every stage-1 optimal
/// flow leaves arcs with non-zero reduced cost where stage 1 left them, so those arcs are fixed
/// and stage 2 maximises fit over the rest. No tolerance, no big-M.
struct AssignmentNetwork {
    /// Stage 1's network: its arc costs are stage 1's (stage 2 prices the pairs' arcs by fit).
    var network: FlowNetwork
    /// The arcs of the formulation's pairs are consecutive and in the pairs' order: pair p's
    /// arc is `firstPairArc + p`.
    var firstPairArc: Int
    var pairArcs: Range<Int> { firstPairArc..<firstPairArc + pairCount }
    private var pairCount: Int
    /// Per need, the arcs that carry its first `minimum` cadres and the rest up to `desired`.
    var needArcs: [(minimum: Int?, rest: Int?)]
    /// Stage 2's cost of a pair's arc is −fit × `fitScale`; other arcs cost nothing in stage 2.
    var fitScale: Double

    /// Largest scale tried to make real costs integers (fits are rounded to 1e-6).
    static let maxScale = 1_000_000.0

    /// The network of `f`, or nil when some row is not a network row or a cost is not integral
    /// at any scale up to 10^6.
    init?(_ f: Formulation) {
        guard f.rules.isEmpty, f.needs.allSatisfy({ $0.unit == .cadres }), !f.timedCadres.contains(true) else { return nil }
        var cadresOf = Array(repeating: 0, count: f.releaseCaps.count)
        for row in f.cadres { cadresOf[row.department] += 1 }
        let bindingDepartment = f.releaseCaps.indices.map { cadresOf[$0] > f.releaseCaps[$0] }
        // A cap counts released cadres, a flow counts posts: they agree only for one-post cadres.
        guard f.cadres.allSatisfy({ !bindingDepartment[$0.department] || $0.capacity == 1 }) else { return nil }

        let w = f.weights
        let rewards = f.needs.map { row in
            (minimum: (w.belowMinimum + w.belowDesired) * row.weight * row.unitWeight,
             rest: w.belowDesired * row.weight * row.unitWeight)
        }
        guard let unitScale = Self.integralScale(rewards.flatMap { [$0.minimum, $0.rest] }),
            let fitScale = Self.integralScale(f.pairs.lazy.map(\.fit))
        else { return nil }

        // Nodes: 0 source, 1 sink, then binding departments, cadres, needs, hosting-capped communes.
        var count = 2
        func nodes(_ k: Int) -> Int { defer { count += k }; return count }
        let departmentNode = bindingDepartment.map { $0 ? nodes(1) : 0 }
        let firstCadre = nodes(f.cadres.count)
        let firstNeed = nodes(f.needs.count)
        let communeNode = f.hostingBinds.map { $0 ? nodes(1) : 1 }
        var net = FlowNetwork(nodes: count)
        // Every arc's room at once (growing three arrays of 1.4 million arcs copied them).
        let arcCount = f.releaseCaps.count + f.cadres.count + f.pairs.count + 2 * f.needs.count + f.hosting.count + 1
        net.arcs.reserveCapacity(arcCount)
        func arc(_ tail: Int, _ head: Int, lower: Int = 0, capacity: Int, unmetCost: Int = 0) -> Int {
            net.addArc(tail, head, lower: lower, capacity: capacity, cost: unmetCost)
        }

        var supply = 0
        for d in f.releaseCaps.indices where bindingDepartment[d] {
            _ = arc(0, departmentNode[d], capacity: f.releaseCaps[d])
            supply += f.releaseCaps[d]
        }
        for (c, row) in f.cadres.enumerated() {
            let binding = bindingDepartment[row.department]
            _ = arc(binding ? departmentNode[row.department] : 0, firstCadre + c, capacity: row.capacity)
            if !binding { supply += row.capacity }
        }
        firstPairArc = net.arcs.count
        pairCount = f.pairs.count
        for pair in f.pairs {
            _ = arc(firstCadre + pair.cadre, firstNeed + pair.need, lower: pair.pinned ? 1 : 0, capacity: 1)
        }
        self.fitScale = fitScale
        needArcs = f.needs.enumerated().map { n, row in
            let head = communeNode[row.commune]
            let minimum = min(row.minimum, row.desired)
            let first = minimum > 0
                ? arc(firstNeed + n, head, capacity: minimum, unmetCost: -Int((rewards[n].minimum * unitScale).rounded()))
                : nil
            let rest = row.desired > minimum
                ? arc(firstNeed + n, head, capacity: row.desired - minimum,
                      unmetCost: -Int((rewards[n].rest * unitScale).rounded()))
                : nil
            return (first, rest)
        }
        for m in f.hosting.indices where communeNode[m] != 1 { _ = arc(communeNode[m], 1, capacity: f.hosting[m]) }
        _ = arc(0, 1, capacity: supply)
        net.supply[0] = supply
        net.supply[1] = -supply
        network = net
    }

    /// The smallest power of ten up to 10^6 that makes every value an integer small enough for
    /// GLPK's network solver to add up without overflow.
    static func integralScale(_ values: some Collection<Double>) -> Double? {
        var scale = 1.0
        while scale <= maxScale {
            if values.allSatisfy({ v in
                let scaled = v * scale
                return abs(scaled - scaled.rounded()) <= 1e-9 * max(1, abs(scaled)) && abs(scaled) <= Double(GLPK.flowLimit)
            }) { return scale }
            scale *= 10
        }
        return nil
    }

    /// Stage 1 then stage 2 by flow; `second` builds stage 2's program from stage 1's value.
    /// Nil when GLPK's flow fails its certificate or a point does not satisfy its program (the
    /// planner then falls back to branch-and-cut), so a flow answer is never trusted blindly.
    func solve(
        _ f: Formulation, first: CadreProgram, second: (Double) throws(PlanError) -> CadreProgram
    ) throws(PlanError) -> (Solution, CadreProgram, Solution)? {
        // The core is computed once: stage 2's is stage 1's with stage 1's plan. Choosing it is
        // part of each stage's solve time (it is where the solver starts), not of the build.
        let (core, coreSeconds) = timed { f.corePairs() }
        guard let (s1, flow1) = stage1(f, first, core: core, coreSeconds: coreSeconds) else { return nil }
        var net = network
        let program2 = try second(s1.objective ?? 0)

        // Fix every arc whose reduced cost is not zero where stage 1 left it; price by fit.
        for k in net.arcs.indices {
            if flow1.reducedCost[k] != 0 { (net.arcs[k].lower, net.arcs[k].capacity) = (flow1.flow[k], flow1.flow[k]) }
            net.arcs[k].cost = pairArcs.contains(k) ? -Int((f.pairs[k - firstPairArc].fit * fitScale).rounded()) : 0
        }
        let (arcs, arcSeconds) = timed { coreArcs(Set(core).union(chosenPairs(flow1)).sorted()) }
        guard let flow2 = try? GLPK.minCostFlow(net, core: arcs), let s2 = solution(f, program2, flow2, coreSeconds: arcSeconds)
        else { return nil }
        return (s1, program2, s2)
    }

    /// Stage 1 alone (export needs only its value), with the flow that stage 2 starts from.
    /// `coreSeconds`: time already spent choosing `core`, counted in the stage's seconds.
    func stage1(_ f: Formulation, _ first: CadreProgram, core: [Int]? = nil, coreSeconds: Double = 0) -> (Solution, FlowSolution)? {
        let net = network
        let (arcs, arcSeconds) = timed { coreArcs(core ?? f.corePairs()) }
        guard let flow = try? GLPK.minCostFlow(net, core: arcs),
            let s1 = solution(f, first, flow, coreSeconds: coreSeconds + arcSeconds)
        else {
            return nil
        }
        return (s1, flow)
    }

    /// The arcs GLPK starts from: every arc that is not a pair's, and the arcs of `corePairs`
    /// (the formulation's core, `Formulation.corePairs`, and for stage 2 stage 1's plan); GLPK
    /// prices the rest in (`GLPK.minCostFlow(_:core:)`). Stage 2's core holds stage 1's plan, so
    /// it has a feasible flow. Measured on the default round (63,000 pairs): stage 1 in 0.2 s and stage 2
    /// in 0.4 s over cores of 10,000 to 16,000 arcs, against 0.3 s and 1.0 s over every arc.
    func coreArcs(_ corePairs: [Int]) -> [Int] {
        network.arcs.indices.filter { !pairArcs.contains($0) } + corePairs.map { firstPairArc + $0 }
    }

    /// `body`'s value and the seconds it took.
    private func timed<T>(_ body: () -> T) -> (T, Double) {
        let clock = ContinuousClock()
        let start = clock.now
        let value = body()
        return (value, (clock.now - start).seconds)
    }

    /// The pairs a flow assigns (indices into the formulation's pairs).
    func chosenPairs(_ flow: FlowSolution) -> [Int] { (0..<pairCount).filter { flow.flow[firstPairArc + $0] > 0 } }

    /// The program's point for a flow, checked against every row and bound of the program. Its
    /// seconds are GLPK's and `coreSeconds`, the time spent choosing the arcs GLPK started from.
    func solution(_ f: Formulation, _ program: CadreProgram, _ flow: FlowSolution, coreSeconds: Double = 0) -> Solution? {
        let values = program.point(choosing: chosenPairs(flow), f)
        guard program.model.firstViolation(of: values) == nil else { return nil }
        let objective = program.model.objectiveValue(of: values)
        return Solution(
            termination: .optimal, point: .feasible, objective: objective, bestBound: objective, relativeGap: 0,
            lpRelaxation: objective, values: values, nodes: 0, seconds: flow.seconds + coreSeconds)
    }
}
