import Testing
@testable import CadrePlanCore

/// Hand-checked tiny scenarios with exact expected rosters.
@Suite struct PlannerTests {
    let communes = [Tiny.commune("H", at: 0), Tiny.commune("A", at: 1), Tiny.commune("B", at: 2),
                    Tiny.commune("F", at: 30)]

    @Test func levelsDecideWhoGoesWhere() throws {
        // A/land needs level 2: only c1 has it. B needs land (level 1) and IT.
        let s = Tiny.scenario(
            communes: communes,
            needs: [Tiny.need("A", "land", level: 2), Tiny.need("B", "land", min: 0), Tiny.need("B", "it")],
            cadres: [Tiny.cadre("c1", [("land", 3, 5)]), Tiny.cadre("c2", [("land", 1, 2)]),
                     Tiny.cadre("c3", [("it", 2, 1)])])
        let (roster, lines) = try Tiny.plan(s)
        #expect(lines == ["c1→A/land", "c2→B/land", "c3→B/it"])
        #expect(roster.status == .optimal)
        #expect(roster.shortfalls.isEmpty)
        #expect(roster.stages.first?.value == 0)
        #expect(RosterAudit.violations(roster, scenario: s).isEmpty)
    }

    @Test func stageTwoPrefersTheCloserAndMoreExperiencedCadre() throws {
        // One post at A (11 km from H, 322 km from F). Both cadres meet it; c-near lives at H.
        let s = Tiny.scenario(
            communes: communes, needs: [Tiny.need("A", "land")],
            cadres: [Tiny.cadre("far", [("land", 2, 5)], home: "F"), Tiny.cadre("near", [("land", 2, 5)], home: "H")])
        let (roster, lines) = try Tiny.plan(s)
        #expect(lines == ["near→A/land"])
        // fit = 1 level above required + 0.1 × 5 years − 1 × 11.1 km / 100, to hundredths
        #expect(abs((roster.stages.last?.value ?? 0) - 1.39) < 1e-6)
    }

    @Test func hotFieldsWinWhenCadresAreScarce() throws {
        // c1 can do land or IT; land has priority 3, IT 1: land gets the cadre.
        let s = Tiny.scenario(
            communes: communes, needs: [Tiny.need("A", "land"), Tiny.need("B", "it")],
            cadres: [Tiny.cadre("c1", [("land", 2, 1), ("it", 3, 9)])])
        let (roster, lines) = try Tiny.plan(s)
        #expect(lines == ["c1→A/land"])
        #expect(roster.shortfalls.map(\.reason) == [.usedElsewhere])
        // unmet: IT minimum 1 (w 1·(10 + 1)) = 11
        #expect(roster.stages.first?.value == 11)
    }

    @Test func releaseCapLeavesANeedUnmetAndSaysSo() throws {
        let s = Tiny.scenario(
            communes: communes, needs: [Tiny.need("A", "land"), Tiny.need("B", "land")],
            cadres: [Tiny.cadre("c1", [("land", 2, 1)]), Tiny.cadre("c2", [("land", 2, 1)])],
            departments: [Tiny.department("DNNMT", cap: 1)])
        let (roster, lines) = try Tiny.plan(s)
        #expect(lines.count == 1)
        #expect(roster.shortfalls.count == 1)
        #expect(roster.shortfalls.first?.reason == .releaseCap)
        #expect(roster.shortfalls.first?.detail.contains("DNNMT") == true)
    }

    @Test func hostingCapacityIsRespectedAndNamed() throws {
        let small = [Tiny.commune("H", at: 0), Tiny.commune("A", at: 1, hosting: 1)]
        let s = Tiny.scenario(
            communes: small, needs: [Tiny.need("A", "land"), Tiny.need("A", "it")],
            cadres: [Tiny.cadre("c1", [("land", 2, 1)]), Tiny.cadre("c2", [("it", 2, 1)])])
        let (roster, lines) = try Tiny.plan(s)
        #expect(lines == ["c1→A/land"])
        #expect(roster.shortfalls.map(\.reason) == [.hostingCapacity])
    }

    @Test func travelLimitHomeCommuneAndBranchAreHardRules() throws {
        let s = Tiny.scenario(
            communes: communes,
            needs: [Tiny.need("F", "land"), Tiny.need("H", "land"), Tiny.need("A", "public_security")],
            cadres: [Tiny.cadre("c1", [("land", 3, 9), ("public_security", 3, 9)], home: "H")],
            maxTravelKm: 100)
        let (roster, lines) = try Tiny.plan(s)
        #expect(lines.isEmpty)
        #expect(roster.shortfalls.allSatisfy { $0.reason == .noEligibleCadre })
        #expect(roster.shortfalls.count == 3)
        #expect(roster.shortfalls.first { $0.commune == "F" }?.detail.hasSuffix("(1 with the skill: 1 beyond policy.max_travel_km)") == true)
        #expect(roster.shortfalls.first { $0.commune == "H" }?.detail.hasSuffix("(1 with the skill: 1 living in the commune)") == true)
    }

    @Test func pinsAreHonouredAndForbiddenPairsAvoided() throws {
        let needs = [Tiny.need("A", "land"), Tiny.need("B", "land")]
        let cadres = [Tiny.cadre("near", [("land", 2, 5)], home: "H"), Tiny.cadre("far", [("land", 2, 5)], home: "F")]
        // Without rules: near→A (closest); far→B. Pin far to A instead, forbid near at A.
        let s = Tiny.scenario(
            communes: communes, needs: needs, cadres: cadres,
            pairs: [PairRule(cadre: "far", commune: "A", field: "land", allowed: .pin)])
        #expect(try Tiny.plan(s).lines == ["far→A/land", "near→B/land"])
        let t = Tiny.scenario(
            communes: communes, needs: needs, cadres: cadres,
            pairs: [PairRule(cadre: "near", commune: "B", field: nil, allowed: .no)])
        #expect(try Tiny.plan(t).lines == ["far→B/land", "near→A/land"])
    }

    @Test func aPinThatBreaksAHardRuleIsRefusedWithTheRule() throws {
        let s = Tiny.scenario(
            communes: communes, needs: [Tiny.need("A", "land", level: 3)],
            cadres: [Tiny.cadre("c1", [("land", 1, 5)])],
            pairs: [PairRule(cadre: "c1", commune: "A", field: "land", allowed: .pin)])
        #expect {
            try Planner.plan(s, options: PlanOptions(s.solver))
        } throws: { error in
            "\(error)".contains("skill level is below")
        }
    }

    @Test func capacityTwoLetsOneCadreServeTwoCommunes() throws {
        let s = Tiny.scenario(
            communes: communes, needs: [Tiny.need("A", "it"), Tiny.need("B", "it")],
            cadres: [Tiny.cadre("c1", [("it", 2, 1)], capacity: 2)])
        #expect(try Tiny.plan(s).lines == ["c1→A/it", "c1→B/it"])
    }

    @Test func languageMatchBreaksTies() throws {
        let withLanguage = [Tiny.commune("H", at: 0), Tiny.commune("A", at: 1, languages: ["K'Ho"])]
        let s = Tiny.scenario(
            communes: withLanguage, needs: [Tiny.need("A", "land")],
            cadres: [Tiny.cadre("a", [("land", 2, 5)]), Tiny.cadre("b", [("land", 2, 5)], languages: ["K'Ho"])])
        let (roster, lines) = try Tiny.plan(s)
        #expect(lines == ["b→A/land"])
        #expect(roster.assignments.first?.speaksLanguage == true)
    }
}
