import Testing
@testable import CadrePlanCore

/// Time shares, needs measured in work, and planner knowledge per pair (pairs.csv).
@Suite struct WorkloadTests {
    let communes = [Tiny.commune("H", at: 0), Tiny.commune("A", at: 1), Tiny.commune("B", at: 2),
                    Tiny.commune("F", at: 30)]

    func workNeed(_ commune: String, _ field: String, _ unit: NeedUnit, min: Double = 0, desired: Double,
                  level: Int = 1) -> Need {
        Need(commune: commune, field: field, unit: unit, minimumWork: min, desiredWork: desired, level: level,
             backlog: 0, priority: 1, policy: Policy())
    }

    @Test func aLandOfficerSplitsTheWeekBetweenTwoCommunes() throws {
        // Two half-time needs; one full-time officer who may take two assignments (0.5 each).
        let s = Tiny.scenario(
            communes: communes,
            needs: [workNeed("A", "land", .fte, min: 0.5, desired: 0.5), workNeed("B", "land", .fte, min: 0.5, desired: 0.5)],
            cadres: [Tiny.cadre("c1", [("land", 2, 5)], capacity: 2)])
        let (roster, lines) = try Tiny.plan(s)
        #expect(lines == ["c1→A/land", "c1→B/land"])
        #expect(roster.shortfalls.isEmpty)
        #expect(roster.assignments.map(\.workload) == [0.5, 0.5])
        #expect(RosterAudit.violations(roster, scenario: s).isEmpty)
    }

    @Test func aSeniorClearsTheBacklogAJuniorCannot() throws {
        // 45 files a month; throughput 20 (level 1) vs 50 (level 3); room for one cadre only.
        let small = [Tiny.commune("H", at: 0), Tiny.commune("A", at: 1, hosting: 1)]
        let s = Tiny.scenario(
            communes: small, needs: [workNeed("A", "land", .files, min: 20, desired: 45)],
            cadres: [Tiny.cadre("junior", [("land", 1, 20)]), Tiny.cadre("senior", [("land", 3, 1)], home: "H")])
        let (roster, lines) = try Tiny.plan(s)
        #expect(lines == ["senior→A/land"])
        #expect(roster.shortfalls.isEmpty)
        // With only the junior, 25 files stay: reported in work and in full-time cadres at level 1.
        var juniorOnly = s
        juniorOnly.cadres.removeLast()
        let short = try #require(try Tiny.plan(juniorOnly).roster.shortfalls.first)
        #expect(short.coveredWork == 20 && short.desiredWork == 45 && short.unit == .files)
        #expect(short.missingBelowDesired == 2)   // 25 files / 20 per cadre-month, rounded up
    }

    @Test func noCadreIsSentWhoseWorkIsNotNeeded() throws {
        // One FTE asked; three full-time cadres eligible: exactly one goes, though each has positive fit.
        let s = Tiny.scenario(
            communes: communes, needs: [workNeed("A", "it", .fte, min: 1, desired: 1)],
            cadres: [Tiny.cadre("a", [("it", 3, 9)]), Tiny.cadre("b", [("it", 3, 9)]), Tiny.cadre("c", [("it", 3, 9)])])
        #expect(try Tiny.plan(s).lines.count == 1)
    }

    @Test func aScoreChangesTheChoice() throws {
        // Without a score the near cadre goes; "worked here before" (+5) sends the far one.
        let needs = [Tiny.need("A", "land")]
        let cadres = [Tiny.cadre("near", [("land", 2, 5)], home: "H"), Tiny.cadre("far", [("land", 2, 5)], home: "F")]
        #expect(try Tiny.plan(Tiny.scenario(communes: communes, needs: needs, cadres: cadres)).lines == ["near→A/land"])
        let s = Tiny.scenario(communes: communes, needs: needs, cadres: cadres,
                              pairs: [PairRule(cadre: "far", commune: "A", field: "land", score: 5)])
        let (roster, lines) = try Tiny.plan(s)
        #expect(lines == ["far→A/land"])
        // fit = 1 level above + 0.1 × 5 years − about 323 km / 100 + 5, to hundredths
        #expect(abs((roster.assignments.first?.fit ?? 0) - 3.27) < 1e-9)
    }

