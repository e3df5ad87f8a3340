import CadrePlanCore
import Foundation
import Testing

/// Same scenario, same roster files byte for byte (roster.json up to solve times), whether the
/// planner may use one core or all of them: independent parts of the program are solved side by
/// side on as many threads as there are cores.
@Suite struct DeterminismCLITests {
    /// The base scenario and a copy of it 3° further north (too far to travel between), with its
    /// own ids: two regions that share no cadre, so the program falls into independent parts.
    static func twoRegions(in folder: URL) throws -> URL {
        let scenario = folder.appendingPathComponent("scenario")
        try FileManager.default.copyItem(at: Scenarios.base, to: scenario)
        func copy(_ line: Substring) -> String {
            var text = String(line)
            for (a, b) in [("24697", "34697"), ("24778", "34778"), ("so_nnmt", "so_nnmt_b"), ("so_tc", "so_tc_b"),
                           ("ca_tinh", "ca_tinh_b"), ("12.0042", "15.0042"), ("11.9404", "14.9404")] {
                text = text.replacingOccurrences(of: a, with: b)
            }
            return text.replacing(/^c(\d\d),/) { "d\($0.1)," }
        }
        for table in ["communes.csv", "departments.csv", "cadres.csv", "needs.csv", "history.csv", "pairs.csv"] {
            let file = scenario.appendingPathComponent(table)
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
            let doubled = lines + lines.dropFirst().map { Substring(copy($0)) }
            try Data((doubled.joined(separator: "\n") + "\n").utf8).write(to: file)
        }
        return scenario
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/taskset")))
    func theRosterIsTheSameOnOneCoreAndOnAll() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try Self.twoRegions(in: folder)
        let validate = try Child.run(["validate", "scenario"], in: folder)
        #expect(validate.exited(0) && validate.stderr.isEmpty, "\(validate.summary)")

        let oneCore = try Child.run(["-c", "0", CLI.binary.path, "solve", "scenario", "--out", "one"], in: folder,
                                    executable: URL(fileURLWithPath: "/usr/bin/taskset"))
        let allCores = try Child.run(["solve", "scenario", "--out", "all"], in: folder)
        #expect(oneCore.exited(0), "\(oneCore.summary)")
        #expect(allCores.exited(0), "\(allCores.summary)")
        for file in ["roster.csv", "roster.md"] {
            let one = try Data(contentsOf: folder.appendingPathComponent("one/\(file)"))
            let all = try Data(contentsOf: folder.appendingPathComponent("all/\(file)"))
            #expect(one == all, "\(file) differs between one core and all")
        }
        var one = try FaultTests.decodeRoster(folder.appendingPathComponent("one"))
        var all = try FaultTests.decodeRoster(folder.appendingPathComponent("all"))
        for i in one.stages.indices { one.stages[i].seconds = 0 }
        for i in all.stages.indices { all.stages[i].seconds = 0 }
        #expect(one == all, "roster.json differs beyond solve times")
        // Both regions are planned: their cadres ids are c.. and d...
        #expect(Set(one.assignments.map { $0.cadre.prefix(1) }) == ["c", "d"])
    }
}
