import CadrePlanCore
import Foundation
import Testing

/// Explanations re-solve stage 1 with one rule relaxed: on scenarios small enough to check by
/// hand, they must name the rule that binds and the need it frees, and nothing else.
@Suite struct ExplanationTests {
    // Communes 0.1° of latitude (≈ 11.1 km) apart; cadres live in H, 55 km from A.
    static let a = Tiny.commune("10001", at: 0)
    static let b = Tiny.commune("10002", at: 1)
    static let h = Tiny.commune("10009", at: 5)

    static func explain(_ s: Scenario, _ options: ExplanationOptions = ExplanationOptions())
        throws -> (Roster, Explanation)
    {
        let roster = try Tiny.plan(s).roster
        return (roster, try Explanation.explain(s, roster: roster, options: options))
    }

    static func rules(_ e: Explanation) -> [String] { e.binding.map { "\($0.kind.rawValue):\($0.subject)" } }

    /// Land (priority 3) × need priority × (below minimum 10 + below desired 1).
    static func landWeight(_ priority: Double) -> Double { 3 * priority * 11 }

    @Test func namesTheReleaseCapThatKeepsANeedUnmet() throws {
        let s = Tiny.scenario(
            communes: [Self.a, Self.b, Self.h],
            needs: [Tiny.need("10001", "land", priority: 2), Tiny.need("10002", "land")],
            cadres: [Tiny.cadre("c1", [("land", 1, 5)], home: "10009"), Tiny.cadre("c2", [("land", 1, 5)], home: "10009")],
            departments: [Tiny.department("DNNMT", cap: 1)])
        let (roster, e) = try Self.explain(s)
        #expect(roster.shortfalls.map(\.reason) == [.releaseCap])
        #expect(Self.rules(e) == ["release_cap:DNNMT"])
        #expect(e.unmetNeed == Self.landWeight(1))
        #expect(e.planUnmetNeed == e.unmetNeed)
        let finding = try #require(e.findings.first)
        #expect(finding.rule == Explanation.Rule(kind: .releaseCap, subject: "DNNMT", limit: 1, relaxedTo: 2))
        #expect(finding.recovered == Self.landWeight(1))
        #expect(finding.proven)
        #expect(finding.needs == [Explanation.NeedChange(
            commune: "10002", field: "land", assignedBefore: 0, assignedAfter: 1, recovered: Self.landWeight(1))])
        #expect(e.blocking(commune: "10002", field: "land").map(\.rule.kind) == [.releaseCap])
        #expect(e.notResolved.isEmpty)
    }

    @Test func namesTheHostingCapacityThatKeepsANeedUnmet() throws {
        let s = Tiny.scenario(
            communes: [Tiny.commune("10001", at: 0, hosting: 1), Self.h],
            needs: [Tiny.need("10001", "land"), Tiny.need("10001", "it")],
            cadres: [Tiny.cadre("c1", [("land", 1, 5)], home: "10009"), Tiny.cadre("c2", [("it", 1, 5)], home: "10009")])
        let (_, e) = try Self.explain(s)
        #expect(Self.rules(e) == ["hosting_capacity:10001"])
        let finding = try #require(e.findings.first)
        #expect(finding.rule.limit == 1 && finding.rule.relaxedTo == 2)
        #expect(finding.recovered == 11)  // IT: priority 1 × 11
        #expect(finding.needs.map { "\($0.commune)/\($0.field) \($0.assignedBefore)→\($0.assignedAfter)" } == ["10001/it 0→1"])
    }

    @Test func namesTheTravelLimitWhenNoCadreIsCloseEnough() throws {
        let s = Tiny.scenario(
            communes: [Self.a, Self.h], needs: [Tiny.need("10001", "land")],
            cadres: [Tiny.cadre("c1", [("land", 1, 5)], home: "10009")], maxTravelKm: 30)
        let (roster, e) = try Self.explain(s)
        #expect(roster.shortfalls.map(\.reason) == [.noEligibleCadre])
        #expect(Self.rules(e) == ["travel_limit:"])
        let finding = try #require(e.findings.first)
        #expect(finding.rule == Explanation.Rule(kind: .travelLimit, subject: "", limit: 30, relaxedTo: nil))
        #expect(finding.recovered == Self.landWeight(1))
        #expect(e.blocking(commune: "10001", field: "land").count == 1)
    }

    @Test func namesTheSkillLevelWhenOnlyJuniorCadresAreFree() throws {
        let s = Tiny.scenario(
            communes: [Self.a, Self.b, Self.h],
            needs: [Tiny.need("10001", "land", level: 3), Tiny.need("10002", "land", level: 3, priority: 2)],
            cadres: [Tiny.cadre("senior", [("land", 3, 9)], home: "10009"),
                     Tiny.cadre("junior", [("land", 2, 2)], home: "10009")])
        let (roster, e) = try Self.explain(s)
        #expect(roster.assignments.map(\.cadre) == ["senior"])
        #expect(Self.rules(e) == ["skill_level:land"])
        let finding = try #require(e.findings.first)
        #expect(finding.rule == Explanation.Rule(kind: .skillLevel, subject: "land", limit: 3, relaxedTo: 2))
        #expect(finding.recovered == Self.landWeight(1))
        #expect(finding.needs.first?.commune == "10001")
    }

    /// A rule can bind without being the bottleneck: relaxing it recovers nothing. The budget
    /// re-solves the most promising rule first and lists the rest.
    @Test func ranksBindingRulesAndRespectsTheBudget() throws {
        let s = Tiny.scenario(
            communes: [Tiny.commune("10001", at: 0, hosting: 1), Self.b, Self.h],
            needs: [Tiny.need("10001", "land"), Tiny.need("10001", "it"), Tiny.need("10002", "land")],
            cadres: [Tiny.cadre("c1", [("land", 1, 5)], home: "10009"), Tiny.cadre("c2", [("land", 1, 5)], home: "10009"),
                     Tiny.cadre("c3", [("it", 1, 5)], home: "10009", department: "DVH")],
            departments: [Tiny.department("DNNMT", cap: 2), Tiny.department("DVH", cap: 5)])
        // Both land needs are met by DNNMT's two cadres; IT is unmet because 10001 hosts one.
        let (_, all) = try Self.explain(s)
        #expect(Self.rules(all) == ["hosting_capacity:10001"])
        #expect(all.findings.map(\.recovered) == [11])

        var tight = s
        tight.departments[0].releaseCap = 1
        // One land cadre now: it serves 10002 and IT takes 10001's only bed, so land at 10001 is
        // unmet. Both rules reach 33; the cap goes first (kind order), and relaxing it alone
        // recovers 22: land moves into 10001 and pushes IT out. Hosting alone recovers nothing.
        let (_, budget) = try Self.explain(tight, ExplanationOptions(maxResolves: 1))
        #expect(Self.rules(budget) == ["release_cap:DNNMT", "hosting_capacity:10001"])
        #expect(budget.findings.map(\.rule.kind) == [.releaseCap])
        #expect(budget.findings.first?.recovered == 22)
        #expect(budget.findings.first?.needs.map { "\($0.commune)/\($0.field) \($0.recovered)" }
            == ["10001/land 33.0", "10001/it -11.0"])
        #expect(budget.notResolved.map(\.kind) == [.hostingCapacity])

        let (_, both) = try Self.explain(tight)
        #expect(both.findings.map(\.recovered) == [22, 0])
        #expect(both.blocking(commune: "10001", field: "land").map(\.rule.kind) == [.releaseCap])
    }

    @Test func aFullyStaffedPlanHasNothingToExplain() throws {
        let s = Tiny.scenario(
            communes: [Self.a, Self.h], needs: [Tiny.need("10001", "land")],
            cadres: [Tiny.cadre("c1", [("land", 1, 5)], home: "10009")],
            departments: [Tiny.department("DNNMT", cap: 1)])
        let (_, e) = try Self.explain(s)
        #expect(e.unmetNeed == 0)
        #expect(e.binding.isEmpty && e.findings.isEmpty && e.notResolved.isEmpty)
    }

    @Test func aRosterOfAnotherScenarioIsRejected() throws {
        let s = Tiny.scenario(
            communes: [Self.a, Self.h], needs: [Tiny.need("10001", "land")],
            cadres: [Tiny.cadre("c1", [("land", 1, 5)], home: "10009")])
        var roster = try Tiny.plan(s).roster
        roster.assignments[0].cadre = "ghost"
        #expect(throws: ExplanationError.self) { try Explanation.explain(s, roster: roster) }
        do { _ = try Explanation.explain(s, roster: roster) } catch {
            #expect(error.description.contains("ghost → 10001/land: unknown cadre or need"))
        }
    }

    @Test func isDeterministic() throws {
        let s = Tiny.scenario(
            communes: [Self.a, Self.b, Self.h],
            needs: [Tiny.need("10001", "land", priority: 2), Tiny.need("10002", "land")],
            cadres: (1...4).map { Tiny.cadre("c\($0)", [("land", 1, Double($0))], home: "10009") },
            departments: [Tiny.department("DNNMT", cap: 1)])
        let (_, first) = try Self.explain(s)
        let (_, second) = try Self.explain(s)
        #expect(first == second)
    }
}

