import Foundation
import Testing

/// The catalogue of broken scenarios (Tests/Fixtures/bad, layout in its README): each case laid
/// over the valid base and run through `cadreplan validate` and `cadreplan solve`, as a planner
/// would. Every case must be refused with exit status 1 — never a crash, a GLPK abort or a hang —
/// with exactly the expected messages on standard error and nothing written.
@Suite struct BadScenarioCatalogueTests {
    static let catalogue = Scenarios.fixtures.appendingPathComponent("bad")

    /// The case folders, sorted.
    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: catalogue.path)) ?? []
        return names.filter { name in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: catalogue.appendingPathComponent(name).path,
                                                  isDirectory: &isFolder) && isFolder.boolValue
        }.sorted()
    }()

    /// Files of a case that describe it rather than replace a scenario file.
    static let controlFiles: Set<String> = ["expected.txt", "expected-solve.txt", "remove.txt"]

    @Test func theCatalogueHoldsAtLeastFortyCasesEachWithItsExpectedMessages() throws {
        #expect(Self.cases.count >= 40, "only \(Self.cases.count) cases")
        for name in Self.cases {
            let folder = Self.catalogue.appendingPathComponent(name)
            let expected = try #require(FileManager.default.contents(atPath: folder.appendingPathComponent("expected.txt").path),
                                        "\(name) has no expected.txt")
            let lines = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            // The diagnostics, then a count, then the final line break.
            #expect(lines.count >= 3 && lines.last == "", "\(name): expected.txt must end with a line break")
            let body = lines.dropLast(2)
            let count = lines.dropLast().last ?? ""
            #expect(count.wholeMatch(of: /\d+ errors? (and \d+ warnings? )?in scenario scenario/) != nil,
                    "\(name): last line '\(count)' is not the count of problems")
            var places: [(String, Int)] = []
            for line in body {
                let match = line.wholeMatch(of: /(scenario[^:]*)(?::(\d+))?: (error|warning): (.+) — fix: (.+)/)
                #expect(match != nil, "\(name): '\(line)' does not read 'file:line: error: what — fix: how'")
                if let match { places.append((String(match.1), match.2.flatMap { Int($0) } ?? 0)) }
            }
            #expect(body.contains { $0.contains(": error: ") }, "\(name) has no error")
            // Reported together, sorted by file and then line.
            #expect(zip(places, places.dropFirst()).allSatisfy { $0 <= $1 }, "\(name): messages not sorted by file and line")
        }
    }

    @Test func theBaseScenarioIsValidAndSolvesWithoutAWord() throws {
        let (folder, _) = try Scenarios.copyOfBase()
        defer { try? FileManager.default.removeItem(at: folder) }
        let validate = try Child.run(["validate", "scenario"], in: folder)
        #expect(validate.exited(0), "\(validate.summary)")
        #expect(validate.stderr.isEmpty, "the base must have no warnings: \(validate.stderr)")
        let solve = try Child.run(["solve", "scenario", "--out", "out"], in: folder)
        #expect(solve.exited(0), "\(solve.summary)")
        #expect(solve.stdout.contains("status: optimal"))
    }

    @Test(arguments: cases) func validateRefuses(_ name: String) throws {
        try refuses(name, ["validate", "scenario"])
    }

    @Test(arguments: cases) func solveRefusesAndWritesNothing(_ name: String) throws {
        try refuses(name, ["solve", "scenario", "--out", "out"])
    }

    /// Runs one command on one case and compares with the case's expected messages.
    func refuses(_ name: String, _ arguments: [String]) throws {
        let caseFolder = Self.catalogue.appendingPathComponent(name)
        let folder = try overlay(name)
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Child.run(arguments, in: folder, timeout: 60)

        #expect(!run.signalled && !run.timedOut, "\(name): \(run.summary)")
        #expect(run.exited(1), "\(name): \(run.summary)")
        #expect(run.stdout.isEmpty, "\(name): nothing goes to standard output on refusal: \(run.stdout)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path),
                "\(name): solve wrote an output folder for a refused scenario")

        let solveFile = caseFolder.appendingPathComponent("expected-solve.txt")
        let expectedFile = arguments.first == "solve" && FileManager.default.fileExists(atPath: solveFile.path)
            ? solveFile : caseFolder.appendingPathComponent("expected.txt")
        if ProcessInfo.processInfo.environment["CADREPLAN_RECORD_CATALOGUE"] == "1", arguments.first == "validate" {
            try Data(run.stderr.utf8).write(to: expectedFile)
            Issue.record("\(name): recorded \(expectedFile.lastPathComponent); review it and run again without CADREPLAN_RECORD_CATALOGUE")
            return
        }
        let expected = try #require(FileManager.default.contents(atPath: expectedFile.path),
                                    "\(name): no \(expectedFile.lastPathComponent); actual stderr:\n\(run.stderr)")
        #expect(run.stderr == String(decoding: expected, as: UTF8.self),
                "\(name) (\(arguments[0])): standard error differs from \(expectedFile.lastPathComponent)")
    }

    /// A working folder with the base copied to `scenario` and the case laid over it.
    func overlay(_ name: String) throws -> URL {
        let fm = FileManager.default
        let caseFolder = Self.catalogue.appendingPathComponent(name)
        let (folder, scenario) = try Scenarios.copyOfBase()
        for item in try fm.contentsOfDirectory(atPath: caseFolder.path).sorted() where !Self.controlFiles.contains(item) {
            let target = scenario.appendingPathComponent(item)
            if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
            try fm.copyItem(at: caseFolder.appendingPathComponent(item), to: target)
        }
        if let list = fm.contents(atPath: caseFolder.appendingPathComponent("remove.txt").path) {
            for line in String(decoding: list, as: UTF8.self).split(separator: "\n") {
                let path = line.trimmingCharacters(in: .whitespaces)
                guard !path.isEmpty else { continue }
                try fm.removeItem(at: path == "." ? scenario : scenario.appendingPathComponent(path))
            }
        }
        return folder
    }
}
