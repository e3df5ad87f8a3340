import CadrePlanCore
import Foundation
import Testing
@testable import CadrePlanReport

@Suite struct RosterWritersTests {
    static let scenario = Scenario(
        name: "tiny", round: Round(start: "2025-08-01", end: "2025-10-31"),
        fields: [Field(id: "land", name: "Land", nameVi: "Đất đai", branch: .civil, priority: 3)],
        communes: [
            Commune(id: "24697", name: "Nam Đà", nameAscii: "Nam Da", kind: .commune, formerProvince: "Dak Nong",
                    latitude: 12.49, longitude: 107.91, areaKm2: 132.75, population: 20_000, hostingCapacity: 5,
                    minorityShare: 0.3, languages: ["M'Nông"]),
        ],
        needs: [Need(commune: "24697", field: "land", minimum: 1, desired: 2, level: 2, backlog: 120, priority: 1)],
        departments: [Department(id: "DNNMT", name: "Agriculture, Environment", nameVi: "Sở NN&MT", branch: .civil,
                                 headcount: 100, releaseCap: 5)],
        cadres: [])

    static let roster = Roster(
        scenario: "tiny", roundStart: "2025-08-01", roundEnd: "2025-10-31", status: .optimal,
        stages: [Roster.StageSummary(stage: 1, objective: "minimise weighted unmet need", termination: "optimal",
                                     provenOptimal: true, value: 3, programObjective: 3, unmetNeedPenalty: 0, bestBound: 3, relativeGap: 0, lpRelaxation: 3,
                                     nodes: 0, variables: 4, constraints: 3, seconds: 0.01)],
        assignments: [Roster.Assignment(
            cadre: "C1", cadreName: "Nguyễn Văn \"Bình\", Jr | <b>", department: "DNNMT", category: "civil_servant",
            commune: "24697", communeName: "Nam Đà", field: "land", level: 3, requiredLevel: 2, years: 12,
            homeCommune: "24688", distanceKm: 15.3, speaksLanguage: true, pinned: false, fit: 1.947)],
        shortfalls: [Roster.Shortfall(
            commune: "24697", communeName: "Nam Đà", field: "land", minimum: 1, desired: 2, assigned: 1,
            missingBelowMinimum: 0, missingBelowDesired: 1, backlog: 120, eligibleCadres: 1, reason: .usedElsewhere,
            detail: "all 1 eligible cadre(s) serve needs weighted at least as high")])

    @Test func csvQuotesNamesWithCommasAndQuotes() throws {
        let text = try RosterWriters.csv(Self.roster)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == Substring(RosterWriters.csvHeader.joined(separator: ",")))
        #expect(lines[1] == #"24697,Nam Đà,land,C1,"Nguyễn Văn ""Bình"", Jr | <b>",DNNMT,civil_servant,3,2,12.0,24688,15.3,yes,no,1.947,1.00"#)
        #expect(text.hasSuffix("\n"))
    }

    @Test func jsonIsSnakeCaseSortedAndRoundTrips() throws {
        let data = try RosterWriters.json(Self.roster)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"cadre_name\""))
        #expect(text.contains("\"proven_optimal\" : true"))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        #expect(try decoder.decode(Roster.self, from: data) == Self.roster)
    }

    @Test func markdownEscapesPipesAndListsUnmetNeeds() {
        let md = RosterWriters.markdown(Self.roster, scenario: Self.scenario)
        #expect(md.contains("Nguyễn Văn \"Bình\", Jr \\| \\<b\\>"))
        #expect(md.contains("## Unmet needs"))
        #expect(md.contains("| Nam Đà (24697) | Land | 1 / 2 (1) | 120 | 1 |"))
        #expect(md.contains("proven optimal"))
    }

    @Test func numbersIgnoreLocaleAndNegativeZero() {
        #expect(Format.number(-0.0001, decimals: 1) == "0.0")
        #expect(Format.number(1234.56, decimals: 1) == "1234.6")
        #expect(Format.percent(0.254) == "25.4%")
        #expect(Format.gap(0.00037) == "0.04%" && Format.gap(0) == "0.0%" && Format.gap(0.137) == "13.7%")
    }
}