/// `--min-moves`: a what-if that changes only the fit weights leaves the same unmet need, so the
/// plan closest to the base keeps every assignment, where the fresh solve swaps cadres.
@Suite struct StablePlanTests {
    @Test func keepsTheBaseWhereTheWhatIfAllowsIt() throws {
        var base = Tiny.scenario(
            communes: [Tiny.commune("10001", at: 0), Tiny.commune("10008", at: -1), Tiny.commune("10009", at: 5)],
            needs: [Tiny.need("10001", "land")],
            cadres: [Tiny.cadre("near", [("land", 1, 0)], home: "10008"), Tiny.cadre("far", [("land", 3, 10)], home: "10009")])
        base.weights.experienceYear = 0.1
        let baseRoster = try Tiny.plan(base).roster
        #expect(baseRoster.assignments.map(\.cadre) == ["far"])   // 2 + 1 − 0.56 beats −0.11

        var variant = base
        variant.weights.travelPer100Km = 10                          // now −0.11 × 10 beats 3 − 5.56
        let fresh = try Planner.plan(variant, options: PlanOptions(variant.solver))
        #expect(Roster(fresh).assignments.map(\.cadre) == ["near"])
        let stable = StablePlan.closest(to: baseRoster, result: fresh, seconds: 10)
        let roster = Roster(stable)
        #expect(roster.assignments.map(\.cadre) == ["far"])
        #expect(roster.stages.first?.value == 0)
        #expect(abs((roster.stages.last?.value ?? 0) - (3 - 5.56)) < 0.01)

        // A what-if that forces a change still makes it: without `far`, `near` serves.
        var forced = base
        forced.cadres[1].available = false
        let moved = Roster(StablePlan.closest(
            to: baseRoster, result: try Planner.plan(forced, options: PlanOptions(forced.solver)), seconds: 10))
        #expect(moved.assignments.map(\.cadre) == ["near"])
    }
}
