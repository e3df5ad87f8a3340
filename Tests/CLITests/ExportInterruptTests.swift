import Foundation
import Testing

/// Ctrl-C during `cadreplan export` behaves as in `solve`: the process ends by itself with a
/// clear message, and the output is the earlier file untouched or a complete new one — never a
/// half-written file, nor a temporary file left beside it.
///
/// Serialized, like FaultTests: the children are timed, and a busy machine would blur that.
@Suite(.serialized) struct ExportInterruptTests {
    static let earlier = Data("earlier export\n".utf8)

    /// A folder with the hard round (`hard`) and an earlier export at `out/stage.lp`.
    struct Workspace {
        var folder: URL
        var out: URL { folder.appendingPathComponent("out") }
        var file: URL { out.appendingPathComponent("stage.lp") }

        init() throws {
            folder = try CLI.temporaryFolder()
            try Scenarios.writeHard(to: folder.appendingPathComponent("hard"))
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            try ExportInterruptTests.earlier.write(to: file)
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }
        /// The output folder holds the earlier file and nothing else.
        var untouched: Bool { Scenarios.snapshot(out) == ["stage.lp": ExportInterruptTests.earlier] }
    }

    /// Stage 2 solves stage 1 first, which in the hard round takes minutes: Ctrl-C lands there.
    @Test func ctrlCWhileStageOneIsSolvedExportsNothingAndSaysSo() throws {
        let w = try Workspace()
        defer { w.remove() }
        let child = try Child(["export", "hard", "--stage", "2", "--format", "lp", "--out", "out/stage.lp"], in: w.folder)
        Thread.sleep(forTimeInterval: 3)
        #expect(child.process.isRunning, "the stage-1 solve of the hard round ended within 3 s: \(child.stderrSoFar)")
        child.signal(SIGINT)
        let run = child.wait(timeout: 30)
        #expect(run.exited(130), "\(run.summary.suffix(2000))")
        #expect(run.seconds < 20, "Ctrl-C must end the export at once, took \(run.seconds) s")
        #expect(run.stderr == "Stopped by Ctrl-C: nothing was exported, so out/stage.lp is unchanged.\n")
        #expect(run.stdout.isEmpty)
        #expect(w.untouched, "\(Scenarios.snapshot(w.out).keys.sorted())")
    }

    /// Ctrl-C at any moment of a short export, once or twice: the process ends by itself, with
    /// exit 130 and the earlier file untouched, or exit 0 and the complete new file. A Ctrl-C that
    /// lands before the handler is installed ends it by the signal, which is fine as long as
    /// nothing was touched. No temporary file is ever left.
    @Test func ctrlCAtAnyMomentLeavesTheEarlierFileOrACompleteNewOne() throws {
        let w = try Workspace()
        defer { w.remove() }
        let reference = try Child.run(["export", "hard", "--format", "lp", "--out", "reference.lp"], in: w.folder)
        #expect(reference.exited(0), "\(reference.summary)")
        let complete = try Data(contentsOf: w.folder.appendingPathComponent("reference.lp"))

        let moments: [(delay: Double, twice: Bool)] = [(0, false), (0.02, true), (0.05, false), (0.1, true),
                                                       (0.2, false), (0.3, true), (0.5, false)]
        for (delay, twice) in moments {
            let run = try Child.interrupted(["export", "hard", "--format", "lp", "--out", "out/stage.lp"], in: w.folder,
                                            after: delay, twice: twice)
            let context = "Ctrl-C\(twice ? " twice" : "") after \(delay) s: \(run.summary.suffix(2000))"
            #expect(!run.timedOut, "\(context)")
            if run.signalled {
                #expect(run.status == SIGINT, "\(context)")
                #expect(w.untouched, "\(context)")
            } else if run.status == 130 {
                #expect(run.stderr == "Stopped by Ctrl-C: nothing was exported, so out/stage.lp is unchanged.\n", "\(context)")
                #expect(w.untouched, "\(context)")
            } else {
                #expect(run.status == 0, "\(context)")
                #expect(Scenarios.snapshot(w.out) == ["stage.lp": complete], "\(context)")
                try Self.earlier.write(to: w.file)
            }
        }
    }
}
