import CadrePlanCore
import Foundation
import Testing

/// `cadreplan compare` through the binary: errors a planner can act on, a what-if from the shell
/// on a scenario small enough to know the answer, rosters as inputs, and the default scenario
/// compared with itself.
@Suite(.serialized) struct CompareCLITests {
    /// Base: x1 (near A) and x2 (near B) of D1 (cap 2) staff both land needs; y1 of D2 lives in
    /// A and can only replace someone at B. `departments.D1.release_cap=1` forces x2 out, y1 in.
    static func tinyScenario() -> Scenario {
        func commune(_ id: String, _ step: Int) -> Commune {
            Commune(id: id, name: "Xã \(id)", nameAscii: "Xa \(id)", kind: .commune, formerProvince: "Lam Dong",
                    latitude: 11.0 + 0.1 * Double(step), longitude: 108.0, areaKm2: 100, population: 10_000,
                    hostingCapacity: 10, minorityShare: 0, languages: [])
        }
        func cadre(_ id: String, _ department: String, home: String, level: Int, years: Double) -> Cadre {
            Cadre(id: id, name: "Cán bộ \(id)", department: department, category: .civilServant,
                  skills: [Skill(field: "land", level: level, years: years)], homeCommune: home, languages: [],
                  available: true, capacity: 1)
        }
        return Scenario(
            name: "compare-cli", round: Round(start: "2025-08-01", end: "2025-10-31"),
            policy: Policy(maxTravelKm: nil, roadFactor: 1, allowHomeCommune: false),
            solver: SolverSettings(timeLimit: 30, relativeGap: 0, stage2Tolerance: 0),
            fields: [Field(id: "land", name: "Land", nameVi: "Đất đai", branch: .civil, priority: 3)],
            communes: [commune("10001", 0), commune("10003", 2), commune("10008", -1), commune("10007", 3)],
            needs: [Need(commune: "10001", field: "land", minimum: 1, desired: 1, level: 1, backlog: 5, priority: 1),
                    Need(commune: "10003", field: "land", minimum: 1, desired: 1, level: 1, backlog: 5, priority: 1)],
            departments: [Department(id: "D1", name: "D1", nameVi: "Sở D1", branch: .civil, headcount: 50, releaseCap: 2),
                          Department(id: "D2", name: "D2", nameVi: "Sở D2", branch: .civil, headcount: 50, releaseCap: 5)],
            cadres: [cadre("x1", "D1", home: "10008", level: 3, years: 10), cadre("x2", "D1", home: "10007", level: 3, years: 10),
                     cadre("y1", "D2", home: "10001", level: 1, years: 0)])
    }

    static func json(_ folder: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent("compare.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func badOverridesAreExactErrors() throws {
        let run = try CLI.run(["compare", CLI.defaultScenario, "--set", "polcy.max_travel_km=60",
                               "--drop-field", "public_securty", "--out", "/nonexistent/never-written"])
        #expect(run.status == 1)
        #expect(run.stderr.contains(
            "--set polcy.max_travel_km=60: error: unknown setting 'polcy.max_travel_km': there is no section 'polcy' — fix: did you mean 'policy'? the sections are policy, weights, solver, fields, departments, communes, needs, cadres (e.g. policy.max_travel_km=60)"),
            "\(run.stderr)")
        #expect(run.stderr.contains("--drop-field public_securty: error: unknown field 'public_securty' to drop — fix: did you mean 'public_security'?"))

        let unknown = try CLI.run(["compare", CLI.defaultScenario, "--set", "departments.DNV.release_cap=10"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("--set departments.DNV.release_cap=10: error: unknown department 'DNV' in 'departments.DNV.release_cap' — fix: use one of ppc_office, dept_home_affairs, dept_finance"),
                "\(unknown.stderr)")
    }

    @Test func misuseIsAUsageError() throws {
        let nothing = try CLI.run(["compare", CLI.defaultScenario])
        #expect(nothing.status == 64)
        #expect(nothing.stderr.contains("nothing to compare"))
        let both = try CLI.run(["compare", CLI.defaultScenario, CLI.defaultScenario, "--set", "weights.language=3"])
        #expect(both.status == 64)
    }

    @Test func aWhatIfFileWithErrorsNamesItsLines() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("whatif.yaml")
        try "variants:\n  - name: a\n    set: {policy.max_travel_km: far}\n".write(to: file, atomically: true, encoding: .utf8)
        let run = try CLI.run(["compare", CLI.defaultScenario, "--whatif", file.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(file.path):3: error: 'policy.max_travel_km' expects a number, got 'far' — fix: write policy.max_travel_km=60, or none for no limit"),
                "\(run.stderr)")
    }

