import Foundation
import GLPK
import Testing

@Suite struct ExportTests {
    /// Each format is re-read by glpsol and must give our optimum. MPS cannot say "maximize", so a
    /// maximize model is written negated (glpsol reports −9); LP keeps the constant only as a
    /// comment, so this model has none.
    @Test(arguments: ExportFormat.allCases)
    func roundTripThroughGlpsol(format: ExportFormat) throws {
        let m = try Models.knapsack()
        let ours = try #require(try GLPK.solve(m).objective)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("knapsack.\(format.rawValue)").path
        try GLPK.write(m, format: format, to: path)
        #expect(FileManager.default.fileExists(atPath: path))
        guard let theirs = try glpsolObjective(path, format: format) else { return }  // no glpsol here
        #expect(close(theirs, format == .mps ? -ours : ours))
    }

    /// Names with '-', '[', ']', ',' and '.', ranges, free and fixed columns, and an objective
    /// constant (kept by MPS and the native format) survive the round trip.
    @Test(arguments: [ExportFormat.mps, .glpk])
    func richModelRoundTrip(format: ExportFormat) throws {
        var m = LinearModel(name: "rich model: 2025/08", sense: .minimize)
        let x = try m.addVariable("x[c-01,27001]", kind: .integer, bounds: .between(-3, 7), objective: 2)
        let y = try m.addVariable("y.slack", bounds: .free, objective: -1)
        let z = try m.addVariable("z_fixed", bounds: .exactly(1.5), objective: 1)
        try m.addConstraint("range[a]", [1 * x, 1 * y], .between(-2, 4))
        try m.addConstraint("tie", [1 * y, -2 * z, 1 * x], .atMost(5))
        try m.addConstraint("ignored", [1 * x], .free)
        m.objectiveConstant = 0.25
        let ours = try GLPK.solve(m)
        #expect(ours.isProvenOptimal)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("rich.\(format.rawValue)").path
        try GLPK.write(m, format: format, to: path)
        guard let theirs = try glpsolObjective(path, format: format) else { return }
        #expect(close(theirs, try #require(ours.objective)))
    }

    /// GLPK's LP and MPS writers need a row: a model without constraints gets an empty placeholder.
    @Test(arguments: ExportFormat.allCases)
    func modelWithoutConstraints(format: ExportFormat) throws {
        var m = LinearModel(name: "norows")
        try m.addVariable("x", bounds: .between(0, 3), objective: -1)
        try m.addVariable("unused", kind: .integer)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("norows.\(format.rawValue)").path
        try GLPK.write(m, format: format, to: path)
        guard let theirs = try glpsolObjective(path, format: format) else { return }
        #expect(close(theirs, -3))
    }

    /// An unwritable path is a SolveError naming the path and GLPK's reason, not a crash.
    @Test func unwritablePath() throws {
        let path = "/nonexistent-directory-\(UUID().uuidString)/model.lp"
        let m = try Models.knapsack()
        #expect(throws: SolveError.writeFailed(path: path, reason: "No such file or directory")) {
            try GLPK.write(m, format: .lp, to: path)
        }
        do {
            try GLPK.write(m, format: .mps, to: path)
            Issue.record("no error")
        } catch {
            #expect(error.description.contains(path))
        }
    }

    @Test func directoryAsPath() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let m = try Models.knapsack()
        do {
            try GLPK.write(m, format: .glpk, to: dir.path)
            Issue.record("no error")
        } catch {
            guard case .writeFailed(let path, let reason) = error else { Issue.record("\(error)"); return }
            #expect(path == dir.path && reason == "Is a directory")
        }
    }

    @Test func invalidPathsAndModels() throws {
        let m = try Models.knapsack()
        #expect(throws: SolveError.writeFailed(path: "", reason: "the path is empty")) {
            try GLPK.write(m, format: .lp, to: "")
        }
        #expect(throws: SolveError.self) { try GLPK.write(m, format: .lp, to: "/tmp/a\u{0}b.lp") }
        #expect(throws: SolveError.cannotExport(format: .lp, reason: "the model has no variables")) {
            try GLPK.write(LinearModel(name: "empty"), format: .lp, to: "/tmp/never-written.lp")
        }
        var bad = m
        bad.objectiveConstant = .infinity
        #expect(throws: SolveError.invalidModel(.nonFinite(what: "objective constant", isNaN: false))) {
            try GLPK.write(bad, format: .mps, to: "/tmp/never-written.mps")
        }
    }
}
