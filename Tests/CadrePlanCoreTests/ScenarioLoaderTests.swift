import CadrePlanCore
import Foundation
import Testing

/// A temporary copy of a fixture scenario, deleted when the test lets go of it.
final class ScratchFolder {
    let url: URL
    var path: String { url.path }
    init(_ url: URL) { self.url = url }
    deinit { try? FileManager.default.removeItem(at: url) }
    func appendingPathComponent(_ name: String) -> URL { url.appendingPathComponent(name) }
}

/// Scenario folders for the loader tests: the tiny valid scenario, and broken variants made by
/// copying it to a temporary folder and changing one thing (or overlaying `Fixtures/bad/<case>/`).
enum ScenarioFolders {
    static var fixtures: URL {
        get throws { try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil)) }
    }

    static var tiny: String { get throws { try fixtures.appendingPathComponent("tiny").path } }

    /// A fresh copy of `tiny/`, with the files of `Fixtures/bad/<overlay>/` copied over it.
    static func copy(overlay: String? = nil) throws -> ScratchFolder {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("cadreplan-loader-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: try fixtures.appendingPathComponent("tiny"), to: folder)
        if let overlay {
            let bad = try fixtures.appendingPathComponent("bad/\(overlay)")
            for name in try FileManager.default.contentsOfDirectory(atPath: bad.path) {
                let target = folder.appendingPathComponent(name)
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(at: bad.appendingPathComponent(name), to: target)
            }
        }
        return ScratchFolder(folder)
    }

    /// A copy of `tiny/` where `file` has `old` replaced by `new` (which must occur).
    static func replacing(_ old: String, with new: String, in file: String) throws -> ScratchFolder {
        let folder = try copy()
        try edit(folder, file) { text in
            #expect(text.contains(old), "fixture \(file) does not contain \(old)")
            return text.replacingOccurrences(of: old, with: new)
        }
        return folder
    }

    static func edit(_ folder: ScratchFolder, _ file: String, _ change: (String) -> String) throws {
        let url = folder.appendingPathComponent(file)
        try Data(change(try String(contentsOf: url, encoding: .utf8)).utf8).write(to: url)
    }

    /// All diagnostics of loading `folder`, as `file:line: severity: message — fix: …` with the
    /// folder prefix removed, so that expectations read like what the planner sees.
    static func report(_ folder: ScratchFolder) -> [String] {
        report(folder.path)
    }

    static func report(_ path: String) -> [String] {
        let diagnostics: [Diagnostic]
        do { diagnostics = try ScenarioLoader.load(path).warnings } catch { diagnostics = error.diagnostics }
        return diagnostics.map { $0.description.replacingOccurrences(of: path + "/", with: "") }
    }
}

@Suite struct ScenarioLoaderTests {
    typealias F = ScenarioFolders

    // MARK: The valid scenario

