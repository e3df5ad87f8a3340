import Foundation
import Testing

/// The four-round Lâm Đồng year end to end: a roster per round and the year's summary, the
/// consecutive-rounds limit kept even when the search is cut short, and the commands that work
/// on one round refusing a year with a fix.
@Suite struct YearCLITests {
    static let scenario = CLI.repoRoot.appendingPathComponent("scenarios/lam-dong-2025-year").path

    @Test func aYearGivesARosterPerRoundAndKeepsTheLimit() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Child.run(["solve", Self.scenario, "--out", "out", "--time-limit", "3"], in: folder, timeout: 600)
        #expect(run.exited(0), "\(run.summary.suffix(3000))")
        #expect(run.stdout.contains("r4 (2026-05-01 – 2026-07-31)"))
        #expect(run.stdout.contains("longest run of consecutive rounds served by one cadre: "))
        for round in ["r1", "r2", "r3", "r4"] {
            for file in ["roster.csv", "roster.json", "roster.md"] {
                #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/\(round)/\(file)").path))
            }
        }
        let data = try Data(contentsOf: folder.appendingPathComponent("out/year.json"))
        let year = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let rounds = try #require(year["rounds"] as? [[String: Any]])
        #expect(rounds.map { $0["id"] as? String } == ["r1", "r2", "r3", "r4"])
        let continuity = try #require(year["continuity"] as? [String: Any])
        #expect((continuity["longest_run"] as? Int ?? 99) <= 2)
        #expect(continuity["hot_fields"] as? [String] == ["land", "labour"])

        // Every cadre in year.csv serves at most 2 rounds in a row; each round's assignments
        // are those of its roster.
        let csv = try String(contentsOf: folder.appendingPathComponent("out/year.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n").dropFirst()
        var served: [String: Set<String>] = [:]
        for line in lines {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            served[String(cells[4]), default: []].insert(String(cells[0]))
        }
        for rounds in served.values {
            #expect(!(rounds.contains("r1") && rounds.contains("r2") && rounds.contains("r3")))
            #expect(!(rounds.contains("r2") && rounds.contains("r3") && rounds.contains("r4")))
        }
        let r2 = try String(contentsOf: folder.appendingPathComponent("out/r2/roster.csv"), encoding: .utf8)
        #expect(r2.split(separator: "\n").count - 1 == lines.filter { $0.hasPrefix("r2,") }.count)
        let md = try String(contentsOf: folder.appendingPathComponent("out/year.md"), encoding: .utf8)
        #expect(md.contains("## Continuity between rounds"))
    }

    @Test func oneRoundCommandsRefuseAYear() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = try Child.run(["report", Self.scenario, "--out", "out"], in: folder, timeout: 120)
        #expect(report.exited(1))
        #expect(report.stderr.contains("plans a year of 4 rounds") && report.stderr.contains("fix:"))
        let data = try Child.run(["export", Self.scenario, "--format", "gmpl-data", "--out", "y.dat"], in: folder, timeout: 120)
        #expect(data.exited(1))
        #expect(data.stderr.contains("plans one round"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("y.dat").path))
    }
}
