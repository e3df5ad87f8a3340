import CadrePlanCore
import CadrePlanReport
import Foundation
import Testing

/// Names and ids come from spreadsheets: in roster.md, report.md and compare.md they must show
/// literally — no table broken by a `|`, no emphasis, link, code or raw HTML made from a name.
@Suite struct MarkdownEscapingTests {
    typealias F = ReportFixtures

    static let script = "<script>alert(1)</script>"
    static let stars = "**x** | y"
    static let link = "[click](http://example.com) _a_ ~~b~~ `c` &lt; \\|"

    /// The tiny scenario with markup in the names a planner types.
    static func hostile() -> Scenario {
        var s = F.tiny()
        s.name = "Round " + stars
        s.communes[0].name = link
        s.cadres[0].name = script
        s.fields[0].name = "Land " + stars
        s.fields[0].nameVi = "Đất đai " + stars
        s.departments[0].name = "Agriculture " + script
        s.departments[0].nameVi = "Sở " + script
        return s
    }

    static func roster(_ s: Scenario) -> Roster {
        Roster(
            scenario: s.name, roundStart: s.round.start, roundEnd: s.round.end, status: .optimal,
            stages: [Roster.StageSummary(stage: 1, objective: "minimise weighted unmet need", termination: "optimal",
                                         provenOptimal: true, value: 1, programObjective: 1, unmetNeedPenalty: 0,
                                         bestBound: 1, relativeGap: 0, lpRelaxation: 1, nodes: 0, variables: 4,
                                         constraints: 3, seconds: 0.01)],
            assignments: [Roster.Assignment(
                cadre: "c1", cadreName: script, department: "DNNMT", category: "civil_servant", commune: "10001",
                communeName: link, field: "land", level: 3, requiredLevel: 2, years: 12, homeCommune: "10003",
                distanceKm: 11.1, speaksLanguage: true, pinned: false, fit: 3)],
            shortfalls: [Roster.Shortfall(
                commune: "10001", communeName: link, field: "land", minimum: 1, desired: 2, assigned: 1,
                missingBelowMinimum: 0, missingBelowDesired: 1, backlog: 10, eligibleCadres: 1, reason: .usedElsewhere,
                detail: "all eligible cadres serve " + stars)])
    }

    // MARK: What every Markdown file must satisfy

    /// The file shows none of the hostile strings as markup, and every table row has as many
    /// cells as its header.
    static func expectLiteral(_ md: String, _ file: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for raw in ["<script>", "</script>", "**x**", "[click]", "_a_", "~~b~~", "`c`", " &lt;"] {
            #expect(!md.contains(raw), "\(file) shows '\(raw)' as markup", sourceLocation: sourceLocation)
        }
        var columns: Int?
        for line in md.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("|") else {
                columns = nil
                continue
            }
            let cells = unescapedPipes(line)
            if let columns {
                #expect(cells == columns, "\(file): a row has \(cells - 1) cells, its header \(columns - 1): \(line)",
                        sourceLocation: sourceLocation)
            } else {
                columns = cells
            }
        }
    }

    /// Pipes not escaped by a backslash: the cell separators of a GitHub table row.
    static func unescapedPipes(_ line: Substring) -> Int {
        var count = 0
        var escaped = false
        for c in line {
            if escaped {
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "|" {
                count += 1
            }
        }
        return count
    }

    /// What a CommonMark renderer shows for text without markup: a backslash before ASCII
    /// punctuation is dropped, any other character stays.
    static func rendered(_ text: String) -> String {
        var out = ""
        var pending = false
        for c in text {
            if pending {
                if !(c.isASCII && c.isPunctuation || c.isASCII && c.isSymbol) { out.append("\\") }
                out.append(c)
                pending = false
            } else if c == "\\" {
                pending = true
            } else {
                out.append(c)
            }
        }
        return pending ? out + "\\" : out
    }

    // MARK: roster.md

    @Test func rosterMarkdownShowsNamesLiterally() {
        let s = Self.hostile()
        let md = RosterWriters.markdown(Self.roster(s), scenario: s)
        Self.expectLiteral(md, "roster.md")
        // Escaped, and a renderer gives back exactly what the planner typed.
        #expect(md.contains(#"\<script\>alert(1)\</script\>"#))
        #expect(md.contains(#"\*\*x\*\* \| y"#))
        #expect(md.contains("# Recommended roster — Round " + #"\*\*x\*\* \| y"#))
        let heading = md.split(separator: "\n").first { $0.hasPrefix("### ") }.map(String.init) ?? ""
        #expect(Self.rendered(heading) == "### \(Self.link) (10001) — 1 cadre(s)", "\(heading)")
    }

    // MARK: report.md

    @Test func planReportMarkdownShowsNamesLiterally() {
        let s = Self.hostile()
        for language in ReportLanguage.allCases {
            let md = PlanReport(scenario: s, roster: Self.roster(s), rosterFile: nil, language: language).markdown()
            Self.expectLiteral(md, "report.md (\(language))")
            let title = md.split(separator: "\n").first { $0.hasPrefix("**Round") }.map(String.init) ?? ""
            #expect(title.hasPrefix(#"**Round \*\*x\*\* \| y** — "#), "\(title)")
        }
    }

    // MARK: compare.md

    @Test func compareMarkdownShowsNamesLiterally() {
        let s = Self.hostile()
        let roster = Self.roster(s)
        let change = AppliedVariant.Change(key: "cadres.c1.capacity", before: "1", after: "2 ``|`` <b>")
        let c = Comparison([ComparedPlan(name: "base", source: "base", scenario: s, roster: roster),
                            ComparedPlan(name: "cap " + Self.script, source: "what|if.yaml", note: Self.stars,
                                         scenario: s, roster: roster, changes: [change])],
                           outcomeModel: nil, outcomeUnavailable: "no history")
        let md = CompareReport.markdown(c, strings: CompareStrings(.en, scenario: s))
        Self.expectLiteral(md, "compare.md")
        #expect(md.contains("# What-if comparison — Round " + #"\*\*x\*\* \| y"#))
        #expect(md.contains(#"## cap \<script\>alert(1)\</script\>"#))
        // The change stays a code span: its fence is longer than the backticks inside it.
        #expect(md.contains("```cadres.c1.capacity: 1 → 2 ``|`` <b>```"))
        // Our own markup still works: KPI group rows are bold.
        #expect(md.contains("| **"))
    }

    // MARK: The helper's rule, on text that is nothing but markup

    @Test func escapedTextRendersAsTyped() {
        let s = Self.hostile()
        for name in [Self.script, Self.stars, Self.link, "a\\b", "\\", "C:\\*x*", "# heading", "1. list"] {
            var t = s
            t.communes[0].name = name
            let md = RosterWriters.markdown(Self.roster(t), scenario: t)
            let heading = md.split(separator: "\n").first { $0.hasPrefix("### ") }.map(String.init) ?? ""
            #expect(Self.rendered(heading) == "### \(name) (10001) — 1 cadre(s)", "\(name) → \(heading)")
        }
    }
}
