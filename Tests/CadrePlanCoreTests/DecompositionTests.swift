import GLPK
import Testing
@testable import CadrePlanCore

/// Independent parts (here: two regions beyond each other's travel limit) are solved apart,
/// on several threads, and give what the whole program gives.
@Suite struct DecompositionTests {
    func twoRegions() -> Scenario {
        let communes = [Tiny.commune("N1", at: 0), Tiny.commune("N2", at: 1), Tiny.commune("N3", at: 2),
                        Tiny.commune("S1", at: 40), Tiny.commune("S2", at: 41), Tiny.commune("X", at: 80)]
        return Tiny.scenario(
            communes: communes,
            needs: [Tiny.need("N2", "land", desired: 2), Tiny.need("N3", "it"), Tiny.need("S2", "land"),
                    Tiny.need("S1", "it", min: 0), Tiny.need("X", "land", level: 3)],
            cadres: [Tiny.cadre("n1", [("land", 2, 3)], home: "N1"), Tiny.cadre("n2", [("land", 1, 9), ("it", 2, 1)], home: "N1"),
                     Tiny.cadre("n3", [("it", 3, 4)], home: "N2"), Tiny.cadre("s1", [("land", 2, 2), ("it", 1, 5)], home: "S1"),
                     Tiny.cadre("s2", [("land", 3, 7)], home: "S2")],
            maxTravelKm: 100)
    }

    @Test func regionsBeyondTheTravelLimitAreSeparateParts() throws {
        let s = twoRegions()
        let f = try Formulation(s)
        let parts = f.parts()
        // North, south, and the need at X that nobody can reach.
        #expect(parts.count == 3)
        #expect(parts.map { $0.makeFormulation().pairs.count }.reduce(0, +) == f.pairs.count)
        #expect(Set(parts.flatMap { part in (0..<part.pairCount).map(part.globalPair) }) == Set(f.pairs.indices))
    }

    @Test func solvingThePartsEqualsSolvingTheWhole() throws {
        let s = twoRegions()
        let result = try Planner.plan(s, options: PlanOptions(s.solver))
        #expect(result.isProvenOptimal)
        let f = try Formulation(s)
        let whole = try GLPK.solve(CadreProgram(f, scenario: s, stage: .unmetNeed).model)
        #expect(abs((result.stages.first?.objective ?? -1) - (whole.objective ?? -2)) < 1e-9)
        let penalty = Planner.unmetNeedPenalty(f, tolerance: 0)
        let bound = Planner.unmetNeedBound(whole.objective ?? 0, tolerance: 0)
        let second = try CadreProgram(f, scenario: s, stage: .fit, unmetNeedBound: bound, unmetNeedPenalty: penalty)
        let fit = try GLPK.solve(second.model)
        let wholeFit = zip(second.assign, f.pairs).reduce(0) { $0 + fit.value($1.0) * $1.1.fit }
        #expect(abs((result.stages.last?.objective ?? -1) - wholeFit) < 1e-6)
        #expect(RosterAudit.violations(Roster(result), scenario: s).isEmpty)
        // The same scenario solved again gives the same roster, whatever the thread timing.
        #expect(try Planner.plan(s, options: PlanOptions(s.solver)).chosen == result.chosen)
    }
}
