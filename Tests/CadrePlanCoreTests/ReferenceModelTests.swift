import Foundation
import GLPK
import Testing
@testable import CadrePlanCore

/// `models/cadreplan.mod` with the exported data, run by glpsol, gives the objective values of
/// the Swift program, for both stages, on scenarios with every kind of row.
@Suite struct ReferenceModelTests {
    static let glpsol = ["/usr/bin/glpsol", "/usr/local/bin/glpsol"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let model = Committed.root.appendingPathComponent("models/cadreplan.mod").path

    static func scenarios() -> [Scenario] {
        let communes = [Tiny.commune("H", at: 0), Tiny.commune("A", at: 1, hosting: 2), Tiny.commune("B", at: 2),
                        Tiny.commune("F", at: 30)]
        let work = Need(commune: "B", field: "it", unit: .files, minimumWork: 20, desiredWork: 60, level: 1,
                        backlog: 60, priority: 2, policy: Policy())
        let fte = Need(commune: "A", field: "land", unit: .fte, minimumWork: 0.5, desiredWork: 1.5, level: 1,
                       backlog: 0, priority: 1, policy: Policy())
        var partTime = Tiny.cadre("p", [("land", 2, 3), ("it", 3, 1)], home: "F", capacity: 2)
        partTime.timeShare = 0.6
        let headcount = Tiny.scenario(
            communes: communes,
            needs: [Tiny.need("A", "land", desired: 2), Tiny.need("B", "it"), Tiny.need("A", "public_security")],
            cadres: [Tiny.cadre("c1", [("land", 3, 9)]), Tiny.cadre("c2", [("it", 2, 1), ("land", 1, 2)], capacity: 2),
                     Tiny.cadre("c3", [("land", 2, 4)], home: "F")],
            departments: [Tiny.department("DNNMT", cap: 2)],
            pairs: [PairRule(cadre: "c3", commune: "A", field: "land", allowed: .pin)])
        let shared = Tiny.scenario(
            communes: communes, needs: [fte, work, Tiny.need("B", "land", min: 0)],
            cadres: [Tiny.cadre("c1", [("land", 3, 9), ("it", 1, 1)], capacity: 2), partTime,
                     Tiny.cadre("c4", [("it", 2, 6)], home: "A")],
            pairs: [PairRule(cadre: "c1", commune: "A", field: "land", score: 1.5, workload: 0.7),
                    PairRule(cadre: "c4", commune: "B", field: nil, workload: 0.5)])
        return [headcount, shared]
    }

    @Test(arguments: 0..<2)
    func glpsolOnTheReferenceModelAgrees(index: Int) throws {
        guard let glpsol = Self.glpsol else { return }
        let s = Self.scenarios()[index]
        let result = try Planner.plan(s, options: PlanOptions(s.solver))
        #expect(result.isProvenOptimal)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cadreplan-ref-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for stage in Stage.allCases {
            let data = folder.appendingPathComponent("stage\(stage.rawValue).dat").path
            _ = try ModelExport.write(s, stage: stage, target: .gmplData, options: PlanOptions(s.solver), to: data)
            let output = try run(glpsol, ["-m", Self.model, "-d", data])
            let printed = output.split(separator: "\n").first { $0.hasPrefix("stage \(stage.rawValue) objective ") }
            let value = try #require(printed.flatMap { Double($0.split(separator: " ").last ?? "") }, "\(output.suffix(800))")
            let expected = try #require(result.stages[stage.rawValue - 1].objective)
            #expect(abs(value - expected) < 1e-5, "stage \(stage.rawValue): glpsol \(value), Swift \(expected)")
        }
    }

    func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("glpsol-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out) }
        let handle = try FileHandle(forWritingTo: out)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return try String(contentsOf: out, encoding: .utf8)
    }
}
