import CadrePlanCore
import Foundation
import Testing
@testable import CadrePlanReport

/// The report model and its writers on small worlds: escaping, languages, determinism.
@Suite struct PlanReportTests {
    typealias F = ReportFixtures

    static let evil = "<script>alert(1)</script> &\"'"

    /// A scenario whose names try to break every output format.
    static func hostile() -> Scenario {
        var s = F.tiny()
        s.name = "Round " + evil
        s.communes[0].name = "Xã " + evil
        s.cadres[0].name = evil
        s.fields[0].name = "Land " + evil
        s.fields[0].nameVi = "Đất đai " + evil
        s.departments[0].nameVi = "Sở " + evil
        s.history = [HistoryRecord(cadre: "c1", commune: "10001", field: "land", rating: .excellent)]
        return s
    }

    static func roster(_ s: Scenario, _ placements: [Placement]) -> Roster {
        Roster(scenario: s.name, roundStart: s.round.start, roundEnd: s.round.end, status: .optimal, stages: [],
               assignments: placements.map { p in
                   Roster.Assignment(cadre: p.cadre, cadreName: p.cadre, department: "DNNMT", category: "civil_servant",
                                     commune: p.commune, communeName: p.commune, field: p.field, level: 3, requiredLevel: 2,
                                     years: 12, homeCommune: "10003", distanceKm: 33.4, speaksLanguage: true,
                                     pinned: false, fit: 3.666)
               }, shortfalls: [])
    }

    @Test func htmlEscapesEveryScenarioString() {
        let s = Self.hostile()
        for language in ReportLanguage.allCases {
            let report = PlanReport(scenario: s, roster: Self.roster(s, [F.p("c1", "10001", "land")]), rosterFile: nil,
                                    language: language)
            let html = report.html()
            #expect(!html.contains("<script>alert(1)"))
            #expect(!html.contains("&\"'"))
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp;&quot;&#39;"))
            // Our own two scripts (the error hook and the table sorter), nothing else.
            #expect(html.components(separatedBy: "<script>").count == 3)
            #expect(html.components(separatedBy: "<svg").count - 1 == 2)  // no outcome chart: the model cannot be fitted
            #expect(!html.contains("http://") && !html.contains("https://"), "self-contained")
        }
    }

    @Test func markdownKeepsNamesOnOneLineAndEscapesPipes() {
        var s = Self.hostile()
        s.communes[0].name = "Xã | A\n# not a heading"
        let md = PlanReport(scenario: s, roster: Self.roster(s, [F.p("c1", "10001", "land")]), rosterFile: nil,
                            language: .en).markdown()
        #expect(md.contains("Xã \\| A # not a heading"))
        #expect(!md.contains("\n# not a heading"))
    }

    @Test func labelsFollowTheLanguage() {
        let s = F.tiny()
        let roster = Self.roster(s, [F.p("c1", "10001", "land")])
        let vi = PlanReport(scenario: s, roster: roster, rosterFile: nil, language: .vi)
        let en = PlanReport(scenario: s, roster: roster, rosterFile: nil, language: .en)
        #expect(vi.fields.first?.name == "Đất đai")
        #expect(en.fields.first?.name == "Land")
        #expect(vi.departments.first?.name == "Sở Nông nghiệp")
        // Commune names keep their Vietnamese spelling in both languages.
        #expect(en.communes.first?.name == "Xã 10001")
        #expect(vi.markdown().contains("## Mức đáp ứng theo lĩnh vực"))
        #expect(en.markdown().contains("## Coverage by field"))
        #expect(vi.html().contains("<html lang=\"vi\">"))
        #expect(vi.terminal().contains("Chỉ tiêu"))
        // Numbers as each language writes them.
        #expect(vi.markdown().contains("33,4"))
        #expect(en.markdown().contains("33.4"))
    }

    /// Every label exists in both languages and the two differ where words are involved.
    @Test func everyLabelIsTranslated() {
        let en = Strings(.en), vi = Strings(.vi)
        let pairs: [(String, String)] = [
            (en.title, vi.title), (en.coverage, vi.coverage), (en.unmet, vi.unmet), (en.predictionWarning, vi.predictionWarning),
            (en.planExpected, vi.planExpected), (en.riskHeading, vi.riskHeading), (en.sortHint, vi.sortHint),
        ] + PlanMetrics.Rule.allCases.map { (en.rule($0), vi.rule($0)) }
            + OutcomeModel.Feature.allCases.map { (en.featureName($0), vi.featureName($0)) }
            + Rating.allCases.map { (en.rating($0), vi.rating($0)) }
        for (a, b) in pairs { #expect(a != b && !a.isEmpty && !b.isEmpty, "\(a)") }
        #expect(vi.rating(.excellent) == "Hoàn thành xuất sắc nhiệm vụ")
        // Predictions are always worded as such.
        #expect(en.planExpected.contains("expected") && en.planExpected.contains("predicted"))
        #expect(vi.planExpected.contains("dự kiến") && vi.planExpected.contains("dự báo"))
    }

    @Test func withoutHistoryOnlyThePlanIsShown() throws {
        var s = F.tiny()
        s.history = []
        let report = PlanReport(scenario: s, roster: Self.roster(s, [F.p("c1", "10001", "land")]), rosterFile: nil, language: .en)
        #expect(report.history == nil)
        #expect(report.outcomes == nil)
        #expect(report.lines.allSatisfy { $0.history == nil })
        #expect(report.markdown().contains("only the plan is shown"))
        #expect(!report.terminal().contains("History"))
        _ = try report.json()
    }

    /// Same input, same bytes, in every format.
    @Test func outputsAreDeterministic() throws {
        let s = F.tiny()
        let roster = Self.roster(s, MetricsTests.placements)
        let a = try PlanReport(scenario: s, roster: roster, rosterFile: "r.json", language: .vi).files()
        let b = try PlanReport(scenario: s, roster: roster, rosterFile: "r.json", language: .vi).files()
        #expect(a.map(\.name) == ["report.md", "report.json", "report.html"])
        for (x, y) in zip(a, b) { #expect(x.data == y.data, "\(x.name)") }
    }

    @Test func niceScaleRoundsUp() {
        #expect(PlanReport.niceScale(345) == (400, 100))
        #expect(PlanReport.niceScale(1) == (1, 0.2))
        #expect(PlanReport.niceScale(0) == (1, 0.25))
    }
}
