import CadrePlanCore
import Foundation
import Testing

/// A fuzzer for the scenario loader, and its regression tests (Tests/Fixtures/fuzz/README.md).
///
/// Each case is the valid base scenario (Tests/Fixtures/base) with a few seeded mutations of its
/// bytes: spreadsheet slips (separators, quotes, line endings, encodings, diacritics), extreme
/// numbers, YAML constructs, lines dropped, doubled or swapped, files cut short or removed. For
/// every case the loader must answer — a scenario or a `ScenarioError` with located, one-line
/// diagnostics — and a scenario it accepts must plan without an internal error, an infeasible
/// program or a broken hard rule. A trap or a GLPK abort kills the process instead: `make fuzz`
/// then keeps the case that was running.
///
/// `make test` replays the seeds in Tests/Fixtures/fuzz/seeds.txt and the kept crashers;
/// `make fuzz` (CADREPLAN_FUZZ_SECONDS, default 600) searches for new ones.
@Suite struct LoaderFuzzTests {
    static let fuzzFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz")
    static let baseFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/base")

    // MARK: Regression (make test)

    /// The seeds kept by earlier fuzzing: each one found a new kind of answer when it was run.
    static var keptSeeds: [UInt64] {
        let text = (try? String(contentsOf: fuzzFolder.appendingPathComponent("seeds.txt"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { UInt64($0.split(separator: "#").first?
            .trimmingCharacters(in: .whitespaces) ?? "") }
    }

    @Test func theKeptSeedsStillGetAClearAnswer() throws {
        let seeds = Self.keptSeeds
        #expect(seeds.count >= 50, "Tests/Fixtures/fuzz/seeds.txt holds only \(seeds.count) seeds")
        let base = try Mutator.baseFiles(Self.baseFolder)
        let work = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        for seed in seeds {
            let folder = work.appendingPathComponent("\(seed)")
            try Mutator.write(Mutator.files(seed: seed, from: base), to: folder)
            #expect(Self.check(folder.path).failure == nil, "seed \(seed): \(Self.check(folder.path).failure ?? "")")
        }
    }

    /// Scenario folders that once crashed or misled the loader, kept whole (not as seeds), so they
    /// stay the same inputs even when the mutator changes.
    @Test func theKeptCrashersStillGetAClearAnswer() throws {
        let crashers = Self.fuzzFolder.appendingPathComponent("crashers")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: crashers.path)) ?? []).filter { !$0.hasPrefix(".") }
        for name in names.sorted() {
            let folder = crashers.appendingPathComponent(name).appendingPathComponent("scenario")
            #expect(Self.check(folder.path).failure == nil, "\(name): \(Self.check(folder.path).failure ?? "")")
        }
    }

    @Test func theMutatorIsSeeded() throws {
        let base = try Mutator.baseFiles(Self.baseFolder)
        for seed: UInt64 in [1, 2, 99] {
            #expect(Mutator.files(seed: seed, from: base) == Mutator.files(seed: seed, from: base))
        }
        #expect(Mutator.files(seed: 1, from: base) != Mutator.files(seed: 2, from: base))
    }

    // MARK: Fuzzing (make fuzz)

    static let fuzzSeconds = ProcessInfo.processInfo.environment["CADREPLAN_FUZZ_SECONDS"].flatMap(Double.init)

