import CadrePlanCore
import Foundation
import Testing
@testable import CadrePlanReport

/// PlanMetrics on a four-placement deployment, every number worked out by hand.
@Suite struct MetricsTests {
    typealias F = ReportFixtures

    /// c1 → A/land (level 3 for 2, 12 y, 33.4 km, speaks K'Ho); c2 → A/land (level 1 for 2, 4 y,
    /// 33.4 km); c3 → A/it (level 2 for 1, 2 y, 11.1 km); c3 → B/land (no land skill, home commune).
    static let placements = [
        F.p("c1", "10001", "land"), F.p("c2", "10001", "land"), F.p("c3", "10001", "it"), F.p("c3", "10002", "land"),
    ]

    @Test func coverageOverallByFieldAndByCommune() {
        let m = PlanMetrics(Self.placements, scenario: F.tiny())
        #expect(m.placements == 4)
        #expect(m.cadres == 3)
        #expect(m.civilPlacements == 4)
        // Desired 2 + 1 + 1 + 1 + 1; filled 2 + 1 + 1 + 0 + 0.
        #expect(m.coverage.desired == 6)
        #expect(m.coverage.assigned == 4)
        #expect(m.coverage.unmet == 2)
        #expect(m.coverage.unmetBelowMinimum == 2)
        #expect(m.coverage.needsWithoutHelp == 2)
        #expect(m.byField.map(\.field) == ["land", "public_security", "it"])
        #expect(m.byField.map(\.coverage.desired) == [4, 1, 1])
        #expect(m.byField.map(\.coverage.assigned) == [3, 0, 1])
        #expect(m.byCommune.map(\.commune) == ["10001", "10002", "10003"])
        #expect(m.byCommune.map(\.coverage.assigned) == [3, 1, 0])
        #expect(m.byCommune.map(\.hosted) == [3, 1, 0])
        #expect(m.byCommune.map(\.fieldsWithoutHelp) == [[], ["public_security"], ["land"]])
        // Land has priority 3: the commune with nobody in land is a hot-field gap; public security (2) is not.
        #expect(m.hotFieldGaps == [PlanMetrics.HotFieldGap(commune: "10003", field: "land")])
        #expect(m.communesWithHotFieldGap == 1)
        #expect(m.communesOverCapacity == 1)
    }

    @Test func coverageNeverCountsMoreThanDesired() {
        let extra = Self.placements + [F.p("p1", "10001", "land")]
        let m = PlanMetrics(extra, scenario: F.tiny())
        #expect(m.coverage.assigned == 4)
        #expect(m.coverage.surplus == 1)
        #expect(m.byCommune[0].hosted == 4)
    }

    @Test func fitAndTravel() throws {
        let m = PlanMetrics(Self.placements, scenario: F.tiny())
        // (+1 − 1 + 1 − 1) / 4 and (12 + 4 + 2 + 0) / 4.
        #expect(m.fit.meanSkillOverRequired == 0)
        #expect(m.fit.meanYears == 4.5)
        #expect(m.fit.belowRequiredLevel == 2)
        // Three placements in A (minority share 0.5); c1 speaks K'Ho.
        #expect(m.fit.minorityCommunePlacements == 3)
        #expect(m.fit.languageMatches == 1)
        #expect(abs((m.fit.languageMatchShare ?? 0) - 1.0 / 3) < 1e-12)
        // 0.1° of latitude = 11.1 km, 0.3° = 33.4 km (rounded as Eligibility.travelKm rounds).
        #expect(m.travel.totalKm == 77.9)
        #expect(m.travel.medianKm == 22.25)
        #expect(m.travel.maxKm == 33.4)
        #expect(m.travel.homeCommune == 1)
        #expect(m.travel.bands == [2, 2, 0, 0, 0, 0, 0])
        // Fit = skill − travel/100 + 0.1·min(years, 10) + 2·language:
        // 1 + 1 + 2 − 0.334, −1 + 0.4 − 0.334, 1 + 0.2 − 0.111, −1, each to hundredths.
        let meanFit = try #require(m.fit.meanFit)
        #expect(abs(meanFit - (3.67 - 0.93 + 1.09 - 1) / 4) < 1e-9)
    }

