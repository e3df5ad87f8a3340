import CadrePlanCore
import Foundation

/// The repository's committed data (scenarios, fixtures), for tests that run on real files.
enum Committed {
    /// The repository root (this file is Tests/CadrePlanCoreTests/Support/CommittedScenarios.swift).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The commune facts the generators read (scenarios/sources/lam-dong-communes.csv).
    static let facts = root.appendingPathComponent("scenarios/sources/lam-dong-communes.csv").path

    /// A scenario under scenarios/, loaded and validated as `cadreplan solve` loads it.
    static func scenario(_ folder: String) throws -> Scenario {
        try ScenarioLoader.load(root.appendingPathComponent("scenarios/\(folder)").path).scenario
    }
}
