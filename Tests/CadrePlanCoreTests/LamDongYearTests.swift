import Foundation
import Testing

@testable import CadrePlanCore

/// The four-round year is generated, committed and must stay reproducible: round r1 is the default
/// round, the later rounds follow their documented rules.
@Suite struct LamDongYearTests {
    static let facts = Committed.facts
    static let committed = Committed.root.appendingPathComponent("scenarios/lam-dong-2025-year")
    static let seed = LamDongGenerator.defaultSeed
    /// Generated once for all tests.
    static let generated = Result { () throws(GeneratorError) -> Scenario in
        try LamDongYear.generate(facts: facts, seed: seed)
    }
    static let defaultRound = Result { () throws(GeneratorError) -> Scenario in
        try LamDongGenerator.generate(facts: facts, seed: seed)
    }

    func scenario() throws -> Scenario { try Self.generated.get() }

    func needs(_ s: Scenario, _ round: String) -> [Need] { s.needs.filter { $0.round == round } }

    func available(_ s: Scenario, _ round: String) -> [Cadre] {
        s.cadres.filter { $0.available && ($0.rounds.isEmpty || $0.rounds.contains(round)) }
    }

    // MARK: Reproducibility

    @Test func sameSeedSameBytesOtherSeedOtherYear() throws {
        let s = try scenario()
        let again = try LamDongYear.generate(facts: Self.facts, seed: Self.seed)
        let a = try ScenarioWriter.render(s)
        let b = try ScenarioWriter.render(again)
        #expect(a.map(\.name) == b.map(\.name))
        #expect(a.map(\.data) == b.map(\.data))
        #expect(LamDongYear.readme(for: s, seed: Self.seed) == LamDongYear.readme(for: again, seed: Self.seed))

        let other = try LamDongYear.generate(facts: Self.facts, seed: 7)
        #expect(other.needs.filter { $0.round != "r1" } != s.needs.filter { $0.round != "r1" })
        #expect(other.cadres.map(\.rounds) != s.cadres.map(\.rounds))
        #expect(other.cadres.count == 730)
        #expect(other.rounds == s.rounds)
    }

