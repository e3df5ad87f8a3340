import CadrePlanCore
import Foundation
import Testing
@testable import CadrePlanReport

@Suite struct OutcomeModelTests {
    typealias F = ReportFixtures

    static let lamDong: Scenario? = try? ScenarioLoader.load(F.defaultScenario).scenario

    /// The published ratings of the 260 civil cadres: 66 / 189 / 3 / 2, i.e. 25.4 / 72.7 / 1.2 / 0.8 %,
    /// read from history.csv through the report, never typed in.
    @Test func historyDistributionIsReproducedExactly() throws {
        let s = try #require(Self.lamDong)
        let roster = Roster(scenario: s.name, roundStart: s.round.start, roundEnd: s.round.end, status: .optimal,
                            stages: [], assignments: [], shortfalls: [])
        let report = PlanReport(scenario: s, roster: roster, rosterFile: nil, language: .en)
        let recorded = try #require(report.recordedRatings)
        #expect(recorded.map(\.rating) == [.excellent, .good, .completed, .notEvaluated])
        #expect(recorded.map(\.count) == [66, 189, 3, 2])
        #expect(recorded.map { Format.percent($0.share) } == ["25.4%", "72.7%", "1.2%", "0.8%"])
        #expect(report.outcomes?.historyCivilRows == 260)
        #expect(report.markdown().contains("| excellently completed | 66 (25.4%) |"))
        let vi = PlanReport(scenario: s, roster: roster, rosterFile: nil, language: .vi)
        #expect(vi.markdown().contains("| Hoàn thành xuất sắc nhiệm vụ | 66 (25,4%) |"))
    }

    @Test func fitsOnTheRatedCivilRowsAndIsDeterministic() throws {
        let s = try #require(Self.lamDong)
        let a = try OutcomeModel.fit(s)
        let b = try OutcomeModel.fit(s)
        #expect(a.fit.rows == 258)
        #expect(a.fit.counts == [3, 189, 66])
        #expect(a.parameters == b.parameters)
        #expect(a.bootstrap == b.bootstrap)
        #expect(a.bootstrap.count == OutcomeModel.bootstrapReplicates)
        #expect(a.fit.logLikelihood > a.fit.nullLogLikelihood)
        #expect(a.fit.brier < a.fit.nullBrier)
        #expect(a.thresholds[0] < a.thresholds[1])
        #expect(a.coefficients.allSatisfy { $0.standardError > 0 && $0.standardError.isFinite })
        // The description names the model, its fit and its uncertainty.
        for word in ["ordinal logistic", "log-likelihood", "Brier", "standard errors", "bootstrap"] {
            #expect(a.description.contains(word), "\(word)")
        }
    }