    @Test func aDemandingAssignmentLeavesNoTimeForASecond() throws {
        // c1 (full time, two assignments) would take both; A takes 0.8 of its time, so B gets c2.
        let needs = [Tiny.need("A", "land"), Tiny.need("B", "land")]
        let cadres = [Tiny.cadre("c1", [("land", 3, 9)], capacity: 2), Tiny.cadre("c2", [("land", 1, 0)], home: "F")]
        let s = Tiny.scenario(communes: communes, needs: needs, cadres: cadres,
                              pairs: [PairRule(cadre: "c1", commune: "A", field: "land", workload: 0.8)])
        let (roster, lines) = try Tiny.plan(s)
        #expect(lines == ["c1→A/land", "c2→B/land"])
        #expect(RosterAudit.violations(roster, scenario: s).isEmpty)
        // Without the override c1 serves both.
        #expect(try Tiny.plan(Tiny.scenario(communes: communes, needs: needs, cadres: cadres)).lines
            == ["c1→A/land", "c1→B/land"])
    }

    @Test func aPartTimeCadreCarriesLess() throws {
        let s = Tiny.scenario(
            communes: communes,
            needs: [workNeed("A", "justice", .fte, desired: 1), workNeed("B", "justice", .fte, desired: 1)],
            cadres: [Cadre(id: "p", name: "Cán bộ p", department: "DNNMT", category: .civilServant,
                           skills: [Skill(field: "justice", level: 2, years: 3)], homeCommune: "H", languages: [],
                           available: true, capacity: 2, timeShare: 0.5)])
        var t = s
        t.fields.append(Field(id: "justice", name: "Justice", nameVi: "Tư pháp", branch: .civil, priority: 3))
        let (roster, _) = try Tiny.plan(t)
        // 0.25 FTE per assignment: both communes get a quarter, each is 0.75 FTE short.
        #expect(roster.assignments.count == 2)
        #expect(roster.shortfalls.map(\.coveredWork) == [0.25, 0.25])
    }

    /// 20 cadres × 200 single-unit needs, workloads and scores per pair: the roster states
    /// honestly whether it is proven optimal.
    @Test func largeSharedInstanceReportsItsStatusHonestly() throws {
        var rng = SplitMix64(state: 20)
        let many = (0..<100).map { Tiny.commune("M\($0)", at: $0 % 25, hosting: 5) }
        let needs = many.flatMap { [Tiny.need($0.id, "land", min: 0), Tiny.need($0.id, "it", min: 0)] }
        let cadres = (0..<20).map { c in
            Tiny.cadre("c\(c)", [("land", Int.random(in: 1...3, using: &rng), 4), ("it", Int.random(in: 1...3, using: &rng), 2)],
                       home: many[Int.random(in: 0..<100, using: &rng)].id, capacity: 10)
        }
        var pairs: [PairRule] = []
        for c in cadres {
            for m in many where Int.random(in: 0..<4, using: &rng) == 0 {
                pairs.append(PairRule(cadre: c.id, commune: m.id, field: "land",
                                      score: Double(Int.random(in: -2...2, using: &rng)),
                                      workload: [0.05, 0.1, 0.2, 0.3][Int.random(in: 0...3, using: &rng)]))
            }
        }
        var s = Tiny.scenario(communes: many, needs: needs, cadres: cadres, pairs: pairs)
        s.solver.timeLimit = 20
        let result = try Planner.plan(s, options: PlanOptions(s.solver))
        let roster = Roster(result)
        #expect(RosterAudit.violations(roster, scenario: s).isEmpty)
        for stage in roster.stages {
            if stage.provenOptimal {
                #expect(stage.relativeGap == 0 || stage.relativeGap.map { $0 < 1e-6 } == true)
            } else {
                #expect(roster.status != .optimal)
                #expect(stage.termination != "optimal solution found")
            }
        }
        #expect(roster.status == (roster.stages.allSatisfy(\.provenOptimal) ? .optimal : .feasible))
        #expect(roster.assignments.count > 20)
    }
}