    @Test func regeneratingReproducesTheCommittedFolderByteForByte() throws {
        let s = try scenario()
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("cadreplan-year-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let out = tmp.appendingPathComponent("lam-dong-2025-year")
        try ScenarioWriter.write(s, to: out.path, extraFiles: ["README.md": LamDongYear.readme(for: s, seed: Self.seed)])

        let fm = FileManager.default
        let expected = try fm.contentsOfDirectory(atPath: Self.committed.path).sorted()
        let actual = try fm.contentsOfDirectory(atPath: out.path).sorted()
        #expect(actual == expected, "regenerate with: \(LamDongYear.command(seed: Self.seed))")
        for name in expected {
            let a = try Data(contentsOf: Self.committed.appendingPathComponent(name))
            let b = try? Data(contentsOf: out.appendingPathComponent(name))
            #expect(a == b, "\(name) differs from a fresh generation; regenerate with: \(LamDongYear.command(seed: Self.seed))")
        }
    }

    @Test func writerRoundTripsThroughTheLoader() throws {
        let s = try scenario()
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("cadreplan-year-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: tmp) }
        try ScenarioWriter.write(s, to: tmp.path)
        let loaded = try ScenarioLoader.load(tmp.path)
        #expect(loaded.scenario.needs == s.needs)
        #expect(loaded.scenario.cadres == s.cadres)
        #expect(loaded.scenario.rounds == s.rounds)
        #expect(loaded.scenario.continuity == s.continuity)
        #expect(loaded.scenario.round == s.round)
    }

    // MARK: Rounds

    @Test func fourConsecutiveRoundsAndTheSettings() throws {
        let s = try scenario()
        #expect(s.name == "Lâm Đồng 2025–2026 — Tôi là cán bộ xã, four rounds")
        #expect(s.rounds.map(\.id) == ["r1", "r2", "r3", "r4"])
        #expect(s.rounds.map(\.start) == ["2025-08-01", "2025-11-01", "2026-02-01", "2026-05-01"])
        #expect(s.rounds.map(\.end) == ["2025-10-31", "2026-01-31", "2026-04-30", "2026-07-31"])
        #expect(s.round == Round(start: "2025-08-01", end: "2026-07-31"))
        #expect(s.continuity == Continuity(hotFields: ["land", "labour"], weight: 5, handover: true, maxConsecutiveRounds: 2))
        for field in s.continuity?.hotFields ?? [] { #expect(s.fields.contains { $0.id == field }) }
        let base = try Self.defaultRound.get()
        #expect(s.policy == base.policy)
        #expect(s.weights == base.weights)
        #expect(s.solver == SolverSettings(timeLimit: 120, relativeGap: base.solver.relativeGap, stage2Tolerance: base.solver.stage2Tolerance))
        #expect(s.communes == base.communes && s.fields == base.fields && s.departments == base.departments)
        #expect(s.history == base.history)
    }

    @Test func roundOneIsTheDefaultRoundExactly() throws {
        let s = try scenario()
        let base = try Self.defaultRound.get()
        let r1 = needs(s, "r1").map { var n = $0; n.round = nil; return n }
        #expect(r1 == base.needs)
        #expect(s.cadres.map { var c = $0; c.rounds = []; return c } == base.cadres)
        #expect(available(s, "r1").count == 730)
    }

    @Test func everyNeedNamesItsRoundOncePerCommuneAndField() throws {
        let s = try scenario()
        let ids = Set(s.rounds.map(\.id))
        #expect(s.needs.allSatisfy { $0.round.map(ids.contains) == true })
        for round in s.rounds.map(\.id) {
            let rows = needs(s, round)
            #expect(!rows.isEmpty)
            #expect(Set(rows.map { "\($0.commune)/\($0.field)" }).count == rows.count)
            #expect(rows.allSatisfy { $0.minimum >= 0 && $0.desired >= max(1, $0.minimum) && (1...3).contains($0.level) && $0.backlog >= 0 })
        }
        // Rows come round by round.
        #expect(s.needs.map { $0.round ?? "" } == s.needs.map { $0.round ?? "" }.sorted())
    }

    @Test func backlogsAndDemandShrinkRoundByRound() throws {
        let s = try scenario()
        let rounds = s.rounds.map(\.id)
        for (a, b) in zip(rounds, rounds.dropFirst()) {
            let before = Dictionary(uniqueKeysWithValues: needs(s, a).map { ("\($0.commune)/\($0.field)", $0) })
            var ratios: [Double] = []
            for n in needs(s, b) {
                guard let p = before["\(n.commune)/\(n.field)"] else { continue }
                #expect(n.backlog <= p.backlog)
                #expect(n.desired <= p.desired)
                #expect(n.minimum == p.minimum && n.priority == p.priority && n.level <= p.level)
                if p.backlog >= 20 { ratios.append(Double(n.backlog) / Double(p.backlog)) }
            }
            let mean = ratios.reduce(0, +) / Double(max(1, ratios.count))
            #expect(ratios.count > 100)
            #expect(mean > 0.6 && mean < 0.75, "mean backlog ratio \(a)→\(b) is \(mean)")
            #expect(ratios.allSatisfy { $0 > 0.5 && $0 < 0.85 })
            let total = { (r: String) in needs(s, r).reduce(0) { $0 + $1.backlog } }
            #expect(total(b) < total(a))
            let desired = { (r: String) in needs(s, r).reduce(0) { $0 + $1.desired } }
            #expect(desired(b) < desired(a))
        }
    }

    @Test func someNeedsEndButHotFieldsAndPostsStay() throws {
        let s = try scenario()
        let rounds = s.rounds.map(\.id)
        let kept: Set<String> = ["land", "labour", "public_security"]
        for (a, b) in zip(rounds, rounds.dropFirst()) {
            let next = Set(needs(s, b).map { "\($0.commune)/\($0.field)" })
            let ended = needs(s, a).filter { !next.contains("\($0.commune)/\($0.field)") }
            #expect(ended.allSatisfy { !kept.contains($0.field) })
            #expect(ended.count >= 20 && ended.count <= 70, "\(ended.count) needs ended after \(a)")
            #expect(needs(s, b).filter { $0.field == "public_security" }.count == 124)
        }
    }

    @Test func siteClearanceAroundTheSonMyParksAddsLandNeeds() throws {
        let s = try scenario()
        let r1 = Set(needs(s, "r1").map { "\($0.commune)/\($0.field)" })
        let new = s.needs.filter { $0.round != "r1" && !r1.contains("\($0.commune)/\($0.field)") }
        #expect(!new.isEmpty)
        #expect(new.allSatisfy { $0.field == "land" && $0.minimum == 1 })
        // Near Sơn Mỹ (former Bình Thuận), and staying once they appear.
        let province = Dictionary(uniqueKeysWithValues: s.communes.map { ($0.id, $0.formerProvince) })
        #expect(new.allSatisfy { province[$0.commune] == "Binh Thuan" })
        #expect(Set(new.map(\.commune)) == Set(needs(s, "r4").filter { !r1.contains("\($0.commune)/\($0.field)") }.map(\.commune)))
    }

    @Test func everyNeedOfEveryRoundHasAnAvailableAbleCadre() throws {
        let s = try scenario()
        let branchOfField = Dictionary(uniqueKeysWithValues: s.fields.map { ($0.id, $0.branch) })
        let branchOfUnit = Dictionary(uniqueKeysWithValues: s.departments.map { ($0.id, $0.branch) })
        for round in s.rounds.map(\.id) {
            let cadres = available(s, round)
            for n in needs(s, round) {
                let able = cadres.contains { c in
                    branchOfUnit[c.department] == branchOfField[n.field] && c.homeCommune != n.commune
                        && (c.skill(in: n.field)?.level ?? 0) >= n.level
                }
                #expect(able, "need \(n.commune)/\(n.field) of \(round) at level \(n.level) has no available able cadre")
            }
        }
    }

    // MARK: Availability and calibration

    @Test func publishedFiguresHold() throws {
        let s = try scenario()
        let branch = Dictionary(uniqueKeysWithValues: s.departments.map { ($0.id, $0.branch) })
        #expect(s.cadres.count == 730)
        #expect(s.cadres.filter { branch[$0.department] == .civil }.count == 260)
        #expect(s.cadres.filter { branch[$0.department] == .police }.count == 370)
        #expect(s.cadres.filter { branch[$0.department] == .military }.count == 100)
        #expect(s.communes.count == 124)
        #expect(s.communes.reduce(0) { $0 + $1.population } == 3_872_999)
        #expect(needs(s, "r1").filter { $0.field == "it" }.count == 93)
        #expect(s.history.filter { $0.rating == .excellent }.count == 66)
        #expect(s.history.filter { $0.rating == .good }.count == 189)
    }

    @Test func availabilityFollowsTheRotation() throws {
        let s = try scenario()
        let branch = Dictionary(uniqueKeysWithValues: s.departments.map { ($0.id, $0.branch) })
        let ids = Set(s.rounds.map(\.id))
        #expect(s.cadres.allSatisfy { Set($0.rounds).isSubset(of: ids) && $0.available })
        // About 10 % of civil cadres miss one or two later rounds; the rest have an empty column.
        let civil = s.cadres.filter { branch[$0.department] == .civil }
        let absent = civil.filter { !$0.rounds.isEmpty }
        #expect(absent.count == 26)
        #expect(absent.allSatisfy { $0.rounds.contains("r1") && (2...3).contains($0.rounds.count) })
        // Armed forces: all in r1, then each in two of r2–r4; all 470 serve in the year.
        let armed = s.cadres.filter { branch[$0.department] != .civil }
        #expect(armed.count == 470)
        #expect(armed.allSatisfy { $0.rounds.count == 3 && $0.rounds.first == "r1" })
        for round in ["r2", "r3", "r4"] {
            let police = available(s, round).filter { branch[$0.department] == .police }.count
            let military = available(s, round).filter { branch[$0.department] == .military }.count
            #expect((240...250).contains(police), "\(police) police in \(round)")
            #expect((65...68).contains(military), "\(military) military in \(round)")
            #expect(available(s, round).filter { branch[$0.department] == .civil }.count < 260)
        }
    }

    @Test func readmeSaysWhatIsRealAndHowToRegenerate() throws {
        let s = try scenario()
        let text = LamDongYear.readme(for: s, seed: Self.seed)
        #expect(text.contains(LamDongYear.command(seed: Self.seed)))
        #expect(text.contains("SYNTHESISED"))
        #expect(text.contains("../lam-dong-2025"))
        for summary in LamDongYear.summary(of: s) { #expect(text.contains("| \(summary.id) | \(summary.start) – \(summary.end) |")) }
    }
}
