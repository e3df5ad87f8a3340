import Testing
@testable import CadrePlanCore

/// On random tiny scenarios, GLPK's lexicographic optimum equals exhaustive enumeration.
@Suite struct BruteForceTests {
    @Test(arguments: 1...40)
    func glpkMatchesEnumeration(seed: UInt64) throws {
        var rng = SplitMix64(state: seed)
        let s = randomScenario(&rng)
        let result = try Planner.plan(s, options: PlanOptions(s.solver))
        // Exactly the programs that are not networks go to branch-and-cut.
        let network = AssignmentNetwork(result.formulation) != nil
        #expect(result.stages.allSatisfy { $0.method == (network ? .networkFlow : .branchAndCut) })
        try expectEnumeratedOptimum(result, s, seed: seed)
    }

    /// Headcount needs and default workloads: the program is a network, solved as a flow.
    @Test(arguments: 1...40)
    func networkFlowMatchesEnumeration(seed: UInt64) throws {
        var rng = SplitMix64(state: seed)
        let s = randomScenario(&rng, network: true)
        let result = try Planner.plan(s, options: PlanOptions(s.solver))
        #expect(result.stages.allSatisfy { $0.method == .networkFlow }, "seed \(seed) was not solved as a flow")
        try expectEnumeratedOptimum(result, s, seed: seed)
    }

    /// Proven optimal, sound, and both stages equal to exhaustive enumeration.
    func expectEnumeratedOptimum(_ result: PlanResult, _ s: Scenario, seed: UInt64) throws {
        let roster = Roster(result)
        #expect(roster.status == .optimal)
        #expect(RosterAudit.violations(roster, scenario: s).isEmpty)
        let best = enumerate(result.formulation, scenario: s)
        let z1 = try #require(roster.stages.first?.value)
        let z2 = try #require(roster.stages.last?.value)
        #expect(abs(z1 - best.unmet) < 1e-6, "seed \(seed): stage 1 \(z1) vs enumeration \(best.unmet)")
        #expect(abs(z2 - best.fit) < 1e-6, "seed \(seed): stage 2 \(z2) vs enumeration \(best.fit)")
    }

    func randomScenario(_ rng: inout SplitMix64, network: Bool = false) -> Scenario {
        let communes = (0..<4).map {
            Tiny.commune("M\($0)", at: Int.random(in: 0...20, using: &rng), hosting: Int.random(in: 1...3, using: &rng),
                         languages: $0 == 1 ? ["K'Ho"] : [])
        }
        let fields = ["land", "it"]
        var needs: [Need] = []
        for m in communes.indices {
            for f in fields where Int.random(in: 0..<3, using: &rng) > 0 {
                let desired = Int.random(in: 1...2, using: &rng)
                needs.append(Tiny.need(communes[m].id, f, min: Int.random(in: 0...desired, using: &rng),
                                       desired: desired, level: Int.random(in: 1...2, using: &rng),
                                       priority: Double(Int.random(in: 1...3, using: &rng))))
            }
        }
        // One need measured in full-time equivalents, so work coverage is enumerated too.
        if !network, let first = needs.first {
            needs[0] = Need(commune: first.commune, field: first.field, unit: .fte, minimumWork: 0.5,
                            desiredWork: Double(Int.random(in: 2...3, using: &rng)) / 2, level: first.level,
                            backlog: 0, priority: first.priority, policy: Policy())
        }
        let departments = [Tiny.department("D1", cap: Int.random(in: 1...3, using: &rng)), Tiny.department("D2")]
        let cadres = (0..<5).map { c in
            Tiny.cadre("c\(c)", fields.filter { _ in Bool.random(using: &rng) }.map {
                ($0, Int.random(in: 1...3, using: &rng), Double(Int.random(in: 0...12, using: &rng)))
            }, home: communes[Int.random(in: 0..<communes.count, using: &rng)].id,
            department: c % 2 == 0 ? "D1" : "D2", languages: c == 0 ? ["K'Ho"] : [],
            capacity: network ? (c == 3 ? 2 : 1) : (c == 4 ? 2 : 1))
        }
        var withTime = cadres
        if !network {
            withTime[3].timeShare = 0.5
            withTime[4].capacity = 3
        }
        // Planner knowledge on a few random pairs: workloads and scores.
        let pairs = (0..<4).map { _ in
            PairRule(cadre: "c\(Int.random(in: 0..<5, using: &rng))", commune: communes[Int.random(in: 0..<4, using: &rng)].id,
                     field: nil, score: Double(Int.random(in: -2...2, using: &rng)),
                     workload: network ? nil : [0.3, 0.5, 0.6][Int.random(in: 0...2, using: &rng)])
        }
        var unique: [PairRule] = []
        for p in pairs where !unique.contains(where: { $0.cadre == p.cadre && $0.commune == p.commune }) { unique.append(p) }
        return Tiny.scenario(communes: communes, needs: needs, cadres: withTime, departments: departments, pairs: unique)
    }