    @Test(.enabled(if: LoaderFuzzTests.fuzzSeconds != nil)) func fuzz() throws {
        let seconds = Self.fuzzSeconds ?? 0
        let environment = ProcessInfo.processInfo.environment
        let work = try environment["CADREPLAN_FUZZ_WORK"].map { URL(fileURLWithPath: $0) } ?? Self.scratch()
        let current = work.appendingPathComponent("current")
        // Seeds continue from the clock unless given, so that every run explores new cases.
        var seed = environment["CADREPLAN_FUZZ_SEED"].flatMap(UInt64.init)
            ?? UInt64(Date().timeIntervalSince1970 * 1000) << 20
        let base = try Mutator.baseFiles(Self.baseFolder)
        var shapes = Set(Self.keptSeeds.flatMap { seed -> [String] in
            let folder = work.appendingPathComponent("replay")
            try? Mutator.write(Mutator.files(seed: seed, from: base), to: folder)
            return Self.check(folder.path).shapes
        })
        var newSeeds: [UInt64] = []
        var failures: [String] = []
        var cases = 0
        let watchdog = Watchdog(current: current)
        defer { watchdog.stop() }
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            seed &+= 1
            cases += 1
            let scenario = current.appendingPathComponent("scenario")
            try? FileManager.default.removeItem(at: current)
            try Mutator.write(Mutator.files(seed: seed, from: base), to: scenario)
            // Written before the run: if the process dies, `make fuzz` keeps this folder.
            try Data("\(seed)\n".utf8).write(to: current.appendingPathComponent("seed"))
            let start = ContinuousClock.now
            watchdog.started(seed)
            var outcome = Self.check(scenario.path)
            watchdog.finished()
            if ContinuousClock.now - start > .seconds(10) {
                outcome.failure = outcome.failure ?? "took \(ContinuousClock.now - start) (a hang?)"
            }
            if let failure = outcome.failure {
                failures.append("seed \(seed): \(failure)")
                try Self.keep(current, reason: failure, seed: seed)
            } else if !shapes.isSuperset(of: outcome.shapes) {
                shapes.formUnion(outcome.shapes)
                newSeeds.append(seed)
            }
        }
        try? FileManager.default.removeItem(at: current)
        if !newSeeds.isEmpty {
            let file = Self.fuzzFolder.appendingPathComponent("seeds.txt")
            let old = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            try Data((old + newSeeds.map { "\($0)\n" }.joined()).utf8).write(to: file)
        }
        print("fuzz: \(cases) cases in \(Int(seconds)) s, \(newSeeds.count) new kinds of answer kept in seeds.txt, \(failures.count) failures")
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    /// A case that never returns (an endless loop) would stall `make fuzz` forever: after 60 s
    /// the watchdog notes the hang beside the case and aborts, and `make fuzz` keeps the case.
    final class Watchdog: @unchecked Sendable {
        private let lock = NSLock()
        private var running: (seed: UInt64, since: ContinuousClock.Instant)?
        private var stopped = false

        init(current: URL) {
            Thread.detachNewThread { [self] in
                while true {
                    Thread.sleep(forTimeInterval: 1)
                    let (stopped, running) = lock.withLock { (self.stopped, self.running) }
                    if stopped { return }
                    guard let running, ContinuousClock.now - running.since > .seconds(60) else { continue }
                    try? Data("hang: seed \(running.seed) ran for over 60 s\n".utf8)
                        .write(to: current.appendingPathComponent("reason.txt"))
                    print("fuzz: seed \(running.seed) hangs; aborting so that make fuzz keeps the case")
                    abort()
                }
            }
        }
        func started(_ seed: UInt64) { lock.withLock { running = (seed, .now) } }
        func finished() { lock.withLock { running = nil } }
        func stop() { lock.withLock { stopped = true } }
    }

