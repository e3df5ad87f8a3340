import CadrePlanCore
import Foundation
import Testing

/// The optional columns of shared cadres and work needs: read, validated, written back.
@Suite struct WorkColumnsLoaderTests {
    @Test func workUnitsTimeSharesScoresAndWorkloadsAreRead() throws {
        let folder = try ScenarioFolders.copy()
        try ScenarioFolders.edit(folder, "needs.csv") { text in
            text.replacingOccurrences(of: "commune,field,min,desired,level,backlog,priority\n",
                                      with: "commune,field,min,desired,level,backlog,priority,unit\n")
                .replacingOccurrences(of: "24697,land,1,2,2,140,1.5\n", with: "24697,land,20,45.5,2,140,1.5,files\n")
                .replacingOccurrences(of: "24697,finance,1,1,2,35,1\n", with: "24697,finance,0.5,1,2,35,1,fte\n")
        }
        try ScenarioFolders.edit(folder, "cadres.csv") { text in
            text.replacingOccurrences(of: "available,capacity\n", with: "available,capacity,time_share\n")
                .replacingOccurrences(of: "land:3:12,24778,,yes,1\n", with: "land:3:12,24778,,yes,2,0.5\n")
        }
        try ScenarioFolders.edit(folder, "pairs.csv") { _ in
            "cadre,commune,field,allowed,score,workload\nc03,24697,finance,pin,,\nc06,24697,,no,,\nc01,24697,land,,2.5,0.4\n"
        }
        let loaded = try ScenarioLoader.load(folder.path)
        let s = loaded.scenario
        let land = try #require(s.needs.first { $0.field == "land" && $0.commune == "24697" })
        #expect(land.unit == .files && land.minimumWork == 20 && land.desiredWork == 45.5)
        #expect(land.desired == 2)   // 45.5 files / 35 per month at level 2, rounded up
        #expect(s.needs.first { $0.field == "finance" }?.unit == .fte)
        #expect(s.cadres.first { $0.id == "c01" }?.timeShare == 0.5)
        #expect(s.cadres.first { $0.id == "c02" }?.timeShare == 1)
        let rule = try #require(s.pairs.first { $0.cadre == "c01" })
        #expect(rule.allowed == .yes && rule.score == 2.5 && rule.workload == 0.4)

        // Written back and read again: the same scenario.
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("cadreplan-work-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        try ScenarioWriter.write(s, to: out.path)
        #expect(try ScenarioLoader.load(out.path).scenario == s)
    }

    @Test func sharesAboveCapacityAndContradictoryRowsAreErrors() throws {
        let folder = try ScenarioFolders.copy()
        try ScenarioFolders.edit(folder, "cadres.csv") { text in
            text.replacingOccurrences(of: "available,capacity\n", with: "available,capacity,time_share\n")
                .replacingOccurrences(of: "land:3:12,24778,,yes,1\n", with: "land:3:12,24778,,yes,1,0.5\n")
        }
        try ScenarioFolders.edit(folder, "pairs.csv") { _ in
            "cadre,commune,field,allowed,score,workload\nc01,24697,land,,,0.8\nc01,24697,land,no,,\nc02,24697,land,,abc,\n"
        }
        let report = ScenarioFolders.report(folder)
        #expect(report.contains(
            "pairs.csv:2: error: pair c01/24697/land: workload (0.8) must be from 0.01 to 0.5 — fix: set workload to the share of the cadre's time the assignment takes, at most their time_share (0.5)"),
            "\(report)")
        #expect(report.contains { $0.hasPrefix("pairs.csv:3: error: pair c01/24697/land appears twice (first on line 2)") },
                "\(report)")
        #expect(report.contains { $0.hasPrefix("pairs.csv:4: error: pair c02/24697/land: score 'abc' is not a number") },
                "\(report)")
    }

    @Test func aWorkNeedMustAskForWork() throws {
        let folder = try ScenarioFolders.copy()
        try ScenarioFolders.edit(folder, "needs.csv") { text in
            text.replacingOccurrences(of: "commune,field,min,desired,level,backlog,priority\n",
                                      with: "commune,field,min,desired,level,backlog,priority,unit\n")
                .replacingOccurrences(of: "24697,land,1,2,2,140,1.5\n", with: "24697,land,3,2.5,2,140,1.5,fte\n")
                .replacingOccurrences(of: "24697,finance,1,1,2,35,1\n", with: "24697,finance,1,1,2,35,1,hours\n")
        }
        let report = ScenarioFolders.report(folder)
        #expect(report.contains { $0.hasPrefix("needs.csv:2: error: need 24697/land: desired (2.5) is below min (3)") },
                "\(report)")
        #expect(report.contains { $0.hasPrefix("needs.csv:3: error: need 24697/finance: unit 'hours' is not allowed") },
                "\(report)")
    }
}
