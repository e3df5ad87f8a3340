import CadrePlanCore
import Foundation
import Testing

/// The validator on scenarios built in code (what-if overrides): same rules as the loader,
/// located by table and record instead of line.
@Suite struct ScenarioValidatorTests {
    /// A small valid world: two communes, land and public security, one civil and one police unit.
    static func world() -> Scenario {
        Scenario(
            name: "what-if", round: Round(start: "2025-08-01", end: "2025-10-31"),
            fields: [
                Field(id: "land", name: "Land", nameVi: "Đất đai", branch: .civil, priority: 3),
                Field(id: "public_security", name: "Public security", nameVi: "An ninh", branch: .police, priority: 2),
            ],
            communes: [
                Commune(id: "24697", name: "Phường Bắc Gia Nghĩa", nameAscii: "Phuong Bac Gia Nghia", kind: .ward,
                        formerProvince: "Dak Nong", latitude: 12.0, longitude: 107.69, areaKm2: 48, population: 24_000,
                        hostingCapacity: 4, minorityShare: 0.18, languages: ["M'Nong"]),
                Commune(id: "24778", name: "Phường Xuân Hương - Đà Lạt", nameAscii: "Phuong Xuan Huong - Da Lat",
                        kind: .ward, formerProvince: "Lam Dong", latitude: 11.94, longitude: 108.46, areaKm2: 72,
                        population: 98_000, hostingCapacity: 5, minorityShare: 0.06, languages: []),
            ],
            needs: [
                Need(commune: "24697", field: "land", minimum: 1, desired: 2, level: 2, backlog: 140, priority: 1),
                Need(commune: "24778", field: "public_security", minimum: 1, desired: 1, level: 2, backlog: 0, priority: 1),
            ],
            departments: [
                Department(id: "so_nnmt", name: "Agriculture and Environment", nameVi: "Sở NN&MT", branch: .civil,
                           headcount: 400, releaseCap: 5),
                Department(id: "ca_tinh", name: "Provincial Police", nameVi: "Công an tỉnh", branch: .police,
                           headcount: 2500, releaseCap: 4),
            ],
            cadres: [
                Cadre(id: "c01", name: "Nguyễn Văn An", department: "so_nnmt", category: .civilServant,
                      skills: [Skill(field: "land", level: 3, years: 12)], homeCommune: "24778", languages: [],
                      available: true, capacity: 1),
                Cadre(id: "c05", name: "Ka Điểu", department: "ca_tinh", category: .officer,
                      skills: [Skill(field: "public_security", level: 3, years: 10)], homeCommune: "24697",
                      languages: ["M'Nong"], available: true, capacity: 1),
            ],
            history: [HistoryRecord(cadre: "c05", commune: "24778", field: "public_security", rating: nil)],
            pairs: [PairRule(cadre: "c01", commune: "24697", field: "land", allowed: .pin)])
    }

    static func report(_ s: Scenario) -> [String] { ScenarioValidator.validate(s).map(\.description) }

    @Test func aValidWorldHasNoFindings() {
        #expect(ScenarioValidator.validate(Self.world()).isEmpty)
    }

