import Foundation

/// A scenario that passed validation, with the warnings a planner should still read.
public struct LoadedScenario: Sendable {
    public var scenario: Scenario
    /// The folder as the planner gave it.
    public var folder: String
    /// Legal but suspicious findings, sorted.
    public var warnings: [Diagnostic]

    public init(scenario: Scenario, folder: String, warnings: [Diagnostic]) {
        self.scenario = scenario
        self.folder = folder
        self.warnings = warnings
    }
}

/// Reads a scenario folder (docs/scenario-format.md) and validates it.
///
/// Every file is read even when an earlier one is broken, so that the planner gets all problems
/// in one report; only checks that need a broken table (references into it, whether a need can
/// be staffed) are skipped. The loader never traps: every cell is parsed with checks.
public enum ScenarioLoader {
    public static func load(_ path: String) throws(ScenarioError) -> LoadedScenario {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw ScenarioError(folder: path, diagnostics: [Diagnostic(
                file: path, message: exists ? "this is a file, not a scenario folder" : "scenario folder not found",
                fix: exists ? "give the folder that holds scenario.yaml and the CSV tables"
                    : "check the path; a scenario is a folder holding scenario.yaml and the CSV tables")])
        }
        var diagnostics: [Diagnostic] = []
        let configFile = join(path, "scenario.yaml")
        let config = Config.read(configFile, file: configFile, into: &diagnostics)

        var context = ScenarioValidator.Context()
        context.configUnavailable = !config.readable
        context.brokenKeys = config.brokenKeys
        var files: [Scenario.Table: String] = [:]
        var tables: [Scenario.Table: CSVTable] = [:]
        for table in Scenario.Table.allCases {
            let name = config.tableFiles[table] ?? table.defaultFile
            let file = join(path, name)
            files[table] = file
            guard FileManager.default.fileExists(atPath: file) else {
                context.unavailable.insert(table)
                if !table.isOptional {
                    let setting = name == table.defaultFile ? "" : " (set by tables.\(table.rawValue) in scenario.yaml)"
                    diagnostics.append(Diagnostic(file: file, message: "missing table: expected \(name) in \(path)\(setting)",
                        fix: "create \(name) with the header \(table.columns.joined(separator: ",")), "
                            + "or set tables.\(table.rawValue) in scenario.yaml to the right file"))
                }
                continue
            }
            if let read = CSVTable.read(file, file: file, table: table, into: &diagnostics) {
                tables[table] = read
                if read.swallowedRows { context.unavailable.insert(table) }
                if read.rows.isEmpty, !table.isOptional {
                    diagnostics.append(Diagnostic(.warning, file: file, message: "\(name) has a header but no rows",
                                                  fix: "add the \(table.record)s of the round, one per row"))
                }
            } else {
                context.unavailable.insert(table)
            }
        }

        // Every cell is read even after a bad one, so that a row's problems are reported together.
        let fields = decode(tables[.fields], into: &diagnostics) { c in
            Field(id: c.text("id"), name: c.text("name"), nameVi: c.text("name_vi"),
                  branch: c.choice("branch", else: Branch.civil), priority: c.number("priority"))
        }
        let communes = decode(tables[.communes], into: &diagnostics) { c in
            var commune = Commune(
                id: c.text("id"), name: c.text("name"), nameAscii: c.text("name_ascii"),
                kind: c.choice("kind", else: CommuneKind.commune), formerProvince: c.text("former_province"),
                latitude: c.number("lat"), longitude: c.number("lon"), areaKm2: c.number("area_km2"),
                population: c.int("population"), hostingCapacity: c.int("hosting_capacity"),
                minorityShare: c.number("minority_share"), languages: c.list("languages"))
            commune.lodgingCapacity = c.text("lodging_capacity").isEmpty ? nil : c.int("lodging_capacity")
            return commune
        }
        let policy = config.policy
        let needs = decode(tables[.needs], into: &diagnostics) { c in
            let unit = c.text("unit").isEmpty ? NeedUnit.cadres : c.choice("unit", else: NeedUnit.cadres)
            var need = unit == .cadres
                ? Need(commune: c.text("commune"), field: c.text("field"), minimum: c.int("min"),
                       desired: c.int("desired"), level: c.int("level"), backlog: c.int("backlog"),
                       priority: c.number("priority"))
                : Need(commune: c.text("commune"), field: c.text("field"), unit: unit, minimumWork: c.number("min"),
                       desiredWork: c.number("desired"), level: c.int("level"), backlog: c.int("backlog"),
                       priority: c.number("priority"), policy: policy)
            need.round = c.text("round").isEmpty ? nil : c.text("round")
            return need
        }
        let departments = decode(tables[.departments], into: &diagnostics) { c in
            Department(id: c.text("id"), name: c.text("name"), nameVi: c.text("name_vi"),
                       branch: c.choice("branch", else: Branch.civil), headcount: c.int("headcount"),
                       releaseCap: c.int("release_cap"))
        }
        let cadres = decode(tables[.cadres], into: &diagnostics) { c in
            var cadre = Cadre(
                id: c.text("id"), name: c.text("name"), department: c.text("department"),
                category: c.choice("category", else: CadreCategory.worker), skills: c.skills("skills"),
                homeCommune: c.text("home_commune"), languages: c.list("languages"),
                available: c.yesNo("available"), capacity: c.int("capacity", ifEmpty: 1),
                timeShare: c.optionalNumber("time_share") ?? 1)
            cadre.rounds = c.list("rounds")
            return cadre
        }
        let history = decode(tables[.history], into: &diagnostics) { c in
            HistoryRecord(cadre: c.text("cadre"), commune: c.text("commune"), field: c.text("field"),
                          rating: c.text("rating").isEmpty ? nil : c.choice("rating", else: Rating.notEvaluated))
        }
        let pairs = decode(tables[.pairs], into: &diagnostics) { c in
            PairRule(cadre: c.text("cadre"), commune: c.text("commune"),
                     field: c.text("field").isEmpty ? nil : c.text("field"),
                     allowed: c.text("allowed").isEmpty ? .yes : c.choice("allowed", else: PairPermission.yes),
                     score: c.optionalNumber("score"), workload: c.optionalNumber("workload"),
                     round: c.text("round").isEmpty ? nil : c.text("round"))
        }

