import Foundation
import Testing

@testable import CadrePlanCore

/// The formulation lists candidates by cadre and skill and starts each check after the skill
/// lookup and the branch test; the pairs it keeps must be exactly those the full
/// `Eligibility.check` accepts (the one explanations and the validator use), with the same numbers.
@Suite struct FormulationTests {
    func expectPairsMatchTheFullCheck(_ s: Scenario, _ label: String) throws {
        let f = try Formulation(s)
        let index = ScenarioIndex(s)
        var expected: [String: Eligibility.Outcome] = [:]
        for cadre in s.cadres {
            for need in s.needs {
                let outcome = Eligibility.check(cadre: cadre, need: need, scenario: s, index: index)
                if case .eligible = outcome { expected["\(cadre.id)|\(need.commune)|\(need.field)"] = outcome }
            }
        }
        var found: [String: Eligibility.Outcome] = [:]
        for pair in f.pairs {
            let cadre = s.cadres[f.cadres[pair.cadre].cadre]
            let need = s.needs[f.needs[pair.need].need]
            found["\(cadre.id)|\(need.commune)|\(need.field)"] = .eligible(
                fit: pair.fit, distanceKm: pair.distanceKm, speaksLanguage: pair.speaksLanguage)
        }
        #expect(found.count == f.pairs.count, "\(label): a pair is listed twice")
        #expect(found == expected, "\(label): \(found.count) pairs against \(expected.count) eligible")
        #expect(!expected.isEmpty, "\(label): nothing eligible, nothing compared")
    }

    @Test func theDefaultRoundsPairsAreExactlyTheEligibleOnes() throws {
        let s = try Committed.scenario("lam-dong-2025")
        try expectPairsMatchTheFullCheck(s, "lam-dong-2025")
    }

    /// Without a travel limit (no grid), with home communes allowed or not, with an unavailable
    /// cadre and with a field listed twice (the first skill counts, as `Cadre.skill(in:)`).
    @Test(arguments: [true, false])
    func generatedPairsAreExactlyTheEligibleOnes(allowHome: Bool) throws {
        var s = try SyntheticGenerator.ladder(cadres: 120, seed: 5)
        s.policy.allowHomeCommune = allowHome
        s.cadres[0].available = false
        let extra = try #require(s.cadres[1].skills.first)
        s.cadres[1].skills.append(Skill(field: extra.field, level: 3, years: 20))
        try expectPairsMatchTheFullCheck(s, "ladder-120, home allowed: \(allowHome)")
        s.policy.maxTravelKm = nil
        try expectPairsMatchTheFullCheck(s, "ladder-120 without a travel limit, home allowed: \(allowHome)")
    }

    /// Room is reserved for every candidate up front; the bound must never be below the pairs.
    @Test func theCandidateBoundCoversEveryPair() throws {
        for seed in [1, 2] {
            let s = try SyntheticGenerator.ladder(cadres: 300, seed: UInt64(seed))
            let index = ScenarioIndex(s)
            let rows = s.needs.compactMap { need in
                index.commune[need.commune].flatMap { m in index.field[need.field].map { ($0, m) } }
            }
            let reach = NeedsWithinReach(rows, fields: s.fields.count, s)
            let pairs = try Formulation(s).pairs.count
            #expect(pairs > 0)
            #expect(reach.candidateBound(s, index) >= pairs)
        }
    }
}
