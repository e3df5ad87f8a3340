import Testing

@testable import CadrePlanCore

/// The travel-limit grid may only skip needs that are provably too far.
@Suite struct ReachTests {
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
