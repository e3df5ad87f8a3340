import CadrePlanCore
import Foundation
import Testing

/// Scenarios with nothing to plan: a clear answer each time, never a crash or a solver status.
/// (Scenarios whose hard rules contradict — pins against caps — are in the bad-scenario
/// catalogue: the validator names the conflict before any solve.)
@Suite struct DegenerateScenarioTests {
    /// The base with some tables cut down to their header row.
    func baseWithEmptyTables(_ tables: [String], removing optional: [String] = []) throws -> URL {
        let (folder, scenario) = try Scenarios.copyOfBase()
        for table in tables {
            let file = scenario.appendingPathComponent(table)
            let header = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").first ?? ""
            try Data((header + "\n").utf8).write(to: file)
        }
        for table in optional { try FileManager.default.removeItem(at: scenario.appendingPathComponent(table)) }
        return folder
    }

    static func warning(_ table: String, _ records: String) -> String {
        "scenario/\(table).csv: warning: \(table).csv has a header but no rows — fix: add the \(records) of the round, one per row\n"
    }

    @Test func aScenarioWithEmptyTablesGivesAnEmptyRosterAndSaysWhy() throws {
        let folder = try baseWithEmptyTables(["fields.csv", "communes.csv", "needs.csv", "departments.csv", "cadres.csv"],
                                             removing: ["history.csv", "pairs.csv"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let warnings = Self.warning("cadres", "cadres") + Self.warning("communes", "communes")
            + Self.warning("departments", "departments") + Self.warning("fields", "fields") + Self.warning("needs", "needs")

        let validate = try Child.run(["validate", "scenario"], in: folder)
        #expect(validate.exited(0), "\(validate.summary)")
        #expect(validate.stderr == warnings)
        #expect(validate.stdout.contains("0 communes, 0 fields, 0 needs"))

        let solve = try Child.run(["solve", "scenario", "--out", "out"], in: folder)
        #expect(solve.exited(0), "\(solve.summary)")
        #expect(solve.stderr == warnings)
        #expect(solve.stdout.contains("placed 0 of 0 cadres in 0 assignments"))
        let roster = try FaultTests.expectCompleteRoster(folder.appendingPathComponent("out"),
                                                        of: folder.appendingPathComponent("scenario"))
        #expect(roster.assignments.isEmpty && roster.shortfalls.isEmpty)
        #expect(roster.status == .optimal)
    }

    @Test func aScenarioWithNoNeedsPlacesNobody() throws {
        let folder = try baseWithEmptyTables(["needs.csv"], removing: ["pairs.csv"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let solve = try Child.run(["solve", "scenario", "--out", "out"], in: folder)
        #expect(solve.exited(0), "\(solve.summary)")
        #expect(solve.stderr == Self.warning("needs", "needs"))
        #expect(solve.stdout.contains("placed 0 of 6 cadres in 0 assignments; 0 of 0 desired posts filled"))
        let roster = try FaultTests.expectCompleteRoster(folder.appendingPathComponent("out"),
                                                        of: folder.appendingPathComponent("scenario"))
        #expect(roster.assignments.isEmpty)
    }

    @Test func aScenarioWithNoCadresNamesEveryNeedThatCannotBeMet() throws {
        let folder = try baseWithEmptyTables(["cadres.csv"], removing: ["pairs.csv", "history.csv"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let expected = Self.warning("cadres", "cadres") + [
            (2, "24697/land", "civil", "land"), (3, "24697/finance", "civil", "finance"),
            (4, "24778/public_security", "police", "public_security"), (5, "24778/land", "civil", "land"),
        ].map { line, need, branch, field in
            "scenario/needs.csv:\(line): error: need \(need): no available \(branch) cadre has \(field) at level 2 or above, "
                + "so the need can never be met — fix: add such a cadre to cadres.csv, or drop the need\n"
        }.joined() + "4 errors and 1 warning in scenario scenario\n"
        for arguments in [["validate", "scenario"], ["solve", "scenario", "--out", "out"]] {
            let run = try Child.run(arguments, in: folder)
            #expect(run.exited(1), "\(arguments[0]): \(run.summary)")
            #expect(run.stderr == expected, "\(arguments[0])")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
        }
    }

    /// No cadre can reach a need (travel limit): the roster says so for each need, with the
    /// reason, instead of failing.
    @Test func needsNobodyCanReachAreReportedWithTheirReason() throws {
        let (folder, scenario) = try Scenarios.copyOfBase()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The two communes are 109 km apart by road and nobody may serve at home: nobody is eligible.
        let yaml = scenario.appendingPathComponent("scenario.yaml")
        let text = try String(contentsOf: yaml, encoding: .utf8).replacingOccurrences(of: "max_travel_km: 300", with: "max_travel_km: 20")
        try Data(text.utf8).write(to: yaml)
        try FileManager.default.removeItem(at: scenario.appendingPathComponent("pairs.csv"))
        let run = try Child.run(["solve", "scenario", "--out", "out"], in: folder)
        #expect(run.exited(0), "\(run.summary)")
        #expect(run.stdout.contains("placed 0 of 6 cadres"))
        let roster = try FaultTests.expectCompleteRoster(folder.appendingPathComponent("out"), of: scenario)
        #expect(roster.assignments.isEmpty)
        #expect(roster.shortfalls.count == 4)
        #expect(roster.shortfalls.allSatisfy { $0.reason == .noEligibleCadre && $0.eligibleCadres == 0 })
    }
}
