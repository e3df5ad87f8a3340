/// One problem found in a scenario, written for the planner who edits the tables in a
/// spreadsheet: where it is, what is wrong (naming the record and value) and how to fix it.
public struct Diagnostic: Sendable, Equatable, Comparable, CustomStringConvertible {
    public enum Severity: String, Sendable, Equatable {
        /// The scenario cannot be planned until this is fixed.
        case error
        /// Legal but suspicious: planning goes ahead.
        case warning
    }

    public var severity: Severity
    /// The file as the planner gave it, e.g. `scenarios/x/needs.csv`.
    public var file: String
    /// 1-based line in `file` (CSV header = line 1); `nil` when the problem concerns the whole
    /// file or the scenario was built in code.
    public var line: Int?
    /// What is wrong, naming the record and the value.
    public var message: String
    /// How to fix it.
    public var fix: String

    public init(_ severity: Severity = .error, file: String, line: Int? = nil, message: String, fix: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.message = message
        self.fix = fix
    }

    /// `needs.csv:12: error: need 24697/land: desired (0) is below min (1) — fix: set desired to at least min`
    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return Self.printable("\(place): \(severity.rawValue): \(message) — fix: \(fix)")
    }

    /// `text` with control characters from the planner's files (a form feed, a terminal escape,
    /// a bidi override) written as `\u{C}`: each diagnostic stays one line and cannot drive the
    /// terminal it is printed on.
    static func printable(_ text: String) -> String {
        func isControl(_ s: Unicode.Scalar) -> Bool {
            switch s.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator: return true
            default: return (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value)
            }
        }
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            guard isControl(s) else {
                out.append(s)
                continue
            }
            out.append(contentsOf: "\\u{\(String(s.value, radix: 16, uppercase: true))}".unicodeScalars)
        }
        return String(out)
    }

    /// By file, then line (whole-file problems first), then message: the order a planner reads in.
    public static func < (a: Diagnostic, b: Diagnostic) -> Bool {
        (a.file, a.line ?? 0, a.message, a.severity.rawValue, a.fix)
            < (b.file, b.line ?? 0, b.message, b.severity.rawValue, b.fix)
    }
}

/// A scenario that cannot be planned: every problem found, sorted, so that the planner can fix
/// them all in one pass instead of one per run.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    /// Errors and the warnings found alongside them, sorted.
    public var diagnostics: [Diagnostic]
    /// The scenario folder as the planner gave it.
    public var folder: String

    public init(folder: String, diagnostics: [Diagnostic]) {
        self.folder = folder
        self.diagnostics = diagnostics.sorted()
    }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    /// One diagnostic per line, then a count such as `3 errors in scenario scenarios/x`.
    public var description: String {
        let errorCount = errors.count
        let warningCount = diagnostics.count - errorCount
        var count = Self.plural(errorCount, "error")
        if warningCount > 0 { count += " and " + Self.plural(warningCount, "warning") }
        return (diagnostics.map(\.description) + ["\(count) in scenario \(folder)"]).joined(separator: "\n")
    }

    static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
}

extension Diagnostic {
    /// `did you mean 'x'?` for the word of `candidates` closest to `word`, or nil.
    static func didYouMean(_ word: String, in candidates: some Sequence<String>) -> String? {
        Vocabulary(candidates).didYouMean(word)
    }
}

/// Words for "did you mean" hints, prepared once (lowercased, sorted) because a scenario with
/// many typos looks up thousands of ids.
struct Vocabulary {
    private let words: [(word: String, scalars: [Unicode.Scalar])]
    private let longest: Int

    init(_ words: some Sequence<String>) {
        self.words = Set(words).sorted().map { ($0, Array($0.lowercased().unicodeScalars)) }
        longest = self.words.map(\.scalars.count).max() ?? 0
    }

    func didYouMean(_ word: String) -> String? { closest(to: word).map { "did you mean '\($0)'?" } }

    /// The word the planner most likely meant by `word`: closest by edit distance, ignoring case
    /// (ties go to the first in sorted order), and close enough to be a typo: at most a third of
    /// the shorter word's length, and at least 1.
    func closest(to word: String) -> String? {
        let typed = Array(word.lowercased().unicodeScalars)
        guard !typed.isEmpty else { return nil }
        var rows = [Int](repeating: 0, count: 3 * (max(typed.count, longest) + 1))
        var best: (word: String, distance: Int)?
        for (candidate, other) in words where candidate != word {
            let allowed = max(1, min(typed.count, other.count) / 3)
            // Sorted order: a later candidate must be strictly closer to win.
            let limit = min(allowed, (best?.distance ?? .max) - 1)
            guard limit >= 0, let d = Self.editDistance(typed, other, limit: limit, rows: &rows) else { continue }
            best = (candidate, d)
        }
        return best?.word
    }

    /// Edit distance where an insertion, deletion, substitution or swap of two neighbours costs 1
    /// (optimal string alignment: `24679` is one slip away from `24697`), or nil when above
    /// `limit`; gives up as soon as the limit is out of reach. `rows` is scratch space for three
    /// rows of the table, each at least `b.count + 1` long.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int, rows: inout [Int]) -> Int? {
        guard abs(a.count - b.count) <= limit else { return nil }
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        let width = rows.count / 3
        // Row i of the table lives at offset ((i + 1) % 3) * width: rows i, i - 1 and i - 2 rotate.
        for j in 0...b.count { rows[width + j] = j }
        for i in 1...a.count {
            let (cur, prev, before) = (((i + 1) % 3) * width, (i % 3) * width, ((i + 2) % 3) * width)
            rows[cur] = i
            var rowMin = i
            for j in 1...b.count {
                var d = min(rows[prev + j] + 1, rows[cur + j - 1] + 1, rows[prev + j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d = min(d, rows[before + j - 2] + 1) }
                rows[cur + j] = d
                rowMin = min(rowMin, d)
            }
            if rowMin > limit { return nil }
        }
        let d = rows[((a.count + 1) % 3) * width + b.count]
        return d <= limit ? d : nil
    }
}
