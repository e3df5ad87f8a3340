import CadrePlanCore
import Foundation
import Testing

/// `--set`, `--drop-field` and what-if files: typed values, exact planner-readable errors, and a
/// scenario that is validated again after the changes.
@Suite struct OverridesTests {
    /// Two communes, a land and an IT need, two civil cadres, one police cadre.
    static let base: Scenario = {
        var s = Tiny.scenario(
            communes: [Tiny.commune("24697", at: 0, hosting: 4), Tiny.commune("24700", at: 1, hosting: 4)],
            needs: [Tiny.need("24697", "land", desired: 2), Tiny.need("24700", "it"),
                    Tiny.need("24700", "public_security")],
            cadres: [Tiny.cadre("c1", [("land", 2, 5)], home: "24700"),
                     Tiny.cadre("c2", [("land", 1, 3), ("it", 2, 4)], home: "24697"),
                     Tiny.cadre("p1", [("public_security", 2, 6)], home: "24697", department: "CA",
                                category: .officer)],
            departments: [Tiny.department("DNNMT", cap: 5), Tiny.department("CA", branch: .police, cap: 5)],
            pairs: [PairRule(cadre: "p1", commune: "24700", field: "public_security", allowed: .pin)],
            maxTravelKm: 100)
        s.policy.roadFactor = 1.3
        return s
    }()

    static func apply(_ sets: [String], drop: [String] = []) throws -> AppliedVariant {
        var overrides = try sets.map { try ScenarioOverride.parse(set: $0) }
        overrides += drop.map { ScenarioOverride.dropField($0) }
        return try WhatIfVariant(name: WhatIfVariant.commandLineName, overrides: overrides).apply(to: base)
    }

    /// The one-line message of a failing override, as the CLI prints it.
    static func message(_ sets: [String], drop: [String] = []) -> String {
        do {
            _ = try apply(sets, drop: drop)
            return "no error"
        } catch let error as OverrideError {
            return error.diagnostics.map(\.description).joined(separator: "\n")
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func parsesEveryKindOfValue() throws {
        let cases: [(String, ScenarioOverride.Change)] = [
            ("policy.max_travel_km=60", .set(section: "policy", id: nil, key: "max_travel_km", value: .number(60))),
            ("policy.max_travel_km=none", .set(section: "policy", id: nil, key: "max_travel_km", value: .none)),
            ("policy.allow_home_commune=yes", .set(section: "policy", id: nil, key: "allow_home_commune", value: .flag(true))),
            ("weights.language=3", .set(section: "weights", id: nil, key: "language", value: .number(3))),
            ("solver.time_limit_s=10", .set(section: "solver", id: nil, key: "time_limit_s", value: .number(10))),
            ("departments.DNV.release_cap=10", .set(section: "departments", id: "DNV", key: "release_cap", value: .whole(10))),
            ("communes.24697.hosting_capacity = 3", .set(section: "communes", id: "24697", key: "hosting_capacity", value: .whole(3))),
            ("needs.24697/land.desired=2", .set(section: "needs", id: "24697/land", key: "desired", value: .number(2))),
            ("cadres.cv.001.available=no", .set(section: "cadres", id: "cv.001", key: "available", value: .flag(false))),
        ]
        for (text, change) in cases {
            let parsed = try ScenarioOverride.parse(set: text)
            #expect(parsed.change == change, "\(text)")
        }
        #expect(try ScenarioOverride.parse(set: "needs.24697/land.desired=2").description == "--set needs.24697/land.desired=2")
    }

    @Test func appliesSettingsAndRecordsWhatChanged() throws {
        let applied = try Self.apply([
            "policy.max_travel_km=60", "weights.language=3", "solver.time_limit_s=10",
            "departments.DNNMT.release_cap=1", "communes.24697.hosting_capacity=3", "needs.24697/land.desired=1",
            "cadres.c1.available=no", "policy.max_travel_km=none",
        ])
        let s = applied.scenario
        #expect(s.policy.maxTravelKm == nil)
        #expect(s.weights.language == 3)
        #expect(s.solver.timeLimit == 10)
        #expect(s.departments[0].releaseCap == 1)
        #expect(s.communes[0].hostingCapacity == 3)
        #expect(s.needs[0].desired == 1)
        #expect(s.cadres[0].available == false)
        #expect(applied.changes.map { "\($0.key): \($0.before) → \($0.after)" } == [
            "policy.max_travel_km: 100 → 60", "weights.language: 2 → 3", "solver.time_limit_s: 30 → 10",
            "departments.DNNMT.release_cap: 5 → 1", "communes.24697.hosting_capacity: 4 → 3",
            "needs.24697/land.desired: 2 → 1", "cadres.c1.available: yes → no", "policy.max_travel_km: 60 → none",
        ])
    }

