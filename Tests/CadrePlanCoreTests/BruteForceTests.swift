import Testing
@testable import CadrePlanCore

/// On random tiny scenarios, GLPK's lexicographic optimum equals exhaustive enumeration.
@Suite struct BruteForceTests {
    @Test(arguments: 1...40)
    func glpkMatchesEnumeration(seed: UInt64) throws {
        var rng = SplitMix64(state: seed)
        let s = randomScenario(&rng)
        let result = try Planner.plan(s, options: PlanOptions(s.solver))
        let roster = Roster(result)
        #expect(roster.status == .optimal)
        #expect(RosterAudit.violations(roster, scenario: s).isEmpty)
        let best = enumerate(result.formulation, scenario: s)
        let z1 = try #require(roster.stages.first?.value)
        let z2 = try #require(roster.stages.last?.value)
        #expect(abs(z1 - best.unmet) < 1e-6, "seed \(seed): stage 1 \(z1) vs enumeration \(best.unmet)")
        #expect(abs(z2 - best.fit) < 1e-6, "seed \(seed): stage 2 \(z2) vs enumeration \(best.fit)")
    }

    func randomScenario(_ rng: inout SplitMix64) -> Scenario {
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
        let departments = [Tiny.department("D1", cap: Int.random(in: 1...3, using: &rng)), Tiny.department("D2")]
        let cadres = (0..<5).map { c in
            Tiny.cadre("c\(c)", fields.filter { _ in Bool.random(using: &rng) }.map {
                ($0, Int.random(in: 1...3, using: &rng), Double(Int.random(in: 0...12, using: &rng)))
            }, home: communes[Int.random(in: 0..<communes.count, using: &rng)].id,
            department: c % 2 == 0 ? "D1" : "D2", languages: c == 0 ? ["K'Ho"] : [],
            capacity: c == 4 ? 2 : 1)
        }
        return Tiny.scenario(communes: communes, needs: needs, cadres: cadres, departments: departments)
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
            var hosted = Array(repeating: 0, count: s.communes.count)
            var released = Array(repeating: Set<Int>(), count: s.departments.count)
            for p in chosen {
                staffed[f.pairs[p].need] += 1
                hosted[f.needs[f.pairs[p].need].commune] += 1
                released[f.cadres[f.pairs[p].cadre].department].insert(f.pairs[p].cadre)
            }
            guard f.needs.indices.allSatisfy({ staffed[$0] <= f.needs[$0].desired }),
                s.communes.indices.allSatisfy({ hosted[$0] <= f.hosting[$0] }),
                s.departments.indices.allSatisfy({ released[$0].count <= f.releaseCaps[$0] })
            else { return }
            let unmet = f.needs.indices.reduce(0.0) { sum, n in
                let row = f.needs[n]
                return sum + row.weight * (f.weights.belowMinimum * Double(max(0, row.minimum - staffed[n]))
                    + f.weights.belowDesired * Double(row.desired - staffed[n]))
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
