import CadrePlanCore
import Foundation
import Testing

/// Faults a planner meets: Ctrl-C, time limits, folders that cannot be written, full disks.
/// Whatever happens, the process ends by itself with a clear message, and the output folder
/// holds either the earlier roster untouched or a complete new one — never a half-written file.
///
/// Serialized: the searches are timed, and two at once on a shared machine would blur that.
@Suite(.serialized) struct FaultTests {
    static let rosterFiles: Set<String> = ["roster.csv", "roster.json", "roster.md"]

    /// A working folder holding the hard round (`hard`) and an earlier roster of the base (`out`).
    struct Workspace {
        var folder: URL
        var out: URL { folder.appendingPathComponent("out") }
        var hard: URL { folder.appendingPathComponent("hard") }
        /// The earlier roster, byte for byte.
        var earlier: [String: Data]

        init() throws {
            folder = try CLI.temporaryFolder()
            try FileManager.default.copyItem(at: Scenarios.base, to: folder.appendingPathComponent("base"))
            try Scenarios.writeHard(to: folder.appendingPathComponent("hard"))
            let first = try Child.run(["solve", "base", "--out", "out"], in: folder)
            #expect(first.exited(0), "\(first.summary)")
            earlier = Scenarios.snapshot(folder.appendingPathComponent("out"))
            #expect(Set(earlier.keys) == FaultTests.rosterFiles)
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }
        var untouched: Bool { Scenarios.snapshot(out) == earlier }
    }

