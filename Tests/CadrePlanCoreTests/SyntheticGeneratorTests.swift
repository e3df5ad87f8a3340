import Foundation
import Testing

@testable import CadrePlanCore

/// The synthetic presets behind `make bench`: reproducible, Lâm Đồng's structure at any size,
/// valid for the planner, and — for the national preset — provinces the travel limit separates.
@Suite struct SyntheticGeneratorTests {
    /// Built once: the national preset takes a few seconds in a debug build.
    static let national = Result { () throws(GeneratorError) -> Scenario in try SyntheticGenerator.national(seed: 1) }

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cadreplan-synthetic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func branchCounts(_ s: Scenario) -> [Branch: Int] {
        let branch = Dictionary(uniqueKeysWithValues: s.departments.map { ($0.id, $0.branch) })
        var counts: [Branch: Int] = [:]
        for c in s.cadres { counts[branch[c.department] ?? .civil, default: 0] += 1 }
        return counts
    }

    // MARK: Reproducibility

    @Test func sameSeedSameBytesOtherSeedOtherScenario() throws {
        let a = try SyntheticGenerator.ladder(cadres: 300, seed: 1)
        let b = try SyntheticGenerator.ladder(cadres: 300, seed: 1)
        #expect(a == b)
        let bytesA = try ScenarioWriter.render(a).map(\.data)
        let bytesB = try ScenarioWriter.render(b).map(\.data)
        #expect(bytesA == bytesB)
        let c = try SyntheticGenerator.ladder(cadres: 300, seed: 2)
        #expect(c != a)
        #expect(c.cadres.map(\.homeCommune) != a.cadres.map(\.homeCommune))
        #expect(c.communes.map(\.latitude) != a.communes.map(\.latitude))
        // The structure does not depend on the seed.
        #expect(c.cadres.count == a.cadres.count && c.communes.count == a.communes.count)
        #expect(branchCounts(c) == branchCounts(a))
    }

    // MARK: Lâm Đồng's structure, scaled

    @Test(arguments: [200, 1_000, 2_500])
    func ladderKeepsLamDongsProportions(cadres: Int) throws {
        let s = try SyntheticGenerator.ladder(cadres: cadres, seed: 1)
        #expect(s.cadres.count == cadres)
        #expect(s.communes.count == Int((Double(cadres) * 124 / 730).rounded()))
        let counts = branchCounts(s)
        let civil = counts[.civil] ?? 0, police = counts[.police] ?? 0, military = counts[.military] ?? 0
        #expect(abs(Double(civil) - Double(cadres) * 260 / 730) <= 1)
        #expect(abs(Double(police) - Double(cadres) * 370 / 730) <= 1)
        #expect(abs(Double(military) - Double(cadres) * 100 / 730) <= 1)
        #expect(s.fields == LamDongCatalogue.fields)
        #expect(s.departments.map(\.id) == LamDongCatalogue.units.map(\.department.id))

        // Public security in every unit, military outside the wards, civil needs on top.
        let security = Set(s.needs.filter { $0.field == "public_security" }.map(\.commune))
        let military_ = Set(s.needs.filter { $0.field == "military" }.map(\.commune))
        #expect(security == Set(s.communes.map(\.id)))
        #expect(military_ == Set(s.communes.filter { $0.kind != .ward }.map(\.id)))
        let desiredSecurity = s.needs.filter { $0.field == "public_security" }.reduce(0) { $0 + $1.desired }
        #expect(desiredSecurity >= police && Double(desiredSecurity) <= Double(police) * 1.1 + 2)
        #expect(s.needs.contains { $0.field == "land" } && s.needs.contains { $0.field == "it" })
        #expect(s.communes.filter { $0.kind == .ward }.count == max(3, Int((Double(s.communes.count) * 20 / 124).rounded())))

        // Ids: unique, 5-digit unit codes; one need per unit and field.
        #expect(Set(s.communes.map(\.id)).count == s.communes.count)
        #expect(s.communes.allSatisfy { $0.id.count == 5 && $0.id.allSatisfy(\.isNumber) })
        #expect(Set(s.cadres.map(\.id)).count == s.cadres.count)
        #expect(Set(s.needs.map { "\($0.commune)/\($0.field)" }).count == s.needs.count)
        // Release caps leave about 10 % slack over what each unit sends.
        var sent: [String: Int] = [:]
        for c in s.cadres { sent[c.department, default: 0] += 1 }
        for d in s.departments {
            let n = sent[d.id] ?? 0
            #expect(d.releaseCap >= n && d.releaseCap <= n + max(1, n / 10 + 1) && d.headcount >= d.releaseCap)
        }
    }

    @Test func ladderGrowsAtConstantReach() throws {
        // Beyond a province's worth of units, a unit reaches about the same number of others
        // whatever the size: the program grows linearly instead of quadratically.
        func meanReach(_ s: Scenario) -> Double {
            let limit = s.policy.maxTravelKm ?? .infinity
            var total = 0
            for a in s.communes {
                for b in s.communes where a.id != b.id
                    && Eligibility.travelKm(from: a, to: b, roadFactor: s.policy.roadFactor) <= limit { total += 1 }
            }
            return Double(total) / Double(s.communes.count)
        }
        let small = try SyntheticGenerator.ladder(cadres: 3_000, seed: 1)
        let large = try SyntheticGenerator.ladder(cadres: 6_000, seed: 1)
        let (a, b) = (meanReach(small), meanReach(large))
        #expect(a > 60 && a < 200, "mean reach \(a)")
        #expect(b > 60 && b < 200, "mean reach \(b)")
        #expect(b < a * 1.3, "reach grew from \(a) to \(b)")
        #expect(Double(large.communes.count) > 1.9 * Double(small.communes.count))
    }

