import Foundation
import Testing

@testable import CadrePlanCore

/// The default scenario is generated, committed and must stay reproducible and true to the
/// published figures of the 2025 Lâm Đồng round.
@Suite struct GeneratorTests {
    static let facts = Committed.facts
    static let committed = Committed.root.appendingPathComponent("scenarios/lam-dong-2025")
    static let seed = LamDongGenerator.defaultSeed
    /// Generated once for all tests (about a second in a debug build).
    static let generated = Result { () throws(GeneratorError) -> Scenario in
        try LamDongGenerator.generate(facts: facts, seed: seed)
    }

    func scenario() throws -> Scenario { try Self.generated.get() }

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("cadreplan-generator-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    // MARK: Reproducibility

    @Test func regeneratingReproducesTheCommittedScenarioByteForByte() throws {
        let s = try scenario()
        let tmp = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let out = tmp.appendingPathComponent("lam-dong-2025")
        try ScenarioWriter.write(s, to: out.path, extraFiles: ["README.md": LamDongGenerator.readme(for: s, seed: Self.seed)])

        let fm = FileManager.default
        let expected = try fm.contentsOfDirectory(atPath: Self.committed.path).sorted()
        let actual = try fm.contentsOfDirectory(atPath: out.path).sorted()
        #expect(actual == expected, "regenerate with: \(LamDongGenerator.command(seed: Self.seed))")
        for name in expected {
            let a = try Data(contentsOf: Self.committed.appendingPathComponent(name))
            let b = try? Data(contentsOf: out.appendingPathComponent(name))
            #expect(a == b, "\(name) differs from a fresh generation; regenerate with: \(LamDongGenerator.command(seed: Self.seed))")
        }
    }

    @Test func sameSeedSameScenarioOtherSeedOtherScenario() throws {
        let s = try scenario()
        #expect(try LamDongGenerator.generate(facts: Self.facts, seed: Self.seed) == s)
        let other = try LamDongGenerator.generate(facts: Self.facts, seed: 7)
        #expect(other != s)
        #expect(other.cadres.map(\.name) != s.cadres.map(\.name))
        #expect(other.history.map(\.commune) != s.history.map(\.commune))
        // The published figures do not depend on the seed.
        #expect(other.cadres.count == 730)
        #expect(other.needs.filter { $0.field == "it" }.count == 93)
        #expect(other.history.filter { $0.rating == .excellent }.count == 66)
    }

    @Test func seededGeneratorIsPinned() {
        // xoshiro256** seeded by SplitMix64; values computed independently.
        var g = SeededGenerator(seed: 2025)
        #expect([g.next(), g.next(), g.next()] == [0x0CC4_C5E8_8DC7_4F9A, 0x0D41_61B4_A06E_942E, 0x6DE4_5508_B4F4_AA47])
        var h = SeededGenerator(seed: 2025, stream: "cadres")
        #expect(h.next() == 0xDF92_BF92_A3A2_DBA3)
        var r = SeededGenerator(seed: 1)
        for n in [1, 2, 3, 7, 124, 1000] {
            #expect((0..<200).allSatisfy { _ in (0..<n).contains(r.index(below: n)) })
        }
    }

    // MARK: Published figures

    @Test func unitsMatchResolution1671AndPopulationResolution202() throws {
        let s = try scenario()
        #expect(s.communes.count == 124)
        #expect(s.communes.filter { $0.kind == .commune }.count == 103)
        #expect(s.communes.filter { $0.kind == .ward }.count == 20)
        #expect(s.communes.filter { $0.kind == .specialZone }.count == 1)
        #expect(s.communes.filter { $0.formerProvince == "Lam Dong" }.count == 51)
        #expect(s.communes.filter { $0.formerProvince == "Binh Thuan" }.count == 45)
        #expect(s.communes.filter { $0.formerProvince == "Dak Nong" }.count == 28)
        #expect(s.communes.reduce(0) { $0 + $1.population } == 3_872_999)
        #expect(s.communes.allSatisfy { (0...1).contains($0.minorityShare) && $0.hostingCapacity >= 4 })
    }

    @Test func cadresFieldsAndUnitsMatchTheProgramme() throws {
        let s = try scenario()
        let branch = Dictionary(uniqueKeysWithValues: s.departments.map { ($0.id, $0.branch) })
        #expect(s.cadres.filter { branch[$0.department] == .civil }.count == 260)
        #expect(s.cadres.filter { branch[$0.department] == .police }.count == 370)
        #expect(s.cadres.filter { branch[$0.department] == .military }.count == 100)
        #expect(s.fields.filter { $0.branch == .civil }.count == 14)
        #expect(s.fields.count == 16)
        #expect(s.departments.filter { $0.branch == .civil }.count == 13)
        #expect(s.departments.count == 15)
        #expect(s.departments.filter { $0.branch == .civil }.reduce(0) { $0 + $1.headcount } == 3_743)
        #expect(Set(s.cadres.map(\.id)).count == 730)
        #expect(s.cadres.allSatisfy { $0.id.allSatisfy(\.isASCII) && $0.available })
    }

    @Test func ratingsAreExactly66_189_3_2() throws {
        let s = try scenario()
        let civil = Set(s.cadres.filter { !$0.category.isArmedForces }.map(\.id))
        let ratings = s.history.filter { civil.contains($0.cadre) }.map(\.rating)
        #expect(ratings.filter { $0 == .excellent }.count == 66)
        #expect(ratings.filter { $0 == .good }.count == 189)
        #expect(ratings.filter { $0 == .completed }.count == 3)
        #expect(ratings.filter { $0 == .notEvaluated }.count == 2)
        #expect(s.history.filter { !civil.contains($0.cadre) }.allSatisfy { $0.rating == nil })
    }

    @Test func needsHaveTheITGapAndRealTension() throws {
        let s = try scenario()
        #expect(Set(s.needs.filter { $0.field == "it" }.map(\.commune)).count == 93)
        #expect(s.needs.filter { $0.field == "it" }.count == 93)
        #expect(Set(s.needs.filter { $0.field == "public_security" }.map(\.commune)).count == 124)
        let military = s.needs.filter { $0.field == "military" }
        #expect((95...110).contains(military.count))
        let civil = Set(s.fields.filter { $0.branch == .civil }.map(\.id))
        let desired = s.needs.filter { civil.contains($0.field) }.reduce(0) { $0 + $1.desired }
        #expect(desired > 260 && desired < 400, "civil desired demand \(desired) should exceed 260 somewhat")
        #expect(s.needs.filter { $0.field == "public_security" }.reduce(0) { $0 + $1.desired } >= 370)
        #expect(military.reduce(0) { $0 + $1.desired } >= 100)
        #expect(Set(s.needs.map { "\($0.commune)/\($0.field)" }).count == s.needs.count)
    }

    @Test func everyNeedCanBeMetBySomeCadre() throws {
        let s = try scenario()
        let branchOfField = Dictionary(uniqueKeysWithValues: s.fields.map { ($0.id, $0.branch) })
        let branchOfUnit = Dictionary(uniqueKeysWithValues: s.departments.map { ($0.id, $0.branch) })
        for n in s.needs {
            let able = s.cadres.contains { c in
                c.available && branchOfUnit[c.department] == branchOfField[n.field] && c.homeCommune != n.commune
                    && (c.skill(in: n.field)?.level ?? 0) >= n.level
            }
            #expect(able, "need \(n.commune)/\(n.field) at level \(n.level) has no able cadre")
        }
    }

    @Test func historySendsEveryCadreOnceToANeedOfItsField() throws {
        let s = try scenario()
        #expect(s.history.count == 730)
        #expect(s.history.map(\.cadre) == s.cadres.map(\.id))
        let cadres = Dictionary(uniqueKeysWithValues: s.cadres.map { ($0.id, $0) })
        let needs = Dictionary(uniqueKeysWithValues: s.needs.map { ("\($0.commune)/\($0.field)", $0) })
        let capacity = Dictionary(uniqueKeysWithValues: s.communes.map { ($0.id, $0.hostingCapacity) })
        let branchOfField = Dictionary(uniqueKeysWithValues: s.fields.map { ($0.id, $0.branch) })
        let branchOfUnit = Dictionary(uniqueKeysWithValues: s.departments.map { ($0.id, $0.branch) })
        var perNeed: [String: Int] = [:]
        var perCommune: [String: Int] = [:]
        var perUnit: [String: Int] = [:]
        for h in s.history {
            let key = "\(h.commune)/\(h.field)"
            #expect(needs[key] != nil, "history \(h.cadre) goes to \(key), which is not a need")
            guard let c = cadres[h.cadre] else { continue }
            #expect(c.skill(in: h.field) != nil)
            #expect(branchOfUnit[c.department] == branchOfField[h.field])
            #expect(c.homeCommune != h.commune)
            perNeed[key, default: 0] += 1
            perCommune[h.commune, default: 0] += 1
            perUnit[c.department, default: 0] += 1
        }
        for (key, count) in perNeed { #expect(count <= needs[key]?.desired ?? 0) }
        for (commune, count) in perCommune { #expect(count <= capacity[commune] ?? 0) }
        for d in s.departments {
            #expect(d.releaseCap >= perUnit[d.id] ?? 0 && d.releaseCap <= d.headcount)
        }
    }

    @Test func thePressExamplesArePresent() throws {
        let s = try scenario()
        let cadres = Dictionary(uniqueKeysWithValues: s.cadres.map { ($0.id, $0) })
        func need(_ commune: String, _ field: String) -> Need? {
            s.needs.first { $0.commune == commune && $0.field == field }
        }
        // Nam Đà: a land-registration officer from the Krông Nô branch (Agriculture and Environment).
        #expect(need("24697", "land") != nil)
        let namDa = s.history.first { $0.commune == "24697" && $0.field == "land" }.flatMap { cadres[$0.cadre] }
        #expect(namDa?.homeCommune == "24688")
        #expect(namDa?.department == "dept_agriculture_environment")
        // Tân Hà Lâm Hà: exactly land, labour (employment service centre, Home Affairs), public security.
        for field in ["land", "labour", "public_security"] { #expect(need("24916", field) != nil) }
        let tanHa = s.history.filter { $0.commune == "24916" }
        #expect(tanHa.map(\.field).sorted() == ["labour", "land", "public_security"])
        let labour = tanHa.first { $0.field == "labour" }.flatMap { cadres[$0.cadre] }
        #expect(labour?.department == "dept_home_affairs")
        #expect(labour?.category == .publicEmployee)
        // Sơn Mỹ: 2 cadres, one for land; the land need wants 2 for the industrial parks.
        let sonMyLand = need("23266", "land")
        #expect(sonMyLand?.desired == 2)
        #expect((sonMyLand?.backlog ?? 0) >= 1_000)
        #expect((sonMyLand?.priority ?? 0) > 1)
        let sonMy = s.history.filter { $0.commune == "23266" }
        #expect(sonMy.count == 2)
        #expect(sonMy.filter { $0.field == "land" }.count == 1)
        let ex = LamDongGenerator.examples(in: s)
        #expect(ex.tanHa.count == 3 && ex.sonMy.count == 2 && ex.namDaLand != nil)
    }

    @Test func theFactsCopyIsComplete() throws {
        let copy = try String(contentsOfFile: Self.facts, encoding: .utf8)
        #expect(copy.hasPrefix("code,name,name_ascii,kind,former_province,lat,lon,area_km2,merged_from\n"))
        #expect(copy.split(separator: "\n").count == 125)
    }

    // MARK: Writer

    @Test func writerRoundTripsThroughTheLoader() throws {
        let s = try scenario()
        let tmp = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: tmp) }
        try ScenarioWriter.write(s, to: tmp.path)
        let loaded = try ScenarioLoader.load(tmp.path)
        #expect(loaded.scenario == s)
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
    }

    @Test func writerReplacesTheScenarioWholeAndKeepsOtherFiles() throws {
        var s = try scenario()
        let tmp = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let folder = tmp.appendingPathComponent("scenario")
        s.pairs = [PairRule(cadre: s.cadres[0].id, commune: s.communes[0].id, field: nil, allowed: .no)]
        try ScenarioWriter.write(s, to: folder.path)
        try Data("planner notes\n".utf8).write(to: folder.appendingPathComponent("notes.md"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("pairs.csv").path))

        s.pairs = []
        s.history = []
        try ScenarioWriter.write(s, to: folder.path)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["cadres.csv", "communes.csv", "departments.csv", "fields.csv", "needs.csv", "notes.md", "scenario.yaml"])
        #expect(try String(contentsOf: folder.appendingPathComponent("notes.md"), encoding: .utf8) == "planner notes\n")
        // No staging or backup folder is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path) == ["scenario"])
    }

    @Test func writerRefusesAFileAndNamesIt() throws {
        let s = try scenario()
        let tmp = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let file = tmp.appendingPathComponent("taken")
        try Data().write(to: file)
        let error = #expect(throws: ScenarioWriteError.self) { try ScenarioWriter.write(s, to: file.path) }
        #expect(error?.description.contains(file.path) == true)
        #expect(error?.description.contains("not a folder") == true)
    }

    @Test func numbersAreWrittenWithoutLocale() {
        #expect(ScenarioWriter.fixed(10.97914, 5) == "10.97914")
        #expect(ScenarioWriter.fixed(108.1, 5) == "108.10000")
        #expect(ScenarioWriter.fixed(0.0449, 3) == "0.045")
        #expect(ScenarioWriter.fixed(-0.0004, 3) == "0.000")
        #expect(ScenarioWriter.fixed(-1.25, 1) == "-1.3")
        #expect(ScenarioWriter.fixed(12, 1) == "12.0")
        #expect(ScenarioWriter.number(3) == "3")
        #expect(ScenarioWriter.number(2.5) == "2.5")
        #expect(ScenarioWriter.number(0.1) == "0.1")
        #expect(ScenarioWriter.quoted("Lâm Đồng \"2025\"") == "\"Lâm Đồng \\\"2025\\\"\"")
        #expect(LamDongGenerator.grouped(3_872_999) == "3,872,999")
    }
}