    /// The same tiny round compared with itself, with a lowered cap, and from a solved roster.
    @Test func comparesFoldersOverridesAndRosters() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = folder.appendingPathComponent("tiny").path
        try ScenarioWriter.write(Self.tinyScenario(), to: scenario)

        let same = folder.appendingPathComponent("same")
        let run = try CLI.run(["compare", scenario, scenario, "--out", same.path, "--lang", "en", "--explain", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("what-if: cadres moving to other posts: 0; no longer seconded: 0; newly seconded: 0; keeping their posts: 2."),
                "\(run.stdout)")
        let sameJSON = try Self.json(same)
        let kpis = try #require(sameJSON["kpis"] as? [[String: Any]])
        for kpi in kpis {
            let deltas = (kpi["deltas"] as? [Any]) ?? []
            #expect(deltas.allSatisfy { ($0 as? Double).map { $0 == 0 } ?? true }, "\(kpi["id"] ?? "")")
        }
        for name in ["compare.md", "compare.json", "compare.html"] {
            #expect(FileManager.default.fileExists(atPath: same.appendingPathComponent(name).path))
        }

        let capped = folder.appendingPathComponent("capped")
        let cap = try CLI.run(["compare", scenario, "--set", "departments.D1.release_cap=1", "--out", capped.path, "--lang", "en"])
        #expect(cap.status == 0, "\(cap.stderr)")
        #expect(cap.stdout.contains("what-if: cadres moving to other posts: 0; no longer seconded: 1; newly seconded: 1; keeping their posts: 1."),
                "\(cap.stdout)")
        #expect(cap.stdout.contains("Cán bộ x2 (x2, D1): Xã 10003 (10003) — Land → — — changed: departments.D1.release_cap: 2 → 1"))
        #expect(cap.stdout.contains("Cán bộ y1 (y1, D2): — → Xã 10003 (10003) — Land"))
        let diffs = try #require(try Self.json(capped)["diffs"] as? [[String: Any]])
        let moves = try #require(diffs.first?["moves"] as? [[String: Any]])
        #expect(moves.compactMap { $0["cadre"] as? String } == ["x2", "y1"])

        // A weight change leaves unmet need alone: --min-moves keeps every base assignment.
        let weights = folder.appendingPathComponent("weights")
        let stable = try CLI.run(["compare", scenario, "--set", "weights.travel_per_100km=50", "--min-moves",
                                  "--out", weights.path, "--lang", "en", "--explain", "0"])
        #expect(stable.status == 0, "\(stable.stderr)")
        #expect(stable.stdout.contains("keeping their posts: 2."), "\(stable.stdout)")

        // A solved roster as the base needs its scenario; then it compares like the folder.
        let solved = folder.appendingPathComponent("solved").path
        #expect(try CLI.run(["solve", scenario, "--out", solved]).status == 0)
        let roster = solved + "/roster.json"
        let missing = try CLI.run(["compare", roster, scenario])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("\(roster): error: a roster needs the scenario it was solved for — fix: add --scenario FOLDER"))
        let fromRoster = folder.appendingPathComponent("from-roster")
        let viaRoster = try CLI.run(["compare", roster, scenario, "--scenario", scenario, "--out", fromRoster.path, "--explain", "0"])
        #expect(viaRoster.status == 0, "\(viaRoster.stderr)")
        let viaJSON = try Self.json(fromRoster)
        #expect((viaJSON["diffs"] as? [[String: Any]])?.first?["unchanged"] as? Int == 2)
    }

    /// The default round with itself: solved once, explained once, every delta zero.
    @Test func theDefaultScenarioComparedWithItselfShowsZeroDeltas() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try CLI.run(["compare", CLI.defaultScenario, CLI.defaultScenario, "--out", folder.path, "--explain", "1"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("So sánh phương án giả định — Lâm Đồng 2025"))
        let json = try Self.json(folder)
        for kpi in try #require(json["kpis"] as? [[String: Any]]) {
            let deltas = (kpi["deltas"] as? [Any]) ?? []
            #expect(deltas.allSatisfy { ($0 as? Double).map { $0 == 0 } ?? true }, "\(kpi["id"] ?? "")")
        }
        let diff = try #require((json["diffs"] as? [[String: Any]])?.first)
        #expect((diff["moves"] as? [Any])?.isEmpty == true)
        #expect((diff["communes"] as? [Any])?.isEmpty == true)
        let html = try String(contentsOf: folder.appendingPathComponent("compare.html"), encoding: .utf8)
        #expect(html.contains("Lâm Đồng") && html.contains("<svg"))
    }
}