    /// For eligible pairs the metrics' fit is exactly the fit the solver optimises.
    @Test func fitAgreesWithEligibility() throws {
        let s = F.tiny()
        let lookup = PlacementLookup(s)
        let index = ScenarioIndex(s)
        var compared = 0
        for cadre in s.cadres {
            for need in s.needs {
                guard case .eligible(let fit, let km, let speaks) = Eligibility.check(cadre: cadre, need: need, scenario: s, index: index)
                else { continue }
                let f = try #require(lookup.facts(F.p(cadre.id, need.commune, need.field)))
                #expect(f.fit == fit)
                #expect(f.km == km)
                #expect(f.speaksLanguage == speaks)
                compared += 1
            }
        }
        #expect(compared >= 4)
    }

    @Test func loadOnDepartments() {
        let m = PlanMetrics(Self.placements, scenario: F.tiny())
        #expect(m.departments.map(\.department) == ["DNNMT", "CA"])
        #expect(m.departments.map(\.released) == [3, 0])
        #expect(m.departments[0].shareOfHeadcount == 0.03)
    }

    @Test func hardRulesSayWhichAreBroken() {
        let m = PlanMetrics(Self.placements, scenario: F.tiny())
        let counts = Dictionary(uniqueKeysWithValues: m.ruleBreaks.map { ($0.rule, $0.count) })
        #expect(counts == [.skillBelowLevel: 2, .homeCommune: 1, .cadreCapacity: 1, .hostingCapacity: 1, .releaseCap: 1])
        #expect(m.placementsBreakingRules == 2)
        let below = m.ruleBreaks.first { $0.rule == .skillBelowLevel }
        #expect(below?.examples == ["c2 → 10001/land", "c3 → 10002/land"])
        #expect(m.ruleBreaks.first { $0.rule == .releaseCap }?.examples == ["department DNNMT: 3 > 2"])
    }

    @Test func moreRules() {
        var s = F.tiny(maxTravelKm: 20)
        s.pairs = [PairRule(cadre: "c3", commune: "10001", field: nil, allowed: .no)]
        let m = PlanMetrics([
            F.p("p1", "10002", "land"),        // police in a civil field; no land skill
            F.p("c1", "10002", "it"),          // no IT need in B; 22.2 km > 20
            F.p("c3", "10001", "it"),          // forbidden by pairs.csv
            F.p("ghost", "10001", "land"),     // unknown cadre
        ], scenario: s)
        let counts = Dictionary(uniqueKeysWithValues: m.ruleBreaks.map { ($0.rule, $0.count) })
        #expect(counts[.wrongBranch] == 1)
        #expect(counts[.noNeed] == 1)
        #expect(counts[.tooFar] == 1)
        #expect(counts[.forbiddenPair] == 1)
        #expect(counts[.unknownReference] == 1)
        #expect(m.placementsBreakingRules == 4)
        // Unknown placements are counted but not measured.
        #expect(m.placements == 4)
        #expect(m.fit.placements == 3)
    }

    @Test func emptyDeploymentHasNoMeansAndNoCrash() {
        let m = PlanMetrics([], scenario: F.tiny())
        #expect(m.coverage.assigned == 0)
        #expect(m.coverage.unmet == 6)
        #expect(m.fit.meanFit == nil)
        #expect(m.travel.medianKm == nil)
        #expect(m.fit.languageMatchShare == nil)
        #expect(m.ruleBreaks.isEmpty)
    }

    @Test func rosterAndHistoryBecomePlacements() {
        var s = F.tiny()
        s.history = [HistoryRecord(cadre: "c1", commune: "10001", field: "land", rating: .excellent)]
        #expect(s.historyPlacements == [F.p("c1", "10001", "land")])
        let roster = Roster(scenario: "tiny", roundStart: "", roundEnd: "", status: .optimal, stages: [], assignments: [
            Roster.Assignment(cadre: "c3", cadreName: "x", department: "DNNMT", category: "civil_servant", commune: "10001",
                              communeName: "A", field: "it", level: 2, requiredLevel: 1, years: 2, homeCommune: "10002",
                              distanceKm: 11.1, speaksLanguage: false, pinned: false, fit: 1.089),
        ], shortfalls: [])
        #expect(roster.placements == [F.p("c3", "10001", "it")])
    }

    /// Codable both ways, so that the compare command can store and reload metrics.
    @Test func metricsRoundTripThroughJSON() throws {
        let m = PlanMetrics(Self.placements, scenario: F.tiny())
        let data = try JSONEncoder().encode(m)
        #expect(try JSONDecoder().decode(PlanMetrics.self, from: data) == m)
    }
}
