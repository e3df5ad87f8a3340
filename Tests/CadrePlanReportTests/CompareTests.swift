import CadrePlanCore
import CadrePlanReport
import Foundation
import Testing

/// Scenarios small enough to know the answer: communes on a line 0.1° of latitude (≈ 11.1 km)
/// apart, road factor 1, land needs at level 1.
enum CompareWorld {
    static func commune(_ id: String, at step: Int, hosting: Int = 10) -> Commune {
        Commune(id: id, name: "Xã \(id)", nameAscii: "Xa \(id)", kind: .commune, formerProvince: "Lam Dong",
                latitude: 11.0 + 0.1 * Double(step), longitude: 108.0, areaKm2: 100, population: 10_000,
                hostingCapacity: hosting, minorityShare: 0, languages: [])
    }

    static func cadre(_ id: String, department: String, home: String, level: Int = 3, years: Double = 10) -> Cadre {
        Cadre(id: id, name: "Cán bộ \(id)", department: department, category: .civilServant,
              skills: [Skill(field: "land", level: level, years: years)], homeCommune: home, languages: [],
              available: true, capacity: 1)
    }

    static func department(_ id: String, cap: Int) -> Department {
        Department(id: id, name: "Department \(id)", nameVi: "Sở \(id)", branch: .civil, headcount: 100, releaseCap: cap)
    }

    /// Needs at A (10001) and B (10003). x1 lives next to A, x2 next to B, both senior and in D1
    /// (cap 2); y1 of D2 is junior and lives in A, so can serve B only. The base sends x1 to A
    /// and x2 to B. With D1's cap at 1, exactly one D1 cadre must go: x2, whom y1 replaces at
    /// B (x1 at A beats x2 at A), and nobody else moves.
    static func twoDepartments(withJunior: Bool = true, priorityA: Double = 1) -> Scenario {
        Scenario(
            name: "compare-tiny", round: Round(start: "2025-08-01", end: "2025-10-31"),
            policy: Policy(maxTravelKm: nil, roadFactor: 1, allowHomeCommune: false),
            solver: SolverSettings(timeLimit: 30, relativeGap: 0, stage2Tolerance: 0),
            fields: [Field(id: "land", name: "Land", nameVi: "Đất đai", branch: .civil, priority: 3)],
            communes: [commune("10001", at: 0), commune("10003", at: 2), commune("10008", at: -1), commune("10007", at: 3)],
            needs: [Need(commune: "10001", field: "land", minimum: 1, desired: 1, level: 1, backlog: 5, priority: priorityA),
                    Need(commune: "10003", field: "land", minimum: 1, desired: 1, level: 1, backlog: 5, priority: 1)],
            departments: [department("D1", cap: 2), department("D2", cap: 5)],
            cadres: [cadre("x1", department: "D1", home: "10008"), cadre("x2", department: "D1", home: "10007")]
                + (withJunior ? [cadre("y1", department: "D2", home: "10001", level: 1, years: 0)] : []))
    }

    static func solve(_ s: Scenario) throws -> Roster {
        Roster(try Planner.plan(s, options: PlanOptions(s.solver)))
    }

    static func plan(_ name: String, _ s: Scenario, base: Scenario? = nil, explain: Bool = false) throws -> ComparedPlan {
        let roster = try solve(s)
        return ComparedPlan(
            name: name, source: name, scenario: s, roster: roster,
            changes: base.map { AppliedVariant.changes(from: $0, to: s) } ?? [],
            explanation: explain ? try Explanation.explain(s, roster: roster) : nil)
    }

    static func lowerCap(_ s: Scenario) throws -> Scenario {
        try WhatIfVariant(name: "cap-1", overrides: [try ScenarioOverride.parse(set: "departments.D1.release_cap=1")])
            .apply(to: s).scenario
    }
}

@Suite struct CompareTests {
    @Test func aScenarioComparedWithItselfShowsZeroDeltas() throws {
        let s = CompareWorld.twoDepartments(withJunior: false)
        // Solved twice: the planner is deterministic, so nothing may differ.
        let c = Comparison([try CompareWorld.plan("base", s, explain: true), try CompareWorld.plan("again", s, base: s, explain: true)],
                           outcomeModel: nil, outcomeUnavailable: "no history")
        #expect(c.kpis.count > 10)
        for k in c.kpis {
            #expect(k.deltas.count == 2)
            #expect(k.deltas.allSatisfy { $0 == nil || $0 == 0 }, "\(k.id): \(k.deltas)")
            #expect(k.values[0] == k.values[1], "\(k.id)")
        }
        let diff = try #require(c.diffs.first)
        #expect(diff.moves.isEmpty && diff.communes.isEmpty)
        #expect(diff.unchanged == 2)
        #expect(c.columns[1].changes.isEmpty)
        #expect(c.columns[0].explanation == c.columns[1].explanation)
        let strings = CompareStrings(.en, scenario: s)
        #expect(CompareReport.markdown(c, strings: strings).contains("No cadre moves: both plans are the same."))
        #expect(!CompareReport.terminal(c, strings: strings).contains("(+"))
    }

