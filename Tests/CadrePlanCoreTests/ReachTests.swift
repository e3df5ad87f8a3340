import Foundation
import Testing

@testable import CadrePlanCore

/// The travel-limit grid may only skip needs that are provably too far.
@Suite struct ReachTests {
    /// The formulation's distance table gives exactly `travelKm`, also for distances it cannot
    /// keep in its 32-bit tenths (a road factor far beyond any real one).
    @Test(arguments: [1.3, 1e12])
    func theDistanceTableAgreesWithTravelKm(roadFactor: Double) throws {
        var s = try SyntheticGenerator.ladder(cadres: 200, seed: 2)
        s.policy.roadFactor = roadFactor
        var table = TravelTable(s)
        var one = TravelTable(s, forOneCheck: true)
        for _ in 0..<2 {   // computed, then read back
            for a in s.communes.indices where a % 3 == 0 {
                for b in s.communes.indices {
                    let km = Eligibility.travelKm(from: s.communes[a], to: s.communes[b], roadFactor: roadFactor)
                    #expect(table.km(a, b) == km)
                    #expect(one.km(a, b) == km)
                }
            }
        }
    }

    @Test(arguments: [(100.0, 1.3), (30, 1.0), (250, 1.5)])
    func everyNeedWithinTheLimitIsACandidate(limit: Double, roadFactor: Double) throws {
        var s = try SyntheticGenerator.national(seed: 3)
        s.policy.maxTravelKm = limit
        s.policy.roadFactor = roadFactor
        let index = ScenarioIndex(s)
        let rows = s.needs.compactMap { need in
            index.commune[need.commune].flatMap { m in index.field[need.field].map { ($0, m) } }
        }
        let reach = NeedsWithinReach(rows, fields: s.fields.count, s)
        let byField = Dictionary(grouping: rows.indices, by: { rows[$0].0 })
        var checked = 0
        // Every 37th commune as a home: enough to cross many cells without a 3,321² loop.
        for home in stride(from: 0, to: s.communes.count, by: 37) {
            for (field, needRows) in byField {
                var candidates = Set<Int>()
                reach.forEachCandidate(field: field, home: home) { candidates.insert($0) }
                for r in needRows {
                    let row = rows[r]
                    let km = Eligibility.travelKm(from: s.communes[home], to: s.communes[row.1], roadFactor: roadFactor)
                    if km <= limit {
                        #expect(candidates.contains(r), "need \(r) is \(km) km from commune \(home) but was skipped")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 200)
    }

    /// The grid's bounds are tight: homes spread over more than a cell, and communes swept east
    /// (at the scenario's highest latitude, where a degree of longitude is shortest) or north of
    /// them across the limit and the 0.1 km rounding, are candidates whenever their rounded
    /// distance is within the limit. Cells 1 % narrower than the bounds allow fail this test.
    @Test(arguments: [(90.0, 1.3, true), (90, 1.3, false), (15, 1.0, true), (15, 1.0, false)])
    func needsJustWithinTheLimitAreCandidates(limit: Double, roadFactor: Double, east: Bool) throws {
        var s = try SyntheticGenerator.national(seed: 3)
        s.policy.maxTravelKm = limit
        s.policy.roadFactor = roadFactor
        let (latitude, longitude) = (20.3, 105.37)
        let kmPerDegree = 111.195 * (east ? cos(latitude * .pi / 180) : 1)
        let reach = limit / roadFactor / kmPerDegree   // in degrees along the sweep
        func place(_ x: Double) -> (Double, Double) { east ? (latitude, longitude + x) : (latitude + x, longitude) }
        let (homes, targets) = (40, 350)
        for m in s.communes.indices {
            (s.communes[m].latitude, s.communes[m].longitude) =
                if m < homes { place(Double(m) * 0.6 * reach / Double(homes)) }
                else if m < homes + targets { place((0.95 + 0.002 * Double(m - homes)) * reach) }
                else { (latitude - 5 - Double(m % 50) * 0.1, longitude + Double(m % 37) * 0.1) }
        }
        let index = ScenarioIndex(s)
        let rows = s.needs.compactMap { need in
            index.commune[need.commune].flatMap { m in index.field[need.field].map { ($0, m) } }
        }
        let reachGrid = NeedsWithinReach(rows, fields: s.fields.count, s)
        var within = 0
        for home in 0..<homes {
            for field in Set(rows.map(\.0)) {
                var candidates = Set<Int>()
                reachGrid.forEachCandidate(field: field, home: home) { candidates.insert($0) }
                for (r, row) in rows.enumerated() where row.0 == field && (homes..<(homes + targets)).contains(row.1) {
                    let km = Eligibility.travelKm(from: s.communes[home], to: s.communes[row.1], roadFactor: roadFactor)
                    if km <= limit {
                        #expect(candidates.contains(r), "need \(r) is \(km) km from commune \(home) but was skipped")
                        within += 1
                    }
                }
            }
        }
        #expect(within > 1000)
    }

    @Test func withoutATravelLimitEveryNeedOfTheFieldIsACandidate() throws {
        var s = try SyntheticGenerator.ladder(cadres: 100, seed: 1)
        s.policy.maxTravelKm = nil
        let index = ScenarioIndex(s)
        let rows = s.needs.compactMap { need in
            index.commune[need.commune].flatMap { m in index.field[need.field].map { ($0, m) } }
        }
        let reach = NeedsWithinReach(rows, fields: s.fields.count, s)
        let field = try #require(rows.first?.0)
        var count = 0
        reach.forEachCandidate(field: field, home: 0) { _ in count += 1 }
        #expect(count == rows.filter { $0.0 == field }.count)
    }
}