    static func decodeRoster(_ out: URL) throws -> Roster {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Roster.self, from: Data(contentsOf: out.appendingPathComponent("roster.json")))
    }

    /// The output folder holds exactly the three roster files, complete and consistent with each
    /// other, for a plan that respects every hard rule of `scenario`. Returns the roster.
    @discardableResult
    static func expectCompleteRoster(_ out: URL, of scenario: URL) throws -> Roster {
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: out.path))
        #expect(names == rosterFiles, "leftover or missing files: \(names.sorted())")
        let roster = try decodeRoster(out)
        let csv = try String(contentsOf: out.appendingPathComponent("roster.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == roster.assignments.count + 1, "roster.csv and roster.json disagree")
        let markdown = try String(contentsOf: out.appendingPathComponent("roster.md"), encoding: .utf8)
        #expect(markdown.contains(roster.status == .optimal ? "proven optimal" : "NOT proven optimal"))
        let loaded = try ScenarioLoader.load(scenario.path)
        #expect(RosterAudit.violations(roster, scenario: loaded.scenario) == [])
        return roster
    }

    // MARK: Ctrl-C

    @Test func ctrlCDuringTheSearchWritesTheBestPlanMarkedNotProvenOptimal() throws {
        let w = try Workspace()
        defer { w.remove() }
        let child = try Child(["solve", "hard", "--out", "out", "--verbose"], in: w.folder)
        // GLPK's log marks each better plan with ">>>>>": interrupt once there is one.
        let found = child.waitForStderr(timeout: 90) { $0.contains(">>>>>") }
        #expect(found, "no plan within 90 s: \(child.stderrSoFar.suffix(2000))")
        Thread.sleep(forTimeInterval: 0.3)
        child.signal(SIGINT)
        let run = child.wait(timeout: 60)
        #expect(run.exited(0), "\(run.summary.suffix(3000))")
        #expect(run.stderr.contains("NOT proven optimal (gap "), "\(run.stderr.suffix(2000))")
        #expect(run.stderr.contains("Cause: stopped by Ctrl-C."))
        #expect(run.stdout.contains("status: feasible"))

        let roster = try Self.expectCompleteRoster(w.out, of: w.hard)
        #expect(roster.status == .feasible)
        #expect(!roster.assignments.isEmpty)
        // Stage 2 is skipped when the planner stops stage 1.
        #expect(roster.stages.count == 1)
        #expect(roster.stages.first?.termination == "search terminated by application")
        #expect(roster.stages.first?.provenOptimal == false)
        #expect(roster.stages.first?.relativeGap != nil)
    }

    /// Ctrl-C at any moment — while loading, building, searching or writing, once or twice —
    /// leaves the earlier roster untouched or a complete new one; the process always ends by
    /// itself (exit 0, 1, or 130 after a second Ctrl-C). A Ctrl-C that lands before the handler
    /// is installed ends it by the signal, which is fine as long as nothing was touched.
    @Test func ctrlCAtAnyMomentLeavesTheEarlierRosterOrACompleteNewOne() throws {
        let w = try Workspace()
        defer { w.remove() }
        let moments: [(delay: Double, twice: Bool)] = [(0, false), (0.05, true), (0.15, false), (0.4, true),
                                                       (0.8, false), (1.5, true), (2.5, false)]
        for (delay, twice) in moments {
            let run = try Child.interrupted(["solve", "hard", "--out", "out"], in: w.folder, after: delay, twice: twice)
            let context = "Ctrl-C\(twice ? " twice" : "") after \(delay) s: \(run.summary.suffix(2000))"
            #expect(!run.timedOut, "\(context)")
            if run.signalled {
                #expect(run.status == SIGINT, "\(context)")
                #expect(w.untouched, "\(context)")
            } else if run.status == 0 {
                #expect(run.stderr.contains("Cause: stopped by Ctrl-C."), "\(context)")
                let roster = try Self.expectCompleteRoster(w.out, of: w.hard)
                #expect(roster.status == .feasible, "\(context)")
                // Put the earlier roster back for the next moment.
                for name in Self.rosterFiles { try w.earlier[name]?.write(to: w.out.appendingPathComponent(name)) }
            } else if run.status == 130 {
                #expect(twice && run.stderr.contains("Stopped by a second Ctrl-C: no roster written."), "\(context)")
                #expect(w.untouched, "\(context)")
            } else {
                #expect(run.status == 1, "\(context)")
                #expect(run.stderr.contains("No roster written: stopped by Ctrl-C before any plan was found; "
                    + "nothing was written, so out is unchanged."), "\(context)")
                #expect(w.untouched, "\(context)")
            }
        }
    }

    // MARK: Time limits

    @Test func aTimeLimitReturnsTheBestPlanWithItsGapAndSaysSo() throws {
        let w = try Workspace()
        defer { w.remove() }
        // The hard round has a plan within a second but no proof for minutes; on a loaded
        // machine the first plan may come later, so the limit doubles until one is found.
        var limit = 2
        var run = try Child.run(["solve", "hard", "--out", "out", "--time-limit", "\(limit)"], in: w.folder)
        while run.exited(1), limit < 16 {
            #expect(run.stderr.contains("No roster written: the time limit of \(limit) s ran out before any plan was found"))
            #expect(w.untouched)
            limit *= 2
            run = try Child.run(["solve", "hard", "--out", "out", "--time-limit", "\(limit)"], in: w.folder)
        }
        #expect(run.exited(0), "\(run.summary.suffix(3000))")
        #expect(run.stderr.contains("warning: The plan respects every hard rule but is NOT proven optimal (gap "),
                "\(run.stderr)")
        #expect(run.stderr.contains("Cause: the time limit of \(limit) s per stage ran out."))
        #expect(run.stdout.contains("status: feasible"))
        // Each stage stopped at the limit, not long after it.
        #expect(run.seconds < Double(2 * limit) + 20, "took \(run.seconds) s")

        let roster = try Self.expectCompleteRoster(w.out, of: w.hard)
        #expect(roster.status == .feasible)
        let first = try #require(roster.stages.first)
        #expect(first.termination == "time limit exceeded; search terminated")
        #expect(!first.provenOptimal)
        let gap = try #require(first.relativeGap)
        #expect(gap > 0 && gap < 1)
        #expect(first.bestBound != nil && first.value != nil)
    }

    @Test func aTimeLimitThatFindsNoPlanWritesNothing() throws {
        let w = try Workspace()
        defer { w.remove() }
        let run = try Child.run(["solve", "hard", "--out", "out", "--time-limit", "0.001"], in: w.folder)
        #expect(run.exited(1), "\(run.summary)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "No roster written: the time limit of 0.001 s ran out before any plan was found; "
            + "nothing was written, so out is unchanged — fix: raise --time-limit (or solver.time_limit_s in scenario.yaml)\n")
        #expect(w.untouched)
    }

    // MARK: Output that cannot be written

    /// Every failure after an earlier roster leaves that roster byte for byte, with no leftovers.
    @Test func anEarlierRosterSurvivesEveryFailure() throws {
        let w = try Workspace()
        defer { w.remove() }
        let broken = w.folder.appendingPathComponent("broken")
        try FileManager.default.copyItem(at: Scenarios.base, to: broken)
        try Data("id,name,name_vi,branch,priority\nland,Land,Đất đai,civil,-3\n".utf8)
            .write(to: broken.appendingPathComponent("fields.csv"))
        let failures: [(what: String, arguments: [String], message: String)] = [
            ("a missing scenario", ["solve", "missing", "--out", "out"], "missing: error: scenario folder not found"),
            ("a broken scenario", ["solve", "broken", "--out", "out"], "broken/fields.csv:2: error: field land: priority (-3) must be greater than 0"),
            ("no plan in the time limit", ["solve", "hard", "--out", "out", "--time-limit", "0.001"], "No roster written"),
            ("a bad option", ["solve", "base", "--out", "out", "--gap", "2"], "--gap must be at least 0 and below 1"),
        ]
        for failure in failures {
            let run = try Child.run(failure.arguments, in: w.folder)
            #expect(!run.signalled && !run.timedOut && run.status != 0, "\(failure.what): \(run.summary)")
            #expect(run.stderr.contains(failure.message), "\(failure.what): \(run.stderr)")
            #expect(w.untouched, "\(failure.what) changed the earlier roster")
        }
        // A write that fails half way (file-size limit: roster.csv fits, roster.json does not).
        let limited = try Child.run(["-c", "ulimit -f 1 && exec \"$0\" \"$@\"", CLI.binary.path, "solve", "base", "--out", "out"],
                                    in: w.folder, executable: URL(fileURLWithPath: "/bin/bash"))
        #expect(limited.exited(1), "\(limited.summary)")
        #expect(limited.stderr.contains("cannot write \(w.out.path)/roster.json: File too large — fix: "), "\(limited.stderr)")
        #expect(w.untouched, "a failed write changed the earlier roster or left a temporary file")
    }

    /// A folder where a roster file should be: refused before any file is replaced, so the
    /// roster is never half new and half old.
    @Test func aFolderInTheWayOfOneRosterFileChangesNoOtherFile() throws {
        let w = try Workspace()
        defer { w.remove() }
        let json = w.out.appendingPathComponent("roster.json")
        try FileManager.default.removeItem(at: json)
        try FileManager.default.createDirectory(at: json, withIntermediateDirectories: false)
        let before = Scenarios.snapshot(w.out)
        let run = try Child.run(["solve", "base", "--out", "out"], in: w.folder)
        #expect(run.exited(1), "\(run.summary)")
        #expect(run.stderr == "cannot write \(json.path): it is a folder, not a file — fix: choose a folder you can write to (--out) and check free disk space\n")
        #expect(Scenarios.snapshot(w.out) == before)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/status")))
    func anOutputFolderThatCannotBeWrittenGivesAClearError() throws {
        let w = try Workspace()
        defer { w.remove() }
        try Data("x".utf8).write(to: w.folder.appendingPathComponent("occupied"))
        let fix = " — fix: choose a folder you can write to (--out) and check free disk space\n"
        let cases: [(out: String, stderr: String)] = [
            // The kernel's /proc refuses new folders and files even to root.
            ("/proc/cadreplan-test/out", "cannot write /proc/cadreplan-test/out: the folder cannot be created (No such file or directory)"),
            ("/proc/self", "cannot write /proc/self/roster.csv: No such file or directory"),
            ("occupied", "cannot write occupied: it is a file, not a folder"),
            ("occupied/out", "cannot write occupied/out: the folder cannot be created (occupied is a file, not a folder)"),
        ]
        for (out, stderr) in cases {
            let run = try Child.run(["solve", "base", "--out", out], in: w.folder)
            #expect(run.exited(1), "--out \(out): \(run.summary)")
            #expect(run.stdout.isEmpty)
            #expect(run.stderr == stderr + fix, "--out \(out)")
        }
        #expect(w.untouched)
    }

    /// Whether this machine lets the test mount a small private file system (root with
    /// CAP_SYS_ADMIN, as on a developer machine; many CI containers do not).
    static let canMountPrivately: Bool = {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { return false }
        let probe = try? Child.run(["-m", "/bin/sh", "-c", "mount -t tmpfs -o size=16k tmpfs /tmp"],
                                   in: URL(fileURLWithPath: "/"), timeout: 20,
                                   executable: URL(fileURLWithPath: "/usr/bin/unshare"))
        return probe?.exited(0) ?? false
    }()

    /// A really full disk (a 64 KiB file system filled up) and a read-only one, mounted in a
    /// private namespace so that nothing outside the test sees them.
    @Test(.enabled(if: canMountPrivately)) func aFullOrReadOnlyDiskGivesAClearErrorAndKeepsTheEarlierRoster() throws {
        let w = try Workspace()
        defer { w.remove() }
        let script = """
            disk="$1"; cadreplan="$2"; earlier="$3"
            mkdir -p "$disk" && mount -t tmpfs -o size=64k tmpfs "$disk" || exit 77
            mkdir "$disk/out" && cp "$earlier"/roster.* "$disk/out/" || exit 78
            cat /dev/zero > "$disk/filler" 2>/dev/null
            "$cadreplan" solve base --out "$disk/out" > /dev/null; echo "full: $?"
            for f in "$earlier"/roster.*; do cmp -s "$f" "$disk/out/$(basename "$f")" && echo "kept $(basename "$f")"; done
            ls -A "$disk/out" | tr '\\n' ' '; echo
            rm -f "$disk/filler" && mount -o remount,ro "$disk" || exit 79
            "$cadreplan" solve base --out "$disk/out" > /dev/null; echo "read-only: $?"
            """
        let run = try Child.run(["-m", "/bin/sh", "-c", script, "sh", w.folder.appendingPathComponent("disk").path,
                                 CLI.binary.path, w.out.path],
                                in: w.folder, timeout: 60, executable: URL(fileURLWithPath: "/usr/bin/unshare"))
        #expect(run.exited(0), "\(run.summary)")
        let disk = w.folder.appendingPathComponent("disk/out").path
        let fix = " — fix: choose a folder you can write to (--out) and check free disk space\n"
        #expect(run.stderr == "cannot write \(disk)/roster.csv: No space left on device" + fix
            + "cannot write \(disk)/roster.csv: Read-only file system" + fix)
        #expect(run.stdout == """
            full: 1
            kept roster.csv
            kept roster.json
            kept roster.md
            roster.csv roster.json roster.md \n\
            read-only: 1

            """, "\(run.stdout)")
    }
}