    @Test func dropFieldRemovesItsNeedsAndPinsButKeepsCadres() throws {
        let applied = try Self.apply([], drop: ["public_security"])
        #expect(applied.scenario.needs.map(\.field) == ["land", "it"])
        #expect(applied.scenario.pairs.isEmpty)
        #expect(applied.scenario.cadres == Self.base.cadres)
        #expect(applied.scenario.fields == Self.base.fields)
        #expect(applied.changes == [AppliedVariant.Change(
            key: "fields.public_security", before: "1 needs (1 cadres desired), 1 pins", after: "dropped")])
    }

    /// A what-if given as a second folder is described in the same words as overrides.
    @Test func differencesBetweenScenariosReadLikeOverrides() throws {
        let applied = try Self.apply(["policy.max_travel_km=60", "departments.DNNMT.release_cap=1"],
                                     drop: ["public_security"])
        #expect(AppliedVariant.changes(from: Self.base, to: applied.scenario) == applied.changes)
        #expect(AppliedVariant.changes(from: Self.base, to: Self.base).isEmpty)
    }

    @Test func errorsAreExactAndNameTheKey() {
        let expected: [([String], [String], String)] = [
            (["polcy.max_travel_km=60"], [],
             "--set polcy.max_travel_km=60: error: unknown setting 'polcy.max_travel_km': there is no section 'polcy' — fix: did you mean 'policy'? the sections are policy, weights, solver, fields, departments, communes, needs, cadres (e.g. policy.max_travel_km=60)"),
            (["policy.max_travel=60"], [],
             "--set policy.max_travel=60: error: unknown setting 'policy.max_travel': policy has no key 'max_travel' — fix: did you mean 'max_travel_km'? the keys of policy are max_travel_km, road_factor, allow_home_commune"),
            (["policy.max_travel_km=sixty"], [],
             "--set policy.max_travel_km=sixty: error: 'policy.max_travel_km' expects a number, got 'sixty' — fix: write policy.max_travel_km=60, or none for no limit"),
            (["policy.max_travel_km"], [],
             "--set policy.max_travel_km: error: 'policy.max_travel_km' has no value — fix: write KEY=VALUE, e.g. --set policy.max_travel_km=60"),
            (["departments.release_cap=10"], [],
             "--set departments.release_cap=10: error: setting 'departments.release_cap' names no department — fix: write departments.<id>.release_cap=VALUE"),
            (["departments.DNV.release_cap=10"], [],
             "--set departments.DNV.release_cap=10: error: unknown department 'DNV' in 'departments.DNV.release_cap' — fix: use one of DNNMT, CA"),
            (["departments.DNNTM.release_cap=10"], [],
             "--set departments.DNNTM.release_cap=10: error: unknown department 'DNNTM' in 'departments.DNNTM.release_cap' — fix: did you mean 'DNNMT'? use one of DNNMT, CA"),
            (["departments.DNNMT.release_cap=2.5"], [],
             "--set departments.DNNMT.release_cap=2.5: error: 'departments.DNNMT.release_cap' expects a whole number, got '2.5' — fix: write departments.DNNMT.release_cap=10"),
            (["needs.24697/lnd.desired=2"], [],
             "--set needs.24697/lnd.desired=2: error: unknown need '24697/lnd' in 'needs.24697/lnd.desired' — fix: did you mean '24697/land'? write the need as <commune>/<field>, a pair listed in needs.csv (e.g. 24697/land)"),
            (["needs.24697/land.desired=1.5"], [],
             "--set needs.24697/land.desired=1.5: error: 'needs.24697/land.desired' expects a whole number of cadres, got '1.5' — fix: write needs.24697/land.desired=2"),
            (["cadres.c1.available=maybe"], [],
             "--set cadres.c1.available=maybe: error: 'cadres.c1.available' expects yes or no, got 'maybe' — fix: write cadres.c1.available=no"),
            ([], ["public_securty"],
             "--drop-field public_securty: error: unknown field 'public_securty' to drop — fix: did you mean 'public_security'? use one of land, it, public_security"),
            // Valid keys, but the scenario they make is not: the validator's own message, named.
            (["departments.DNNMT.release_cap=500"], [],
             "departments.csv: error: after --set departments.DNNMT.release_cap=500: department DNNMT: release_cap (500) is above headcount (100) — fix: set release_cap to at most 100, or correct headcount"),
        ]
        for (sets, drops, message) in expected {
            #expect(Self.message(sets, drop: drops) == message)
        }
    }

    @Test func reportsEveryBadOverrideAtOnce() {
        let text = Self.message(["departments.X.release_cap=1", "communes.99999.hosting_capacity=1"])
        #expect(text.split(separator: "\n").count == 2)
    }

    @Test func readsAWhatIfFileWithNamedVariants() throws {
        let yaml = """
            variants:
              - name: travel-60
                note: "Nobody travels more than 60 km"
                set:
                  policy.max_travel_km: 60
                  departments.DNNMT.release_cap: 1
              - name: no-police
                drop_fields: [public_security]
              - name: unlimited
                set: {policy.max_travel_km: null}
            """
        let variants = try WhatIfFile.parse(yaml, file: "whatif.yaml")
        #expect(variants.map(\.name) == ["travel-60", "no-police", "unlimited"])
        #expect(variants[0].note == "Nobody travels more than 60 km")
        #expect(variants[0].overrides.map(\.description) == [
            "--set policy.max_travel_km=60", "--set departments.DNNMT.release_cap=1"])
        #expect(variants[0].overrides.map(\.line) == [5, 6])
        #expect(variants[1].overrides == [ScenarioOverride.dropField("public_security", file: "whatif.yaml", line: 8)])
        #expect(variants[2].overrides.first?.change == .set(section: "policy", id: nil, key: "max_travel_km", value: .none))
        let applied = try variants[0].apply(to: Self.base)
        #expect(applied.scenario.policy.maxTravelKm == 60)
        #expect(applied.scenario.departments[0].releaseCap == 1)
    }

    @Test func whatIfFileErrorsNameFileLineAndFix() {
        let yaml = """
            variants:
              - name: a
                sett:
                  policy.max_travel_km: 60
              - name: a
                set:
                  polcy.road_factor: 1
              - name: b
              - set: {weights.language: lots}
            extra: 1
            """
        var lines: [String] = []
        do { _ = try WhatIfFile.parse(yaml, file: "whatif.yaml") } catch {
            lines = error.diagnostics.map(\.description)
        }
        #expect(lines == [
            "whatif.yaml:3: error: variant 1: unknown key 'sett' — fix: did you mean 'set'? the keys of a variant are name, note, set, drop_fields",
            "whatif.yaml:5: error: variant name 'a' is used twice (first on line 2) — fix: give each variant its own name",
            "whatif.yaml:7: error: unknown setting 'polcy.road_factor': there is no section 'polcy' — fix: did you mean 'policy'? the sections are policy, weights, solver, fields, departments, communes, needs, cadres (e.g. policy.max_travel_km=60)",
            "whatif.yaml:8: error: variant 'b' changes nothing — fix: add set: with at least one setting, or drop_fields:",
            "whatif.yaml:9: error: 'weights.language' expects a number, got 'lots' — fix: write weights.language=3",
            "whatif.yaml:9: error: variant 4 has no name — fix: add name: with a short label such as travel-60; it heads the variant's column",
            "whatif.yaml:10: error: unknown key 'extra' — fix: the file has one key, variants",
        ])
    }

    @Test func theExampleWhatIfFileAppliesToTheDefaultScenario() throws {
        let scenario = try Committed.scenario("lam-dong-2025")
        let variants = try WhatIfFile.load(Committed.root.appendingPathComponent("scenarios/whatif-examples/lam-dong-2025.yaml").path)
        #expect(variants.count >= 3)
        for variant in variants {
            let applied = try variant.apply(to: scenario)
            #expect(!applied.changes.isEmpty, "\(variant.name)")
        }
    }
}
