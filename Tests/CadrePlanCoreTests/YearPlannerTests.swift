import CadrePlanCore
import Foundation
import GLPK
import Testing

/// A year of rounds as one program: the rules between rounds, checked on worlds small enough to
/// see the answer by hand, and a year without them equal to its rounds planned one by one.
@Suite struct YearPlannerTests {
    static let rounds = [
        RoundSpec(id: "r1", start: "2025-08-01", end: "2025-10-31"),
        RoundSpec(id: "r2", start: "2025-11-01", end: "2026-01-31"),
        RoundSpec(id: "r3", start: "2026-02-01", end: "2026-04-30"),
    ]

    func year(_ s: Scenario, rounds: Int = 3, continuity: Continuity? = nil) -> Scenario {
        var s = s
        s.rounds = Array(Self.rounds.prefix(rounds))
        s.continuity = continuity
        return s
    }

    func plan(_ s: Scenario) throws -> YearPlanResult {
        try YearPlanner.plan(s, options: PlanOptions(s.solver))
    }

    /// "r1: A→X/land" lines of each round.
    func lines(_ result: YearPlanResult) -> [String] {
        zip(result.year.rounds, result.rounds).flatMap { part, r in
            Roster(r).assignments.map { "\(part.spec.id): \($0.cadre)→\($0.commune)/\($0.field)" }
        }.sorted()
    }

    @Test func maxConsecutiveRoundsIsHard() throws {
        let s = year(Tiny.scenario(communes: [Tiny.commune("H", at: 0), Tiny.commune("X", at: 1)], needs: [Tiny.need("X", "land")],
                                   cadres: [Tiny.cadre("A", [("land", 2, 5)])]),
                     continuity: Continuity(maxConsecutiveRounds: 2))
        let result = try plan(s)
        #expect(result.isProvenOptimal)
        #expect(result.continuity.longestRun == 2)
        // Two of the three rounds staffed, never all three: one round's need is unmet.
        #expect(lines(result).count == 2)
        #expect(result.stages[0].objective.map { abs($0 - 33) < 1e-6 } == true)  // land priority 3 × (W_min 10 + W_des 1)

        let free = try plan(year(s, continuity: nil))
        #expect(lines(free) == ["r1: A→X/land", "r2: A→X/land", "r3: A→X/land"])
    }

    /// One cadre in round 2, two land needs: Y weighs more, but X was served in round 1 and land
    /// is hot, so keeping X staffed is worth more than Y's extra priority.
    @Test func hotFieldServiceDoesNotLapse() throws {
        var s = Tiny.scenario(
            communes: [Tiny.commune("H", at: 0), Tiny.commune("X", at: 1), Tiny.commune("Y", at: 2)],
            needs: [Tiny.need("X", "land", min: 0), Tiny.need("Y", "land", min: 0, priority: 1.5)],
            cadres: [Tiny.cadre("A", [("land", 2, 5)]), Tiny.cadre("B", [("land", 2, 5)])])
        s.needs[1].round = "r2"   // Y asks only in round 2
        s.cadres[1].rounds = ["r1"]  // B only in round 1
        let free = try plan(year(s, rounds: 2))
        #expect(lines(free).contains("r2: A→Y/land"))
        #expect(free.continuity.carries.isEmpty)

        let kept = try plan(year(s, rounds: 2, continuity: Continuity(hotFields: ["land"], weight: 5)))
        #expect(kept.isProvenOptimal)
        #expect(lines(kept).contains("r2: A→X/land"))
        #expect(kept.continuity.lapses == 0)
        #expect(kept.continuity.carries.map(\.commune) == ["X"])

        // Without enough weight the lapse is the cheaper choice, and the year says so.
        let cheap = try plan(year(s, rounds: 2, continuity: Continuity(hotFields: ["land"], weight: 0.1)))
        #expect(lines(cheap).contains("r2: A→Y/land"))
        #expect(cheap.continuity.lapses == 1)
        #expect(cheap.continuity.carries.first?.lapsed == true)
    }

    /// B serves X in round 1 (A is away). In round 2 A fits better, but with handover B stays on.
    @Test func handoverKeepsOneCadreOn() throws {
        var s = Tiny.scenario(
            communes: [Tiny.commune("H", at: 0), Tiny.commune("X", at: 1)], needs: [Tiny.need("X", "land")],
            cadres: [Tiny.cadre("A", [("land", 3, 10)]), Tiny.cadre("B", [("land", 1, 1)])])
        s.cadres[0].rounds = ["r2"]
        let plain = try plan(year(s, rounds: 2, continuity: Continuity(hotFields: ["land"])))
        #expect(lines(plain) == ["r1: B→X/land", "r2: A→X/land"])
        #expect(plain.continuity.carries.first?.noHandover == false)   // not asked for

        let handover = try plan(year(s, rounds: 2, continuity: Continuity(hotFields: ["land"], handover: true)))
        #expect(lines(handover) == ["r1: B→X/land", "r2: B→X/land"])
        #expect(handover.continuity.carries.first?.stayedOn == ["B"])
        #expect(handover.continuity.missingHandovers == 0)
    }

