import Foundation

extension Scenario {
    /// The CSV tables of a scenario folder (see docs/scenario-format.md).
    enum Table: String, CaseIterable, Sendable, Hashable {
        case fields, communes, needs, departments, cadres, history, pairs

        var defaultFile: String { rawValue + ".csv" }
        /// Optional tables are loaded when their file exists.
        var isOptional: Bool { self == .history || self == .pairs }
        /// What one row is called in messages.
        var record: String {
            switch self {
            case .fields: "field"
            case .communes: "commune"
            case .needs: "need"
            case .departments: "department"
            case .cadres: "cadre"
            case .history: "history"
            case .pairs: "pair"
            }
        }
        var columns: [String] {
            switch self {
            case .fields: ["id", "name", "name_vi", "branch", "priority"]
            case .communes: ["id", "name", "name_ascii", "kind", "former_province", "lat", "lon", "area_km2",
                             "population", "hosting_capacity", "minority_share", "languages"]
            case .needs: ["commune", "field", "min", "desired", "level", "backlog", "priority"]
            case .departments: ["id", "name", "name_vi", "branch", "headcount", "release_cap"]
            case .cadres: ["id", "name", "department", "category", "skills", "home_commune", "languages",
                           "available", "capacity"]
            case .history: ["cadre", "commune", "field", "rating"]
            case .pairs: ["cadre", "commune", "field", "allowed"]
            }
        }
        /// Columns a table may have; absent ones take their default (docs/scenario-format.md).
        var optionalColumns: [String] {
            switch self {
            case .needs: ["unit", "round"]
            case .communes: ["lodging_capacity"]
            case .cadres: ["time_share", "rounds"]
            case .pairs: ["score", "workload", "round"]
            default: []
            }
        }
    }
}

/// Checks the consistency of a scenario: the rules of docs/scenario-format.md.
///
/// The rules are written once and used twice: by `ScenarioLoader`, which knows the file and line
/// of every record, and by `validate(_:)` for scenarios built in code (what-if overrides), where
/// problems are located by table and record id only.
public enum ScenarioValidator {
    /// Every problem of `scenario`, errors and warnings, sorted. Empty or warnings only = plannable.
    public static func validate(_ scenario: Scenario) -> [Diagnostic] {
        validate(scenario, Context())
    }

    /// What a rule points at.
    enum Place: Hashable {
        /// A key of scenario.yaml, as a dotted path (`policy.road_factor`).
        case key(String)
        /// Record `index` of a table's array in `Scenario`.
        case row(Scenario.Table, Int)
    }

    /// What the loader knows beyond the `Scenario` itself.
    struct Context {
        /// File and line of a place; by default the table's file name and no line.
        var locate: (Place) -> (file: String, line: Int?) = { place in
            switch place {
            case .key: ("scenario.yaml", nil)
            case .row(let table, _): (table.defaultFile, nil)
            }
        }
        /// File of a table, for fixes such as "use an id listed in fields.csv".
        var fileName: (Scenario.Table) -> String = { $0.defaultFile }
        /// Ids (for needs `commune/field`) of rows that exist but could not be read: references
        /// to them are not reported as unknown, their own problems were reported when reading.
        var unreadable: [Scenario.Table: Set<String>] = [:]
        /// Tables that could not be read at all: references into them are not checked.
        var unavailable: Set<Scenario.Table> = []
        /// scenario.yaml could not be read: its settings are defaults and not worth checking.
        var configUnavailable = false
        /// Keys of scenario.yaml whose value could not be read: their rules (and those of the keys
        /// below them) would only repeat the problem.
        var brokenKeys: Set<String> = []

        /// A table whose every row is in the scenario: rules that need all rows can run.
        func isComplete(_ table: Scenario.Table) -> Bool {
            !unavailable.contains(table) && (unreadable[table] ?? []).isEmpty
        }
    }

    static func validate(_ scenario: Scenario, _ context: Context) -> [Diagnostic] {
        var rules = Rules(s: scenario, context: context)
        if !context.configUnavailable {
            rules.checkConfig()
            rules.checkRounds()
            rules.checkContinuity()
        }
        rules.checkFields()
        rules.checkCommunes()
        rules.checkDepartments()
        rules.checkFairnessFloors()
        rules.checkCadres()
        rules.checkNeeds()
        if !context.configUnavailable { rules.checkRoundsHaveNeeds() }
        rules.checkHistory()
        rules.checkPairs()
        // What depends on the round's needs, cadres and pairs: once, or once per round of a year.
        rules.checkEachRound()
        return rules.found.sorted()
    }

    // MARK: Labels shared with the loader, so that a record is named the same everywhere.

    static func label(need commune: String, _ field: String) -> String { "need \(commune)/\(field)" }
    static func label(history cadre: String, _ commune: String, _ field: String) -> String {
        "history \(cadre)/\(commune)/\(field)"
    }
    static func label(pair cadre: String, _ commune: String, _ field: String?) -> String {
        "pair \(cadre)/\(commune)" + (field.map { $0.isEmpty ? "" : "/\($0)" } ?? "")
    }

    // MARK: Value checks shared with the loader

    /// Why a number cannot be data, or nil: NaN, infinities and magnitudes beyond 1e9 come from
    /// broken formulas or typos, never from a real province.
    static func numberProblem(_ x: Double) -> String? {
        if x.isNaN { return "is not a number" }
        if x.isInfinite { return "is infinite" }
        if abs(x) > 1e9 { return "is absurdly large (over 1e9)" }
        return nil
    }

    /// Why `id` cannot be an id, or nil. Ids are ASCII without spaces or commas: they end up
    /// in file names, GMPL data and `;`-separated lists.
    static func idProblem(_ id: String) -> String? {
        if id.isEmpty { return "is empty" }
        if !id.unicodeScalars.allSatisfy(\.isASCII) { return "contains non-ASCII characters" }
        if id.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" }) {
            return "contains spaces, commas or semicolons"
        }
        // Ids also name the program's variables, which GLPK's file formats keep intact only with
        // these characters (an id like `c0}` failed as an internal error, found by the fuzzer).
        let allowed = { (c: Unicode.Scalar) in
            c.properties.isAlphabetic || ("0"..."9").contains(c) || "_-.".unicodeScalars.contains(c)
        }
        if let other = id.unicodeScalars.first(where: { !allowed($0) }) { return "contains '\(other)'" }
        return nil
    }

    /// An ASCII version of `text` to suggest: diacritics dropped (đ → d), spaces → `_`.
    static func asciiSuggestion(_ text: String) -> String {
        let folded = text.replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "D")
            .folding(options: [.diacriticInsensitive], locale: nil)
        return String(String.UnicodeScalarView(folded.unicodeScalars.compactMap { scalar in
            if scalar == " " || scalar == "," || scalar == ";" { return "_" }
            return scalar.isASCII ? scalar : nil
        }))
    }

    /// A number as a planner wrote it: `300`, not `300.0`.
    static func format(_ x: Double) -> String {
        if x.isFinite, x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return "\(x)"
    }
}

/// The rules, run over one scenario, accumulating diagnostics.
private struct Rules {
    let s: Scenario
    let context: Context
    var found: [Diagnostic] = []
    /// Records with an error of their own: rules across records skip them, so that one mistake
    /// is reported once rather than again as, say, an unmeetable need.
    var flagged: Set<Place> = []
    /// Known ids prepared for "did you mean", built on first use, and the hints already given
    /// (one misspelt department may sit on hundreds of rows).
    var vocabularies: [Scenario.Table: Vocabulary] = [:]
    var hints: [String: String?] = [:]
    typealias Context = ScenarioValidator.Context
    typealias Place = ScenarioValidator.Place
    typealias V = ScenarioValidator

    /// Known ids per table; nil when the table could not be read (then references are not checked).
    let known: [Scenario.Table: Set<String>]
    let fieldByID: [String: Field]
    let departmentByID: [String: Department]
    /// Position of the first cadre with each id.
    let cadreIndex: [String: Int]
    let communeByID: [String: Commune]
    /// The round ids of `rounds:` in scenario.yaml, each once, in the order listed, and the same
    /// prepared for "did you mean".
    let roundIDs: [String]
    let roundVocabulary: Vocabulary
    /// When the rules run on one round of a year (`checkEachRound`): the round and the whole
    /// scenario, for messages that name the cadre's other rounds.
    var roundID: String?
    var whole: Scenario?

