import Foundation
import Testing
import GLPK

@testable import CadrePlanCore

/// Each programme rule, switched on in a scenario small enough to check by hand, changes the
/// plan exactly as the rule says; the greedy start keeps every rule.
@Suite struct ProgrammeRulesTests {
    /// H is home to everyone; A is 11 km away, B 56 km, C 89 km (road factor 1).
    static let communes = [Tiny.commune("H", at: 0), Tiny.commune("A", at: 1), Tiny.commune("B", at: 5),
                           Tiny.commune("C", at: 8)]

    static func cadres(_ n: Int, department: String = "DNNMT", years: Double = 3) -> [Cadre] {
        (0..<n).map { Tiny.cadre("\(department.lowercased())\($0)", [("land", 2, years + Double($0))], department: department) }
    }

    func plan(_ s: Scenario) throws -> (result: PlanResult, lines: [String]) {
        let result = try Planner.plan(s, options: PlanOptions(s.solver))
        #expect(result.isProvenOptimal)
        // With a rule on the program is no longer a network: branch-and-cut from the greedy start.
        #expect(s.policy.rules.isEmpty || result.stages.allSatisfy { $0.method == .branchAndCut })
        let roster = Roster(result)
        #expect(RosterAudit.violations(roster, scenario: s).isEmpty)
        return (result, roster.assignments.map { "\($0.cadre)→\($0.commune)" }.sorted())
    }

    @Test func theBudgetPaysForOnlyWhatItCovers() throws {
        var s = Tiny.scenario(communes: Self.communes, needs: [Tiny.need("A", "land"), Tiny.need("B", "land")],
                              cadres: Self.cadres(2))
        #expect(try plan(s).lines.count == 2)
        // 3 months × 1 M allowance + 2 × 6 trips × 1,000 VND/km: A costs 3.13 M, B 3.67 M.
        s.policy.rules.budget = .init(totalVnd: 7_000_000, monthlyAllowanceVnd: 1_000_000, travelVndPerKm: 1_000)
        #expect(try plan(s).lines.count == 2)
        s.policy.rules.budget?.totalVnd = 5_000_000
        let (result, lines) = try plan(s)
        #expect(lines.count == 1)
        #expect(result.chosen.map { result.formulation.costVnd(result.formulation.pairs[$0]) }.reduce(0, +) <= 5_000_000)
        let rules = try #require(Roster(result).rules)
        #expect(rules.budgetVnd == 5_000_000)
        #expect(try #require(rules.spentVnd) <= 5_000_000 && rules.teams == nil)
    }

    @Test func lodgingLimitsCadresBeyondCommutingDistance() throws {
        var communes = Self.communes
        communes[2].lodgingCapacity = 1
        var s = Tiny.scenario(communes: communes, needs: [Tiny.need("B", "land", min: 2, desired: 3), Tiny.need("A", "land")],
                              cadres: Self.cadres(4))
        s.policy.rules.lodging = .init(commuteKm: 20, defaultCapacity: 0)
        let lines = try plan(s).lines
        #expect(lines.filter { $0.hasSuffix("→B") }.count == 1)  // one bed in B; A is within commuting distance
        #expect(lines.filter { $0.hasSuffix("→A") }.count == 1)
    }

