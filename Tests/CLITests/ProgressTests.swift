import Foundation
import Testing

/// A long search shows its progress when stderr is a terminal, and nothing of it in a pipe.
@Suite(.serialized) struct ProgressTests {
    func hardRound() throws -> URL {
        let folder = try CLI.temporaryFolder()
        try Scenarios.writeHard(to: folder.appendingPathComponent("hard"))
        return folder
    }

    /// `script` gives the child a pseudo-terminal, as a planner's shell would.
    @Test func aTerminalSeesTheSearchProgress() throws {
        let folder = try hardRound()
        defer { try? FileManager.default.removeItem(at: folder) }
        let command = "'\(CLI.binary.path)' solve hard --out out --time-limit 4"
        let run = try Child.run(["-qec", command, "/dev/null"], in: folder, timeout: 60,
                                executable: URL(fileURLWithPath: "/usr/bin/script"))
        // On a loaded machine the time limit may end the search before any plan (exit 1);
        // progress is shown either way.
        #expect(run.exited(0) || run.exited(1), "\(run.summary.suffix(2000))")
        // The terminal's output arrives on script's stdout: progress lines, then the summary.
        #expect(run.stdout.contains("stage 1 (unmet need): "), "\(run.stdout.prefix(2000))")
        #expect(run.stdout.contains(" nodes ("))
        #expect(run.stdout.contains("Ctrl-C keeps the best plan"))
        #expect(run.stdout.contains("\r\u{1B}[K"))
    }

    @Test func aPipeGetsNoProgress() throws {
        let folder = try hardRound()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Child.run(["solve", "hard", "--out", "out", "--time-limit", "3"], in: folder, timeout: 60)
        #expect(run.exited(0) || run.exited(1), "\(run.summary.suffix(2000))")
        #expect(!run.stderr.contains("nodes ("))
        #expect(!run.stderr.contains("\r"))
    }
}
