import CadrePlanCore
import Foundation
import Testing
import CadrePlanReport

/// The status sentence of a plan that is not proven optimal names the stage that was not proven,
/// how it stopped and its gap — not the last stage's gap, which may be 0% when stage 2 was proven
/// over a stage 1 cut short by the time limit.
@Suite struct StatusSentenceTests {
    static let timeLimit = "time limit exceeded; search terminated"
    static let interrupted = "search terminated by application"
    static let optimal = "optimal solution found"

    static func stage(_ n: Int, _ termination: String, proven: Bool, gap: Double?) -> Roster.StageSummary {
        Roster.StageSummary(
            stage: n, objective: n == 1 ? "minimise weighted unmet need" : "maximise fit", termination: termination,
            provenOptimal: proven, value: 10, programObjective: 10, unmetNeedPenalty: 0, bestBound: 9,
            relativeGap: gap, lpRelaxation: 9, nodes: 100, variables: 50, constraints: 20, seconds: 60)
    }

    static func roster(_ stages: [Roster.StageSummary]) -> Roster {
        Roster(scenario: "hard round", roundStart: "2025-08-01", roundEnd: "2025-10-31",
               status: stages.allSatisfy(\.provenOptimal) ? .optimal : .feasible,
               stages: stages, assignments: [], shortfalls: [])
    }

    @Test func stageOneCutShortIsNamedEvenWhenStageTwoIsProven() {
        let roster = Self.roster([Self.stage(1, Self.timeLimit, proven: false, gap: 0.032),
                                  Self.stage(2, Self.optimal, proven: true, gap: 0)])
        #expect(RosterWriters.statusSentence(roster)
            == "The plan respects every hard rule but is NOT proven optimal (gap 3.2% in stage 1): "
            + "stage 1 (unmet need) stopped at the time limit with a 3.2% gap, so a plan meeting more need may exist; "
            + "stage 2 (fit) is proven optimal for the unmet need stage 1 reached.")
    }

    @Test func stageTwoCutShortAfterAProvenStageOne() {
        let roster = Self.roster([Self.stage(1, Self.optimal, proven: true, gap: 0),
                                  Self.stage(2, Self.timeLimit, proven: false, gap: 0.004)])
        #expect(RosterWriters.statusSentence(roster)
            == "The plan respects every hard rule but is NOT proven optimal (gap 0.40% in stage 2): "
            + "stage 1 (unmet need) is proven optimal; "
            + "stage 2 (fit) stopped at the time limit with a 0.40% gap, so a better-fitting plan may exist.")
    }

    @Test func bothStagesCutShortGiveBothGaps() {
        let roster = Self.roster([Self.stage(1, Self.timeLimit, proven: false, gap: 0.032),
                                  Self.stage(2, Self.timeLimit, proven: false, gap: 0.2)])
        let sentence = RosterWriters.statusSentence(roster)
        #expect(sentence.contains("(gap 3.2% in stage 1): stage 1 (unmet need) stopped at the time limit with a 3.2% gap"))
        #expect(sentence.contains("; stage 2 (fit) stopped at the time limit with a 20.0% gap, so a better-fitting plan may exist."))
    }

    @Test func ctrlCInStageOneSaysStageTwoDidNotRun() {
        let roster = Self.roster([Self.stage(1, Self.interrupted, proven: false, gap: 0.05)])
        #expect(RosterWriters.statusSentence(roster)
            == "The plan respects every hard rule but is NOT proven optimal (gap 5.0% in stage 1): "
            + "stage 1 (unmet need) was stopped on request (Ctrl-C) with a 5.0% gap, so a plan meeting more need may exist; "
            + "stage 2 (fit) did not run.")
    }

    @Test func aStageWithoutABoundHasNoGapToQuote() {
        let roster = Self.roster([Self.stage(1, Self.timeLimit, proven: false, gap: nil),
                                  Self.stage(2, Self.optimal, proven: true, gap: 0)])
        let sentence = RosterWriters.statusSentence(roster)
        #expect(!sentence.contains("gap"), "\(sentence)")
        #expect(sentence.hasPrefix("The plan respects every hard rule but is NOT proven optimal: stage 1 (unmet need) stopped at the time limit, so"))
    }

    /// roster.md says the same as the terminal and the warning on stderr.
    @Test func rosterMarkdownCarriesTheSentence() {
        let roster = Self.roster([Self.stage(1, Self.timeLimit, proven: false, gap: 0.032),
                                  Self.stage(2, Self.optimal, proven: true, gap: 0)])
        let scenario = Scenario(name: "hard round", round: Round(start: "2025-08-01", end: "2025-10-31"),
                                fields: [], communes: [], needs: [], departments: [], cadres: [])
        let md = RosterWriters.markdown(roster, scenario: scenario)
        #expect(md.contains("Round 2025-08-01 to 2025-10-31. " + RosterWriters.statusSentence(roster)))
        #expect(md.contains("stage 1 (unmet need) stopped at the time limit with a 3.2% gap"))
    }
}