    /// Tries every assignment of each cadre to at most `capacity` of its eligible pairs.
    func enumerate(_ f: Formulation, scenario s: Scenario) -> (unmet: Double, fit: Double) {
        let pairsOf = f.cadres.indices.map { c in f.pairs.indices.filter { f.pairs[$0].cadre == c } }
        var options: [[[Int]]] = []
        for (c, pairs) in pairsOf.enumerated() {
            var subsets: [[Int]] = [[]]
            for p in pairs { subsets += subsets.filter { $0.count < f.cadres[c].capacity }.map { $0 + [p] } }
            options.append(subsets)
        }
        var best = (unmet: Double.infinity, fit: -Double.infinity)
        func visit(_ c: Int, _ chosen: [Int]) {
            guard c == options.count else {
                for o in options[c] { visit(c + 1, chosen + o) }
                return
            }
            var staffed = Array(repeating: 0, count: f.needs.count)
            var covered = Array(repeating: 0.0, count: f.needs.count)
            var time = Array(repeating: 0.0, count: f.cadres.count)
            var hosted = Array(repeating: 0, count: s.communes.count)
            var released = Array(repeating: Set<Int>(), count: s.departments.count)
            for p in chosen {
                staffed[f.pairs[p].need] += 1
                covered[f.pairs[p].need] += f.pairs[p].contribution
                time[f.pairs[p].cadre] += f.pairs[p].workload
                hosted[f.needs[f.pairs[p].need].commune] += 1
                released[f.cadres[f.pairs[p].cadre].department].insert(f.pairs[p].cadre)
            }
            let largest = f.largestContribution
            guard f.needs.indices.allSatisfy({ n in
                f.needs[n].unit == .cadres ? staffed[n] <= f.needs[n].desired
                    : covered[n] <= f.needs[n].desiredWork + largest[n] - CadreProgram.overshootSlack
            }),
                f.cadres.indices.allSatisfy({ time[$0] <= f.cadres[$0].timeShare + 1e-9 }),
                s.communes.indices.allSatisfy({ hosted[$0] <= f.hosting[$0] }),
                s.departments.indices.allSatisfy({ released[$0].count <= f.releaseCaps[$0] })
            else { return }
            let unmet = f.needs.indices.reduce(0.0) { sum, n in
                let row = f.needs[n]
                return sum + row.weight * row.unitWeight * (f.weights.belowMinimum * max(0, row.minimumWork - covered[n])
                    + f.weights.belowDesired * max(0, row.desiredWork - covered[n]))
            }
            let fit = chosen.reduce(0.0) { $0 + f.pairs[$1].fit }
            if unmet < best.unmet - 1e-9 || (abs(unmet - best.unmet) <= 1e-9 && fit > best.fit) {
                best = (unmet, fit)
            }
        }
        visit(0, [])
        if f.pairs.isEmpty { best.fit = 0 }
        return best
    }
}