    @Test func aTeamIsEitherNoneOrAtLeastTheMinimumSize() throws {
        var s = Tiny.scenario(communes: Self.communes, needs: [Tiny.need("A", "land"), Tiny.need("B", "land", desired: 2)],
                              cadres: Self.cadres(3))
        #expect(try plan(s).lines.count == 3)
        s.policy.rules.teams = .init(minimumSize: 2)
        let lines = try plan(s).lines
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.hasSuffix("→B") })
    }

    @Test func atMostNCommunesGetATeam() throws {
        var s = Tiny.scenario(communes: Self.communes,
                              needs: [Tiny.need("A", "land", desired: 2), Tiny.need("B", "land", desired: 2, priority: 2)],
                              cadres: Self.cadres(4))
        s.policy.rules.teams = .init(minimumSize: 1, maximumCommunes: 1)
        let lines = try plan(s).lines
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.hasSuffix("→B") })  // the higher-priority commune keeps its team
    }

    /// Two communes each need 1 to 3 cadres, two cadres are free, one team is allowed. Without
    /// `closed[n]` the LP opens each commune half (z = ½ lets one cadre into each) and leaves
    /// only desired posts unmet; with it the LP must leave half of each minimum unmet, which
    /// costs what closing one commune costs: the LP bound is the optimum.
    @Test func closingACommuneCostsItsWholeMinimumEvenInTheLP() throws {
        var s = Tiny.scenario(communes: Self.communes,
                              needs: [Tiny.need("A", "land", min: 1, desired: 3), Tiny.need("B", "land", min: 1, desired: 3)],
                              cadres: Self.cadres(2))
        s.policy.rules.teams = .init(minimumSize: 1, maximumCommunes: 1)
        let (result, lines) = try plan(s)
        #expect(lines.count == 2 && Set(lines.map { $0.suffix(1) }).count == 1)
        let stage1 = try #require(result.stages.first)
        let optimum = try #require(stage1.objective)
        #expect(abs((stage1.lpRelaxation ?? -1) - optimum) < 1e-6)
        let program = try CadreProgram(result.formulation, scenario: s, stage: .unmetNeed)
        #expect(program.model.constraints.filter { $0.name.hasPrefix("closed[") }.count == 2)
    }

    /// Stage 2 holds unmet need between stage 1's proven bound and its value.
    @Test func stageTwoKeepsUnmetNeedAboveStageOnesBound() throws {
        let s = Tiny.scenario(communes: Self.communes, needs: [Tiny.need("A", "land")], cadres: Self.cadres(1))
        let f = try Formulation(s)
        func row(floor: Double?) throws -> Bounds? {
            let p = try CadreProgram(f, scenario: s, stage: .fit, unmetNeedBound: 5, unmetNeedFloor: floor)
            return p.model.constraints.first { $0.name == "unmet_need_at_optimum" }?.bounds
        }
        #expect(try row(floor: 3) == .between(3, 5))
        #expect(try row(floor: nil) == .atMost(5))
        #expect(try row(floor: 6) == .atMost(5))
        #expect(Planner.unmetNeedFloor(10, provenBound: 9.5).map { abs($0 - 9.5) < 1e-4 } == true)
        #expect(Planner.unmetNeedFloor(10, provenBound: nil) == nil)
    }

    @Test func aMinorityCommuneGetsASpeaker() throws {
        var communes = Self.communes
        communes[1] = Tiny.commune("A", at: 1, languages: ["K'Ho"])
        var cadres = Self.cadres(2)
        cadres[0].languages = ["K'Ho"]  // fewer years than dnnmt1: worse fit once language earns nothing
        var s = Tiny.scenario(communes: communes, needs: [Tiny.need("A", "land")], cadres: cadres)
        s.weights.language = 0
        #expect(try plan(s).lines == ["dnnmt1→A"])
        s.policy.rules.language = .init(minimumShare: 0.3, weight: 10)
        let (result, lines) = try plan(s)
        #expect(lines == ["dnnmt0→A"])
        #expect(Roster(result).rules?.communesWithoutSpeaker == [])
    }

    @Test func departmentsReleaseBetweenTheirFloorAndCeiling() throws {
        let departments = [Department(id: "D1", name: "D1", nameVi: "D1", branch: .civil, headcount: 10, releaseCap: 5),
                           Department(id: "D2", name: "D2", nameVi: "D2", branch: .civil, headcount: 10, releaseCap: 5)]
        // D2's cadres have more experience, so without fairness they take both posts.
        var s = Tiny.scenario(communes: Self.communes, needs: [Tiny.need("A", "land", desired: 2)],
                              cadres: Self.cadres(2, department: "D1", years: 1) + Self.cadres(2, department: "D2", years: 5),
                              departments: departments)
        #expect(try plan(s).lines == ["d20→A", "d21→A"])
        // A floor of 10 % of 10 makes D1 release one cadre: its most experienced.
        s.policy.rules.fairness = .init(floor: 0.1, ceiling: 1, weight: 10)
        #expect(try plan(s).lines == ["d11→A", "d21→A"])
        // A ceiling of 10 % lets D2 release only one; D1's best takes the other post.
        s.policy.rules.fairness = .init(floor: 0, ceiling: 0.1, weight: 10)
        #expect(try plan(s).lines == ["d11→A", "d21→A"])
    }

    /// The greedy pass fills the post with the better-fitting non-speaker; the repair swaps in
    /// the speaker, and a department below its floor gets its idle cadre in.
    @Test func theGreedyRepairClosesLanguageAndFloorGaps() throws {
        var communes = Self.communes
        communes[1] = Tiny.commune("A", at: 1, languages: ["K'Ho"])
        // D1: d10 speaks K'Ho (1 year), d11 (5), d12 (9); D2: d20 (0 years).
        var cadres = [1.0, 5, 9].enumerated().map { Tiny.cadre("d1\($0)", [("land", 2, $1)], department: "D1") }
            + [Tiny.cadre("d20", [("land", 2, 0)], department: "D2")]
        cadres[0].languages = ["K'Ho"]
        let departments = [Department(id: "D1", name: "D1", nameVi: "D1", branch: .civil, headcount: 10, releaseCap: 5),
                           Department(id: "D2", name: "D2", nameVi: "D2", branch: .civil, headcount: 10, releaseCap: 5)]
        var s = Tiny.scenario(communes: communes, needs: [Tiny.need("A", "land", desired: 1), Tiny.need("B", "land", desired: 1)],
                              cadres: cadres, departments: departments)
        s.weights.language = 0
        s.policy.rules.language = .init(minimumShare: 0.3, weight: 10)
        s.policy.rules.fairness = .init(floor: 0.1, ceiling: 1, weight: 10)
        let f = try Formulation(s)
        let program = try CadreProgram(f, scenario: s, stage: .unmetNeed)
        let point = try #require(GreedyPlan.point(f, s, program))
        let gaps = (Array(program.languageGap.values) + Array(program.floorGap.values)).map { point[$0.index] }
        #expect(gaps.allSatisfy { $0 == 0 }, "gaps left: \(gaps)")
        let (result, _) = try plan(s)
        #expect(abs((result.stages.first?.objective ?? .nan) - program.model.objectiveValue(of: point)) < 1e-9)
    }

    /// With every rule on at once, the greedy start keeps them all and GLPK only improves on it;
    /// the naive rows (`export --naive`) have the same optimum and an LP bound no better.
    @Test(arguments: 1...12)
    func theGreedyStartKeepsEveryRule(seed: UInt64) throws {
        var rng = SplitMix64(state: seed)
        let communes = (0..<6).map { Tiny.commune("M\($0)", at: Int.random(in: 0...10, using: &rng),
                                                   languages: $0 % 3 == 0 ? ["K'Ho"] : []) }
        let needs = communes.map { Tiny.need($0.id, "land", min: Int.random(in: 0...1, using: &rng),
                                             desired: Int.random(in: 1...3, using: &rng)) }
        var cadres = (0..<10).map { c in
            Tiny.cadre("c\(c)", [("land", Int.random(in: 1...3, using: &rng), Double(c))],
                       home: communes[Int.random(in: 0..<6, using: &rng)].id, department: c % 2 == 0 ? "D1" : "D2")
        }
        cadres[0].languages = ["K'Ho"]
        var s = Tiny.scenario(communes: communes, needs: needs, cadres: cadres,
                              departments: [Tiny.department("D1", cap: 4), Tiny.department("D2", cap: 4)])
        s.policy.rules = ProgrammeRules(
            budget: .init(totalVnd: 20_000_000, monthlyAllowanceVnd: 1_000_000, travelVndPerKm: 1_000),
            lodging: .init(commuteKm: 30, defaultCapacity: 1), teams: .init(minimumSize: 2, maximumCommunes: 3),
            language: .init(minimumShare: 0.3, weight: 10), fairness: .init(floor: 0.02, ceiling: 0.04, weight: 10))
        let f = try Formulation(s)
        let program = try CadreProgram(f, scenario: s, stage: .unmetNeed)
        let start = try #require(GreedyPlan.point(f, s, program), "seed \(seed): no greedy plan")
        #expect(program.model.firstViolation(of: start) == nil)
        let (result, _) = try plan(s)
        let z1 = try #require(result.stages.first?.objective)
        #expect(z1 <= program.model.objectiveValue(of: start) + 1e-6)

        let naive = try ModelExport.program(s, stage: .unmetNeed, options: PlanOptions(s.solver), rules: .naive).1
        #expect(!naive.model.constraints.contains { $0.name.hasPrefix("closed[") })
        let solved = try GLPK.solve(naive.model)
        #expect(solved.isProvenOptimal && abs((solved.objective ?? .nan) - z1) < 1e-6, "seed \(seed)")
        let tightLP = try #require(result.stages.first?.lpRelaxation)
        #expect(try #require(solved.lpRelaxation) <= tightLP + 1e-6)
    }

    /// The planner derives stage 2 from stage 1 (`fitStage`) instead of building it again; it must
    /// be the very program built whole, column for column and coefficient for coefficient.
    @Test(arguments: ["lam-dong-2025", "lam-dong-2025-full-rules"])
    func stageTwoDerivedFromStageOneIsStageTwoBuiltWhole(folder: String) throws {
        let s = try Committed.scenario(folder)
        let f = try Formulation(s)
        let penalty = Planner.unmetNeedPenalty(f, tolerance: 0)
        let first = try CadreProgram(f, scenario: s, stage: .unmetNeed)
        for (bound, floor) in [(2022.0, 2021.25), (1327.0, nil)] as [(Double, Double?)] {
            let derived = try first.fitStage(f, unmetNeedBound: bound, unmetNeedFloor: floor, unmetNeedPenalty: penalty)
            let built = try CadreProgram(f, scenario: s, stage: .fit, unmetNeedBound: bound, unmetNeedFloor: floor,
                                         unmetNeedPenalty: penalty)
            #expect(derived.model == built.model, "\(folder)")
            #expect(derived.model.variableCount == first.model.variableCount)
            #expect(derived.model.constraintCount == first.model.constraintCount + 1)
            #expect(derived.unmetNeedPenalty == penalty && derived.team == built.team && derived.assign == built.assign)
        }
        #expect(!s.policy.rules.isEmpty == (folder == "lam-dong-2025-full-rules"))
    }

    /// The ceiling on total fit that caps stage 2's reported bound: each cadre in their best posts.
    @Test func fitCeilingIsEveryCadreInTheirBestPosts() throws {
        var cadres = Self.cadres(2)
        cadres[1].capacity = 2
        let s = Tiny.scenario(communes: Self.communes,
                              needs: [Tiny.need("A", "land"), Tiny.need("B", "land"), Tiny.need("C", "land")], cadres: cadres)
        let f = try Formulation(s)
        var best: [Int: [Double]] = [:]
        for pair in f.pairs where pair.fit > 0 { best[pair.cadre, default: []].append(pair.fit) }
        let expected = (best[0]?.max() ?? 0) + (best[1]?.sorted(by: >).prefix(2).reduce(0, +) ?? 0)
        #expect(abs(f.fitCeiling - expected) < 1e-9)
        #expect(f.fitCeiling > 0)
        let result = try Planner.plan(s, options: PlanOptions(s.solver))
        #expect(try #require(result.stages.last?.objective) <= f.fitCeiling + 1e-9)
    }

    @Test func rulesAreReadFromScenarioYamlAndWrittenBack() throws {
        let base = Committed.root.appendingPathComponent("Tests/Fixtures/base").path
        var s = try ScenarioLoader.load(base).scenario
        s.communes[0].lodgingCapacity = 3
        s.policy.rules = ProgrammeRules(
            budget: .init(totalVnd: 9e9, monthlyAllowanceVnd: 4e6, travelVndPerKm: 2000, tripsHome: 6, months: 3),
            lodging: .init(commuteKm: 40, defaultCapacity: 4), teams: .init(minimumSize: 2, maximumCommunes: 113),
            language: .init(minimumShare: 0.3, weight: 10), fairness: .init(floor: 0.03, ceiling: 0.12, weight: 10))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try ScenarioWriter.write(s, to: folder.path)
        let yaml = try String(contentsOf: folder.appendingPathComponent("scenario.yaml"), encoding: .utf8)
        #expect(yaml.contains("  teams: {minimum_size: 2, maximum_communes: 113}"))
        let loaded = try ScenarioLoader.load(folder.path).scenario
        #expect(loaded.policy.rules == s.policy.rules)
        #expect(loaded.communes.map(\.lodgingCapacity) == s.communes.map(\.lodgingCapacity))
    }
}