    @Test func problemsAreLocatedByTableAndRecord() {
        var s = Self.world()
        s.needs[0].desired = 0
        let found = ScenarioValidator.validate(s)
        #expect(found == [Diagnostic(file: "needs.csv", line: nil,
                                     message: "need 24697/land: desired (0) is below min (1)",
                                     fix: "set desired to at least min")])
        #expect(found.map(\.description) == [
            "needs.csv: error: need 24697/land: desired (0) is below min (1) — fix: set desired to at least min",
        ])
    }

    @Test func theLoaderRunsTheSameRulesWithLines() throws {
        // The same mistake made in a file and in code gives the same message and fix.
        let tiny = try ScenarioFolders.tiny
        var s = try ScenarioLoader.load(tiny).scenario
        s.needs[0].desired = 0
        let inCode = try #require(ScenarioValidator.validate(s).first)
        let folder = try ScenarioFolders.replacing("24697,land,1,2,2,140,1.5", with: "24697,land,1,0,2,140,1.5",
                                                   in: "needs.csv")
        var thrown: ScenarioError?
        do { _ = try ScenarioLoader.load(folder.path) } catch { thrown = error }
        let inFile = try #require(thrown?.diagnostics.first)
        #expect((inFile.message, inFile.fix, inFile.line) == (inCode.message, inCode.fix, 2))
        #expect(inCode.line == nil)
    }

    @Test func idsAreASCIIWithoutSpacesAndUnique() {
        var s = Self.world()
        s.fields[0].id = "đất đai"
        s.needs[0].field = "đất đai"
        s.cadres[0].skills[0].field = "đất đai"
        s.pairs[0].field = "đất đai"
        s.departments.append(s.departments[0])
        s.cadres[1].id = "c 05"
        s.history[0].cadre = "c 05"
        #expect(Self.report(s) == [
            "cadres.csv: error: cadre id 'c 05' contains spaces, commas or semicolons — fix: use only ASCII letters, digits, '_' or '-', e.g. 'c_05'",
            "departments.csv: error: duplicate department id 'so_nnmt' — fix: give each department its own id, or delete the repeated row",
            "fields.csv: error: field id 'đất đai' contains non-ASCII characters — fix: use only ASCII letters, digits, '_' or '-', e.g. 'dat_dai' (names may keep their Vietnamese diacritics)",
        ])
    }

    @Test func numbersMustBeFiniteAndSane() {
        var s = Self.world()
        s.fields[0].priority = .nan
        s.communes[0].latitude = .infinity
        s.communes[1].population = 2_000_000_000
        s.communes[1].minorityShare = 35
        s.needs[1].level = 4
        s.departments[0].releaseCap = 500
        #expect(Self.report(s) == [
            "communes.csv: error: commune 24697: lat (inf) is infinite — fix: write a number from -90 to 90",
            "communes.csv: error: commune 24778: minority_share (35) must be from 0 to 1 — fix: write a share from 0 to 1: 35% is 0.35",
            "communes.csv: error: commune 24778: population (2000000000) is absurdly large (over 1e9) — fix: write a number 0 or more",
            "departments.csv: error: department so_nnmt: release_cap (500) is above headcount (400) — fix: set release_cap to at most 400, or correct headcount",
            "fields.csv: error: field land: priority (nan) is not a number — fix: write a number greater than 0",
            "needs.csv: error: need 24778/public_security: level (4) is outside 1–3 — fix: write a level from 1 to 3",
        ])
    }

    @Test func communeCodesNamesAndProvinces() {
        var s = Self.world()
        s.communes[0].id = "2469"
        s.needs[0].commune = "2469"
        s.pairs[0].commune = "2469"
        s.cadres[1].homeCommune = "2469"
        s.communes[1].nameAscii = "Phường Xuân Hương"
        s.communes[1].formerProvince = "Lam Đong"
        #expect(Self.report(s) == [
            "communes.csv: error: commune 24778: former_province 'Lam Đong' is not one of the three merged provinces — fix: did you mean 'Lam Dong'? write Lam Dong, Binh Thuan or Dak Nong",
            "communes.csv: error: commune 24778: name_ascii 'Phường Xuân Hương' has non-ASCII characters — fix: write it without diacritics, e.g. 'Phuong Xuan Huong'",
            "communes.csv: error: commune id '2469' is not a 5-digit GSO code — fix: use the commune's official 5-digit code from the GSO list, e.g. 24697 (keep leading zeros: format the column as text)",
        ])
    }

    @Test func scenarioSettings() {
        var s = Self.world()
        s.name = " "
        s.round = Round(start: "2025-02-30", end: "01/10/2025")
        s.policy.roadFactor = 0.5
        s.weights.language = -2
        s.solver.timeLimit = 0
        s.solver.relativeGap = 2
        #expect(Self.report(s) == [
            "scenario.yaml: error: name is missing or empty — fix: add a line such as name: \"Lâm Đồng 2025, round 1\"",
            "scenario.yaml: error: policy.road_factor (0.5) must be 1 or more — fix: use 1 (straight line) or more; 1.3 is typical for Lâm Đồng roads",
            "scenario.yaml: error: round.end: '01/10/2025' is not a date written YYYY-MM-DD — fix: write the date like 2025-08-01",
            "scenario.yaml: error: round.start: '2025-02-30' is not a date written YYYY-MM-DD — fix: write the date like 2025-08-01",
            "scenario.yaml: error: solver.relative_gap (2) must be from 0 to 1 — fix: write 0 to prove optimality, or a small fraction such as 0.01",
            "scenario.yaml: error: solver.time_limit_s (0) must be greater than 0 — fix: write seconds such as 60, or null for no limit",
            "scenario.yaml: error: weights.language (-2) must be 0 or more — fix: set weights.language to a number 0 or more",
        ])
    }

    @Test func referencesAndBranches() {
        var s = Self.world()
        s.cadres[0].department = "so_nnnt"
        s.cadres[1].category = .publicEmployee
        s.cadres[1].homeCommune = "99999"
        s.history[0].field = "security"
        #expect(Self.report(s) == [
            "cadres.csv: error: cadre c01: unknown department 'so_nnnt' in department — fix: did you mean 'so_nnmt'? Otherwise use a department id listed in departments.csv, or add 'so_nnnt' there",
            "cadres.csv: error: cadre c05: category public_employee cannot belong to police department ca_tinh — fix: move the cadre to a civil department, or correct the category (officer/soldier for the armed forces)",
            "cadres.csv: error: cadre c05: unknown commune '99999' in home_commune — fix: Use a commune id listed in communes.csv, or add '99999' there",
            "history.csv: error: history c05/24778/security: unknown field 'security' in field — fix: Use a field id listed in fields.csv, or add 'security' there",
        ])
    }

    @Test func skillsNameKnownFieldsOnceWithSaneLevels() {
        var s = Self.world()
        s.cadres[0].skills = [Skill(field: "land", level: 0, years: -1), Skill(field: "land", level: 3, years: 1),
                              Skill(field: "lnad", level: 2, years: 1)]
        #expect(Self.report(s) == [
            "cadres.csv: error: cadre c01: field land appears twice in skills — fix: keep one field:level:years entry per field",
            "cadres.csv: error: cadre c01: skill land: level 0 is outside 1–3 — fix: write a level from 1 to 3, e.g. land:1:-1",
            "cadres.csv: error: cadre c01: skill land: years (-1) must be 0 or more — fix: set years to a number 0 or more",
            "cadres.csv: error: cadre c01: unknown field 'lnad' in skills — fix: did you mean 'land'? Otherwise use a field id listed in fields.csv, or add 'lnad' there",
        ])
    }

    @Test func needsThatCanNeverBeMetOrOnlyPartly() {
        var s = Self.world()
        s.needs[0].level = 3
        s.needs[0].minimum = 2
        s.needs[1].level = 3
        s.cadres[1].available = false
        s.communes[1].hostingCapacity = 0
        #expect(Self.report(s) == [
            "needs.csv: warning: commune 24778: its needs ask for at least 1 cadre but it can host 0 — fix: raise hosting_capacity in communes.csv or lower the min of its needs",
            "needs.csv: warning: need 24697/land: min is 2 but only 1 available cadre(s) could ever serve it — fix: lower min to 1, or add cadres with land at level 3 or above",
            "needs.csv: error: need 24778/public_security: no available police cadre has public_security at level 3 or above, so the need can never be met — fix: add such a cadre to cadres.csv, or drop the need",
        ])
    }

    @Test func aCadreWithoutASkillOfTheirBranchIsAWarning() {
        var s = Self.world()
        s.cadres[1].skills = [Skill(field: "land", level: 3, years: 1)]
        s.needs.removeLast()
        #expect(Self.report(s) == [
            "cadres.csv: warning: cadre c05 has no skill in a police field, so can never be placed — fix: add a skill in a police field (field:level:years), or set available to no",
        ])
    }

    @Test func pinRules() {
        var s = Self.world()
        s.cadres[0].capacity = 1
        s.pairs = [
            PairRule(cadre: "c01", commune: "24697", field: "land", allowed: .pin),
            PairRule(cadre: "c01", commune: "24697", field: nil, allowed: .no),
            PairRule(cadre: "c05", commune: "24697", field: "land", allowed: .pin),
            PairRule(cadre: "c05", commune: "24778", field: "land", allowed: .pin),
            PairRule(cadre: "c05", commune: "24778", field: nil, allowed: .pin),
            PairRule(cadre: "c05", commune: "24778", field: "", allowed: .yes),
        ]
        #expect(Self.report(s) == [
            "pairs.csv: error: pair c01/24697/land is both pinned and forbidden — fix: keep either the pin or the 'no' row",
            "pairs.csv: error: pair c05/24697/land: the pin breaks a hard rule: cadre c05 belongs to police department ca_tinh but land is a civil field — fix: remove the pin, or pin a civil cadre instead",
            "pairs.csv: error: pair c05/24778/land: commune 24778 has no need in land, so the pin cannot be honoured — fix: add the need to needs.csv or remove the pin",
            "pairs.csv: error: pair c05/24778: a pin must name a field — fix: fill in the field to pin, e.g. the commune's need",
            "pairs.csv: error: pair c05/24778: allowed 'yes' needs a field — fix: fill in the field, or delete the row: every pair is allowed unless forbidden",
        ])
        s.pairs = [
            PairRule(cadre: "c05", commune: "24778", field: "public_security", allowed: .pin),
            PairRule(cadre: "c05", commune: "24697", field: "land", allowed: .pin),
        ]
        s.cadres[1].available = false
        #expect(Self.report(s).contains(
            "pairs.csv: error: cadre c05 has 2 pins but capacity 1 — fix: remove pins down to 1, or raise capacity in cadres.csv"))
        #expect(Self.report(s).contains(
            "pairs.csv: error: pair c05/24778/public_security: cadre c05 is pinned but not available — fix: remove the pin, or set available to yes in cadres.csv"))
    }

    @Test func findingsAreSortedByFileLineMessage() {
        let a = Diagnostic(file: "a.csv", line: 9, message: "z", fix: "f")
        let b = Diagnostic(file: "a.csv", line: 10, message: "a", fix: "f")
        let c = Diagnostic(.warning, file: "a.csv", line: nil, message: "m", fix: "f")
        let d = Diagnostic(file: "b.csv", line: 1, message: "a", fix: "f")
        #expect([d, b, a, c].sorted() == [c, a, b, d])
        let error = ScenarioError(folder: "scenarios/x", diagnostics: [d, c, b])
        #expect(error.description == """
            a.csv: warning: m — fix: f
            a.csv:10: error: a — fix: f
            b.csv:1: error: a — fix: f
            2 errors and 1 warning in scenario scenarios/x
            """)
        #expect(ScenarioError(folder: "x", diagnostics: [a]).description.hasSuffix("\n1 error in scenario x"))
    }
}