        let scenario = Scenario(
            name: config.name, round: config.round, policy: config.policy, weights: config.weights,
            solver: config.solver, fields: fields.records, communes: communes.records, needs: needs.records,
            departments: departments.records, cadres: cadres.records, history: history.records, pairs: pairs.records,
            rounds: config.rounds, continuity: config.continuity)
        let lines: [Scenario.Table: [Int]] = [
            .fields: fields.lines, .communes: communes.lines, .needs: needs.lines, .departments: departments.lines,
            .cadres: cadres.lines, .history: history.lines, .pairs: pairs.lines,
        ]
        context.unreadable = [
            .fields: fields.unreadable, .communes: communes.unreadable, .needs: needs.unreadable,
            .departments: departments.unreadable, .cadres: cadres.unreadable,
        ]
        let keyLines = config.lines
        context.locate = { place in
            switch place {
            case .key(let key): return (configFile, keyLines[key])
            case .row(let table, let i):
                let line = lines[table].flatMap { $0.indices.contains(i) ? $0[i] : nil }
                return (files[table] ?? table.defaultFile, line)
            }
        }
        let names = config.tableFiles
        context.fileName = { names[$0] ?? $0.defaultFile }
        diagnostics += ScenarioValidator.validate(scenario, context)

        if diagnostics.contains(where: { $0.severity == .error }) {
            throw ScenarioError(folder: path, diagnostics: diagnostics)
        }
        return LoadedScenario(scenario: scenario, folder: path, warnings: diagnostics.sorted())
    }

    /// `folder/file` as the planner would type it (no doubled slash; absolute files kept).
    static func join(_ folder: String, _ file: String) -> String {
        if file.hasPrefix("/") || folder.isEmpty { return file }
        return folder.hasSuffix("/") ? folder + file : folder + "/" + file
    }

    /// Records of one table, the line of each, and the keys of rows that could not be read.
    struct Decoded<Record> {
        var records: [Record] = []
        var lines: [Int] = []
        var unreadable: Set<String> = []
    }

    /// Turns rows into records; a row with any unreadable cell is reported and left out, but its
    /// key is kept so that references to it do not read as unknown.
    static func decode<Record>(_ table: CSVTable?, into diagnostics: inout [Diagnostic],
                               _ make: (inout Cells) -> Record) -> Decoded<Record> {
        var decoded = Decoded<Record>()
        guard let table else { return decoded }
        for row in table.rows {
            var cells = Cells(row: row, table: table.table)
            guard row.readable else {
                decoded.unreadable.insert(cells.key)
                continue
            }
            let record = make(&cells)
            if cells.problems.isEmpty {
                decoded.records.append(record)
                decoded.lines.append(row.line)
            } else {
                decoded.unreadable.insert(cells.key)
                diagnostics += cells.problems.map {
                    Diagnostic(file: table.file, line: row.line, message: $0.message, fix: $0.fix)
                }
            }
        }
        return decoded
    }

    /// Typed reading of one row's cells. A cell that cannot be read yields a placeholder and a
    /// problem; the row is then left out of the scenario.
    struct Cells {
        let row: CSVTable.Row
        /// How the row is named in messages, e.g. `need 24697/land`.
        let label: String
        /// What other tables refer to the row by (needs: `commune/field`).
        let key: String
        var problems: [(message: String, fix: String)] = []

        init(row: CSVTable.Row, table: Scenario.Table) {
            self.row = row
            let id = row["id"]
            switch table {
            case .needs: key = "\(row["commune"])/\(row["field"])"
            case .history, .pairs: key = row["cadre"]
            default: key = id
            }
            switch table {
            case .needs: label = ScenarioValidator.label(need: row["commune"], row["field"])
            case .history: label = ScenarioValidator.label(history: row["cadre"], row["commune"], row["field"])
            case .pairs: label = ScenarioValidator.label(pair: row["cadre"], row["commune"], row["field"])
            default: label = "\(table.record) \(id)"
            }
        }

        mutating func problem(_ column: String, _ what: String, fix: String) {
            let raw = row[column]
            let shown = raw.isEmpty ? "is empty" : "'\(raw)' \(what)"
            problems.append(("\(label): \(column) \(shown)", fix))
        }

        func text(_ column: String) -> String { row[column] }

        /// A `;`-separated list; empty items are dropped.
        func list(_ column: String) -> [String] {
            row[column].split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }

        /// Any number Swift can read; whether it is finite and in range is the validator's call.
        mutating func number(_ column: String) -> Double {
            if let x = Double(row[column]) { return x }
            problem(column, "is not a number",
                    fix: "write a number with a dot for decimals (e.g. 1.5) and no thousands separators")
            return 0
        }

        /// An optional numeric cell: empty means "not given".
        mutating func optionalNumber(_ column: String) -> Double? {
            row[column].isEmpty ? nil : number(column)
        }

        mutating func int(_ column: String, ifEmpty: Int? = nil) -> Int {
            let raw = row[column]
            if raw.isEmpty, let ifEmpty { return ifEmpty }
            // Checked before reading it as a decimal: 24.310 would read as 24.31 and the fix
            // would suggest 24, a thousand times too small.
            if let digits = Self.withoutThousandsDots(raw) {
                problem(column, "looks like a number written with a dot as thousands separator",
                        fix: "write \(digits) without separators")
                return 0
            }
            guard let x = Double(raw) else {
                problem(column, "is not a whole number", fix: "write a whole number such as 2, without separators")
                return 0
            }
            if let why = ScenarioValidator.numberProblem(x) {
                problem(column, why, fix: "write a realistic whole number")
                return 0
            }
            guard x == x.rounded() else {
                problem(column, "is not a whole number", fix: "write a whole number such as \(Int(x.rounded()))")
                return 0
            }
            return Int(x)
        }

        /// The digits of a whole number written with dots between groups of three, as Vietnamese
        /// (and many European) spreadsheets show thousands: `24.310` → `24310`, `1.250.000` →
        /// `1250000`; nil for anything else (`0.500` has no thousands). Only whole-number columns
        /// ask: in a decimal column `24.310` is 24.31.
        static func withoutThousandsDots(_ raw: String) -> String? {
            let groups = raw.split(separator: ".", omittingEmptySubsequences: false)
            guard groups.count > 1, let lead = groups.first else { return nil }
            let sign = lead.hasPrefix("-") ? "-" : ""
            let head = lead.dropFirst(sign.count)
            let isDigits = { (s: Substring) in !s.isEmpty && s.allSatisfy { ("0"..."9").contains($0) } }
            guard isDigits(head), head.count <= 3, head.first != "0",
                groups.dropFirst().allSatisfy({ $0.count == 3 && isDigits($0) })
            else { return nil }
            return sign + head + groups.dropFirst().joined()
        }

        /// One of the values of `E`, or `fallback` and a problem with a "did you mean".
        mutating func choice<E: RawRepresentable & CaseIterable>(_ column: String, else fallback: E) -> E
        where E.RawValue == String {
            if let value = E(rawValue: row[column]) { return value }
            let allowed = E.allCases.map(\.rawValue)
            let hint = Diagnostic.didYouMean(row[column], in: allowed).map { $0 + " " } ?? ""
            problem(column, "is not allowed", fix: "\(hint)write one of \(allowed.joined(separator: ", "))")
            return fallback
        }

        mutating func yesNo(_ column: String) -> Bool {
            switch row[column] {
            case "yes": return true
            case "no": return false
            default:
                let hint = Diagnostic.didYouMean(row[column], in: ["yes", "no"]).map { $0 + " " } ?? ""
                problem(column, "is not yes or no", fix: "\(hint)write yes or no")
                return false
            }
        }

        /// `field:level:years;…`, e.g. `land:3:12;finance:2:4.5`. Ranges are the validator's call.
        mutating func skills(_ column: String) -> [Skill] {
            var skills: [Skill] = []
            for item in list(column) {
                let parts = item.split(separator: ":", omittingEmptySubsequences: false)
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 3, let field = parts.first, !field.isEmpty else {
                    problems.append(("\(label): skill '\(item)' is not written field:level:years",
                                     "write skills like land:3:12;finance:2:4.5 (field id, level 1–3, years), separated by ';'"))
                    continue
                }
                guard let level = Int(parts[1]) else {
                    problems.append(("\(label): skill '\(item)': level '\(parts[1])' is not a whole number",
                                     "write a level from 1 to 3, e.g. \(field):2:\(parts[2])"))
                    continue
                }
                guard let years = Double(parts[2]) else {
                    problems.append(("\(label): skill '\(item)': years '\(parts[2])' is not a number",
                                     "write the years of experience as a number, e.g. \(field):\(parts[1]):4.5"))
                    continue
                }
                skills.append(Skill(field: field, level: level, years: years))
            }
            return skills
        }
    }
}
