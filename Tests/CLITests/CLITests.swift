import CadrePlanCore
import Foundation
import Testing

/// End to end on the real Lâm Đồng 2025 scenario, through the binary a planner runs.
@Suite(.serialized) struct CLITests {
    @Test func helpListsTheCommands() throws {
        let run = try CLI.run(["--help"])
        #expect(run.status == 0)
        for command in ["validate", "solve", "export", "generate"] { #expect(run.stdout.contains(command)) }
    }

    @Test func validateAcceptsTheDefaultScenario() throws {
        let run = try CLI.run(["validate", CLI.defaultScenario])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("valid"))
        #expect(run.stdout.contains("124 communes"))
        #expect(run.stdout.contains("730 cadres"))
    }

    @Test func validateNamesFileLineAndFixForABrokenScenario() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("broken")
        try FileManager.default.copyItem(atPath: CLI.defaultScenario, toPath: copy.path)
        // Break line 3 of needs.csv: a negative desired count.
        let needs = copy.appendingPathComponent("needs.csv")
        var lines = try String(contentsOf: needs, encoding: .utf8).components(separatedBy: "\n")
        var cells = lines[2].components(separatedBy: ",")
        cells[3] = "-4"
        lines[2] = cells.joined(separator: ",")
        try lines.joined(separator: "\n").write(to: needs, atomically: true, encoding: .utf8)
        let run = try CLI.run(["validate", copy.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("needs.csv:3"), "\(run.stderr)")
        #expect(run.stderr.contains("fix"))
    }

    /// Solves twice: proven optimal, every hard rule holds (checked without the model builder),
    /// byte-identical rosters, and a failed later run leaves the roster in place.
    @Test func solveWritesAnOptimalDeterministicRoster() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = folder.appendingPathComponent("a").path
        let second = folder.appendingPathComponent("b").path
        let run = try CLI.run(["solve", CLI.defaultScenario, "--out", first])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("status: optimal"))
        #expect(try CLI.run(["solve", CLI.defaultScenario, "--out", second]).status == 0)

        for file in ["roster.csv", "roster.md"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: first).appendingPathComponent(file))
            let b = try Data(contentsOf: URL(fileURLWithPath: second).appendingPathComponent(file))
            #expect(a == b, "\(file) differs between runs")
        }
        let roster = try decodeRoster(first)
        var other = try decodeRoster(second)
        for i in other.stages.indices { other.stages[i].seconds = roster.stages[i].seconds }
        #expect(roster == other, "roster.json differs beyond solve times")

        // Golden roster: the default scenario's plan only changes when someone means it to
        // (UPDATE_GOLDEN=1 swift test --filter CLITests rewrites it).
        let golden = CLI.repoRoot.appendingPathComponent("Tests/CLITests/Golden/lam-dong-2025.roster.csv")
        let produced = try String(contentsOf: URL(fileURLWithPath: first).appendingPathComponent("roster.csv"), encoding: .utf8)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try Data(produced.utf8).write(to: golden)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        let diff = zip(produced.split(separator: "\n"), expected.split(separator: "\n")).enumerated()
            .first { $0.element.0 != $0.element.1 }
        #expect(produced == expected, "roster.csv differs from the golden file at line \((diff?.offset ?? 0) + 1): \(diff.map { "got \($0.element.0), expected \($0.element.1)" } ?? "different length")")
        #expect(roster.status == .optimal)
        #expect(roster.stages.count == 2)
        #expect(roster.stages.allSatisfy { $0.provenOptimal })
        let scenario = try ScenarioLoader.load(CLI.defaultScenario).scenario
        #expect(RosterAudit.violations(roster, scenario: scenario) == [])
        #expect(!roster.assignments.isEmpty)

        // A later run that fails must not touch the roster.
        let before = try Data(contentsOf: URL(fileURLWithPath: first).appendingPathComponent("roster.csv"))
        let failed = try CLI.run(["solve", folder.appendingPathComponent("missing").path, "--out", first])
        #expect(failed.status == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: first).appendingPathComponent("roster.csv")) == before)
    }

    @Test func solveRefusesAnOutputThatIsAFile() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("occupied")
        try Data("x".utf8).write(to: file)
        let run = try CLI.run(["solve", CLI.defaultScenario, "--out", file.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("cannot write"), "\(run.stderr)")
    }

    /// glpsol on the exported LP and on the reference model with exported data agrees with
    /// the objective values in roster.json, for both stages.
    @Test func glpsolAgreesWithTheRoster() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try CLI.run(["solve", CLI.defaultScenario, "--out", folder.path])
        #expect(run.status == 0, "\(run.stderr)")
        let roster = try decodeRoster(folder.path)
        guard try CLI.glpsol(["--version"]) != nil else { return }
        let model = CLI.repoRoot.appendingPathComponent("models/cadreplan.mod").path
        for stage in [1, 2] {
            let expected = try #require(roster.stages[stage - 1].value)
            let program = try #require(roster.stages[stage - 1].programObjective)
            let lp = folder.appendingPathComponent("stage\(stage).lp").path
            let dat = folder.appendingPathComponent("stage\(stage).dat").path
            #expect(try CLI.run(["export", CLI.defaultScenario, "--stage", "\(stage)", "--format", "lp", "--out", lp]).status == 0)
            #expect(try CLI.run(["export", CLI.defaultScenario, "--stage", "\(stage)", "--format", "gmpl-data", "--out", dat]).status == 0)
            let solution = folder.appendingPathComponent("stage\(stage).sol")
            let fromLP = try #require(try CLI.glpsol(["--lp", lp, "-o", solution.path]))
            #expect(fromLP.status == 0)
            let fromModel = try #require(try CLI.glpsol(["-m", model, "-d", dat]))
            let report = try String(contentsOf: solution, encoding: .utf8)
            let lpValue = try #require(CLI.glpsolObjective(report), "\(report.prefix(500))")
            let modelValue = try #require(CLI.modelObjective(fromModel.stdout), "\(fromModel.stdout.suffix(500))")
            // The LP file is the program GLPK solved; the model prints the stage's own measure.
            #expect(abs(lpValue - program) <= 1e-6 * max(1, abs(program)), "stage \(stage) LP \(lpValue) vs \(program)")
            #expect(abs(modelValue - expected) <= 1e-5 * max(1, abs(expected)),
                    "stage \(stage) model \(modelValue) vs \(expected)")
        }
    }

    func decodeRoster(_ folder: String) throws -> Roster {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Roster.self, from: Data(contentsOf: URL(fileURLWithPath: folder).appendingPathComponent("roster.json")))
    }
}
