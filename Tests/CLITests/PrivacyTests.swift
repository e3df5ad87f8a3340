import Foundation
import Testing

/// Rosters carry cadres' personal data. Names go only where the planner asked for them — the
/// roster and report files — never to the terminal or logs, whatever the run: a plan, GLPK's
/// log, a time limit, an export, refusals and warnings about cadre rows. Names and commune names
/// contain markup here, so that the HTML report is also checked to escape them.
@Suite struct PrivacyTests {
    /// Cadre names as a careless or malicious spreadsheet might hold them.
    static let names = [
        "c01": "<script>alert(\"Nguyễn Văn An\")</script>",
        "c02": "Trần Thị <b>Bình</b> | **Bình**",
        "c03": "Lê Hoàng Cường & <img src=x onerror=alert(1)>",
        "c04": "Phạm Thị Dung",
        "c05": "Ka Điểu",
        "c06": "Hoàng Minh Đức",
    ]
    /// Pieces of the names that appear nowhere else in the scenario or the program's messages.
    static let fragments = ["Nguyễn Văn", "Trần Thị", "Thị <b>Bình", "Hoàng Cường", "Phạm Thị Dung", "Ka Điểu", "Minh Đức",
                            "<script", "<img", "<b>"]

    /// The base with the names above, markup in a commune name, and `edit` applied to cadres.csv.
    func scenario(in folder: URL, _ edit: (String) -> String = { $0 }) throws {
        let scenario = folder.appendingPathComponent("scenario")
        try FileManager.default.copyItem(at: Scenarios.base, to: scenario)
        let cadres = scenario.appendingPathComponent("cadres.csv")
        var lines = try String(contentsOf: cadres, encoding: .utf8).components(separatedBy: "\n")
        for i in lines.indices.dropFirst() where !lines[i].isEmpty {
            var cells = lines[i].components(separatedBy: ",")
            guard let name = Self.names[cells[0]] else { continue }
            cells[1] = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            lines[i] = cells.joined(separator: ",")
        }
        try Data(edit(lines.joined(separator: "\n")).utf8).write(to: cadres)
        let communes = scenario.appendingPathComponent("communes.csv")
        let text = try String(contentsOf: communes, encoding: .utf8)
            .replacingOccurrences(of: "Phường Bắc Gia Nghĩa,", with: "\"Phường <i>Bắc Gia Nghĩa</i> & \"\"Cổng\"\"\",")
        try Data(text.utf8).write(to: communes)
    }

    func expectNoNames(_ run: Child.Outcome, _ what: String) {
        for fragment in Self.fragments {
            #expect(!run.stdout.contains(fragment) && !run.stderr.contains(fragment),
                    "\(what) printed '\(fragment)':\n\(run.stderr)\n\(run.stdout)")
        }
    }

    @Test func plansExportsAndLogsNeverPrintCadreNames() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try scenario(in: folder)
        let runs: [(String, [String])] = [
            ("validate", ["validate", "scenario"]),
            ("solve", ["solve", "scenario", "--out", "out"]),
            ("solve with GLPK's log", ["solve", "scenario", "--out", "verbose", "--verbose"]),
            ("solve with a time limit", ["solve", "scenario", "--out", "limited", "--time-limit", "5", "--gap", "0.5"]),
            ("export", ["export", "scenario", "--format", "lp", "--out", "program.lp"]),
        ]
        for (what, arguments) in runs {
            let run = try Child.run(arguments, in: folder)
            #expect(run.exited(0), "\(what): \(run.summary)")
            expectNoNames(run, what)
        }
        // The roster is where the planner asked for names: they are there, as written.
        let roster = try String(contentsOf: folder.appendingPathComponent("out/roster.csv"), encoding: .utf8)
        #expect(roster.contains("Lê Hoàng Cường & <img src=x onerror=alert(1)>"))
    }

    @Test func refusalsAndWarningsAboutCadreRowsNameTheRowNotThePerson() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try scenario(in: folder) { cadres in
            cadres
                .replacingOccurrences(of: ",so_nnmt,civil_servant,land:3:12,24778,,yes,1", with: ",so_nnmt,civil_servant,land:3:12,24778,,yes,two")
                .replacingOccurrences(of: ",so_nnmt,public_employee,", with: ",so_nmt,public_employee,")
                .replacingOccurrences(of: ",so_tc,civil_servant,finance:3:8,", with: ",so_tc,officer,finance:7:8,")
                .replacingOccurrences(of: "c06,", with: "c05,")
        }
        for arguments in [["validate", "scenario"], ["solve", "scenario", "--out", "out"]] {
            let run = try Child.run(arguments, in: folder)
            #expect(run.exited(1), "\(run.summary)")
            // Four rows are wrong, and each message names its row by line and cadre id.
            for place in ["cadres.csv:2: error: cadre c01", "cadres.csv:3: error: cadre c02", "cadres.csv:4: error: cadre c03",
                          "cadres.csv:7: error: duplicate cadre id 'c05'"] {
                #expect(run.stderr.contains(place), "\(place) missing from:\n\(run.stderr)")
            }
            expectNoNames(run, arguments[0])
        }
        // A cadre with no usable skill is a warning, named by id.
        let warned = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: warned) }
        try scenario(in: warned) { $0.replacingOccurrences(of: "public_security:2:5", with: "land:2:5") }
        let run = try Child.run(["validate", "scenario"], in: warned)
        #expect(run.exited(0), "\(run.summary)")
        #expect(run.stderr.contains("warning: cadre c06 has no skill in a police field"), "\(run.stderr)")
        expectNoNames(run, "validate with a warning")
    }

    /// report.html is a web page: every string from the scenario must arrive escaped.
    @Test func theHTMLReportEscapesMarkupFromTheScenario() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try scenario(in: folder)
        #expect(try Child.run(["solve", "scenario", "--out", "out"], in: folder).exited(0))
        let report = try Child.run(["report", "scenario", "--plan", "out/roster.json", "--out", "report"], in: folder)
        #expect(report.exited(0), "\(report.summary)")
        expectNoNames(report, "report")
        let html = try String(contentsOf: folder.appendingPathComponent("report/report.html"), encoding: .utf8)
        for raw in ["<script>alert", "<img src=x", "<b>Bình", "<i>Bắc Gia Nghĩa</i>", "\"Cổng\""] {
            #expect(!html.contains(raw), "report.html holds unescaped '\(raw)'")
        }
        #expect(html.contains("Phường &lt;i&gt;Bắc Gia Nghĩa&lt;/i&gt; &amp; &quot;Cổng&quot;"))
    }
}
