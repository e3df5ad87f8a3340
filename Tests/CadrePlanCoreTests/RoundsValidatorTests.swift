import CadrePlanCore
import Foundation
import Testing

/// The validation rules of a year of rounds (docs/scenario-format.md, "Validation rules",
/// "Rounds"): `rounds:` and `continuity:` in scenario.yaml, the `round`/`rounds` columns of
/// needs.csv, cadres.csv and pairs.csv, and the pin and staffing rules judged round by round.
@Suite struct RoundsValidatorTests {
    /// ScenarioValidatorTests' world over three quarterly rounds, the land need kept from round
    /// to round, nobody away more than two rounds in a row; the pin is for round r1.
    static func year() -> Scenario {
        var s = ScenarioValidatorTests.world()
        s.rounds = [
            RoundSpec(id: "r1", start: "2025-08-01", end: "2025-10-31"),
            RoundSpec(id: "r2", start: "2025-11-01", end: "2026-01-31"),
            RoundSpec(id: "r3", start: "2026-02-01", end: "2026-04-30"),
        ]
        s.round = Round(start: "2025-08-01", end: "2026-04-30")
        s.continuity = Continuity(hotFields: ["land"], weight: 5, handover: true, maxConsecutiveRounds: 2)
        s.pairs[0].round = "r1"
        return s
    }

    static func report(_ s: Scenario) -> [String] { ScenarioValidator.validate(s).map(\.description) }

    // MARK: rounds:

    @Test func aValidYearHasNoFindings() {
        #expect(Self.report(Self.year()).isEmpty)
        // One round in a list is a year of one round.
        var s = ScenarioValidatorTests.world()
        s.rounds = [RoundSpec(id: "2025-q3", start: "2025-08-01", end: "2025-10-31")]
        s.pairs[0].round = "2025-q3"
        #expect(Self.report(s).isEmpty)
    }

