import Foundation

/// Runs the built `cadreplan` binary, as a planner would from the shell.
enum CLI {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let defaultScenario = repoRoot.appendingPathComponent("scenarios/lam-dong-2025").path

    static var binary: URL {
        let beside = Bundle.main.bundleURL.appendingPathComponent("cadreplan")
        if FileManager.default.fileExists(atPath: beside.path) { return beside }
        // On macOS the test bundle sits beside the products.
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("cadreplan")
        }
        return beside
    }

    static func run(_ arguments: [String], executable: URL? = nil) throws -> Run {
        let process = Process()
        process.executableURL = executable ?? binary
        process.arguments = arguments
        process.currentDirectoryURL = repoRoot
        // Files, not pipes: a chatty child can never block on a full pipe.
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("stdout")
        let errURL = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Run(status: process.terminationStatus,
                   stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                   stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    static func glpsol(_ arguments: [String]) throws -> Run? {
        for path in ["/usr/bin/glpsol", "/usr/local/bin/glpsol"] where FileManager.default.isExecutableFile(atPath: path) {
            return try run(arguments, executable: URL(fileURLWithPath: path))
        }
        return nil
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cadreplan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The reference model prints "stage N objective V" after its solve.
    static func modelObjective(_ output: String) -> Double? {
        for line in output.split(separator: "\n") where line.hasPrefix("stage ") && line.contains(" objective ") {
            return Double(line.split(separator: " ").last ?? "")
        }
        return nil
    }

    /// glpsol's solution file (`-o FILE`) says "Objective:  obj = 123.4 (MINimum)".
    static func glpsolObjective(_ output: String) -> Double? {
        for line in output.split(separator: "\n") where line.contains("Objective:") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            let rest = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            return Double(rest.split(separator: " ").first ?? "")
        }
        return nil
    }
}