    @Test func loweringACapMovesExactlyTheCadresItForces() throws {
        let base = CompareWorld.twoDepartments()
        let variant = try CompareWorld.lowerCap(base)
        let c = Comparison([try CompareWorld.plan("base", base), try CompareWorld.plan("cap-1", variant, base: base)],
                           outcomeModel: nil)
        let diff = try #require(c.diffs.first)
        let cap = AppliedVariant.Change(key: "departments.D1.release_cap", before: "2", after: "1")
        #expect(c.columns[1].changes == [cap])
        #expect(diff.moves == [
            Comparison.Move(cadre: "x2", cadreName: "Cán bộ x2", department: "D1", kind: .left,
                            before: [Comparison.Post(commune: "10003", field: "land")], after: [],
                            why: [Comparison.Why(kind: .change, change: cap)]),
            Comparison.Move(cadre: "y1", cadreName: "Cán bộ y1", department: "D2", kind: .joined,
                            before: [], after: [Comparison.Post(commune: "10003", field: "land")], why: []),
        ])
        #expect(diff.unchanged == 1)          // x1 stays at A
        #expect(diff.communes.isEmpty)        // B keeps one cadre: y1 instead of x2
        let kpi = { (id: String) in c.kpis.first { $0.id == id } }
        #expect(kpi("posts_filled")?.deltas == [0, 0])
        #expect(kpi("unmet_weighted")?.deltas == [0, 0])
        #expect((kpi("fit.mean")?.deltas[1] ?? 0) < 0)
    }

    /// Without a substitute the cap leaves the lighter need unmet; the comparison says which
    /// commune loses help and why: the changed cap, the rule binding in the variant's solve, and
    /// the roster's own reason.
    @Test func aLostNeedIsExplainedByTheCapThatBinds() throws {
        let base = CompareWorld.twoDepartments(withJunior: false, priorityA: 2)
        let variant = try CompareWorld.lowerCap(base)
        let c = Comparison([try CompareWorld.plan("base", base, explain: true),
                            try CompareWorld.plan("cap-1", variant, base: base, explain: true)], outcomeModel: nil)
        let diff = try #require(c.diffs.first)
        #expect(diff.moves.map { "\($0.cadre) \($0.kind.rawValue)" } == ["x2 left"])
        #expect(diff.gaining.isEmpty)
        let lost = try #require(diff.losing.first)
        #expect(lost.commune == "10003" && lost.before == 1 && lost.after == 0)
        let need = try #require(lost.needs.first)
        #expect(need.why.map(\.kind) == [.change, .bindingRule, .shortfall])
        #expect(need.why[1].rule == Explanation.Rule(kind: .releaseCap, subject: "D1", limit: 1, relaxedTo: 2))
        #expect(need.why[1].recovered == 33)
        #expect(need.why[2].reason == .releaseCap)
        #expect(c.kpis.first { $0.id == "unmet_weighted" }?.deltas == [0, 33])
        #expect(c.kpis.first { $0.id == "unmet.land" }?.values == [0, 1])

        let en = CompareStrings(.en, scenario: base)
        let text = CompareReport.terminal(c, strings: en)
        #expect(text.contains("Xã 10003 (10003) Land 1 → 0: changed: departments.D1.release_cap: 2 → 1; "
            + "held back by release cap of Department D1 (1 → 2) (relaxing it recovers 33.0 weighted unmet need in all); "
            + "free cadres' departments are at their release cap"), "\(text)")
        let vi = CompareReport.terminal(c, strings: CompareStrings(.vi, scenario: base))
        #expect(vi.contains("hạn mức cử của Sở D1 (1 → 2)"), "\(vi)")
        #expect(vi.contains("Đất đai"))
    }

    @Test func filesAreDeterministicSelfContainedAndReadBack() throws {
        let base = CompareWorld.twoDepartments(withJunior: false, priorityA: 2)
        let variant = try CompareWorld.lowerCap(base)
        func build() throws -> [(name: String, data: Data)] {
            let c = Comparison([try CompareWorld.plan("base", base, explain: true),
                                try CompareWorld.plan("cap-1", variant, base: base, explain: true)],
                               outcomeModel: nil, outcomeUnavailable: "history.csv is empty")
            return try CompareReport.files(c, strings: CompareStrings(.vi, scenario: base))
        }
        let first = try build()
        let second = try build()
        #expect(first.map(\.name) == ["compare.md", "compare.json", "compare.html"])
        for (a, b) in zip(first, second) { #expect(a.data == b.data, "\(a.name) differs between runs") }

        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let read = try decoder.decode(Comparison.self, from: first[1].data)
        #expect(read.columns.map(\.name) == ["base", "cap-1"])
        #expect(read.diffs.first?.losing.first?.commune == "10003")
        #expect(read.outcomes.unavailable == "history.csv is empty")

        let html = String(decoding: first[2].data, as: UTF8.self)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<html lang=\"vi\">"))
        #expect(html.contains("<svg"))                      // unmet need by field chart
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("src="))
        #expect(!html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http"))
        let md = String(decoding: first[0].data, as: UTF8.self)
        #expect(md.contains("| Chỉ tiêu | gốc | cap-1 |"))
        #expect(md.contains("Không có kết quả dự báo: history.csv is empty."))
    }
}