    @Test func roundIdsAreValidAndUnique() {
        var s = Self.year()
        s.rounds[0].id = ""
        s.rounds[1].id = "quý 4"
        s.rounds[2].id = "r1"
        s.pairs[0].round = "r1"
        #expect(Self.report(s) == [
            "scenario.yaml: error: round id 'quý 4' contains non-ASCII characters — fix: use only ASCII letters, digits, '_', '-' or '.', e.g. 'quy_4'",
            "scenario.yaml: error: rounds entry 1 has no id — fix: add id: r1 to the round: needs.csv, cadres.csv and pairs.csv name the round by its id",
        ])
        s.rounds[0].id = "r1"
        s.rounds[1].id = "r2"
        #expect(Self.report(s) == [
            "scenario.yaml: error: duplicate round id 'r1' — fix: give each round its own id, e.g. r3",
        ])
    }

    @Test func roundDatesAreRealAndInCalendarOrder() {
        var s = Self.year()
        s.rounds[0].start = ""
        s.rounds[1].end = "2026-02-30"
        s.rounds[2].end = "2026-01-31"
        #expect(Self.report(s) == [
            "scenario.yaml: error: round r1: start is missing — fix: add start: with a date written YYYY-MM-DD to the round, e.g. start: 2025-08-01",
            "scenario.yaml: error: round r2: end '2026-02-30' is not a date written YYYY-MM-DD — fix: write the date like 2025-08-01",
            "scenario.yaml: error: round r3: end (2026-01-31) is before start (2026-02-01) — fix: swap the dates or correct the end date",
        ])
        s = Self.year()
        s.rounds[2].start = "2026-01-15"
        #expect(Self.report(s) == [
            "scenario.yaml: error: round r2 (2025-11-01 to 2026-01-31) and round r3 (2026-01-15 to 2026-04-30) overlap — fix: start round r3 after 2026-01-31, or end round r2 before 2026-01-15: a cadre is seconded for one round at a time",
        ])
        // Out of order: said so, and the overlap of rounds listed apart is found too.
        s.rounds.swapAt(0, 1)
        #expect(Self.report(s) == [
            "scenario.yaml: error: round r1 starts on 2025-08-01, not after round r2 listed before it (start 2025-11-01) — fix: list the rounds in calendar order, each starting after the one before it ends",
            "scenario.yaml: error: round r2 (2025-11-01 to 2026-01-31) and round r3 (2026-01-15 to 2026-04-30) overlap — fix: start round r3 after 2026-01-31, or end round r2 before 2026-01-15: a cadre is seconded for one round at a time",
            "scenario.yaml: warning: round: (2025-08-01 to 2026-04-30) is not the year that rounds: spans (2025-11-01 to 2026-04-30) — fix: delete round: (with rounds: the year runs from the first round's start to the last round's end), or set it to {start: 2025-11-01, end: 2026-04-30}",
        ])
        // Back to back is not an overlap; a gap between rounds is fine.
        s = Self.year()
        s.rounds[2].start = "2026-03-01"
        #expect(Self.report(s).isEmpty)
    }

    @Test func atMostTwentyFourRounds() {
        var s = Self.year()
        let months = (0..<25).map { (2025 + ($0 + 7) / 12, ($0 + 7) % 12 + 1) }
        s.rounds = months.enumerated().map { i, m in
            let month = String(format: "%04d-%02d", m.0, m.1)
            return RoundSpec(id: "m\(i + 1)", start: "\(month)-01", end: "\(month)-28")
        }
        s.round = Round(start: s.rounds[0].start, end: s.rounds[24].end)
        s.pairs[0].round = "m1"
        #expect(Self.report(s) == [
            "scenario.yaml: error: rounds: 25 rounds are declared, more than 24 — fix: plan at most 24 rounds in one scenario (two years of monthly rounds); split a longer plan into several scenarios",
        ])
        s.rounds.removeLast()
        s.round.end = s.rounds[23].end
        #expect(Self.report(s).isEmpty)
    }

    @Test func aRoundWithNoNeedsIsAWarning() {
        var s = Self.year()
        s.needs[0].round = "r1"
        s.needs[1].round = "r1"
        #expect(Self.report(s) == [
            "scenario.yaml: warning: round r2 has no needs: no row of needs.csv is for it — fix: add the round's needs to needs.csv with round r2 (an empty round is every round), or delete the round",
            "scenario.yaml: warning: round r3 has no needs: no row of needs.csv is for it — fix: add the round's needs to needs.csv with round r3 (an empty round is every round), or delete the round",
        ])
        s.needs[1].round = nil
        #expect(Self.report(s).isEmpty)
    }

    // MARK: The round columns

    @Test func needsNameADeclaredRoundOnlyInAYear() {
        var s = ScenarioValidatorTests.world()
        s.needs[0].round = "r1"
        s.needs[1].round = "r2"
        #expect(Self.report(s) == [
            "needs.csv: error: need 24697/land: round 'r1' is given but scenario.yaml declares no rounds (and 1 more row of needs.csv) — fix: declare the rounds under rounds: in scenario.yaml (see docs/scenario-format.md), or empty the round column",
        ])
        s = Self.year()
        s.needs[1].round = "r4"
        s.needs[0].round = "2"
        #expect(Self.report(s) == [
            "needs.csv: error: need 24697/land: unknown round '2' in round — fix: did you mean 'r2'? Otherwise use a round id of rounds: in scenario.yaml (r1, r2, r3), or leave round empty for every round",
            "needs.csv: error: need 24778/public_security: unknown round 'r4' in round — fix: did you mean 'r1'? Otherwise use a round id of rounds: in scenario.yaml (r1, r2, r3), or leave round empty for every round",
        ])
    }

    @Test func aCommuneAndFieldOncePerRound() {
        var s = Self.year()
        let land = s.needs[0]
        // The same need in two rounds, with other numbers: fine.
        s.needs[0].round = "r1"
        s.needs.append(land)
        s.needs[2].round = "r2"
        s.needs[2].desired = 3
        s.needs.append(land)
        s.needs[3].round = "r3"
        #expect(Self.report(s).isEmpty)
        // Twice in one round, and once for every round beside a round of its own.
        s.needs[3].round = "r2"
        s.needs.append(land)
        #expect(Self.report(s) == [
            "needs.csv: error: need 24697/land appears twice in round r2 — fix: keep one row per commune and field in each round: merge the two rows",
            "needs.csv: error: need 24697/land for every round (empty round) repeats the need for round r1 — fix: give this row its round and keep one row per round, or delete the rows for single rounds",
        ])
        s.needs.removeLast()
        s.needs[3].round = "r3"
        s.needs.insert(land, at: 0)  // every round first, then r1, r2, r3
        #expect(Self.report(s).filter { $0.contains("repeats") } == [
            "needs.csv: error: need 24697/land for round r1 repeats the need for every round — fix: an empty round means every round: delete this row, or give that row its round and keep one row per round",
            "needs.csv: error: need 24697/land for round r2 repeats the need for every round — fix: an empty round means every round: delete this row, or give that row its round and keep one row per round",
            "needs.csv: error: need 24697/land for round r3 repeats the need for every round — fix: an empty round means every round: delete this row, or give that row its round and keep one row per round",
        ])
    }

    @Test func cadresListDeclaredRounds() {
        var s = ScenarioValidatorTests.world()
        s.cadres[0].rounds = ["r1"]
        #expect(Self.report(s) == [
            "cadres.csv: error: cadre c01: rounds 'r1' is given but scenario.yaml declares no rounds — fix: declare the rounds under rounds: in scenario.yaml (see docs/scenario-format.md), or empty the rounds column",
        ])
        s = Self.year()
        s.cadres[0].rounds = ["r1", "r3", "r1"]
        s.cadres[1].rounds = ["r1,r2"]
        #expect(Self.report(s) == [
            "cadres.csv: error: cadre c01: round r1 appears twice in rounds — fix: list each round once, separated by ';'",
            "cadres.csv: error: cadre c05: unknown round 'r1,r2' in rounds — fix: separate the rounds with ';', e.g. r1;r3. Use a round id of rounds: in scenario.yaml (r1, r2, r3), or leave rounds empty for every round",
        ])
        s.cadres[0].rounds = ["r1", "r2", "r3"]
        s.cadres[1].rounds = ["r1", "r2", "r3"]
        #expect(Self.report(s).isEmpty)
    }

    @Test func pairsNameADeclaredRoundAndPinsTheirRound() {
        var s = ScenarioValidatorTests.world()
        s.pairs.append(PairRule(cadre: "c05", commune: "24778", field: nil, allowed: .no, round: "r2"))
        #expect(Self.report(s) == [
            "pairs.csv: error: pair c05/24778: round 'r2' is given but scenario.yaml declares no rounds — fix: declare the rounds under rounds: in scenario.yaml (see docs/scenario-format.md), or empty the round column",
        ])
        s = Self.year()
        s.pairs[0].round = nil
        s.pairs.append(PairRule(cadre: "c05", commune: "24778", field: nil, allowed: .no, round: "r5"))
        #expect(Self.report(s) == [
            "pairs.csv: error: pair c01/24697/land: a pin must name its round in a year of rounds — fix: write the round to pin in the round column, one row per round; a pin for every round would second the cadre all year",
            "pairs.csv: error: pair c05/24778: unknown round 'r5' in round — fix: did you mean 'r1'? Otherwise use a round id of rounds: in scenario.yaml (r1, r2, r3), or leave round empty for every round",
        ])
        // A ban for every round, a pin in two rounds of three (max_consecutive_rounds is 2).
        s.pairs = [
            PairRule(cadre: "c01", commune: "24697", field: "land", allowed: .pin, round: "r1"),
            PairRule(cadre: "c01", commune: "24697", field: "land", allowed: .pin, round: "r2"),
            PairRule(cadre: "c05", commune: "24778", field: nil, allowed: .no),
            PairRule(cadre: "c05", commune: "24697", field: "public_security", allowed: .yes, score: 5, round: "r3"),
        ]
        #expect(Self.report(s).isEmpty)
    }

    @Test func aPairRowOncePerRound() {
        var s = Self.year()
        s.pairs = [
            PairRule(cadre: "c01", commune: "24697", field: "land", allowed: .pin, round: "r1"),
            PairRule(cadre: "c01", commune: "24697", field: "land", allowed: .pin, round: "r1"),
            PairRule(cadre: "c05", commune: "24697", field: "public_security", allowed: .yes, score: 5),
            PairRule(cadre: "c05", commune: "24697", field: "public_security", allowed: .yes, score: 2, round: "r2"),
        ]
        #expect(Self.report(s) == [
            "pairs.csv: error: pair c01/24697/land appears twice in round r1 — fix: keep one row per cadre, commune and field in each round, with allowed, score and workload together",
            "pairs.csv: error: pair c05/24697/public_security for round r2 repeats the row for every round — fix: keep one row per cadre, commune, field and round: merge the two rows, or replace the row for every round by one row per round",
        ])
    }

    // MARK: Rules judged round by round

    @Test func pinsAreJudgedInTheirRound() {
        var s = Self.year()
        s.cadres[0].rounds = ["r1", "r3"]
        s.needs[0].round = "r1"
        s.needs.append(Tiny.need("24778", "land", desired: 1))  // every round
        s.pairs = [
            PairRule(cadre: "c01", commune: "24697", field: "land", allowed: .pin, round: "r1"),
            PairRule(cadre: "c01", commune: "24778", field: "land", allowed: .pin, round: "r2"),
            PairRule(cadre: "c01", commune: "24697", field: "land", allowed: .pin, round: "r3"),
        ]
        s.cadres.append(Tiny.cadre("c07", [("land", 3, 5)], home: "24778", department: "so_nnmt"))
        s.policy.allowHomeCommune = true  // c01 lives in 24778
        #expect(Self.report(s) == [
            "pairs.csv: error: in round r2: pair c01/24778/land: cadre c01 is pinned but available only in rounds r1;r3 — fix: remove the pin, or add r2 to the rounds of c01 in cadres.csv",
            "pairs.csv: error: in round r3: pair c01/24697/land: commune 24697 has no need in land, so the pin cannot be honoured — fix: add the need for round r3 (or for every round) to needs.csv or remove the pin",
        ])
        // Capacity is per round: one pin in each of two rounds fits capacity 1, two in one do not.
        s = Self.year()
        s.policy.allowHomeCommune = true
        s.needs.append(Tiny.need("24778", "land", desired: 1))
        s.pairs.append(PairRule(cadre: "c01", commune: "24778", field: "land", allowed: .pin, round: "r2"))
        #expect(Self.report(s).isEmpty)
        s.pairs[1].round = "r1"
        #expect(Self.report(s) == [
            "pairs.csv: error: in round r1: cadre c01 has 2 pins but capacity 1 — fix: remove pins down to 1, or raise capacity in cadres.csv",
        ])
    }

    @Test func pinsAgainstTheHardRulesInTheirRound() {
        var s = Self.year()
        s.departments[0].releaseCap = 0
        #expect(Self.report(s) == [
            "pairs.csv: error: in round r1: department so_nnmt releases at most 0 cadres (release_cap) but 1 of its cadres are pinned: c01 — fix: remove the pins of 1 of them, or raise release_cap of so_nnmt to 1 in departments.csv",
        ])
        s = Self.year()
        s.pairs[0].round = "r2"
        s.needs[0].level = 3
        s.cadres[0].skills[0].level = 2
        s.cadres.append(Tiny.cadre("c07", [("land", 3, 5)], home: "24778", department: "so_nnmt"))
        #expect(Self.report(s) == [
            "pairs.csv: error: in round r2: pair c01/24697/land: the pin breaks a hard rule: cadre c01 has land at level 2 but need 24697/land requires level 3 — fix: remove the pin, or lower the level of the need to 2 in needs.csv",
        ])
    }

    @Test func pinsInMoreRoundsInARowThanAllowed() {
        var s = Self.year()
        s.rounds.append(RoundSpec(id: "r4", start: "2026-05-01", end: "2026-07-31"))
        s.round.end = "2026-07-31"
        s.continuity?.maxConsecutiveRounds = 2
        s.pairs = ["r1", "r2", "r4"].map { PairRule(cadre: "c01", commune: "24697", field: "land", allowed: .pin, round: $0) }
        #expect(Self.report(s).isEmpty)
        s.pairs.append(PairRule(cadre: "c01", commune: "24697", field: "land", allowed: .pin, round: "r3"))
        #expect(Self.report(s) == [
            "pairs.csv: error: cadre c01 is pinned in 4 rounds in a row (r1, r2, r3, r4) but continuity.max_consecutive_rounds is 2 — fix: remove pins of c01 so that at most 2 rounds in a row have one, or raise continuity.max_consecutive_rounds to 4 in scenario.yaml",
        ])
        s.continuity = nil
        #expect(Self.report(s).isEmpty)
    }

    @Test func staffingIsJudgedInEachRoundAndReportedOnce() {
        var s = Self.year()
        s.cadres[0].rounds = ["r1"]
        #expect(Self.report(s) == [
            "needs.csv: error: in rounds r2, r3: need 24697/land: no available civil cadre has land at level 2 or above, so the need can never be met — fix: add such a cadre to cadres.csv, or drop the need",
        ])
        // The same need asked for in r1 only can be staffed.
        s.needs[0].round = "r1"
        s.needs[1].round = nil
        #expect(Self.report(s).isEmpty)
        // Hosting capacity is per round too.
        s = Self.year()
        s.communes[0].hostingCapacity = 1
        s.needs[0].minimum = 2
        s.needs[0].desired = 2
        s.cadres.append(Tiny.cadre("c07", [("land", 3, 5)], home: "24778", department: "so_nnmt"))
        s.cadres[2].rounds = ["r2"]
        #expect(Self.report(s) == [
            "needs.csv: warning: commune 24697: its needs ask for at least 2 cadres but it can host 1 — fix: raise hosting_capacity in communes.csv or lower the min of its needs",
            "needs.csv: warning: in rounds r1, r3: need 24697/land: min is 2 but only 1 available cadre(s) could ever serve it — fix: lower min to 1, or add cadres with land at level 2 or above",
        ])
    }

    // MARK: continuity:

    @Test func continuityNeedsRounds() {
        var s = ScenarioValidatorTests.world()
        s.continuity = Continuity(hotFields: ["land"])
        #expect(Self.report(s) == [
            "scenario.yaml: error: continuity: applies to a year of rounds but scenario.yaml declares no rounds — fix: declare the rounds under rounds: (see docs/scenario-format.md), or delete continuity:",
        ])
        s.rounds = [RoundSpec(id: "r1", start: "2025-08-01", end: "2025-10-31")]
        s.pairs[0].round = "r1"
        #expect(Self.report(s) == [
            "scenario.yaml: warning: continuity: ties consecutive rounds together but rounds: declares only one round — fix: declare the following rounds under rounds:, or delete continuity:",
        ])
    }

    @Test func continuitySettings() {
        var s = Self.year()
        s.continuity = Continuity(hotFields: ["lands", "public_security", "public_security"], weight: 5000,
                                  handover: true, maxConsecutiveRounds: 1)
        #expect(Self.report(s) == [
            "scenario.yaml: error: continuity.handover is true but continuity.max_consecutive_rounds is 1: nobody could stay on into the next round to hand over — fix: raise continuity.max_consecutive_rounds to 2, or set handover: false",
            "scenario.yaml: error: continuity.hot_fields lists public_security twice — fix: list each field once",
            "scenario.yaml: error: continuity.weight (5000) is outside 0.001–1000: it is a relative weight — fix: write a relative weight such as 1, 1.5 or 3, from 0.001 to 1000",
            "scenario.yaml: error: continuity: unknown field 'lands' in hot_fields — fix: did you mean 'land'? Otherwise use a field id listed in fields.csv, or add 'lands' there",
        ])
        s.continuity = Continuity(hotFields: [], weight: .nan, handover: true, maxConsecutiveRounds: 0)
        #expect(Self.report(s) == [
            "scenario.yaml: warning: continuity.handover is true but continuity.hot_fields is empty: handover applies in hot fields only, so it does nothing — fix: list the fields whose files are handed over in continuity.hot_fields, e.g. [land], or set handover: false",
            "scenario.yaml: error: continuity.max_consecutive_rounds (0) must be 1 or more — fix: write how many rounds in a row a cadre may be seconded, e.g. 2, or null for no limit",
            "scenario.yaml: error: continuity.weight (nan) is not a number — fix: write a number 0 or more",
        ])
        s.continuity = Continuity(hotFields: ["land"], weight: 0, handover: false, maxConsecutiveRounds: 3)
        #expect(Self.report(s) == [
            "scenario.yaml: warning: continuity.max_consecutive_rounds (3) is not below the number of rounds (3), so it never binds — fix: lower it to 2 or less to limit how long a cadre is away, or write null for no limit",
        ])
        s.continuity = Continuity()
        #expect(Self.report(s) == [
            "scenario.yaml: warning: continuity: has no hot_fields and no max_consecutive_rounds, so it ties no rounds together — fix: list continuity.hot_fields, set continuity.max_consecutive_rounds, or delete continuity:",
        ])
        s.continuity = Continuity(hotFields: ["land", "public_security"], weight: 0.5, handover: true, maxConsecutiveRounds: 2)
        #expect(Self.report(s).isEmpty)
        s.continuity = Continuity(maxConsecutiveRounds: 1)
        #expect(Self.report(s).isEmpty)
    }

    // MARK: In files

    /// A copy of the tiny fixture over four rounds: `scenario.yaml` replaced by `yaml`, needs.csv
    /// given a round column.
    static func yearFolder(_ yaml: String, needs: String? = nil, cadres: String? = nil, pairs: String? = nil) throws -> ScratchFolder {
        let folder = try ScenarioFolders.copy()
        try Data(yaml.utf8).write(to: folder.appendingPathComponent("scenario.yaml"))
        for (file, text) in [("needs.csv", needs), ("cadres.csv", cadres), ("pairs.csv", pairs)] {
            if let text { try Data(text.utf8).write(to: folder.appendingPathComponent(file)) }
        }
        return folder
    }

    static let yearYAML = """
        name: "Lâm Đồng 2025–2026 — four rounds"
        rounds:
          - {id: r1, start: 2025-08-01, end: 2025-10-31}
          - {id: r2, start: 2025-11-01, end: 2026-01-31}
          - {id: r3, start: 2026-02-01, end: 2026-04-30}
          - {id: r4, start: 2026-05-01, end: 2026-07-31}
        continuity:
          hot_fields: [land]
          weight: 5
          handover: true
          max_consecutive_rounds: 2
        policy:
          max_travel_km: 300
          road_factor: 1.3

        """

    static let yearNeeds = """
        commune,field,min,desired,level,backlog,priority,round
        24697,land,1,2,2,140,1.5,
        24697,finance,1,1,2,35,1,r1
        24697,finance,0,1,2,20,1,r3
        24778,public_security,1,1,2,0,1,
        24778,land,0,1,2,60,1,r2

        """

    static let yearCadres = """
        id,name,department,category,skills,home_commune,languages,available,capacity,rounds
        c01,Nguyễn Văn An,so_nnmt,civil_servant,land:3:12,24778,,yes,1,
        c02,Trần Thị Bình,so_nnmt,public_employee,land:2:4.5;finance:1:2,24697,M'Nong,yes,,r1;r2
        c03,Lê Hoàng Cường,so_tc,civil_servant,finance:3:8,24778,,yes,2,r1;r3
        c04,Phạm Thị Dung,so_tc,worker,finance:2:3,24697,,no,1,
        c05,Ka Điểu,ca_tinh,officer,public_security:3:10,24697,M'Nong;K'Ho,yes,1,
        c06,Hoàng Minh Đức,ca_tinh,officer,public_security:2:5,24778,K'Ho,yes,1,r2;r3;r4

        """

    static let yearPairs = """
        cadre,commune,field,allowed,round
        c03,24697,finance,pin,r1
        c03,24697,finance,pin,r3
        c06,24697,,no,

        """

    @Test func aYearInFilesLoadsAndWritesBack() throws {
        let folder = try Self.yearFolder(Self.yearYAML, needs: Self.yearNeeds, cadres: Self.yearCadres, pairs: Self.yearPairs)
        let loaded = try ScenarioLoader.load(folder.path)
        #expect(loaded.warnings.isEmpty)
        let s = loaded.scenario
        #expect(s.rounds.map(\.id) == ["r1", "r2", "r3", "r4"])
        #expect(s.round == Round(start: "2025-08-01", end: "2026-07-31"))
        #expect(s.continuity == Continuity(hotFields: ["land"], weight: 5, handover: true, maxConsecutiveRounds: 2))
        #expect(s.needs.map(\.round) == [nil, "r1", "r3", nil, "r2"])
        #expect(s.cadres.map(\.rounds) == [[], ["r1", "r2"], ["r1", "r3"], [], [], ["r2", "r3", "r4"]])
        #expect(s.pairs.map(\.round) == ["r1", "r3", nil])

        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("rounds-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copy) }
        try ScenarioWriter.write(s, to: copy.path)
        let again = try ScenarioLoader.load(copy.path)
        #expect(again.warnings.isEmpty)
        #expect(again.scenario == s)
    }

    @Test func problemsInFilesPointAtTheirLines() throws {
        let yaml = Self.yearYAML
            .replacingOccurrences(of: "{id: r3, start: 2026-02-01", with: "{id: r3, start: 2026-01-15")
            .replacingOccurrences(of: "hot_fields: [land]", with: "hot_fields: [lnad]")
        let needs = Self.yearNeeds.replacingOccurrences(of: "24778,land,0,1,2,60,1,r2", with: "24778,land,0,1,2,60,1,R2")
        let cadres = Self.yearCadres.replacingOccurrences(of: ",r2;r3;r4", with: ",r2;r3;r5")
        let pairs = Self.yearPairs.replacingOccurrences(of: "c03,24697,finance,pin,r3", with: "c03,24697,finance,pin,")
        let folder = try Self.yearFolder(yaml, needs: needs, cadres: cadres, pairs: pairs)
        #expect(ScenarioFolders.report(folder) == [
            "cadres.csv:7: error: cadre c06: unknown round 'r5' in rounds — fix: did you mean 'r1'? Otherwise use a round id of rounds: in scenario.yaml (r1, r2, r3, r4), or leave rounds empty for every round",
            "needs.csv:6: error: need 24778/land: unknown round 'R2' in round — fix: did you mean 'r2'? Otherwise use a round id of rounds: in scenario.yaml (r1, r2, r3, r4), or leave round empty for every round",
            "pairs.csv:3: error: pair c03/24697/finance: a pin must name its round in a year of rounds — fix: write the round to pin in the round column, one row per round; a pin for every round would second the cadre all year",
            "scenario.yaml:5: error: round r2 (2025-11-01 to 2026-01-31) and round r3 (2026-01-15 to 2026-04-30) overlap — fix: start round r3 after 2026-01-31, or end round r2 before 2026-01-15: a cadre is seconded for one round at a time",
            "scenario.yaml:8: error: continuity: unknown field 'lnad' in hot_fields — fix: did you mean 'land'? Otherwise use a field id listed in fields.csv, or add 'lnad' there",
        ])
    }

    @Test func continuityAndRoundColumnsWithoutRoundsInFiles() throws {
        let yaml = """
            name: "Lâm Đồng 2025 — one round"
            round: {start: 2025-08-01, end: 2025-10-31}
            continuity: {max_consecutive_rounds: 2}

            """
        let folder = try Self.yearFolder(yaml, needs: Self.yearNeeds, pairs: Self.yearPairs)
        #expect(ScenarioFolders.report(folder) == [
            "needs.csv:3: error: need 24697/finance: round 'r1' is given but scenario.yaml declares no rounds (and 2 more rows of needs.csv) — fix: declare the rounds under rounds: in scenario.yaml (see docs/scenario-format.md), or empty the round column",
            "pairs.csv:2: error: pair c03/24697/finance: round 'r1' is given but scenario.yaml declares no rounds (and 1 more row of pairs.csv) — fix: declare the rounds under rounds: in scenario.yaml (see docs/scenario-format.md), or empty the round column",
            "scenario.yaml:3: error: continuity: applies to a year of rounds but scenario.yaml declares no rounds — fix: declare the rounds under rounds: (see docs/scenario-format.md), or delete continuity:",
        ])
    }

    @Test func anUnreadableRoundsListIsReportedOnce() throws {
        let yaml = """
            name: "Lâm Đồng 2025–2026"
            rounds: r1, r2
            continuity: {max_consecutive_rounds: 2}

            """
        let folder = try Self.yearFolder(yaml, needs: Self.yearNeeds)
        let found = ScenarioFolders.report(folder)
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("scenario.yaml:2: error: rounds: expected a list of rounds") == true)
    }
}