    /// With no rule between rounds the year is its rounds side by side: the same objectives as
    /// planning each round on its own.
    @Test(arguments: 1...6)
    func independentRoundsEqualSingleRounds(seed: UInt64) throws {
        var rng = SplitMix64(state: seed)
        let communes = (0..<4).map { Tiny.commune("C\($0)", at: $0 * 3) }
        var needs: [Need] = []
        for (i, c) in communes.enumerated() {
            for field in ["land", "it"] where Bool.random(using: &rng) || i == 0 {
                var need = Tiny.need(c.id, field, min: Int.random(in: 0...1, using: &rng), desired: 2,
                                     priority: Double(Int.random(in: 1...3, using: &rng)))
                need.round = ["r1", "r2", "r3", nil].randomElement(using: &rng) ?? nil
                needs.append(need)
            }
        }
        let cadres = (0..<6).map { k in
            var cadre = Tiny.cadre("K\(k)", [(["land", "it"][k % 2], Int.random(in: 1...3, using: &rng),
                                               Double(Int.random(in: 0...12, using: &rng)))],
                                   home: communes[k % 4].id)
            cadre.rounds = [[], ["r1"], ["r2", "r3"]].randomElement(using: &rng) ?? []
            return cadre
        }
        let s = year(Tiny.scenario(communes: communes, needs: needs, cadres: cadres))
        let result = try plan(s)
        #expect(result.isProvenOptimal)
        var unmet = 0.0, fit = 0.0
        for spec in Self.rounds {
            let single = try Planner.plan(s.single(round: spec.id), options: PlanOptions(s.solver))
            unmet += single.stages[0].objective ?? .nan
            fit += single.stages.count > 1 ? single.stages[1].objective ?? .nan : 0
        }
        #expect(abs((result.stages[0].objective ?? .nan) - unmet) < 1e-6)
        #expect(abs((result.stages[1].objective ?? .nan) - fit) < 1e-6)
        let roundFits = result.rounds.map { $0.stages[1].objective ?? .nan }.reduce(0, +)
        #expect(abs(roundFits - fit) < 1e-6)
    }

    @Test func singleRoundViewOfAYear() {
        var s = Tiny.scenario(communes: [Tiny.commune("H", at: 0), Tiny.commune("X", at: 1)],
                              needs: [Tiny.need("X", "land"), Tiny.need("X", "it")],
                              cadres: [Tiny.cadre("A", [("land", 2, 5)]), Tiny.cadre("B", [("it", 2, 5)])])
        s.needs[1].round = "r2"
        s.cadres[1].rounds = ["r2"]
        s.pairs = [PairRule(cadre: "A", commune: "X", field: "land", allowed: .pin, round: "r1")]
        s = year(s, rounds: 2)
        let r1 = s.single(round: "r1"), r2 = s.single(round: "r2")
        #expect(r1.needs.map(\.field) == ["land"] && r2.needs.map(\.field) == ["land", "it"])
        #expect(r1.cadres.map(\.available) == [true, false] && r2.cadres.map(\.available) == [true, true])
        #expect(r1.pairs.count == 1 && r2.pairs.isEmpty)
        #expect(r1.round == Round(start: "2025-08-01", end: "2025-10-31") && !r1.isMultiRound)
    }

    /// The priced core reaches the whole program's optimum: on years with many interchangeable
    /// cadres, the core starts far smaller than the program, pricing grows it, and the plan it
    /// proves is as good as branch-and-cut on every pair (and its LP bound is the whole LP's).
    @Test(arguments: 1...4)
    func pricedCoreMatchesWholeProgram(seed: UInt64) throws {
        var rng = SplitMix64(state: seed)
        let communes = (0..<6).map { Tiny.commune("C\($0)", at: $0) }
        var needs: [Need] = []
        for c in communes {
            for field in ["land", "it"] {
                var need = Tiny.need(c.id, field, min: Int.random(in: 0...1, using: &rng), desired: Int.random(in: 1...2, using: &rng),
                                     priority: Double(Int.random(in: 1...3, using: &rng)))
                need.round = ["r1", "r2", "r3", nil].randomElement(using: &rng) ?? nil
                needs.append(need)
            }
        }
        let cadres = (0..<60).map { k in
            var cadre = Tiny.cadre("K\(k)", [(["land", "it"][k % 2], Int.random(in: 1...3, using: &rng),
                                               Double(Int.random(in: 0...12, using: &rng)))],
                                   home: communes[Int.random(in: 0..<6, using: &rng)].id)
            cadre.rounds = [[], [], ["r1", "r3"], ["r2"]].randomElement(using: &rng) ?? []
            return cadre
        }
        let s = year(Tiny.scenario(communes: communes, needs: needs, cadres: cadres),
                     continuity: Continuity(hotFields: ["land"], weight: 2, handover: true, maxConsecutiveRounds: 2))
        var options = PlanOptions(s.solver)
        options.timeLimit = 10
        let whole = try YearPlanner.plan(s, options: options)
        let core = try YearPlanner.plan(s, options: options, wholeProgramPairs: 0)
        #expect(whole.stages.allSatisfy { $0.method == .branchAndCut })
        #expect(core.stages.allSatisfy { $0.method == .pricedCore || $0.method == .branchAndCut })
        for (a, b) in zip(whole.stages, core.stages) where a.isProvenOptimal && b.isProvenOptimal {
            #expect(abs((a.objective ?? .nan) - (b.objective ?? .nan)) < 1e-6)
        }
        // Once nothing prices out, stage 1's LP over the core is the LP over every pair.
        if core.stages[0].method == .pricedCore, core.stages[0].bestBound != nil {
            #expect(abs((whole.stages[0].lpRelaxation ?? .nan) - (core.stages[0].lpRelaxation ?? .nan)) < 1e-6)
            #expect(core.stages[0].variables < whole.stages[0].variables)
        }
        // Never better than the whole program's proven optimum.
        if whole.stages[0].isProvenOptimal {
            #expect((core.stages[0].objective ?? .infinity) >= (whole.stages[0].objective ?? .nan) - 1e-6)
        }
    }
}