    init(s: Scenario, context: Context) {
        self.s = s
        self.context = context
        func ids(_ table: Scenario.Table, _ list: [String]) -> Set<String> {
            Set(list).union(context.unreadable[table] ?? [])
        }
        var known: [Scenario.Table: Set<String>] = [
            .fields: ids(.fields, s.fields.map(\.id)),
            .communes: ids(.communes, s.communes.map(\.id)),
            .departments: ids(.departments, s.departments.map(\.id)),
            .cadres: ids(.cadres, s.cadres.map(\.id)),
            .needs: ids(.needs, s.needs.map { "\($0.commune)/\($0.field)" }),
        ]
        for table in context.unavailable { known[table] = nil }
        self.known = known
        func first<T>(_ list: [T], _ id: KeyPath<T, String>) -> [String: T] {
            Dictionary(list.map { ($0[keyPath: id], $0) }, uniquingKeysWith: { a, _ in a })
        }
        fieldByID = first(s.fields, \.id)
        departmentByID = first(s.departments, \.id)
        cadreIndex = Dictionary(s.cadres.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        communeByID = first(s.communes, \.id)
        var rounds: [String] = []
        for r in s.rounds where !r.id.isEmpty && !rounds.contains(r.id) { rounds.append(r.id) }
        roundIDs = rounds
        roundVocabulary = Vocabulary(rounds)
    }

    // MARK: Reporting

    mutating func report(_ severity: Diagnostic.Severity, _ place: Place, _ message: String, fix: String) {
        if case .key(let key) = place,
            context.brokenKeys.contains(where: { key == $0 || key.hasPrefix($0 + ".") }) { return }
        let at = context.locate(place)
        found.append(Diagnostic(severity, file: at.file, line: at.line, message: message, fix: fix))
    }
    mutating func error(_ place: Place, _ message: String, fix: String) {
        flagged.insert(place)
        report(.error, place, message, fix: fix)
    }
    mutating func warning(_ place: Place, _ message: String, fix: String) { report(.warning, place, message, fix: fix) }

    /// Whether any record of `table` has an error.
    func hasErrors(_ table: Scenario.Table) -> Bool {
        flagged.contains { if case .row(table, _) = $0 { true } else { false } }
    }
    func isComplete(_ table: Scenario.Table) -> Bool { context.isComplete(table) }

    /// " (first on line 4)" when the other record has a line, for messages that point at two records.
    func lineHint(_ place: Place, _ words: String) -> String {
        context.locate(place).line.map { " (\(words) line \($0))" } ?? ""
    }

    func file(_ table: Scenario.Table) -> String { context.fileName(table) }

    // MARK: Generic checks

    enum Bound {
        case positive, nonNegative, atLeast(Double), within(ClosedRange<Double>)
        func admits(_ x: Double) -> Bool {
            switch self {
            case .positive: x > 0
            case .nonNegative: x >= 0
            case .atLeast(let a): x >= a
            case .within(let r): r.contains(x)
            }
        }
        var wording: String {
            switch self {
            case .positive: "greater than 0"
            case .nonNegative: "0 or more"
            case .atLeast(let a): "\(V.format(a)) or more"
            case .within(let r): "from \(V.format(r.lowerBound)) to \(V.format(r.upperBound))"
            }
        }
    }

    /// `label: column (value) must be …` when the value is not finite, absurd or out of bounds.
    mutating func number(_ x: Double, _ column: String, of label: String, at place: Place, _ bound: Bound,
                         fix: String? = nil) {
        let prefix = label.isEmpty ? column : "\(label): \(column)"
        if let problem = V.numberProblem(x) {
            error(place, "\(prefix) (\(V.format(x))) \(problem)", fix: "write a number \(bound.wording)")
        } else if !bound.admits(x) {
            error(place, "\(prefix) (\(V.format(x))) must be \(bound.wording)",
                  fix: fix ?? "set \(column) to a number \(bound.wording)")
        }
    }

    /// Reports a reference to an id that the referenced table does not have.
    mutating func reference(_ value: String, to table: Scenario.Table, column: String, of label: String,
                            at place: Place) {
        guard let ids = known[table] else { return }
        let what = table.record
        if value.isEmpty {
            error(place, "\(label): \(column) is empty", fix: "write a \(what) id listed in \(file(table))")
        } else if !ids.contains(value) {
            let hint = didYouMean(value, in: table, ids).map { "\($0) Otherwise use" } ?? "Use"
            error(place, "\(label): unknown \(what) '\(value)' in \(column)",
                  fix: "\(hint) a \(what) id listed in \(file(table)), or add '\(value)' there")
        }
    }

    mutating func didYouMean(_ value: String, in table: Scenario.Table, _ ids: Set<String>) -> String? {
        let key = "\(table.rawValue)/\(value)"
        if let hint = hints[key] { return hint }
        let vocabulary = vocabularies[table] ?? Vocabulary(ids)
        vocabularies[table] = vocabulary
        let hint = vocabulary.didYouMean(value)
        hints[key] = hint
        return hint
    }

    /// Id syntax and uniqueness for a table whose rows have an `id`.
    mutating func ids(_ list: [String], _ table: Scenario.Table) {
        var firstPlace: [String: Place] = [:]
        for (i, id) in list.enumerated() {
            let place = Place.row(table, i)
            if let problem = V.idProblem(id) {
                let example = V.asciiSuggestion(id)
                error(place, "\(table.record) id '\(id)' \(problem)",
                      fix: "use only ASCII letters, digits, '_' or '-'"
                        + (example.isEmpty || example == id ? "" : ", e.g. '\(example)'")
                        + (problem.contains("non-ASCII") ? " (names may keep their Vietnamese diacritics)" : ""))
            }
            if let earlier = firstPlace[id] {
                error(place, "duplicate \(table.record) id '\(id)'\(lineHint(earlier, "first on"))",
                      fix: "give each \(table.record) its own id, or delete the repeated row")
            } else {
                firstPlace[id] = place
            }
        }
    }

    mutating func name(_ name: String, of label: String, at place: Place) {
        if name.trimmingCharacters(in: .whitespaces).isEmpty {
            error(place, "\(label): name is empty", fix: "fill in the name")
        }
    }

    // MARK: scenario.yaml

    mutating func checkConfig() {
        if s.name.trimmingCharacters(in: .whitespaces).isEmpty {
            error(.key("name"), "name is missing or empty",
                  fix: "add a line such as name: \"Lâm Đồng 2025, round 1\"")
        }
        // With rounds: and no round:, the year spans the rounds and their own dates are checked
        // (checkRounds); a rounds: that could not be read leaves round: empty, already reported.
        let span = Round(start: s.rounds.first?.start ?? "", end: s.rounds.last?.end ?? "")
        let spansTheRounds = s.isMultiRound && s.round == span
        let roundsUnread = s.round == Round(start: "", end: "") && !roundsReadable
        if !spansTheRounds, !roundsUnread {
            let round = [("round.start", s.round.start), ("round.end", s.round.end)]
            for (key, date) in round {
                if date.isEmpty {
                    error(.key(key), "\(key) is missing", fix: "add round: {start: 2025-08-01, end: 2025-10-31}")
                } else if !Self.isISODate(date) {
                    error(.key(key), "\(key): '\(date)' is not a date written YYYY-MM-DD",
                          fix: "write the date like 2025-08-01")
                }
            }
            if Self.isISODate(s.round.start), Self.isISODate(s.round.end), s.round.end < s.round.start {
                error(.key("round.end"), "round.end (\(s.round.end)) is before round.start (\(s.round.start))",
                      fix: "swap the dates or correct the end date")
            }
        }
        let p = s.policy
        if let km = p.maxTravelKm {
            number(km, "policy.max_travel_km", of: "", at: .key("policy.max_travel_km"), .positive,
                   fix: "write a distance in km such as 300, or null for no limit")
        }
        number(p.roadFactor, "policy.road_factor", of: "", at: .key("policy.road_factor"), .atLeast(1),
               fix: "use 1 (straight line) or more; 1.3 is typical for Lâm Đồng roads")
        for (level, files) in p.throughputFilesPerMonth.enumerated() {
            number(files, "policy.throughput_files_per_month (level \(level + 1))", of: "",
                   at: .key("policy.throughput_files_per_month"), .positive,
                   fix: "write the files a full-time cadre clears per month at levels 1, 2 and 3, e.g. [20, 35, 50]")
        }
        checkRules(p.rules)
        let w = s.weights
        let weights: [(String, Double)] = [
            ("below_minimum", w.belowMinimum), ("below_desired", w.belowDesired), ("skill_level", w.skillLevel),
            ("experience_year", w.experienceYear), ("experience_cap_years", w.experienceCapYears),
            ("language", w.language), ("travel_per_100km", w.travelPer100Km),
        ]
        for (key, value) in weights {
            number(value, "weights.\(key)", of: "", at: .key("weights.\(key)"), .nonNegative)
            relativeWeight(value, "weights.\(key)", of: "", at: .key("weights.\(key)"))
        }
        if let t = s.solver.timeLimit {
            number(t, "solver.time_limit_s", of: "", at: .key("solver.time_limit_s"), .positive,
                   fix: "write seconds such as 60, or null for no limit")
        }
        number(s.solver.relativeGap, "solver.relative_gap", of: "", at: .key("solver.relative_gap"),
               .within(0...1), fix: "write 0 to prove optimality, or a small fraction such as 0.01")
        number(s.solver.stage2Tolerance, "solver.stage2_tolerance", of: "", at: .key("solver.stage2_tolerance"),
               .within(0...1), fix: "write 0, or a small fraction such as 0.01")
    }

    /// The programme rules under `policy:` (budget, lodging, teams, language, fairness). A rule
    /// that is off is not checked; a section whose value could not be read is in brokenKeys.
    mutating func checkRules(_ r: ProgrammeRules) {
        if let b = r.budget {
            money(b.totalVnd, "policy.budget.total_vnd", .positive,
                  fix: "write the programme's budget for the round in VND, e.g. 12000000000 (12 billion), or delete policy.budget")
            money(b.monthlyAllowanceVnd, "policy.budget.monthly_allowance_vnd", .nonNegative,
                  fix: "write the allowance a full-time cadre receives per month in VND, e.g. 4000000, or 0 for none")
            money(b.travelVndPerKm, "policy.budget.travel_vnd_per_km", .nonNegative,
                  fix: "write the travel cost per road km in VND, e.g. 2000, or 0 if travel is not paid from the budget")
            number(b.tripsHome, "policy.budget.trips_home", of: "", at: .key("policy.budget.trips_home"), .within(0...100),
                   fix: "write how many return trips home a cadre makes during the round, e.g. 6 (0 for none)")
            number(b.months, "policy.budget.months", of: "", at: .key("policy.budget.months"), .within(0.1...24),
                   fix: "write the length of the round in months, from 0.1 to 24, e.g. 3")
        }
        if let l = r.lodging {
            number(l.commuteKm, "policy.lodging.commute_km", of: "", at: .key("policy.lodging.commute_km"), .nonNegative,
                   fix: "write the road km a cadre can commute daily, e.g. 40 (0: everyone away from home needs a bed)")
            number(Double(l.defaultCapacity), "policy.lodging.default_capacity", of: "",
                   at: .key("policy.lodging.default_capacity"), .within(0...1000),
                   fix: "write the beds a commune has for seconded cadres when communes.csv gives no lodging_capacity, "
                     + "from 0 to 1000, e.g. 4")
        }
        if let t = r.teams {
            number(Double(t.minimumSize), "policy.teams.minimum_size", of: "", at: .key("policy.teams.minimum_size"),
                   .within(1...100), fix: "write the fewest cadres a commune's team may have, from 1 to 100, e.g. 2")
            if let most = t.maximumCommunes {
                number(Double(most), "policy.teams.maximum_communes", of: "", at: .key("policy.teams.maximum_communes"),
                       .nonNegative, fix: "write how many communes may get a team, e.g. 113, or delete the key for no limit")
            }
        }
        if let l = r.language {
            number(l.minimumShare, "policy.language.minimum_share", of: "", at: .key("policy.language.minimum_share"),
                   .within(0...1),
                   fix: l.minimumShare > 1 && l.minimumShare <= 100
                       ? "write a share from 0 to 1 (for \(V.format(l.minimumShare))% write \(V.format(l.minimumShare / 100)))"
                       : "write the ethnic-minority share from which a commune needs a speaker, from 0 to 1, e.g. 0.3")
            number(l.weight, "policy.language.weight", of: "", at: .key("policy.language.weight"), .nonNegative)
            relativeWeight(l.weight, "policy.language.weight", of: "", at: .key("policy.language.weight"))
        }
        if let f = r.fairness {
            let share = { (x: Double) in
                x > 1 && x <= 100 ? "write a share of headcount from 0 to 1 (for \(V.format(x))% write \(V.format(x / 100)))" : nil
            }
            number(f.floor, "policy.fairness.floor", of: "", at: .key("policy.fairness.floor"), .within(0...1),
                   fix: share(f.floor) ?? "write the least share of its headcount a department releases, from 0 to 1, e.g. 0.03")
            number(f.ceiling, "policy.fairness.ceiling", of: "", at: .key("policy.fairness.ceiling"), .within(0...1),
                   fix: share(f.ceiling) ?? "write the largest share of its headcount a department releases, from 0 to 1, e.g. 0.12")
            // An unreadable floor or ceiling keeps its default (0, 1), which cannot cross the other.
            if !flagged.contains(.key("policy.fairness.floor")), !flagged.contains(.key("policy.fairness.ceiling")),
                f.floor > f.ceiling
            {
                error(.key("policy.fairness.floor"),
                      "policy.fairness.floor (\(V.format(f.floor))) is above policy.fairness.ceiling (\(V.format(f.ceiling)))",
                      fix: "lower policy.fairness.floor or raise policy.fairness.ceiling, so that floor ≤ ceiling")
            }
            number(f.weight, "policy.fairness.weight", of: "", at: .key("policy.fairness.weight"), .nonNegative)
            relativeWeight(f.weight, "policy.fairness.weight", of: "", at: .key("policy.fairness.weight"))
        }
    }

    /// A sum in VND: budgets run to billions, so only values beyond 1e15 are absurd here (the
    /// other numbers of a scenario stop at 1e9).
    mutating func money(_ x: Double, _ key: String, _ bound: Bound, fix: String) {
        let place = Place.key(key)
        guard x.isFinite, abs(x) > 1e9 else { return number(x, key, of: "", at: place, bound, fix: fix) }
        if abs(x) > 1e15 {
            error(place, "\(key) (\(V.format(x))) is absurdly large (over 1e15 VND)", fix: fix)
        } else if !bound.admits(x) {
            error(place, "\(key) (\(V.format(x))) must be \(bound.wording)", fix: fix)
        }
    }

    static func isISODate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m), d >= 1
        else { return false }
        let days = [31, (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return d <= days[m - 1]
    }

    // MARK: A year of rounds

    /// Most rounds one scenario may plan together: two years of monthly rounds. Every round
    /// copies the whole program, so more is a typo or a plan that belongs in several scenarios.
    static let maxRounds = 24

    /// Whether `rounds:` was read: otherwise references to rounds are not judged (the reader
    /// reported the problem) and a scenario without rounds may just have lost them.
    var roundsReadable: Bool {
        !context.configUnavailable
            && !context.brokenKeys.contains { $0.isEmpty || $0 == "rounds" || $0.hasPrefix("rounds.") }
    }

    /// `round r2`, or `rounds entry 2` for a round without a usable id.
    func roundName(_ i: Int) -> String {
        let id = s.rounds[i].id
        return id.isEmpty || V.idProblem(id) != nil ? "rounds entry \(i + 1)" : "round \(id)"
    }

    /// The key `rounds.<i>.<key>` when scenario.yaml has it, else the round's entry (a missing key
    /// has no line of its own).
    func roundKey(_ i: Int, _ key: String) -> Place {
        let place = Place.key("rounds.\(i + 1).\(key)")
        return context.locate(place).line == nil ? .key("rounds.\(i + 1)") : place
    }

    /// `rounds:`: ids, dates, calendar order, how many, and `round:` beside it.
    mutating func checkRounds() {
        let rounds = s.rounds
        if rounds.count > Self.maxRounds {
            error(.key("rounds"), "rounds: \(rounds.count) rounds are declared, more than \(Self.maxRounds)",
                  fix: "plan at most \(Self.maxRounds) rounds in one scenario (two years of monthly rounds); "
                    + "split a longer plan into several scenarios")
        }
        var firstEntry: [String: Int] = [:]
        for (i, r) in rounds.enumerated() {
            let name = roundName(i)
            if r.id.isEmpty {
                error(roundKey(i, "id"), "rounds entry \(i + 1) has no id",
                      fix: "add id: r\(i + 1) to the round: needs.csv, cadres.csv and pairs.csv name the round by its id")
            } else if let problem = V.idProblem(r.id) {
                let example = V.asciiSuggestion(r.id)
                error(.key("rounds.\(i + 1).id"), "round id '\(r.id)' \(problem)",
                      fix: "use only ASCII letters, digits, '_', '-' or '.'"
                        + (example.isEmpty || example == r.id ? "" : ", e.g. '\(example)'"))
            }
            if let first = firstEntry[r.id] {
                error(.key("rounds.\(i + 1).id"), "duplicate round id '\(r.id)'\(lineHint(.key("rounds.\(first + 1)"), "first on"))",
                      fix: "give each round its own id, e.g. r\(i + 1)")
            } else if !r.id.isEmpty {
                firstEntry[r.id] = i
            }
            for (key, date) in [("start", r.start), ("end", r.end)] {
                if date.isEmpty {
                    error(roundKey(i, key), "\(name): \(key) is missing",
                          fix: "add \(key): with a date written YYYY-MM-DD to the round, e.g. \(key): \(key == "start" ? "2025-08-01" : "2025-10-31")")
                } else if !Self.isISODate(date) {
                    error(.key("rounds.\(i + 1).\(key)"), "\(name): \(key) '\(date)' is not a date written YYYY-MM-DD",
                          fix: "write the date like 2025-08-01")
                }
            }
            if Self.isISODate(r.start), Self.isISODate(r.end), r.end < r.start {
                error(.key("rounds.\(i + 1).end"), "\(name): end (\(r.end)) is before start (\(r.start))",
                      fix: "swap the dates or correct the end date")
            }
        }
        // In calendar order (the order of rounds: is the order of the year)…
        for i in rounds.indices.dropFirst() {
            let (a, b) = (rounds[i - 1], rounds[i])
            guard Self.isISODate(a.start), Self.isISODate(b.start), b.start <= a.start else { continue }
            error(.key("rounds.\(i + 1).start"),
                  "\(roundName(i)) starts on \(b.start), not after \(roundName(i - 1)) listed before it (start \(a.start))",
                  fix: "list the rounds in calendar order, each starting after the one before it ends")
        }
        // …and one at a time: a cadre is seconded for one round after another. Judged in the
        // order of their dates, so that rounds listed out of order are compared too.
        let dated = rounds.indices.filter { Self.isISODate(rounds[$0].start) && Self.isISODate(rounds[$0].end)
            && rounds[$0].start <= rounds[$0].end }
            .sorted { (rounds[$0].start, $0) < (rounds[$1].start, $1) }
        for (i, j) in zip(dated, dated.dropFirst()) where rounds[j].start <= rounds[i].end {
            let (a, b) = (rounds[i], rounds[j])
            error(.key("rounds.\(j + 1).start"),
                  "\(roundName(i)) (\(a.start) to \(a.end)) and \(roundName(j)) (\(b.start) to \(b.end)) overlap",
                  fix: "start \(roundName(j)) after \(a.end), or end \(roundName(i)) before \(b.start): "
                    + "a cadre is seconded for one round at a time")
        }
        // round: given beside rounds: should be the year they span.
        if let first = rounds.first, let last = rounds.last,
            [s.round.start, s.round.end, first.start, last.end].allSatisfy(Self.isISODate),
            s.round != Round(start: first.start, end: last.end)
        {
            warning(.key("round"), "round: (\(s.round.start) to \(s.round.end)) is not the year that rounds: spans "
                        + "(\(first.start) to \(last.end))",
                    fix: "delete round: (with rounds: the year runs from the first round's start to the last round's end), "
                        + "or set it to {start: \(first.start), end: \(last.end)}")
        }
    }

    /// A round nobody asks anything of is planned empty: most likely its needs were forgotten.
    /// Not judged while needs.csv has rows that could not be read or that name unknown rounds.
    mutating func checkRoundsHaveNeeds() {
        guard s.isMultiRound, isComplete(.needs), !s.needs.isEmpty, !s.needs.contains(where: { $0.round == nil }),
            s.needs.allSatisfy({ roundIDs.contains($0.round ?? "") })
        else { return }
        let asked = Set(s.needs.compactMap(\.round))
        for (i, r) in s.rounds.enumerated()
        where !r.id.isEmpty && s.rounds.firstIndex(where: { $0.id == r.id }) == i && !asked.contains(r.id) {
            warning(.key("rounds.\(i + 1)"), "round \(r.id) has no needs: no row of \(file(.needs)) is for it",
                    fix: "add the round's needs to \(file(.needs)) with round \(r.id) (an empty round is every round), "
                        + "or delete the round")
        }
    }

    /// `continuity:`: only for a year of rounds; known hot fields; a sane weight and limit; a
    /// handover someone can make.
    mutating func checkContinuity() {
        guard let c = s.continuity else { return }
        guard s.isMultiRound else {
            if roundsReadable {
                error(.key("continuity"), "continuity: applies to a year of rounds but scenario.yaml declares no rounds",
                      fix: "declare the rounds under rounds: (see docs/scenario-format.md), or delete continuity:")
            }
            return
        }
        let place = Place.key("continuity.hot_fields")
        var seen = Set<String>()
        for field in c.hotFields {
            reference(field, to: .fields, column: "hot_fields", of: "continuity", at: place)
            if !seen.insert(field).inserted {
                error(place, "continuity.hot_fields lists \(field) twice", fix: "list each field once")
            }
        }
        number(c.weight, "continuity.weight", of: "", at: .key("continuity.weight"), .nonNegative,
               fix: "write the stage-1 penalty per lapse and per missing handover, 0 or from 0.001 to 1000, e.g. 5")
        relativeWeight(c.weight, "continuity.weight", of: "", at: .key("continuity.weight"))
        let rounds = s.rounds.count
        let maxKey = "continuity.max_consecutive_rounds"
        if let n = c.maxConsecutiveRounds {
            number(Double(n), maxKey, of: "", at: .key(maxKey), .atLeast(1),
                   fix: "write how many rounds in a row a cadre may be seconded, e.g. 2, or null for no limit")
            if n >= rounds, rounds > 1 {
                warning(.key(maxKey), "\(maxKey) (\(n)) is not below the number of rounds (\(rounds)), so it never binds",
                        fix: "lower it to \(rounds - 1) or less to limit how long a cadre is away, or write null for no limit")
            }
        }
        if rounds == 1 {
            warning(.key("continuity"), "continuity: ties consecutive rounds together but rounds: declares only one round",
                    fix: "declare the following rounds under rounds:, or delete continuity:")
        }
        if c.handover, c.maxConsecutiveRounds == 1 {
            error(.key("continuity.handover"),
                  "continuity.handover is true but \(maxKey) is 1: nobody could stay on into the next round to hand over",
                  fix: "raise \(maxKey) to 2, or set handover: false")
        }
        if c.handover, c.hotFields.isEmpty {
            warning(.key("continuity.handover"),
                    "continuity.handover is true but continuity.hot_fields is empty: handover applies in hot fields only, so it does nothing",
                    fix: "list the fields whose files are handed over in continuity.hot_fields, e.g. [land], or set handover: false")
        } else if !c.handover, c.hotFields.isEmpty, c.maxConsecutiveRounds == nil {
            warning(.key("continuity"), "continuity: has no hot_fields and no max_consecutive_rounds, so it ties no rounds together",
                    fix: "list continuity.hot_fields, set \(maxKey), or delete continuity:")
        }
    }

    /// A round id in a table: the scenario must declare rounds, and this one.
    mutating func roundReference(_ value: String, column: String, of label: String, at place: Place) {
        guard s.isMultiRound, roundsReadable, !roundIDs.contains(value) else { return }
        let separator = column == "rounds" && value.contains(where: { $0 == "," || $0.isWhitespace })
            ? "separate the rounds with ';', e.g. r1;r3. " : ""
        let hint = roundVocabulary.didYouMean(value).map { "\($0) Otherwise use" } ?? "Use"
        error(place, "\(label): unknown round '\(value)' in \(column)",
              fix: "\(separator)\(hint) a round id of rounds: in scenario.yaml (\(Self.list(roundIDs))), "
                + "or leave \(column) empty for every round")
    }

    /// Rows of `table` that name rounds when scenario.yaml declares none: reported once, on the
    /// first such row, with how many there are.
    mutating func roundsUndeclared(_ table: Scenario.Table, column: String, rows: [(index: Int, label: String, value: String)]) {
        guard !s.isMultiRound, roundsReadable, let first = rows.first else { return }
        let others = rows.count > 1 ? " (and \(rows.count - 1) more \(rows.count == 2 ? "row" : "rows") of \(file(table)))" : ""
        error(.row(table, first.index),
              "\(first.label): \(column) '\(first.value)' is given but scenario.yaml declares no rounds\(others)",
              fix: "declare the rounds under rounds: in scenario.yaml (see docs/scenario-format.md), or empty the \(column) column")
    }

    // MARK: Tables

    mutating func checkFields() {
        ids(s.fields.map(\.id), .fields)
        for (i, f) in s.fields.enumerated() {
            let place = Place.row(.fields, i)
            name(f.name, of: "field \(f.id)", at: place)
            number(f.priority, "priority", of: "field \(f.id)", at: place, .positive)
            relativeWeight(f.priority, "priority", of: "field \(f.id)", at: place)
        }
    }

    static let formerProvinces = ["Lam Dong", "Binh Thuan", "Dak Nong"]

    mutating func checkCommunes() {
        ids(s.communes.map(\.id), .communes)
        for (i, c) in s.communes.enumerated() {
            let place = Place.row(.communes, i)
            let label = "commune \(c.id)"
            if V.idProblem(c.id) == nil, c.id.count != 5 || !c.id.allSatisfy(\.isASCII) || !c.id.allSatisfy(\.isNumber) {
                error(place, "commune id '\(c.id)' is not a 5-digit GSO code",
                      fix: "use the commune's official 5-digit code from the GSO list, e.g. 24697"
                        + " (keep leading zeros: format the column as text)")
            }
            name(c.name, of: label, at: place)
            if !c.nameAscii.unicodeScalars.allSatisfy(\.isASCII) {
                error(place, "\(label): name_ascii '\(c.nameAscii)' has non-ASCII characters",
                      fix: "write it without diacritics, e.g. '\(V.asciiSuggestion(c.nameAscii).replacingOccurrences(of: "_", with: " "))'")
            }
            if !Self.formerProvinces.contains(c.formerProvince) {
                // "Lâm Đồng" is three slips from "Lam Dong": compare without diacritics.
                let folded = V.asciiSuggestion(c.formerProvince).replacingOccurrences(of: "_", with: " ")
                let guess = Self.formerProvinces.contains(folded) ? "did you mean '\(folded)'?"
                    : Diagnostic.didYouMean(folded, in: Self.formerProvinces)
                let hint = guess.map { $0 + " " } ?? ""
                error(place, "\(label): former_province '\(c.formerProvince)' is not one of the three merged provinces",
                      fix: "\(hint)write Lam Dong, Binh Thuan or Dak Nong")
            }
            let swapped = Self.inVietnam(c.longitude, c.latitude) ? "lat and lon look swapped: in Lâm Đồng lat is about 11–12, lon about 107–109" : nil
            number(c.latitude, "lat", of: label, at: place, .within(-90...90), fix: swapped)
            number(c.longitude, "lon", of: label, at: place, .within(-180...180), fix: swapped)
            if V.numberProblem(c.latitude) == nil, V.numberProblem(c.longitude) == nil,
                (-90...90).contains(c.latitude), (-180...180).contains(c.longitude),
                !Self.inVietnam(c.latitude, c.longitude)
            {
                warning(place, "\(label): coordinates (\(V.format(c.latitude)), \(V.format(c.longitude))) are far outside Vietnam",
                        fix: swapped ?? "check lat/lon in decimal degrees, e.g. 11.94, 108.44 for Đà Lạt")
            }
            number(c.areaKm2, "area_km2", of: label, at: place, .positive)
            number(Double(c.population), "population", of: label, at: place, .nonNegative)
            number(Double(c.hostingCapacity), "hosting_capacity", of: label, at: place, .nonNegative)
            if let beds = c.lodgingCapacity {
                number(Double(beds), "lodging_capacity", of: label, at: place, .nonNegative,
                       fix: "set lodging_capacity to the beds the commune has for seconded cadres, 0 or more "
                         + "(leave it empty for policy.lodging.default_capacity)")
            }
            number(c.minorityShare, "minority_share", of: label, at: place, .within(0...1),
                   fix: c.minorityShare > 1 && c.minorityShare <= 100
                       ? "write a share from 0 to 1: \(V.format(c.minorityShare))% is \(V.format(c.minorityShare / 100))"
                       : nil)
        }
    }

    /// The most assignments one cadre may carry.
    static let maxCapacity = 100

    /// A generous box around Vietnam: catches swapped or mistyped coordinates.
    static func inVietnam(_ lat: Double, _ lon: Double) -> Bool { (8...24).contains(lat) && (102...110).contains(lon) }

    mutating func checkDepartments() {
        ids(s.departments.map(\.id), .departments)
        for (i, d) in s.departments.enumerated() {
            let place = Place.row(.departments, i)
            let label = "department \(d.id)"
            name(d.name, of: label, at: place)
            number(Double(d.headcount), "headcount", of: label, at: place, .nonNegative)
            number(Double(d.releaseCap), "release_cap", of: label, at: place, .nonNegative)
            if d.releaseCap > d.headcount, d.headcount >= 0 {
                error(place, "\(label): release_cap (\(d.releaseCap)) is above headcount (\(d.headcount))",
                      fix: "set release_cap to at most \(d.headcount), or correct headcount")
            }
        }
    }

    /// policy.fairness.floor is soft: a department that cannot release its share falls short and
    /// the plan says so. Still, a floor above a release cap is a contradiction the planner should see.
    mutating func checkFairnessFloors() {
        let key = "policy.fairness.floor"
        guard !context.configUnavailable, let fairness = s.policy.rules.fairness, fairness.floor > 0,
            !flagged.contains(.key(key)),
            !context.brokenKeys.contains(where: { $0.isEmpty || key == $0 || key.hasPrefix($0 + ".") })
        else { return }
        for (i, d) in s.departments.enumerated() {
            let place = Place.row(.departments, i)
            guard !flagged.contains(place), d.headcount > 0, d.releaseCap >= 0 else { continue }
            let floor = fairness.bounds(headcount: d.headcount).floor
            guard floor > d.releaseCap else { continue }
            let lower = (Double(d.releaseCap) / Double(d.headcount) * 1000).rounded(.down) / 1000
            warning(place, "department \(d.id): \(key) (\(V.format(fairness.floor))) asks it to release at least "
                        + "\(floor) of its \(ScenarioError.plural(d.headcount, "cadre")) but release_cap is \(d.releaseCap)",
                    fix: "raise release_cap of \(d.id) to \(floor), or lower \(key) in scenario.yaml to at most \(V.format(lower)); "
                        + "otherwise the plan falls \(ScenarioError.plural(floor - d.releaseCap, "cadre")) short of the floor")
        }
    }

    mutating func checkCadres() {
        ids(s.cadres.map(\.id), .cadres)
        var withRounds: [(index: Int, label: String, value: String)] = []
        for (i, c) in s.cadres.enumerated() {
            let place = Place.row(.cadres, i)
            let label = "cadre \(c.id)"
            name(c.name, of: label, at: place)
            if !c.rounds.isEmpty { withRounds.append((i, label, c.rounds.joined(separator: ";"))) }
            var seenRounds = Set<String>()
            for round in c.rounds {
                roundReference(round, column: "rounds", of: label, at: place)
                if !seenRounds.insert(round).inserted {
                    error(place, "\(label): round \(round) appears twice in rounds", fix: "list each round once, separated by ';'")
                }
            }
            reference(c.department, to: .departments, column: "department", of: label, at: place)
            reference(c.homeCommune, to: .communes, column: "home_commune", of: label, at: place)
            number(Double(c.capacity), "capacity", of: label, at: place, .atLeast(1),
                   fix: "set capacity to 1 or more (leave it empty for 1); mark the cadre available: no instead of 0")
            // Also a numerical guard: the model links x ≤ capacity · y, and above ~1e5 GLPK would
            // take y = 1/capacity for an integer 0 (found by the loader fuzzer).
            if c.capacity > Self.maxCapacity {
                error(place, "\(label): capacity (\(c.capacity)) is more assignments than one cadre can carry in a round",
                      fix: "write how many commune–field assignments the cadre can carry, usually 1 to 3 (at most \(Self.maxCapacity))")
            }
            number(c.timeShare, "time_share", of: label, at: place, .within(0.01...1),
                   fix: "write the share of full time the cadre gives, from 0.01 to 1 (leave it empty for full time)")
            let department = departmentByID[c.department]
            if let department, c.category.isArmedForces != (department.branch != .civil) {
                let wanted = c.category.isArmedForces ? "the police or military" : "a civil department"
                error(place, "\(label): category \(c.category.rawValue) cannot belong to \(department.branch.rawValue) department \(department.id)",
                      fix: "move the cadre to \(wanted), or correct the category"
                        + (c.category.isArmedForces ? "" : " (officer/soldier for the armed forces)"))
            }
            var seen = Set<String>()
            for skill in c.skills {
                let skillLabel = "\(label): skill \(skill.field)"
                reference(skill.field, to: .fields, column: "skills", of: label, at: place)
                if !seen.insert(skill.field).inserted {
                    error(place, "\(label): field \(skill.field) appears twice in skills",
                          fix: "keep one field:level:years entry per field")
                }
                if !(1...3).contains(skill.level) {
                    error(place, "\(skillLabel): level \(skill.level) is outside 1–3",
                          fix: "write a level from 1 to 3, e.g. \(skill.field):\(min(max(skill.level, 1), 3)):\(V.format(skill.years))")
                }
                number(skill.years, "years", of: skillLabel, at: place, .nonNegative)
            }
            // Legal but useless: the model can place a cadre only in fields of their own branch.
            if c.available, let department, !flagged.contains(place), isComplete(.fields) {
                let usable = c.skills.filter { fieldByID[$0.field]?.branch == department.branch }
                if usable.isEmpty {
                    warning(place, "\(label) has no skill in a \(department.branch.rawValue) field, so can never be placed",
                            fix: "add a skill in a \(department.branch.rawValue) field (field:level:years), or set available to no")
                }
            }
        }
        roundsUndeclared(.cadres, column: "rounds", rows: withRounds)
    }

    mutating func checkNeeds() {
        // "commune/field@round" ("@" alone: every round) → first row; "commune/field" → first row
        // for a single round.
        var firstPlace: [String: Place] = [:]
        var firstInARound: [String: (round: String, place: Place)] = [:]
        var withRound: [(index: Int, label: String, value: String)] = []
        for (i, n) in s.needs.enumerated() {
            let place = Place.row(.needs, i)
            let label = V.label(need: n.commune, n.field)
            reference(n.commune, to: .communes, column: "commune", of: label, at: place)
            reference(n.field, to: .fields, column: "field", of: label, at: place)
            if let round = n.round {
                withRound.append((i, label, round))
                roundReference(round, column: "round", of: label, at: place)
            }
            let key = "\(n.commune)/\(n.field)"
            if let earlier = firstPlace[key + "@" + (n.round ?? "")] {
                let inRound = n.round.map { " in round \($0)" } ?? ""
                error(place, "\(label) appears twice\(inRound)\(lineHint(earlier, "first on"))",
                      fix: "keep one row per commune and field\(n.round == nil ? "" : " in each round"): merge the two rows")
            } else {
                firstPlace[key + "@" + (n.round ?? "")] = place
                // An empty round is every round: a row for one round would be a second need there.
                if let round = n.round, let every = firstPlace[key + "@"] {
                    error(place, "\(label) for round \(round) repeats the need for every round\(lineHint(every, "empty round on"))",
                          fix: "an empty round means every round: delete this row, or give that row its round and keep one row per round")
                } else if n.round == nil, let other = firstInARound[key] {
                    error(place, "\(label) for every round (empty round) repeats the need for round \(other.round)"
                            + lineHint(other.place, "on"),
                          fix: "give this row its round and keep one row per round, or delete the rows for single rounds")
                }
                if let round = n.round, firstInARound[key] == nil { firstInARound[key] = (round, place) }
            }
            if n.unit != .cadres {
                number(n.minimumWork, "min", of: label, at: place, .nonNegative)
                number(n.desiredWork, "desired", of: label, at: place, .positive,
                       fix: "set desired to the \(n.unit == .fte ? "full-time equivalents" : "files per month") needed")
                if n.minimumWork > n.desiredWork {
                    error(place, "\(label): desired (\(V.format(n.desiredWork))) is below min (\(V.format(n.minimumWork)))",
                          fix: "set desired to at least min")
                }
                continue
            }
            number(Double(n.minimum), "min", of: label, at: place, .nonNegative)
            if n.desired < n.minimum {
                error(place, "\(label): desired (\(n.desired)) is below min (\(n.minimum))",
                      fix: "set desired to at least min")
            } else {
                number(Double(n.desired), "desired", of: label, at: place, .atLeast(1),
                       fix: "set desired to at least 1, or delete the row if the commune needs nobody")
            }
            if !(1...3).contains(n.level) {
                error(place, "\(label): level (\(n.level)) is outside 1–3", fix: "write a level from 1 to 3")
            }
            number(Double(n.backlog), "backlog", of: label, at: place, .nonNegative)
            number(n.priority, "priority", of: label, at: place, .positive)
            relativeWeight(n.priority, "priority", of: label, at: place)
        }
        roundsUndeclared(.needs, column: "round", rows: withRound)
    }

    /// Whether the round's needs can be staffed and hosted: depends on who is available, so it
    /// runs once per round of a year (`checkEachRound`).
    mutating func checkStaffing() {
        var minimumByCommune: [String: (Int, Int)] = [:]  // commune → (sum of min, first need index)
        // Can the model ever staff a need? Only available cadres of the field's branch with the
        // level; judged only once every cadre, department and field row is read and correct.
        let canJudgeStaffing = [Scenario.Table.cadres, .departments, .fields].allSatisfy { isComplete($0) && !hasErrors($0) }
        var levelsByField: [String: [Int]] = [:]  // skill levels of the available cadres of the field's branch
        for c in s.cadres where c.available {
            for skill in c.skills where fieldByID[skill.field]?.branch == departmentByID[c.department]?.branch {
                levelsByField[skill.field, default: []].append(skill.level)
            }
        }
        for (i, n) in s.needs.enumerated() where n.unit == .cadres {
            let place = Place.row(.needs, i)
            let label = V.label(need: n.commune, n.field)
            minimumByCommune[n.commune, default: (0, i)].0 += min(max(0, n.minimum), 1_000_000_000)  // no overflow

            guard canJudgeStaffing, let field = fieldByID[n.field], (1...3).contains(n.level) else { continue }
            let levels = levelsByField[n.field] ?? []
            let able = levels.filter { $0 >= n.level }.count
            if able == 0 {
                let best = levels.max()
                let lower = best.map { "lower the level to \($0), " } ?? ""
                error(place, "\(label): no available \(field.branch.rawValue) cadre has \(n.field) at level \(n.level) or above, so the need can never be met",
                      fix: "\(lower)add such a cadre to \(file(.cadres)), or drop the need")
            } else if able < n.minimum {
                warning(place, "\(label): min is \(n.minimum) but only \(able) available cadre(s) could ever serve it",
                        fix: "lower min to \(able), or add cadres with \(n.field) at level \(n.level) or above")
            }
        }
        for (commune, (sum, index)) in minimumByCommune {
            guard let c = communeByID[commune], c.hostingCapacity >= 0, sum > c.hostingCapacity else { continue }
            warning(.row(.needs, index), "commune \(commune): its needs ask for at least \(ScenarioError.plural(sum, "cadre")) but it can host \(c.hostingCapacity)",
                    fix: "raise hosting_capacity in \(file(.communes)) or lower the min of its needs")
        }
    }

    mutating func checkHistory() {
        for (i, h) in s.history.enumerated() {
            let place = Place.row(.history, i)
            let label = V.label(history: h.cadre, h.commune, h.field)
            reference(h.cadre, to: .cadres, column: "cadre", of: label, at: place)
            reference(h.commune, to: .communes, column: "commune", of: label, at: place)
            reference(h.field, to: .fields, column: "field", of: label, at: place)
            guard let c = cadreIndex[h.cadre], !flagged.contains(.row(.cadres, c)) else { continue }
            let cadre = s.cadres[c]
            if cadre.category.isArmedForces, let rating = h.rating {
                error(place, "\(label): rating '\(rating.rawValue)' given to \(cadre.category.rawValue) \(cadre.id); the armed forces are not rated here",
                      fix: "leave rating empty for officers and soldiers")
            } else if !cadre.category.isArmedForces, h.rating == nil {
                error(place, "\(label): rating is empty but \(cadre.id) is a civil cadre",
                      fix: "write excellent, good, completed or not_evaluated")
            }
        }
    }

    mutating func checkPairs() {
        // "cadre/commune/field@round" ("@" alone: every round) → row; "cadre/commune/field" →
        // first row for a single round.
        var firstRow: [String: Int] = [:]
        var firstInARound: [String: Int] = [:]
        var withRound: [(index: Int, label: String, value: String)] = []
        // Rows that say something about the same pair: pin against no is reported as such (per
        // round, in checkPins); rows that only disagree on a missing field are reported for that.
        func clash(_ a: PairRule, _ b: PairRule) -> Bool {
            a.allowed == b.allowed || [a, b].contains(where: { $0.score != nil || $0.workload != nil })
        }
        // In a year a pin without a round is reported as such, not again as repeating other rows.
        let multiRound = s.isMultiRound
        func acrossRounds(_ a: PairRule, _ b: PairRule) -> Bool {
            clash(a, b) && ![a, b].contains(where: { multiRound && $0.round == nil && $0.allowed == .pin })
        }
        for (i, p) in s.pairs.enumerated() {
            let place = Place.row(.pairs, i)
            let label = V.label(pair: p.cadre, p.commune, p.field)
            let pairKey = "\(p.cadre)/\(p.commune)/\(p.field ?? "")"
            let rowKey = pairKey + "@" + (p.round ?? "")
            if let first = firstRow[rowKey], clash(s.pairs[first], p) {
                let inRound = p.round.map { " in round \($0)" } ?? ""
                error(place, "\(label) appears twice\(inRound)\(lineHint(.row(.pairs, first), "first on"))",
                      fix: "keep one row per cadre, commune and field\(p.round == nil ? "" : " in each round"), "
                        + "with allowed, score and workload together")
            } else {
                firstRow[rowKey] = i
                // An empty round is every round: a row for one round says it again there.
                if let round = p.round, let every = firstRow[pairKey + "@"], acrossRounds(s.pairs[every], p) {
                    error(place, "\(label) for round \(round) repeats the row for every round"
                            + lineHint(.row(.pairs, every), "empty round on"),
                          fix: "keep one row per cadre, commune, field and round: merge the two rows, "
                            + "or replace the row for every round by one row per round")
                } else if p.round == nil, let other = firstInARound[pairKey], acrossRounds(s.pairs[other], p) {
                    error(place, "\(label) for every round (empty round) repeats the row for round \(s.pairs[other].round ?? "")"
                            + lineHint(.row(.pairs, other), "on"),
                          fix: "keep one row per cadre, commune, field and round: merge the two rows, "
                            + "or replace the row for every round by one row per round")
                }
                if p.round != nil, firstInARound[pairKey] == nil { firstInARound[pairKey] = i }
            }
            if let score = p.score { number(score, "score", of: label, at: place, .within(-100...100)) }
            if let workload = p.workload {
                let share = cadreIndex[p.cadre].map { s.cadres[$0].timeShare } ?? 1
                number(workload, "workload", of: label, at: place, .within(0.01...share),
                       fix: "set workload to the share of the cadre's time the assignment takes, at most their time_share (\(V.format(share)))")
            }
            reference(p.cadre, to: .cadres, column: "cadre", of: label, at: place)
            reference(p.commune, to: .communes, column: "commune", of: label, at: place)
            if let field = p.field, !field.isEmpty {
                reference(field, to: .fields, column: "field", of: label, at: place)
            }
            if let round = p.round {
                withRound.append((i, label, round))
                roundReference(round, column: "round", of: label, at: place)
            }
            guard p.allowed == .pin else {
                if p.allowed == .yes, (p.field ?? "").isEmpty {
                    error(place, "\(label): allowed 'yes' needs a field",
                          fix: "fill in the field, or delete the row: every pair is allowed unless forbidden")
                }
                continue
            }
            if (p.field ?? "").isEmpty {
                error(place, "\(label): a pin must name a field", fix: "fill in the field to pin, e.g. the commune's need")
            }
            // A pin in every round would second the cadre all year, against max_consecutive_rounds.
            if s.isMultiRound, p.round == nil {
                error(place, "\(label): a pin must name its round in a year of rounds",
                      fix: "write the round to pin in the round column, one row per round; "
                        + "a pin for every round would second the cadre all year")
            }
        }
        roundsUndeclared(.pairs, column: "round", rows: withRound)
    }

    /// Pins against the pairs rules, the needs, the cadres' availability and capacity and the
    /// needs' desired counts: depends on the round, so it runs once per round of a year.
    mutating func checkPins() {
        var pinsByCadre: [String: [(key: String, index: Int)]] = [:]
        var pinsByNeed: [String: [Int]] = [:]
        var forbidden: [String: Int] = [:]     // "cadre/commune/field" or "cadre/commune" → index
        for (i, p) in s.pairs.enumerated() where p.allowed == .no {
            let key = "\(p.cadre)/\(p.commune)" + (p.field.map { $0.isEmpty ? "" : "/\($0)" } ?? "")
            if forbidden[key] == nil { forbidden[key] = i }
        }
        for (i, p) in s.pairs.enumerated() where p.allowed == .pin {
            guard let field = p.field, !field.isEmpty else { continue }  // reported by checkPairs
            let place = Place.row(.pairs, i)
            let label = V.label(pair: p.cadre, p.commune, p.field)
            let key = "\(p.commune)/\(field)"
            if let other = forbidden["\(p.cadre)/\(p.commune)/\(field)"] ?? forbidden["\(p.cadre)/\(p.commune)"] {
                error(place, "\(label) is both pinned and forbidden\(lineHint(.row(.pairs, other), "allowed 'no' on"))",
                      fix: "keep either the pin or the 'no' row")
                continue
            }
            if let needs = known[.needs], known[.communes]?.contains(p.commune) ?? true,
                known[.fields]?.contains(field) ?? true, !needs.contains(key)
            {
                let add = roundID.map { "add the need for round \($0) (or for every round) to \(file(.needs))" }
                    ?? "add the need to \(file(.needs))"
                error(place, "\(label): commune \(p.commune) has no need in \(field), so the pin cannot be honoured",
                      fix: "\(add) or remove the pin")
                continue
            }
            if let c = cadreIndex[p.cadre], !s.cadres[c].available {
                // Available, but not in this round of the year: cadres.csv lists the others. (A
                // round the cadre lists that the scenario does not have was reported already.)
                if let whole, whole.cadres.indices.contains(c), whole.cadres[c].available, let round = roundID {
                    let listed = whole.cadres[c].rounds
                    if listed.allSatisfy({ id in whole.rounds.contains { $0.id == id } }) {
                        error(place, "\(label): cadre \(p.cadre) is pinned but available only in rounds "
                                    + listed.joined(separator: ";"),
                              fix: "remove the pin, or add \(round) to the rounds of \(p.cadre) in \(file(.cadres))")
                    }
                } else {
                    error(place, "\(label): cadre \(p.cadre) is pinned but not available",
                          fix: "remove the pin, or set available to yes in \(file(.cadres))")
                }
            }
            pinsByCadre[p.cadre, default: []].append((key, i))
            if !(pinsByNeed[key] ?? []).contains(where: { s.pairs[$0].cadre == p.cadre }) {
                pinsByNeed[key, default: []].append(i)
            }
        }
        for (cadreID, pins) in pinsByCadre {
            guard let c = cadreIndex[cadreID], !flagged.contains(.row(.cadres, c)) else { continue }
            let cadre = s.cadres[c]
            var distinct: [(key: String, index: Int)] = []
            for pin in pins where !distinct.contains(where: { $0.key == pin.key }) { distinct.append(pin) }
            guard distinct.count > cadre.capacity, distinct.indices.contains(cadre.capacity) else { continue }
            error(.row(.pairs, distinct[cadre.capacity].index),
                  "cadre \(cadreID) has \(distinct.count) pins but capacity \(cadre.capacity)",
                  fix: "remove pins down to \(cadre.capacity), or raise capacity in \(file(.cadres))")
        }
        for (key, pins) in pinsByNeed {
            guard let n = s.needs.firstIndex(where: { "\($0.commune)/\($0.field)" == key }),
                !flagged.contains(.row(.needs, n)), pins.count > s.needs[n].desired, let last = pins.last
            else { continue }
            let need = s.needs[n]
            error(.row(.pairs, last), "\(V.label(need: need.commune, need.field)) has \(pins.count) pins but desires \(need.desired)",
                  fix: "remove pins down to \(need.desired), or raise desired in \(file(.needs))")
        }
    }

    /// The rules that depend on a round's needs, cadres and pairs. A year of rounds runs them on
    /// each round on its own (`Scenario.single(round:)`: its needs, the cadres available in it,
    /// its pairs rules), with rows located in the files as they are; a finding made in every
    /// round is reported once, one made in some rounds says in which.
    mutating func checkEachRound() {
        guard s.isMultiRound else {
            checkStaffing()
            checkPins()
            checkPinsAgainstHardRules()
            return
        }
        var findings: [(diagnostic: Diagnostic, rounds: [String])] = []
        var seen: [String: Int] = [:]  // description → index in findings
        for id in roundIDs {
            // Rows of the round, as single(round:) keeps them; a pin without a round is an error
            // of its own (checkPairs) and judged in no round.
            let needRows = s.needs.indices.filter { s.needs[$0].round == nil || s.needs[$0].round == id }
            let pairRows = s.pairs.indices.filter {
                let p = s.pairs[$0]
                return p.round == id || (p.round == nil && p.allowed != .pin)
            }
            var round = s.single(round: id)
            round.needs = needRows.map { var n = s.needs[$0]; n.round = nil; return n }
            round.pairs = pairRows.map { var p = s.pairs[$0]; p.round = nil; return p }
            var roundContext = context
            // A need naming an unknown round (reported) may be meant for this one: pins to it are
            // not reported as pins without a need.
            for n in s.needs where !roundIDs.contains(n.round ?? id) {
                roundContext.unreadable[.needs, default: []].insert("\(n.commune)/\(n.field)")
            }
            let locate = context.locate
            roundContext.locate = { place in
                switch place {
                case .row(.needs, let j) where needRows.indices.contains(j): locate(.row(.needs, needRows[j]))
                case .row(.pairs, let j) where pairRows.indices.contains(j): locate(.row(.pairs, pairRows[j]))
                default: locate(place)
                }
            }
            var rules = Rules(s: round, context: roundContext)
            rules.roundID = id
            rules.whole = s
            let needAt = Dictionary(needRows.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            let pairAt = Dictionary(pairRows.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            rules.flagged = Set(flagged.compactMap { place -> Place? in
                switch place {
                case .row(.needs, let i): needAt[i].map { .row(.needs, $0) }
                case .row(.pairs, let i): pairAt[i].map { .row(.pairs, $0) }
                default: place
                }
            })
            rules.checkStaffing()
            rules.checkPins()
            rules.checkPinsAgainstHardRules()
            // Pins with a problem in their round are left out of the rules across rounds.
            for case .row(.pairs, let j) in rules.flagged where pairRows.indices.contains(j) {
                flagged.insert(.row(.pairs, pairRows[j]))
            }
            for d in rules.found {
                if let k = seen[d.description] {
                    findings[k].rounds.append(id)
                } else {
                    seen[d.description] = findings.count
                    findings.append((d, [id]))
                }
            }
        }
        for (d, rounds) in findings {
            var d = d
            if rounds.count < roundIDs.count {
                d.message = "in \(rounds.count == 1 ? "round" : "rounds") \(rounds.joined(separator: ", ")): " + d.message
            }
            found.append(d)
        }
        checkPinsAgainstConsecutiveRounds()
    }

    /// continuity.max_consecutive_rounds is hard, and a pin releases its cadre in its round: pins
    /// of one cadre in more consecutive rounds than that cannot all hold.
    mutating func checkPinsAgainstConsecutiveRounds() {
        let key = "continuity.max_consecutive_rounds"
        guard let most = s.continuity?.maxConsecutiveRounds, most >= 1, !flagged.contains(.key(key)) else { return }
        let position = Dictionary(roundIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var pinned: [String: [Int: Int]] = [:]  // cadre → position of the round → first pin row in it
        for (i, p) in s.pairs.enumerated() where p.allowed == .pin && !flagged.contains(.row(.pairs, i)) {
            guard let round = p.round, let k = position[round], cadreIndex[p.cadre] != nil,
                pinned[p.cadre]?[k] == nil
            else { continue }
            pinned[p.cadre, default: [:]][k] = i
        }
        for (cadre, rows) in pinned.sorted(by: { $0.key < $1.key }) {
            // Runs of consecutive rounds with a pin.
            var runs: [[(round: Int, row: Int)]] = []
            for (k, row) in rows.sorted(by: { $0.key < $1.key }) {
                if let last = runs.last?.last, last.round == k - 1 {
                    runs[runs.count - 1].append((k, row))
                } else {
                    runs.append([(k, row)])
                }
            }
            for run in runs where run.count > most {
                let names = run.map { roundIDs[$0.round] }
                error(.row(.pairs, run[most].row),
                      "cadre \(cadre) is pinned in \(run.count) rounds in a row (\(Self.list(names))) but \(key) is \(most)",
                      fix: "remove pins of \(cadre) so that at most \(most) rounds in a row have one, "
                        + "or raise \(key) to \(run.count) in scenario.yaml")
            }
        }
    }
}

// MARK: Pins against the hard rules and the caps

extension Rules {
    /// A pin fixes x[c,n] = 1; every other constraint of the program has a shortfall or a zero
    /// to fall back on. So pins are the only way the hard rules can contradict each other: a pin
    /// the eligibility rules forbid, or more pins than a department releases or a commune hosts.
    /// Checked here, in the planner's words, so that `solve` never shows a bare solver status.
    /// (Pins above a cadre's capacity or a need's desired count are checked in `checkPins`.)
    mutating func checkPinsAgainstHardRules() {
        let pins = pinsThatPassTheHardRules()
        // Release caps: every pinned cadre is released (y = 1), so count distinct cadres.
        var pinnedCadres: [Int: [(cadre: String, row: Int)]] = [:]  // department index → cadres, first pin row
        var pinnedHere: [Int: [(what: String, row: Int)]] = [:]     // commune index → pins
        var seenPairs = Set<String>()
        var seenCadres = Set<String>()
        for pin in pins {
            let cadre = s.cadres[pin.cadre]
            guard seenPairs.insert("\(cadre.id)/\(pin.need)").inserted else { continue }
            if seenCadres.insert(cadre.id).inserted {
                pinnedCadres[pin.department, default: []].append((cadre.id, pin.row))
            }
            pinnedHere[pin.commune, default: []].append(("\(cadre.id) to \(s.needs[pin.need].field)", pin.row))
        }
        for (d, cadres) in pinnedCadres.sorted(by: { $0.key < $1.key }) {
            let department = s.departments[d]
            let cap = department.releaseCap
            guard !flagged.contains(.row(.departments, d)), cap >= 0, cadres.count > cap else { continue }
            error(.row(.pairs, cadres[cap].row),
                  "department \(department.id) releases at most \(ScenarioError.plural(cap, "cadre")) (release_cap) "
                    + "but \(cadres.count) of its cadres are pinned: \(Self.list(cadres.map(\.cadre)))",
                  fix: "remove the pins of \(cadres.count - cap) of them, or raise release_cap of \(department.id) "
                    + "to \(cadres.count) in \(located(.row(.departments, d)))")
        }
        for (m, pinned) in pinnedHere.sorted(by: { $0.key < $1.key }) {
            let commune = s.communes[m]
            let cap = commune.hostingCapacity
            guard !flagged.contains(.row(.communes, m)), cap >= 0, pinned.count > cap else { continue }
            error(.row(.pairs, pinned[cap].row),
                  "commune \(commune.id) can host \(ScenarioError.plural(cap, "cadre")) (hosting_capacity) "
                    + "but \(pinned.count) are pinned there: \(Self.list(pinned.map(\.what)))",
                  fix: "remove \(pinned.count - cap) of these pins, or raise hosting_capacity of \(commune.id) "
                    + "to \(pinned.count) in \(located(.row(.communes, m)))")
        }
        checkPinnedWorkloads(pins)
    }

    /// A cadre's pinned assignments must fit in their time share: each takes its workload from
    /// pairs.csv (a row for the field, else for the commune), else time share / capacity.
    mutating func checkPinnedWorkloads(_ pins: [SoundPin]) {
        var workload: [String: Double] = [:]  // "cadre/commune/field" ("cadre/commune/" for all fields)
        for p in s.pairs { if let w = p.workload { workload["\(p.cadre)/\(p.commune)/\(p.field ?? "")"] = w } }
        var taken: [Int: (total: Double, parts: [String], seen: Set<Int>)] = [:]  // cadre index → pinned workloads
        for pin in pins {
            let cadre = s.cadres[pin.cadre]
            let need = s.needs[pin.need]
            guard !(taken[pin.cadre]?.seen.contains(pin.need) ?? false), cadre.capacity >= 1,
                cadre.timeShare.isFinite, cadre.timeShare > 0
            else { continue }
            let w = workload["\(cadre.id)/\(need.commune)/\(need.field)"] ?? workload["\(cadre.id)/\(need.commune)/"]
                ?? cadre.timeShare / Double(cadre.capacity)
            var entry = taken[pin.cadre] ?? (0, [], [])
            entry.total += w
            entry.parts.append(V.format(w))
            entry.seen.insert(pin.need)
            taken[pin.cadre] = entry
            guard entry.total > cadre.timeShare + 1e-9, entry.total - w <= cadre.timeShare + 1e-9 else { continue }
            error(.row(.pairs, pin.row),
                  "cadre \(cadre.id): the pinned assignments take \(entry.parts.joined(separator: " + ")) of their time "
                    + "but time_share is \(V.format(cadre.timeShare))",
                  fix: "lower the workloads in \(file(.pairs)), remove a pin, or raise time_share of \(cadre.id) "
                    + "in \(located(.row(.cadres, pin.cadre)))")
        }
    }

    /// One pin whose cadre, need and their references are all sound.
    struct SoundPin {
        var row: Int, cadre: Int, need: Int, department: Int, commune: Int
    }

    /// The pins, in file order, that the eligibility rules allow; the others are reported with
    /// the rule they break. Pins with a problem of their own (unknown ids, unavailable cadre, …)
    /// were reported by `checkPairs` and `checkPins` and are left out.
    mutating func pinsThatPassTheHardRules() -> [SoundPin] {
        // Eligibility reads the policy: with a broken policy it would only repeat that problem.
        let policyKeys = ["policy.max_travel_km", "policy.road_factor", "policy.allow_home_commune"]
        guard !context.configUnavailable,
            !context.brokenKeys.contains(where: { $0.isEmpty || $0 == "policy" || $0.hasPrefix("policy.") }),
            !policyKeys.contains(where: { flagged.contains(.key($0)) })
        else { return [] }
        let index = ScenarioIndex(s)
        var needIndex: [String: Int] = [:]
        for (n, need) in s.needs.enumerated() where needIndex["\(need.commune)/\(need.field)"] == nil {
            needIndex["\(need.commune)/\(need.field)"] = n
        }
        var sound: [SoundPin] = []
        for (i, p) in s.pairs.enumerated() {
            guard p.allowed == .pin, let field = p.field, !field.isEmpty, !flagged.contains(.row(.pairs, i)),
                let c = cadreIndex[p.cadre], !flagged.contains(.row(.cadres, c)), s.cadres[c].available,
                let n = needIndex["\(p.commune)/\(field)"], !flagged.contains(.row(.needs, n)),
                let d = index.department[s.cadres[c].department], !flagged.contains(.row(.departments, d)),
                let f = index.field[field], !flagged.contains(.row(.fields, f)),
                let home = index.commune[s.cadres[c].homeCommune], !flagged.contains(.row(.communes, home)),
                let host = index.commune[p.commune], !flagged.contains(.row(.communes, host))
            else { continue }
            let cadre = s.cadres[c]
            let need = s.needs[n]
            guard case .ineligible(let why) = Eligibility.check(cadre: cadre, need: need, scenario: s, index: index)
            else {
                sound.append(SoundPin(row: i, cadre: c, need: n, department: d, commune: host))
                continue
            }
            let label = V.label(pair: p.cadre, p.commune, p.field)
            let broken = brokenRule(why, cadre: cadre, need: need, field: s.fields[f], needRow: n,
                                    department: s.departments[d], home: s.communes[home], host: s.communes[host])
            error(.row(.pairs, i), "\(label): the pin breaks a hard rule: \(broken.what)",
                  fix: "remove the pin, or \(broken.fix)")
        }
        return sound
    }

    /// The rule a pinned pair breaks, with the values involved and how to relax it.
    func brokenRule(_ why: Ineligibility, cadre: Cadre, need: Need, field: Field, needRow: Int,
                    department: Department, home: Commune, host: Commune) -> (what: String, fix: String) {
        switch why {
        case .wrongBranch:
            return ("cadre \(cadre.id) belongs to \(department.branch.rawValue) department \(department.id) "
                        + "but \(field.id) is a \(field.branch.rawValue) field",
                    "pin a \(field.branch.rawValue) cadre instead")
        case .noSkill:
            return ("cadre \(cadre.id) has no skill in \(field.id)",
                    "add \(field.id):level:years to the skills of \(cadre.id) in \(file(.cadres))")
        case .levelTooLow:
            let level = cadre.skill(in: need.field)?.level ?? 0
            return ("cadre \(cadre.id) has \(field.id) at level \(level) but \(V.label(need: need.commune, need.field)) "
                        + "requires level \(need.level)",
                    "lower the level of the need to \(level) in \(located(.row(.needs, needRow)))")
        case .homeCommune:
            return ("\(host.id) is the home commune of cadre \(cadre.id) and policy.allow_home_commune is false",
                    "set policy.allow_home_commune: true in scenario.yaml")
        case .tooFar:
            let km = Eligibility.travelKm(from: home, to: host, roadFactor: s.policy.roadFactor)
            let limit = s.policy.maxTravelKm.map(V.format) ?? "none"
            return ("the trip from \(cadre.id)'s home commune \(home.id) to \(host.id) is \(V.format(km)) km, "
                        + "beyond policy.max_travel_km (\(limit))",
                    "raise policy.max_travel_km in scenario.yaml to at least \(V.format(km.rounded(.up)))")
        case .unavailable, .forbidden:
            return (why.explanation, "change that rule")
        }
    }

    /// Priorities and objective weights are relative: outside 0.001–1000 (0 allowed for weights)
    /// they only come from typos, and their products and ratios in the objective overflow
    /// (a priority of 4.9e-324, found by the loader fuzzer, made a coefficient infinite).
    mutating func relativeWeight(_ x: Double, _ column: String, of label: String, at place: Place) {
        guard x.isFinite, x > 0, !(0.001...1000).contains(x) else { return }
        let prefix = label.isEmpty ? column : "\(label): \(column)"
        error(place, "\(prefix) (\(V.format(x))) is outside 0.001–1000: it is a relative weight",
              fix: "write a relative weight such as 1, 1.5 or 3, from 0.001 to 1000")
    }

    /// `communes.csv line 3`, or just the file for scenarios built in code.
    func located(_ place: Place) -> String {
        let at = context.locate(place)
        let name = (at.file as NSString).lastPathComponent
        return at.line.map { "\(name) line \($0)" } ?? name
    }

    /// `a, b, c` — at most six items, then how many more.
    static func list(_ items: [String]) -> String {
        items.count <= 6 ? items.joined(separator: ", ")
            : items.prefix(6).joined(separator: ", ") + " and \(items.count - 6) more"
    }
}