    @Test func higherSkillPredictsAHigherChanceOfExcellent() throws {
        let s = try #require(Self.lamDong)
        let model = try OutcomeModel.fit(s)
        #expect((model.coefficients.first { $0.feature == .skillOverRequired }?.estimate ?? 0) > 0)
        // A real history placement with room to grow: raise the cadre's level by one.
        let h = try #require(s.history.first { h in
            guard h.rating != nil, let c = s.cadres.first(where: { $0.id == h.cadre }) else { return false }
            return (c.skill(in: h.field)?.level ?? 3) < 3
        })
        let p = Placement(cadre: h.cadre, commune: h.commune, field: h.field)
        var better = s
        let c = try #require(better.cadres.firstIndex { $0.id == h.cadre })
        let k = try #require(better.cadres[c].skills.firstIndex { $0.field == h.field })
        better.cadres[c].skills[k].level += 1
        let before = model.predict(p, scenario: s)
        let after = model.predict(p, scenario: better)
        #expect((after[.excellent] ?? 0) > (before[.excellent] ?? 0))
        #expect((after[.completed] ?? 1) < (before[.completed] ?? 0))
        #expect(abs(before.values.reduce(0, +) - 1) < 1e-12)
    }

    @Test func expectedDistributionSumsOverCivilPlacementsOnly() throws {
        let s = try #require(Self.lamDong)
        let model = try OutcomeModel.fit(s)
        let placements = s.historyPlacements
        let expected = model.expectedDistribution(placements, scenario: s)
        let civil = s.history.filter { h in !(s.cadres.first { $0.id == h.cadre }?.category.isArmedForces ?? true) }.count
        #expect(abs(OutcomeModel.ordered.reduce(0) { $0 + (expected[$1] ?? 0) } - Double(civil)) < 1e-9)
        let interval = model.expectedInterval(placements, scenario: s)
        for r in OutcomeModel.ordered {
            let range = try #require(interval[r])
            #expect(range.lowerBound <= range.upperBound)
        }
        // Unknown placements, and a damaged model read back from a file, predict nothing rather than crash.
        #expect(model.predict(Placement(cadre: "nobody", commune: "x", field: "y"), scenario: s).isEmpty)
        var damaged = try JSONDecoder().decode(OutcomeModel.self, from: JSONEncoder().encode(model))
        #expect(damaged.predict(placements[0], scenario: s) == model.predict(placements[0], scenario: s))
        damaged.thresholds = [0]
        #expect(damaged.predict(placements[0], scenario: s).isEmpty)
        #expect(damaged.expectedDistribution(placements, scenario: s).isEmpty)
    }

    /// Newton recovers known coefficients from data drawn from the model itself.
    @Test func recoversKnownCoefficients() throws {
        let truth = [-2.0, 1.0, 0.8, 0.05, -0.6, 0.5]
        var rng = OutcomeModel.SplitMix(state: 7)
        func uniform() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        var sample = OutcomeModel.Sample(x: [], y: [])
        for _ in 0..<4000 {
            let x = [Double(Int(uniform() * 4)) - 1, uniform() * 10, uniform() * 2.5, uniform() < 0.3 ? 1 : 0]
            let probs = OutcomeModel.probabilities(truth, OutcomeModel.eta(truth, x))
            let u = uniform()
            sample.x.append(x)
            sample.y.append(u < probs[0] ? 0 : (u < probs[0] + probs[1] ? 1 : 2))
        }
        let result = OutcomeModel.newton(sample, start: nil)
        let fit = try #require(result)
        for (estimate, value) in zip(fit.parameters, truth) {
            #expect(abs(estimate - value) < 0.25, "\(fit.parameters) vs \(truth)")
        }
    }

    /// The analytic gradient and Hessian agree with finite differences of the log-likelihood.
    @Test func derivativesMatchFiniteDifferences() {
        let sample = OutcomeModel.Sample(
            x: [[1, 3, 0.5, 0], [0, 10, 1.2, 1], [-1, 2, 0.1, 0], [2, 7, 2.0, 1], [0, 0, 0.3, 0]], y: [2, 1, 0, 2, 1])
        let p = [-1.5, 0.7, 0.4, 0.1, -0.3, 0.2]
        let (g, h) = OutcomeModel.derivatives(sample, p)
        let step = 1e-5
        for i in p.indices {
            var up = p, down = p
            up[i] += step
            down[i] -= step
            let numeric = (OutcomeModel.logLikelihood(sample, up, ridge: OutcomeModel.ridge)
                - OutcomeModel.logLikelihood(sample, down, ridge: OutcomeModel.ridge)) / (2 * step)
            #expect(abs(numeric - g[i]) < 1e-6, "gradient \(i)")
            let gUp = OutcomeModel.derivatives(sample, up).gradient
            let gDown = OutcomeModel.derivatives(sample, down).gradient
            for j in p.indices {
                #expect(abs((gUp[j] - gDown[j]) / (2 * step) - h[j][i]) < 1e-5, "hessian \(i),\(j)")
            }
        }
    }

    @Test func refusesAHistoryThatCannotSupportAFit() {
        var s = F.tiny()
        s.history = [HistoryRecord(cadre: "c1", commune: "10001", field: "land", rating: .excellent)]
        #expect {
            _ = try OutcomeModel.fit(s)
        } throws: { error in
            let text = "\(error)"
            return text.contains("history.csv") && text.contains("fix:") && text.contains("found 1")
        }
        // Enough rows, but nobody rated "completed".
        s.history = Array(repeating: HistoryRecord(cadre: "c1", commune: "10001", field: "land", rating: .excellent), count: 15)
            + Array(repeating: HistoryRecord(cadre: "c2", commune: "10001", field: "land", rating: .good), count: 15)
        #expect {
            _ = try OutcomeModel.fit(s)
        } throws: { "\($0)".contains("completed") }
    }
}
