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
            case .needs: ["unit"]
            case .communes: ["lodging_capacity"]
            case .cadres: ["time_share"]
            case .pairs: ["score", "workload"]
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
        if !context.configUnavailable { rules.checkConfig() }
        rules.checkFields()
        rules.checkCommunes()
        rules.checkDepartments()
        rules.checkFairnessFloors()
        rules.checkCadres()
        rules.checkNeeds()
        rules.checkHistory()
        rules.checkPairs()
        rules.checkPinsAgainstHardRules()
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
        for (i, c) in s.cadres.enumerated() {
            let place = Place.row(.cadres, i)
            let label = "cadre \(c.id)"
            name(c.name, of: label, at: place)
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
    }

    mutating func checkNeeds() {
        var firstPlace: [String: Place] = [:]
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
        for (i, n) in s.needs.enumerated() {
            let place = Place.row(.needs, i)
            let label = V.label(need: n.commune, n.field)
            reference(n.commune, to: .communes, column: "commune", of: label, at: place)
            reference(n.field, to: .fields, column: "field", of: label, at: place)
            let key = "\(n.commune)/\(n.field)"
            if let earlier = firstPlace[key] {
                error(place, "\(label) appears twice\(lineHint(earlier, "first on"))",
                      fix: "keep one row per commune and field: merge the two rows")
            } else {
                firstPlace[key] = place
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
        var pinsByCadre: [String: [(key: String, index: Int)]] = [:]
        var pinsByNeed: [String: [Int]] = [:]
        var forbidden: [String: Int] = [:]     // "cadre/commune/field" or "cadre/commune" → index
        for (i, p) in s.pairs.enumerated() where p.allowed == .no {
            let key = "\(p.cadre)/\(p.commune)" + (p.field.map { $0.isEmpty ? "" : "/\($0)" } ?? "")
            if forbidden[key] == nil { forbidden[key] = i }
        }
        var firstRow: [String: Int] = [:]
        for (i, p) in s.pairs.enumerated() {
            let place = Place.row(.pairs, i)
            let label = V.label(pair: p.cadre, p.commune, p.field)
            let rowKey = "\(p.cadre)/\(p.commune)/\(p.field ?? "")"
            // Pin against no is reported as such below; rows that only disagree on a missing field
            // are reported for that. What is left contradicts (or repeats) an earlier row.
            if let first = firstRow[rowKey], s.pairs[first].allowed == p.allowed
                || [s.pairs[first], p].contains(where: { $0.score != nil || $0.workload != nil })
            {
                error(place, "\(label) appears twice\(lineHint(.row(.pairs, first), "first on"))",
                      fix: "keep one row per cadre, commune and field, with allowed, score and workload together")
            } else {
                firstRow[rowKey] = i
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
            guard p.allowed == .pin else {
                if p.allowed == .yes, (p.field ?? "").isEmpty {
                    error(place, "\(label): allowed 'yes' needs a field",
                          fix: "fill in the field, or delete the row: every pair is allowed unless forbidden")
                }
                continue
            }
            guard let field = p.field, !field.isEmpty else {
                error(place, "\(label): a pin must name a field", fix: "fill in the field to pin, e.g. the commune's need")
                continue
            }
            let key = "\(p.commune)/\(field)"
            if let other = forbidden["\(p.cadre)/\(p.commune)/\(field)"] ?? forbidden["\(p.cadre)/\(p.commune)"] {
                error(place, "\(label) is both pinned and forbidden\(lineHint(.row(.pairs, other), "allowed 'no' on"))",
                      fix: "keep either the pin or the 'no' row")
                continue
            }
            if let needs = known[.needs], known[.communes]?.contains(p.commune) ?? true,
                known[.fields]?.contains(field) ?? true, !needs.contains(key)
            {
                error(place, "\(label): commune \(p.commune) has no need in \(field), so the pin cannot be honoured",
                      fix: "add the need to \(file(.needs)) or remove the pin")
                continue
            }
            if let c = cadreIndex[p.cadre], !s.cadres[c].available {
                error(place, "\(label): cadre \(p.cadre) is pinned but not available",
                      fix: "remove the pin, or set available to yes in \(file(.cadres))")
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
}

// MARK: Pins against the hard rules and the caps

extension Rules {
    /// A pin fixes x[c,n] = 1; every other constraint of the program has a shortfall or a zero
    /// to fall back on. So pins are the only way the hard rules can contradict each other: a pin
    /// the eligibility rules forbid, or more pins than a department releases or a commune hosts.
    /// Checked here, in the planner's words, so that `solve` never shows a bare solver status.
    /// (Pins above a cadre's capacity or a need's desired count are checked in `checkPairs`.)
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
    /// were reported by `checkPairs` and are left out.
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