    @Test func tinyScenarioLoadsWithEveryValue() throws {
        let loaded = try ScenarioLoader.load(try F.tiny)
        let s = loaded.scenario
        #expect(loaded.warnings.isEmpty)
        #expect(s.name == "Lâm Đồng 2025 — tiny test round")
        #expect(s.round == Round(start: "2025-08-01", end: "2025-10-31"))
        #expect(s.policy == Policy(maxTravelKm: 300, roadFactor: 1.3, allowHomeCommune: false))
        #expect(s.solver.timeLimit == 10)
        #expect(s.weights == Weights())
        #expect((s.fields.count, s.communes.count, s.needs.count, s.departments.count, s.cadres.count)
            == (3, 2, 4, 3, 6))
        #expect(s.fields[1].name == "Finance, budget")          // quoted comma
        #expect(s.departments[0].nameVi == "Sở Nông nghiệp và Môi trường")
        #expect(s.communes[1].languages == ["K'Ho", "Chu Ru"])
        #expect(s.cadres[1].skills == [Skill(field: "land", level: 2, years: 4.5),
                                       Skill(field: "finance", level: 1, years: 2)])
        #expect(s.cadres[1].capacity == 1)                         // empty = 1
        #expect(s.cadres[3].available == false)
        #expect(s.history.map(\.rating) == [.excellent, .good, nil])
        #expect(s.pairs == [PairRule(cadre: "c03", commune: "24697", field: "finance", allowed: .pin),
                            PairRule(cadre: "c06", commune: "24697", field: nil, allowed: .no)])
    }

    @Test func byteOrderMarkCRLFAndBlankLinesAreAccepted() throws {
        let folder = try F.copy()
        for file in ["fields.csv", "communes.csv", "needs.csv", "departments.csv", "cadres.csv", "history.csv",
                     "pairs.csv", "scenario.yaml"] {
            try F.edit(folder, file) { "\u{FEFF}" + $0.replacingOccurrences(of: "\n", with: "\r\n\r\n") }
        }
        let loaded = try ScenarioLoader.load(folder.path)
        #expect(loaded.scenario == (try ScenarioLoader.load(try F.tiny)).scenario)
        #expect(loaded.warnings.isEmpty)
    }

    @Test func optionalTablesMayBeAbsent() throws {
        let folder = try F.copy()
        try FileManager.default.removeItem(at: folder.appendingPathComponent("history.csv"))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("pairs.csv"))
        let s = try ScenarioLoader.load(folder.path).scenario
        #expect(s.history.isEmpty && s.pairs.isEmpty)
    }

    // MARK: Folder and files

    @Test func missingFolder() {
        #expect(F.report("/no/such/scenario") == [
            "/no/such/scenario: error: scenario folder not found — fix: check the path; a scenario is a folder holding scenario.yaml and the CSV tables",
        ])
    }

    @Test func fileInsteadOfFolder() throws {
        let path = try F.tiny + "/scenario.yaml"
        #expect(F.report(path) == [
            "\(path): error: this is a file, not a scenario folder — fix: give the folder that holds scenario.yaml and the CSV tables",
        ])
    }

    @Test func missingScenarioYAMLIsReportedWithTheTables() throws {
        let folder = try F.replacing("c01,24697,land,excellent", with: "c01,24697,land,", in: "history.csv")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("scenario.yaml"))
        #expect(F.report(folder) == [
            "history.csv:2: error: history c01/24697/land: rating is empty but c01 is a civil cadre — fix: write excellent, good, completed or not_evaluated",
            "scenario.yaml: error: scenario.yaml is missing — fix: create it with at least name: and round: {start: 2025-08-01, end: 2025-10-31} (see docs/scenario-format.md)",
        ])
    }

    @Test func missingRequiredTable() throws {
        let folder = try F.copy()
        try FileManager.default.removeItem(at: folder.appendingPathComponent("needs.csv"))
        #expect(F.report(folder) == [
            "needs.csv: error: missing table: expected needs.csv in \(folder.path) — fix: create needs.csv with the header commune,field,min,desired,level,backlog,priority, or set tables.needs in scenario.yaml to the right file",
        ])
    }

    @Test func tableSetInYAMLThatDoesNotExist() throws {
        let folder = try F.replacing("policy:", with: "tables:\n  cadres: staff.csv\npolicy:", in: "scenario.yaml")
        #expect(F.report(folder) == [
            "staff.csv: error: missing table: expected staff.csv in \(folder.path) (set by tables.cadres in scenario.yaml) — fix: create staff.csv with the header id,name,department,category,skills,home_commune,languages,available,capacity, or set tables.cadres in scenario.yaml to the right file",
        ])
    }

    @Test func emptyCSVFile() throws {
        let folder = try F.copy()
        try Data().write(to: folder.appendingPathComponent("fields.csv"))
        #expect(F.report(folder) == [
            "fields.csv: error: the file is empty — fix: add the header row: id,name,name_vi,branch,priority",
        ])
    }

    @Test func headerOnlyRequiredTableIsAWarning() throws {
        let folder = try F.copy()
        try F.edit(folder, "needs.csv") { String($0.prefix { $0 != "\n" }) + "\n" }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("pairs.csv"))  // it pins a need
        let loaded = try ScenarioLoader.load(folder.path)
        #expect(loaded.warnings.map(\.message) == ["needs.csv has a header but no rows"])
    }

    @Test func notUTF8() throws {
        let folder = try F.copy()
        // "Lâm" in Windows-1258: â = 0xE2, not followed by UTF-8 continuation bytes.
        try Data("id,name,name_vi,branch,priority\nland,L".utf8 + [0xE2] + Data("m,x,civil,3\n".utf8))
            .write(to: folder.appendingPathComponent("fields.csv"))
        #expect(F.report(folder).first == "fields.csv: error: the file is not UTF-8 (another encoding such as Windows-1258 or TCVN3?) — fix: save it from the spreadsheet as 'CSV UTF-8 (Comma delimited)'")
    }

    // MARK: scenario.yaml

    @Test func emptyYAML() throws {
        let folder = try F.copy()
        try Data().write(to: folder.appendingPathComponent("scenario.yaml"))
        #expect(F.report(folder) == [
            "scenario.yaml: error: the file is empty — fix: add at least name: and round: {start: 2025-08-01, end: 2025-10-31}",
        ])
    }

    @Test func yamlSyntaxErrorHasItsLine() throws {
        #expect(F.report(try F.copy(overlay: "yaml-syntax")) == [
            "scenario.yaml:5: error: YAML syntax error: found a tab character that violates indentation (while scanning a plain scalar) — fix: indent with spaces, not tabs, and put values containing ': ' or ' #' in quotes",
        ])
    }

    @Test func yamlWrongTypes() throws {
        let folder = try F.replacing("max_travel_km: 300\n  road_factor: 1.3\n  allow_home_commune: false",
                                     with: "max_travel_km: far\n  road_factor: \"1.3\"\n  allow_home_commune: maybe",
                                     in: "scenario.yaml")
        #expect(F.report(folder) == [
            "scenario.yaml:5: error: policy.max_travel_km: expected a number, got 'far' — fix: write a number such as 300, or null for no limit",
            "scenario.yaml:6: error: policy.road_factor: expected a number, got '1.3' — fix: write a number such as 1.3, without quotes",
            "scenario.yaml:7: error: policy.allow_home_commune: expected true or false, got 'maybe' — fix: write true or false, without quotes",
        ])
    }

    @Test func yamlUnknownKeysSuggestTheKnownOnes() throws {
        let folder = try F.replacing("  language: 2", with: "  languages: 2\nsolvr:\n  x: 1", in: "scenario.yaml")
        #expect(F.report(folder) == [
            "scenario.yaml:10: error: unknown key 'weights.languages' — fix: did you mean 'language'? the keys of weights are below_minimum, below_desired, skill_level, experience_year, experience_cap_years, language, travel_per_100km",
            "scenario.yaml:11: error: unknown key 'solvr' — fix: did you mean 'solver'? the keys of scenario.yaml are name, round, rounds, continuity, tables, policy, weights, solver",
        ])
    }

    @Test func yamlDuplicateKey() throws {
        let folder = try F.replacing("  road_factor: 1.3", with: "  road_factor: 1.3\n  road_factor: 1.5", in: "scenario.yaml")
        #expect(F.report(folder) == [
            "scenario.yaml:6: error: key 'road_factor' appears twice in the same section — fix: keep one of them and delete the other",
        ])
    }

    @Test func yamlValuesOutOfRangeAndBadDates() throws {
        let folder = try F.replacing("round: {start: 2025-08-01, end: 2025-10-31}\npolicy:\n  max_travel_km: 300\n  road_factor: 1.3",
                                     with: "round: {start: 2025-08-01, end: 2025-07-31}\npolicy:\n  max_travel_km: .nan\n  road_factor: 0.5",
                                     in: "scenario.yaml")
        #expect(F.report(folder) == [
            "scenario.yaml:3: error: round.end (2025-07-31) is before round.start (2025-08-01) — fix: swap the dates or correct the end date",
            "scenario.yaml:5: error: policy.max_travel_km (nan) is not a number — fix: write a number greater than 0",
            "scenario.yaml:6: error: policy.road_factor (0.5) must be 1 or more — fix: use 1 (straight line) or more; 1.3 is typical for Lâm Đồng roads",
        ])
    }

    // MARK: CSV shape

    @Test func semicolonSeparatedFile() throws {
        #expect(F.report(try F.copy(overlay: "semicolon")) == [
            "needs.csv:1: error: columns are separated by semicolons, not commas — fix: use comma as the separator: save it from the spreadsheet as 'CSV UTF-8 (Comma delimited)', or set the list separator to ',' in the regional settings",
        ])
    }

    @Test func misspelledAndMissingColumns() throws {
        let folder = try F.replacing("min,desired,level,backlog,priority", with: "min,desire,level,priority,notes",
                                     in: "needs.csv")
        #expect(F.report(folder) == [
            "needs.csv:1: error: missing column 'backlog' — fix: add it to the header; the columns of needs.csv are commune, field, min, desired, level, backlog, priority",
            "needs.csv:1: error: unknown column 'desire': did you mean 'desired'? — fix: rename the column to 'desired'",
            "needs.csv:1: error: unknown column 'notes' — fix: delete the column; the columns of needs.csv are commune, field, min, desired, level, backlog, priority, and optionally unit, round",
        ])
    }

    @Test func unquotedCommaShiftsTheRow() throws {
        #expect(F.report(try F.copy(overlay: "unquoted-comma")) == [
            "departments.csv:2: error: the row has 7 values but the header has 6 columns (extra: '6') — fix: put values that contain a comma in double quotes, e.g. \"Sở Tài chính, Lâm Đồng\", or delete the extra values",
        ])
    }

    @Test func unclosedQuoteIsReportedWhereItStarts() throws {
        let folder = try F.copy()
        try F.edit(folder, "cadres.csv") {
            $0.replacingOccurrences(of: "c04,Phạm Thị Dung", with: "c04,\"Phạm Thị Dung")
                .replacingOccurrences(of: "c06,Hoàng Minh Đức,ca_tinh,officer", with: "c06,Hoàng Minh Đức,ca_tinh,office")
        }
        // The quote swallowed the rest of the file, c05 and c06 included: nothing else is invented.
        #expect(F.report(folder) == [
            "cadres.csv:5: error: a double quote in column name is never closed, so the rest of the file was read into this cell — fix: close the quote (\"…\") or delete it",
        ])
    }

    @Test func lineNumbersCountBlankLinesAndQuotedLineBreaks() throws {
        let folder = try F.copy()
        try F.edit(folder, "needs.csv") {
            $0.replacingOccurrences(of: "24697,finance", with: "\n,,,,,,\n24697,finance")
                .replacingOccurrences(of: "24778,land,0,1,2,60,1", with: "24778,land,0,1,2,60,-1")
        }
        // A name typed with Alt+Enter spans two lines: legal, read with a space.
        try F.edit(folder, "cadres.csv") {
            $0.replacingOccurrences(of: "c02,Trần Thị Bình", with: "c02,\"Trần Thị\r\nBình\"")
                .replacingOccurrences(of: "c04,Phạm Thị Dung,so_tc,worker", with: "c04,Phạm Thị Dung,so_tc,workr")
        }
        #expect(F.report(folder) == [
            "cadres.csv:6: error: cadre c04: category 'workr' is not allowed — fix: did you mean 'worker'? write one of civil_servant, public_employee, worker, officer, soldier",
            "needs.csv:7: error: need 24778/land: priority (-1) must be greater than 0 — fix: set priority to a number greater than 0",
        ])
        try F.edit(folder, "cadres.csv") { $0.replacingOccurrences(of: "workr", with: "worker") }
        try F.edit(folder, "needs.csv") { $0.replacingOccurrences(of: "60,-1", with: "60,1") }
        #expect(try ScenarioLoader.load(folder.path).scenario.cadres[1].name == "Trần Thị Bình")
    }

    // MARK: Ids and references

    @Test func nonASCIIIdSuggestsAnASCIIOne() throws {
        let folder = try F.copy()
        for file in ["fields.csv", "needs.csv", "cadres.csv", "history.csv"] {
            try F.edit(folder, file) { $0.replacingOccurrences(of: "land", with: "đất đai") }
        }
        #expect(F.report(folder) == [
            "fields.csv:2: error: field id 'đất đai' contains non-ASCII characters — fix: use only ASCII letters, digits, '_' or '-', e.g. 'dat_dai' (names may keep their Vietnamese diacritics)",
        ])
    }

    @Test func duplicateIdsNameTheFirstLine() throws {
        let folder = try F.replacing("c04,Phạm Thị Dung", with: "c03,Phạm Thị Dung", in: "cadres.csv")
        #expect(F.report(folder) == [
            "cadres.csv:5: error: duplicate cadre id 'c03' (first on line 4) — fix: give each cadre its own id, or delete the repeated row",
        ])
    }

    @Test func duplicateNeed() throws {
        let folder = try F.replacing("24778,land,0,1,2,60,1", with: "24697,land,0,1,2,60,1", in: "needs.csv")
        #expect(F.report(folder) == [
            "needs.csv:5: error: need 24697/land appears twice (first on line 2) — fix: keep one row per commune and field: merge the two rows",
        ])
    }

    @Test func unknownReferencesSuggestTheClosestId() throws {
        let folder = try F.copy()
        try F.edit(folder, "needs.csv") { $0.replacingOccurrences(of: "24778,land", with: "24787,lan") }
        try F.edit(folder, "cadres.csv") { $0.replacingOccurrences(of: "so_tc,worker", with: "so_xd,worker") }
        #expect(F.report(folder) == [
            "cadres.csv:5: error: cadre c04: unknown department 'so_xd' in department — fix: Use a department id listed in departments.csv, or add 'so_xd' there",
            "needs.csv:5: error: need 24787/lan: unknown commune '24787' in commune — fix: did you mean '24778'? Otherwise use a commune id listed in communes.csv, or add '24787' there",
            "needs.csv:5: error: need 24787/lan: unknown field 'lan' in field — fix: did you mean 'land'? Otherwise use a field id listed in fields.csv, or add 'lan' there",
        ])
    }

    @Test func aBrokenRowStillCountsAsKnownForReferences() throws {
        // c03 has a bad capacity: that is reported, but history and pairs that name c03 are not.
        let folder = try F.replacing("finance:3:8,24778,,yes,2", with: "finance:3:8,24778,,yes,two", in: "cadres.csv")
        #expect(F.report(folder) == [
            "cadres.csv:4: error: cadre c03: capacity 'two' is not a whole number — fix: write a whole number such as 2, without separators",
        ])
    }

    // MARK: Values

    @Test(arguments: [
        ("24697,land,1,2,2,140,1.5", "24697,land,one,2,2,140,1.5",
         "needs.csv:2: error: need 24697/land: min 'one' is not a whole number — fix: write a whole number such as 2, without separators"),
        ("24697,land,1,2,2,140,1.5", "24697,land,1,2,2,140,\"1,5\"",
         "needs.csv:2: error: need 24697/land: priority '1,5' is not a number — fix: write a number with a dot for decimals (e.g. 1.5) and no thousands separators"),
        ("24697,land,1,2,2,140,1.5", "24697,land,1,2,2,1e12,1.5",
         "needs.csv:2: error: need 24697/land: backlog '1e12' is absurdly large (over 1e9) — fix: write a realistic whole number"),
        ("24697,land,1,2,2,140,1.5", "24697,land,1,2,2.5,140,1.5",
         "needs.csv:2: error: need 24697/land: level '2.5' is not a whole number — fix: write a whole number such as 3"),
        ("24697,land,1,2,2,140,1.5", "24697,land,1,2,2,-3,1.5",
         "needs.csv:2: error: need 24697/land: backlog (-3) must be 0 or more — fix: set backlog to a number 0 or more"),
        ("24697,land,1,2,2,140,1.5", "24697,land,1,2,2,140,nan",
         "needs.csv:2: error: need 24697/land: priority (nan) is not a number — fix: write a number greater than 0"),
        ("24697,land,1,2,2,140,1.5", "24697,land,1,2,2,140,inf",
         "needs.csv:2: error: need 24697/land: priority (inf) is infinite — fix: write a number greater than 0"),
        ("24697,land,1,2,2,140,1.5", "24697,land,1,0,2,140,1.5",
         "needs.csv:2: error: need 24697/land: desired (0) is below min (1) — fix: set desired to at least min"),
        ("24697,land,1,2,2,140,1.5", "24697,land,1,2,0,140,1.5",
         "needs.csv:2: error: need 24697/land: level (0) is outside 1–3 — fix: write a level from 1 to 3"),
    ])
    func badNumbersInNeeds(old: String, new: String, expected: String) throws {
        #expect(F.report(try F.replacing(old, with: new, in: "needs.csv")) == [expected])
    }

    @Test func coordinatesOutOfRange() throws {
        let folder = try F.copy()
        try F.edit(folder, "communes.csv") {
            $0.replacingOccurrences(of: "12.0042,107.6907", with: "120.042,107.6907")
                .replacingOccurrences(of: "11.9404,108.4583", with: "108.4583,11.9404")
        }
        #expect(F.report(folder) == [
            "communes.csv:2: error: commune 24697: lat (120.042) must be from -90 to 90 — fix: set lat to a number from -90 to 90",
            "communes.csv:3: error: commune 24778: lat (108.4583) must be from -90 to 90 — fix: lat and lon look swapped: in Lâm Đồng lat is about 11–12, lon about 107–109",
        ])
    }

    @Test func coordinatesFarFromVietnamAreAWarning() throws {
        let folder = try F.replacing("12.0042,107.6907", with: "12.0042,-107.6907", in: "communes.csv")
        // Without the pin of c03 to 24697, which would now be too far to travel (an error).
        try F.edit(folder, "pairs.csv") { $0.replacingOccurrences(of: "c03,24697,finance,pin\n", with: "") }
        let loaded = try ScenarioLoader.load(folder.path)
        #expect(loaded.warnings.map(\.description) == [
            "\(folder.path)/communes.csv:2: warning: commune 24697: coordinates (12.0042, -107.6907) are far outside Vietnam — fix: check lat/lon in decimal degrees, e.g. 11.94, 108.44 for Đà Lạt",
        ])
    }

    @Test func enumValuesSuggestTheAllowedOnes() throws {
        let folder = try F.copy()
        try F.edit(folder, "cadres.csv") {
            $0.replacingOccurrences(of: "c01,Nguyễn Văn An,so_nnmt,civil_servant,land:3:12,24778,,yes,1",
                                    with: "c01,Nguyễn Văn An,so_nnmt,civil servant,land:3:12,24778,,Yes,1")
        }
        #expect(F.report(folder) == [
            "cadres.csv:2: error: cadre c01: available 'Yes' is not yes or no — fix: did you mean 'yes'? write yes or no",
            "cadres.csv:2: error: cadre c01: category 'civil servant' is not allowed — fix: did you mean 'civil_servant'? write one of civil_servant, public_employee, worker, officer, soldier",
        ])
    }

    @Test func malformedSkillsAndLevelsOutOfRange() throws {
        let folder = try F.copy()
        try F.edit(folder, "cadres.csv") {
            $0.replacingOccurrences(of: "land:2:4.5;finance:1:2", with: "land:2;finance:one:2")
                .replacingOccurrences(of: "finance:3:8", with: "finance:4:8;finance:2:-1")
        }
        #expect(F.report(folder) == [
            "cadres.csv:3: error: cadre c02: skill 'finance:one:2': level 'one' is not a whole number — fix: write a level from 1 to 3, e.g. finance:2:2",
            "cadres.csv:3: error: cadre c02: skill 'land:2' is not written field:level:years — fix: write skills like land:3:12;finance:2:4.5 (field id, level 1–3, years), separated by ';'",
            "cadres.csv:4: error: cadre c03: field finance appears twice in skills — fix: keep one field:level:years entry per field",
            "cadres.csv:4: error: cadre c03: skill finance: level 4 is outside 1–3 — fix: write a level from 1 to 3, e.g. finance:3:8",
            "cadres.csv:4: error: cadre c03: skill finance: years (-1) must be 0 or more — fix: set years to a number 0 or more",
        ])
    }

    @Test func categoryMustMatchTheDepartmentBranch() throws {
        let folder = try F.replacing("c06,Hoàng Minh Đức,ca_tinh,officer", with: "c06,Hoàng Minh Đức,ca_tinh,civil_servant",
                                     in: "cadres.csv")
        #expect(F.report(folder) == [
            "cadres.csv:7: error: cadre c06: category civil_servant cannot belong to police department ca_tinh — fix: move the cadre to a civil department, or correct the category (officer/soldier for the armed forces)",
        ])
    }

    @Test func releaseCapAboveHeadcount() throws {
        let folder = try F.replacing("civil,180,3", with: "civil,180,300", in: "departments.csv")
        #expect(F.report(folder) == [
            "departments.csv:3: error: department so_tc: release_cap (300) is above headcount (180) — fix: set release_cap to at most 180, or correct headcount",
        ])
    }

    // MARK: Rules across tables

    @Test func needNoCadreCouldEverMeet() throws {
        let folder = try F.replacing("24778,public_security,1,1,2,0,1", with: "24778,public_security,1,1,3,0,1",
                                     in: "needs.csv")
        try F.edit(folder, "cadres.csv") { $0.replacingOccurrences(of: "public_security:3:10,24697,M'Nong;K'Ho,yes", with: "public_security:3:10,24697,M'Nong;K'Ho,no") }
        #expect(F.report(folder) == [
            "needs.csv:4: error: need 24778/public_security: no available police cadre has public_security at level 3 or above, so the need can never be met — fix: lower the level to 2, add such a cadre to cadres.csv, or drop the need",
        ])
    }

    @Test func historyRatingRules() throws {
        let folder = try F.copy()
        try F.edit(folder, "history.csv") {
            $0.replacingOccurrences(of: "c01,24697,land,excellent", with: "c01,24697,land,")
                .replacingOccurrences(of: "c03,24697,finance,good", with: "c03,24697,finance,very good")
                .replacingOccurrences(of: "c05,24778,public_security,", with: "c05,24778,public_security,good\nc09,24778,land,good")
        }
        #expect(F.report(folder) == [
            "history.csv:2: error: history c01/24697/land: rating is empty but c01 is a civil cadre — fix: write excellent, good, completed or not_evaluated",
            "history.csv:3: error: history c03/24697/finance: rating 'very good' is not allowed — fix: write one of excellent, good, completed, not_evaluated",
            "history.csv:4: error: history c05/24778/public_security: rating 'good' given to officer c05; the armed forces are not rated here — fix: leave rating empty for officers and soldiers",
            "history.csv:5: error: history c09/24778/land: unknown cadre 'c09' in cadre — fix: did you mean 'c01'? Otherwise use a cadre id listed in cadres.csv, or add 'c09' there",
        ])
    }

    @Test func pinsBeyondCapacityOrDesiredAndPinsOfNoNeed() throws {
        let folder = try F.copy()
        try F.edit(folder, "cadres.csv") { $0.replacingOccurrences(of: "finance:3:8", with: "finance:3:8;land:2:1") }
        try F.edit(folder, "pairs.csv") {
            $0 + "c03,24778,land,pin\nc03,24697,land,pin\nc01,24778,finance,pin\nc05,24778,public_security,pin\nc06,24778,public_security,pin\n"
        }
        #expect(F.report(folder) == [
            "pairs.csv:4: error: pair c03/24778/land: the pin breaks a hard rule: 24778 is the home commune of cadre c03 and policy.allow_home_commune is false — fix: remove the pin, or set policy.allow_home_commune: true in scenario.yaml",
            "pairs.csv:5: error: cadre c03 has 3 pins but capacity 2 — fix: remove pins down to 2, or raise capacity in cadres.csv",
            "pairs.csv:6: error: pair c01/24778/finance: commune 24778 has no need in finance, so the pin cannot be honoured — fix: add the need to needs.csv or remove the pin",
            "pairs.csv:8: error: need 24778/public_security has 2 pins but desires 1 — fix: remove pins down to 1, or raise desired in needs.csv",
        ])
    }

    @Test func pinnedAndForbiddenAndUnavailable() throws {
        let folder = try F.copy()
        try F.edit(folder, "pairs.csv") { $0 + "c03,24697,,no\nc04,24697,finance,pin\nc02,24778,,pin\n" }
        #expect(F.report(folder) == [
            "pairs.csv:2: error: pair c03/24697/finance is both pinned and forbidden (allowed 'no' on line 4) — fix: keep either the pin or the 'no' row",
            "pairs.csv:5: error: pair c04/24697/finance: cadre c04 is pinned but not available — fix: remove the pin, or set available to yes in cadres.csv",
            "pairs.csv:6: error: pair c02/24778: a pin must name a field — fix: fill in the field to pin, e.g. the commune's need",
        ])
    }

    @Test func aCadreWhoCanNeverBePlacedIsAWarning() throws {
        let folder = try F.replacing("c06,Hoàng Minh Đức,ca_tinh,officer,public_security:2:5",
                                     with: "c06,Hoàng Minh Đức,ca_tinh,officer,land:2:5", in: "cadres.csv")
        let loaded = try ScenarioLoader.load(folder.path)
        #expect(loaded.warnings.map { $0.description.replacingOccurrences(of: folder.path + "/", with: "") } == [
            "cadres.csv:7: warning: cadre c06 has no skill in a police field, so can never be placed — fix: add a skill in a police field (field:level:years), or set available to no",
        ])
    }

    // MARK: Everything at once

    @Test func manyProblemsInSeveralFilesAreAllReportedSorted() throws {
        let folder = try F.copy(overlay: "many-problems")
        var thrown: ScenarioError?
        do { _ = try ScenarioLoader.load(folder.path) } catch { thrown = error }
        let error = try #require(thrown)
        #expect(error.diagnostics == error.diagnostics.sorted())
        let report = error.diagnostics.map { $0.description.replacingOccurrences(of: folder.path + "/", with: "") }
        #expect(report == [
            "cadres.csv:3: error: cadre c02: category officer cannot belong to civil department so_nnmt — fix: move the cadre to the police or military, or correct the category",
            "cadres.csv:7: error: cadre c06: available 'maybe' is not yes or no — fix: write yes or no",
            "needs.csv:2: error: need 24697/land: desired (0) is below min (1) — fix: set desired to at least min",
            "needs.csv:4: error: need 24697/lnd: unknown field 'lnd' in field — fix: did you mean 'land'? Otherwise use a field id listed in fields.csv, or add 'lnd' there",
            "needs.csv:5: error: need 24778/public_security: level (4) is outside 1–3 — fix: write a level from 1 to 3",
            "needs.csv:6: error: need 24778/land: backlog (-60) must be 0 or more — fix: set backlog to a number 0 or more",
            "pairs.csv:2: error: pair c03/24697/finance is both pinned and forbidden (allowed 'no' on line 3) — fix: keep either the pin or the 'no' row",
            "pairs.csv:4: error: pair c07/24697: unknown cadre 'c07' in cadre — fix: did you mean 'c01'? Otherwise use a cadre id listed in cadres.csv, or add 'c07' there",
            "scenario.yaml:4: error: policy.max_travel_km: expected a number, got 'far' — fix: write a number such as 300, or null for no limit",
            "scenario.yaml:5: error: unknown key 'policy.road_factr' — fix: did you mean 'road_factor'? the keys of policy are max_travel_km, road_factor, allow_home_commune, throughput_files_per_month, budget, lodging, teams, language, fairness",
        ])
        #expect(error.description.hasSuffix("\n10 errors in scenario \(folder.path)"))
    }

    @Test func yamlOfTheWrongShapeIsReportedNotTrapped() throws {
        let folder = try F.copy()
        try Data("""
            name: {first: a}
            round: [2025-08-01]
            tables: {needs: [a, b], pairs: ""}
            policy: 5
            weights: {language: [1], skill_level: 1e999}
            solver:
            """.utf8).write(to: folder.appendingPathComponent("scenario.yaml"))
        #expect(F.report(folder) == [
            "scenario.yaml:1: error: name: expected text, got a group of keys — fix: write a single value after 'name:'",
            "scenario.yaml:2: error: round: expected keys such as start, end, got a list — fix: write round: then one 'key: value' per line (see docs/scenario-format.md)",
            "scenario.yaml:3: error: tables.needs: expected text, got a list — fix: write a single value after 'needs:'",
            "scenario.yaml:3: error: tables.pairs is empty — fix: write the file name, e.g. pairs.csv, or delete the key",
            "scenario.yaml:4: error: policy: expected keys such as max_travel_km, road_factor, got '5' — fix: write policy: then one 'key: value' per line (see docs/scenario-format.md)",
            "scenario.yaml:5: error: weights.language: expected a number, got a list — fix: write a number such as 2, without quotes",
            "scenario.yaml:5: error: weights.skill_level (inf) is infinite — fix: write a number 0 or more",
        ])
        for text in ["- a\n- b\n", "&a [*a]", "name: !!binary xyz\n", "'unclosed", "a: b: c", "? [x]\n: y\n", "\u{0}"] {
            try Data(text.utf8).write(to: folder.appendingPathComponent("scenario.yaml"))
            #expect(!F.report(folder).isEmpty, "\(text) was accepted")
        }
    }

    @Test func hostileInputNeverTraps() throws {
        // Garbage of every shape in every table: the loader must answer with diagnostics.
        let junk = ["", "\u{FEFF}", ",,,,\n,,,\n", "\"", "\"\"\"\n\"", "a,b\n\"x\ny", "\r\r\n\n\r", "id\n\u{0}\n",
                    "id,id,id\n1,2,3\n", String(repeating: "9", count: 400), "💥,🧨\n🔥,🌶"]
        for (i, text) in junk.enumerated() {
            let folder = try F.copy()
            for file in ["fields.csv", "communes.csv", "needs.csv", "cadres.csv", "pairs.csv", "scenario.yaml"] {
                try Data(text.utf8).write(to: folder.appendingPathComponent(file))
            }
            let report = F.report(folder)
            #expect(!report.isEmpty, "junk #\(i) was accepted")
        }
    }
}