    static func keep(_ current: URL, reason: String, seed: UInt64) throws {
        let target = fuzzFolder.appendingPathComponent("crashers/seed-\(seed)")
        try? FileManager.default.removeItem(at: target)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: current, to: target)
        try Data((reason + "\n").utf8).write(to: target.appendingPathComponent("reason.txt"))
    }

    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cadreplan-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    // MARK: The property

    struct Outcome {
        /// What is wrong with the answer, or nil.
        var failure: String?
        /// The kinds of answer, values left out: the diagnostics by file and wording, and how the
        /// plan came out. A seed that shows a new kind is worth keeping.
        var shapes: [String]
    }

    /// Loads `folder`; when it loads, plans it. Returns what is wrong with the answer, if anything.
    static func check(_ folder: String) -> Outcome {
        let loaded: LoadedScenario
        do {
            loaded = try ScenarioLoader.load(folder)
        } catch {
            let shape = error.diagnostics.map(template)
            if error.errors.isEmpty { return Outcome(failure: "refused without an error: \(error)", shapes: shape) }
            if error.diagnostics != error.diagnostics.sorted() { return Outcome(failure: "diagnostics not sorted", shapes: shape) }
            for d in error.diagnostics {
                if d.message.isEmpty || d.fix.isEmpty || d.file.isEmpty {
                    return Outcome(failure: "incomplete diagnostic: \(d)", shapes: shape)
                }
                if d.description.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                    return Outcome(failure: "diagnostic holds a control character: \(d.description.debugDescription)", shapes: shape)
                }
                if let line = d.line, line < 1 { return Outcome(failure: "line \(line): \(d)", shapes: shape) }
            }
            return Outcome(failure: nil, shapes: shape)
        }
        let s = loaded.scenario
        var options = PlanOptions(s.solver)
        options.timeLimit = 5
        let result: PlanResult
        do { result = try Planner.plan(s, options: options) } catch {
            return Outcome(failure: "accepted, but planning failed: \(error)", shapes: ["plan error"])
        }
        guard result.hasPlan else {
            return Outcome(failure: "accepted, but no plan: \(result.stages.map(\.termination))", shapes: ["no plan"])
        }
        let roster = Roster(result)
        let violations = RosterAudit.violations(roster, scenario: s)
        if !violations.isEmpty { return Outcome(failure: "plan breaks hard rules: \(violations)", shapes: ["violations"]) }
        return Outcome(failure: nil, shapes: ["planned \(roster.status.rawValue)"] + loaded.warnings.map(template))
    }

    /// A diagnostic without its values: its file and the English words of its message, less
    /// quoted values and words of the scenario's data (`cadres.csv: error: capacity must be or more`).
    static func template(_ d: Diagnostic) -> String {
        let file = (d.file as NSString).lastPathComponent
        // Without the record's label (`need 24697/land: `), which holds mutated ids.
        var message = Substring(d.message)
        if message.prefixMatch(of: /(need|pair|history|cadre|commune|field|department)\s/) != nil,
            let colon = message.firstRange(of: ": ")
        {
            message = message[colon.upperBound...]
        }
        let words = String(message).replacing(/'[^']*'/, with: " ")
            .split(whereSeparator: { !($0.isASCII && ($0.isLowercase || $0 == "_")) })
            .map(String.init).filter { $0.count > 1 && !dataWords.contains($0) && !["nan", "inf", "null"].contains($0) }
        return "\(file): \(d.severity.rawValue): \(words.joined(separator: " "))"
    }

    /// Words of the base scenario's values (ids, names, settings), left out of templates; column
    /// names and keys stay: "min is empty" and "backlog is empty" are different answers.
    static let dataWords: Set<String> = {
        var values: [Substring] = []
        for (name, data) in (try? Mutator.baseFiles(baseFolder)) ?? [:] {
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
            if name.hasSuffix(".csv") {
                values += lines.dropFirst()
            } else {
                values += lines.compactMap { line in line.firstIndex(of: ":").map { line[line.index(after: $0)...] } }
            }
        }
        return Set(values.flatMap { $0.split(whereSeparator: { !($0.isASCII && ($0.isLowercase || $0 == "_")) }) }
            .map(String.init))
    }()
}