    // MARK: Valid for the planner

    @Test func aWrittenLadderLoadsWithoutErrorsOrWarnings() throws {
        let s = try SyntheticGenerator.ladder(cadres: 400, seed: 3)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try ScenarioWriter.write(s, to: folder.path, extraFiles: ["README.md": SyntheticGenerator.readme(for: s, command: "test")])
        let loaded = try ScenarioLoader.load(folder.path)
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings.map(\.description))")
        #expect(loaded.scenario == s)
        // Every need has a cadre who could serve it, at the level it asks.
        let f = try Formulation(s)
        let served = Set(f.pairs.map(\.need))
        #expect(served.count == f.needs.count)
        #expect(f.cadres.count >= s.cadres.count * 95 / 100)
    }

    @Test func theNationalScenarioIsValid() throws {
        let s = try Self.national.get()
        let diagnostics = ScenarioValidator.validate(s, ScenarioValidator.Context())
        #expect(diagnostics.isEmpty, "\(diagnostics.prefix(5).map(\.description))")
    }

    @Test func outOfRangeSizesAreRefusedWithAFix() {
        for n in [0, -5, 49, 60_001] {
            let error = #expect(throws: GeneratorError.self) { try SyntheticGenerator.ladder(cadres: n, seed: 1) }
            let text = error?.description ?? ""
            #expect(text.hasPrefix("--cadres: error: \(n) cadres is outside"), "\(text)")
            #expect(text.contains("fix: pass --cadres between 50 and 60000"), "\(text)")
        }
    }

    // MARK: National

    @Test func nationalHas34ProvincesOf3321UnitsAnd20000Cadres() throws {
        let s = try Self.national.get()
        #expect(s.communes.count == 3_321)
        #expect(s.cadres.count == 20_000)
        #expect(s.departments.count == 34 * LamDongCatalogue.units.count)
        #expect(Set(s.communes.map(\.id)).count == 3_321)
        #expect(Set(s.cadres.map(\.id)).count == 20_000)
        #expect(Set(s.departments.map(\.id)).count == s.departments.count)
        let provinces = s.communes.map { SyntheticGenerator.province(ofCommune: $0.id) }
        #expect(!provinces.contains(nil))
        #expect(Set(provinces.compactMap { $0 }) == Set(1...34))
        // Every cadre lives, and every department sits, in the province its id names.
        let provinceOf = Dictionary(uniqueKeysWithValues: zip(s.communes.map(\.id), provinces))
        for c in s.cadres {
            let p = provinceOf[c.homeCommune] ?? nil
            let prefix = "p" + (p.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "?") + "-"
            #expect(c.id.hasPrefix(prefix) && c.department.hasPrefix(prefix), "\(c.id) lives in \(c.homeCommune)")
        }
        let counts = branchCounts(s)
        #expect(abs(Double(counts[.police] ?? 0) - 20_000 * 370 / 730) <= 34)
        // Inside the box the validator takes for Vietnam (outside it warns).
        #expect(s.communes.allSatisfy { (8...24).contains($0.latitude) && (102...110).contains($0.longitude) })
    }

    @Test func nationalProvincesAreIndependentUnderTheTravelLimit() throws {
        let s = try Self.national.get()
        let limit = try #require(s.policy.maxTravelKm)
        var byProvince: [Int: [Commune]] = [:]
        for c in s.communes {
            if let p = SyntheticGenerator.province(ofCommune: c.id) { byProvince[p, default: []].append(c) }
        }
        func km(_ a: Commune, _ b: Commune) -> Double { Eligibility.travelKm(from: a, to: b, roadFactor: s.policy.roadFactor) }
        // Within a province every unit reaches every other…
        var radius: [Int: Double] = [:]
        for (p, units) in byProvince {
            let centre = units[0]
            radius[p] = units.map { km(centre, $0) }.max() ?? 0
            for a in units {
                for b in units { #expect(km(a, b) <= limit, "province \(p): \(a.id)–\(b.id)") }
            }
        }
        // …and no unit reaches one of another province: by the triangle inequality around each
        // province's first unit, with the exact distances checked wherever that bound is not enough.
        for p in byProvince.keys.sorted() {
            for q in byProvince.keys.sorted() where q > p {
                guard let a = byProvince[p], let b = byProvince[q] else { continue }
                let apart = km(a[0], b[0]) - (radius[p] ?? 0) - (radius[q] ?? 0)
                if apart > limit + 1 { continue }  // + rounding to 0.1 km
                for x in a {
                    for y in b { #expect(km(x, y) > limit, "provinces \(p) and \(q): \(x.id)–\(y.id)") }
                }
            }
        }
    }
}