/// Seeded mutations of a scenario's files.
struct Mutator {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(state: seed) }

    /// The case of `seed`: the base files after its mutations.
    static func files(seed: UInt64, from base: [String: Data]) -> [String: Data] {
        var mutator = Mutator(seed: seed)
        return mutator.mutate(base)
    }

    static let tableFiles = ["fields.csv", "communes.csv", "needs.csv", "departments.csv", "cadres.csv",
                             "history.csv", "pairs.csv"]

    static func baseFiles(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in ["scenario.yaml"] + tableFiles {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    static func write(_ files: [String: Data], to folder: URL) throws {
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, data) in files { try data.write(to: folder.appendingPathComponent(name)) }
    }

    /// What spreadsheets, editors and tired planners put into files.
    static let tokens: [String] = [
        ",", "\"", "\"\"", ";", "\n", "\r\n", "\r", "\t", " ", ":", "::", "\u{FEFF}", "\u{0}", "\u{202E}", "\u{301}",
        "Đ", "ạ", "🙂", "\\", "#", "&", "*", "%", "'", "|", "-", "--", "{", "}", "[", "]", "~", "null", "true",
        "yes", "no", "pin", "maybe", "", "0", "-0", "-1", "1.5", "1,5", "24.310", "NaN", "nan", "inf", "-inf",
        "1e308", "1e309", "-1e309", "4.9e-324", "1e9", "999999999999", "9223372036854775807",
        "-9223372036854775808", "18446744073709551616", "0x10", "٣", "２", "c01", "c99", "24697", "24778", "99999",
        "land", "finance", "public_security", "so_tc", "ca_tinh", "civil", "police", "military", "officer",
        "land:3:12", "land:4:-1", "land::", ":3:", "K'Ho", String(repeating: "x", count: 300),
        // YAML
        ": ", "- ", "? ", "&a ", "*a", "<<: *a", "!!str ", "!!binary ", "---\n", "...\n", "%YAML 1.2\n",
        "{a: [", "]}", "a: &x [*x]", "\n  - ", "null\n",
    ]

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(rng.next() % UInt64(range.upperBound - range.lowerBound + 1))
    }
    mutating func pick<T>(_ list: [T]) -> T { list[int(0...(list.count - 1))] }

    /// One to four mutations of the base.
    mutating func mutate(_ base: [String: Data]) -> [String: Data] {
        var files = base
        for _ in 0..<int(1...4) {
            let name = pick(files.keys.sorted())
            guard var bytes = files[name] else { continue }
            switch int(0...13) {
            case 0:  // flip a byte
                if !bytes.isEmpty { bytes[int(0...(bytes.count - 1))] = UInt8(truncatingIfNeeded: rng.next()) }
            case 1, 2:  // insert a token
                bytes.insert(contentsOf: Data(pick(Self.tokens).utf8), at: int(0...bytes.count))
            case 3:  // delete a range
                if !bytes.isEmpty {
                    let start = int(0...(bytes.count - 1))
                    bytes.removeSubrange(start..<min(bytes.count, start + int(1...20)))
                }
            case 4, 5, 6:  // replace one cell or value by a token
                bytes = Self.replacingCell(bytes, pick(Self.tokens), &self)
            case 7:  // duplicate, drop or swap lines
                var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                if lines.count > 1 {
                    let (a, b) = (int(0...(lines.count - 1)), int(0...(lines.count - 1)))
                    switch int(0...2) {
                    case 0: lines.insert(lines[a], at: b)
                    case 1: lines.remove(at: a)
                    default: lines.swapAt(a, b)
                    }
                }
                bytes = Data(lines.joined(separator: [UInt8(ascii: "\n")]))
            case 8:  // cut the file short
                bytes = bytes.prefix(int(0...bytes.count))
            case 9:  // lose the file
                files[name] = nil
                continue
            case 10:  // another encoding or line ending for the whole file
                let text = String(decoding: bytes, as: UTF8.self)
                switch int(0...3) {
                case 0: bytes = text.data(using: .utf16) ?? bytes
                case 1: bytes = Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
                case 2: bytes = text.data(using: .isoLatin1, allowLossyConversion: true) ?? bytes
                default: bytes = Data(text.replacingOccurrences(of: ",", with: ";").utf8)
                }
            case 11:  // swap two header names
                var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                if var header = lines.first.map({ $0.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) }),
                    header.count > 1
                {
                    header.swapAt(int(0...(header.count - 1)), int(0...(header.count - 1)))
                    lines[0] = Data(header.joined(separator: [UInt8(ascii: ",")]))
                    bytes = Data(lines.joined(separator: [UInt8(ascii: "\n")]))
                }
            case 12:  // a row of another table
                if let other = base[pick(Self.tableFiles)] {
                    let rows = other.split(separator: UInt8(ascii: "\n"))
                    if let row = rows.isEmpty ? nil : rows[int(0...(rows.count - 1))] {
                        bytes.append(contentsOf: [UInt8(ascii: "\n")] + row + [UInt8(ascii: "\n")])
                    }
                }
            default:  // random bytes
                bytes = Data((0..<int(0...64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
            }
            files[name] = bytes
        }
        // Drawn last, so that the mutations above stay those of older seeds.
        if int(0...3) == 0 { addOptionalColumns(&files) }
        return files
    }

    /// Values for the optional columns (shared cadres, work needs, pair tuning), sane and not.
    static let optionalColumns: [String: [(column: String, values: [String])]] = [
        "needs.csv": [("unit", ["", "cadres", "fte", "files", "FTE", "hours"])],
        "cadres.csv": [("time_share", ["", "1", "0.5", "0.25", "0.01", "0", "1.5", "nan"])],
        "pairs.csv": [("score", ["", "1", "-5", "100", "1e9"]), ("workload", ["", "0.2", "0.5", "0.8", "1", "0", "2"])],
    ]

    /// Appends the optional columns of one table, with a value drawn for every row.
    mutating func addOptionalColumns(_ files: inout [String: Data]) {
        let name = pick(Self.optionalColumns.keys.sorted())
        guard let columns = Self.optionalColumns[name], let data = files[name] else { return }
        var lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
        for i in lines.indices where !lines[i].isEmpty {
            lines[i] += columns.map { "," + (i == 0 ? $0.column : pick($0.values)) }.joined()
        }
        files[name] = Data(lines.joined(separator: "\n").utf8)
    }

    /// Replaces the text between two separators (`,` `:` `;` or a line break) by `token`.
    static func replacingCell(_ bytes: Data, _ token: String, _ m: inout Mutator) -> Data {
        let separators: Set<UInt8> = [UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: "\n")]
        let cuts = [-1] + bytes.indices.filter { separators.contains(bytes[$0]) } + [bytes.count]
        let k = m.int(0...(cuts.count - 2))
        var out = Data(bytes.prefix(cuts[k] + 1))
        out.append(contentsOf: token.utf8)
        out.append(contentsOf: bytes.suffix(from: min(bytes.count, cuts[k + 1])))
        return out
    }
}
