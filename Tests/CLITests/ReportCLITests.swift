import CadrePlanCore
import Foundation
import Testing

/// `cadreplan report` end to end through the binary, and its HTML in a real headless browser
/// (Chromium from Debian's packages; those checks skip when it is not installed).
@Suite(.serialized) struct ReportCLITests {
    /// Solves the default scenario once, reports on it in both languages, twice in Vietnamese:
    /// the files are written, byte-identical, and say what the history really was.
    @Test func reportOnTheDefaultScenario() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let roster = try SharedSolve.roster.get()
        let solved = folder.appendingPathComponent("solved").path
        try FileManager.default.createDirectory(atPath: solved, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: roster, toPath: solved + "/roster.json")

        let vi = try CLI.run(["report", CLI.defaultScenario, "--plan", solved + "/roster.json"])
        #expect(vi.status == 0, "\(vi.stderr)")
        // Next to the roster by default, and the paths are printed.
        for file in ["report.md", "report.json", "report.html"] {
            #expect(FileManager.default.fileExists(atPath: solved + "/" + file), "\(file)")
            #expect(vi.stdout.contains(solved + "/" + file))
        }
        #expect(vi.stdout.contains("Hoàn thành xuất sắc nhiệm vụ"))
        #expect(vi.stdout.contains("66 (25,4%)"))
        let again = folder.appendingPathComponent("again").path
        #expect(try CLI.run(["report", CLI.defaultScenario, "--plan", solved + "/roster.json", "--out", again]).status == 0)
        for file in ["report.md", "report.json", "report.html"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: solved + "/" + file))
            let b = try Data(contentsOf: URL(fileURLWithPath: again + "/" + file))
            #expect(a == b, "\(file) differs between runs")
        }

        let md = try String(contentsOfFile: solved + "/report.md", encoding: .utf8)
        for text in ["| Hoàn thành xuất sắc nhiệm vụ | 66 (25,4%)", "| Hoàn thành tốt nhiệm vụ | 189 (72,7%)",
                     "| Hoàn thành nhiệm vụ | 3 (1,2%)", "| Chưa đánh giá | 2 (0,8%)",
                     "Đất đai - tài nguyên", "Mũi Né", "dự báo", "dự kiến"] {
            #expect(md.contains(text), "\(text)")
        }

        // report.json: the solver's plan breaks no hard rule; the history is measured too.
        let json = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: solved + "/report.json"))) as? [String: Any])
        let plan = try #require(json["plan"] as? [String: Any])
        #expect((plan["rule_breaks"] as? [Any])?.isEmpty == true)
        #expect(plan["placements_breaking_rules"] as? Int == 0)
        let history = try #require(json["history"] as? [String: Any])
        #expect(history["placements"] as? Int == 730)
        let outcomes = try #require(json["outcomes"] as? [String: Any])
        #expect(outcomes["history_civil_rows"] as? Int == 260)

        let en = folder.appendingPathComponent("en").path
        let english = try CLI.run(["report", CLI.defaultScenario, "--plan", roster, "--lang", "en", "--out", en])
        #expect(english.status == 0, "\(english.stderr)")
        #expect(english.stdout.contains("66 (25.4%)"))
        let enMarkdown = try String(contentsOfFile: en + "/report.md", encoding: .utf8)
        #expect(enMarkdown.contains("| excellently completed | 66 (25.4%)"))
        #expect(enMarkdown.contains("Land and natural resources"))
        #expect(enMarkdown.contains("Mũi Né"), "commune names keep their diacritics in English")
    }

    /// report.html of the default scenario in headless Chromium: it renders, its three charts are
    /// there, no script error, and the per-commune table sorts. Skipped without Chromium.
    @Test(.enabled(if: Browser.chromium != nil, "Chromium is not installed (apt-get install chromium)"))
    func reportRendersInARealBrowser() throws {
        let chromium = try #require(Browser.chromium)
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try CLI.run(["report", CLI.defaultScenario, "--plan", try SharedSolve.roster.get(), "--out", folder.path])
        #expect(run.status == 0, "\(run.stderr)")
        let html = folder.appendingPathComponent("report.html")
        let page = try Browser.dumpDOM(chromium, html)
        #expect(page.errors.isEmpty, "\(page.errors)")
        #expect(page.dom.contains("data-ready=\"1\""), "the inline script ran to its end")
        #expect(!page.dom.contains("data-error="), "window.onerror fired")
        for id in ["chart-coverage", "chart-travel", "chart-outcomes"] {
            #expect(page.dom.contains("<svg class=\"chart\" id=\"\(id)\""), "\(id)")
        }
        #expect(page.dom.components(separatedBy: "<rect").count > 40, "bars are drawn")

        // Opened sorted by the plan's unmet need, largest first: the rows come in that order.
        let sorted = try Browser.dumpDOM(chromium, html, fragment: "sort=-plan-unmet")
        #expect(sorted.errors.isEmpty, "\(sorted.errors)")
        let unmet = Browser.column(sorted.dom, table: "commune-table", column: 7)
        #expect(unmet.count == 124)
        #expect(unmet == unmet.sorted(by: >), "\(unmet.prefix(10))")
        #expect(unmet.first != unmet.last, "a sort that changes nothing proves nothing")
        #expect(sorted.dom.contains("aria-sort=\"descending\""))
    }

    /// The hostile names in a browser: nothing runs, the names stay text. Skipped without Chromium.
    @Test(.enabled(if: Browser.chromium != nil, "Chromium is not installed (apt-get install chromium)"))
    func hostileNamesStayTextInABrowser() throws {
        let chromium = try #require(Browser.chromium)
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = try Self.reportOnHostileScenario(in: folder).out
        let page = try Browser.dumpDOM(chromium, URL(fileURLWithPath: out + "/report.html"))
        #expect(page.errors.isEmpty, "\(page.errors)")
        #expect(page.dom.contains("data-ready=\"1\""))
        #expect(!page.dom.contains("data-error="))
        // The browser kept the name as text: re-serialised escaped, never as an element.
        #expect(!page.dom.contains("<script>alert(1)"))
        #expect(page.dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.dom.contains("<svg class=\"chart\" id=\"chart-coverage\""))
    }

    /// A scenario with hostile names, solved by the report itself: the names are escaped, and
    /// the report is still written when no outcome model can be fitted (it says why).
    @Test func reportSolvesAndEscapesHostileNames() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (out, run) = try Self.reportOnHostileScenario(in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("outcome model needs at least"), "says why outcomes are missing: \(run.stderr)")
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(!html.contains("<script>alert(1)"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp;&quot;&#39;"))
    }

    /// Writes a scenario whose names try to break HTML, and runs `cadreplan report` on it (no --plan).
    static func reportOnHostileScenario(in folder: URL) throws -> (out: String, run: CLI.Run) {
        let evil = "<script>alert(1)</script> &\"'"
        let scenario = Scenario(
            name: "Round " + evil, round: Round(start: "2025-08-01", end: "2025-10-31"),
            policy: Policy(maxTravelKm: nil, roadFactor: 1, allowHomeCommune: false),
            fields: [Field(id: "land", name: "Land " + evil, nameVi: "Đất đai " + evil, branch: .civil, priority: 3)],
            communes: [
                Commune(id: "10001", name: "Xã " + evil, nameAscii: "Xa A", kind: .commune, formerProvince: "Lam Dong",
                        latitude: 11.0, longitude: 108.0, areaKm2: 100, population: 1000, hostingCapacity: 3,
                        minorityShare: 0.5, languages: ["K'Ho"]),
                Commune(id: "10002", name: "Phường Bình", nameAscii: "Phuong Binh", kind: .ward, formerProvince: "Lam Dong",
                        latitude: 11.1, longitude: 108.0, areaKm2: 100, population: 1000, hostingCapacity: 3,
                        minorityShare: 0, languages: []),
            ],
            needs: [Need(commune: "10001", field: "land", minimum: 1, desired: 2, level: 1, backlog: 5, priority: 1)],
            departments: [Department(id: "D", name: "Dept " + evil, nameVi: "Sở " + evil, branch: .civil, headcount: 10, releaseCap: 5)],
            cadres: [
                Cadre(id: "c1", name: evil, department: "D", category: .civilServant,
                      skills: [Skill(field: "land", level: 2, years: 3)], homeCommune: "10002", languages: ["K'Ho"],
                      available: true, capacity: 1),
                Cadre(id: "c2", name: "Nguyễn Thị Ánh", department: "D", category: .publicEmployee,
                      skills: [Skill(field: "land", level: 1, years: 1)], homeCommune: "10002", languages: [],
                      available: true, capacity: 1),
            ],
            history: [HistoryRecord(cadre: "c1", commune: "10001", field: "land", rating: .good)])
        let path = folder.appendingPathComponent("hostile").path
        try ScenarioWriter.write(scenario, to: path)
        let out = folder.appendingPathComponent("out").path
        let run = try CLI.run(["report", path, "--out", out, "--lang", "en"])
        return (out, run)
    }

    @Test func reportNamesTheFileAndTheFixForABadRoster() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("nowhere/roster.json").path
        let run = try CLI.run(["report", CLI.defaultScenario, "--plan", missing, "--out", folder.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains(missing) && run.stderr.contains("fix:"), "\(run.stderr)")

        let broken = folder.appendingPathComponent("roster.json")
        try Data("{\"scenario\": \"x\"}".utf8).write(to: broken)
        let bad = try CLI.run(["report", CLI.defaultScenario, "--plan", broken.path, "--out", folder.path])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("roster.json: error: not a roster") && bad.stderr.contains("fix:"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.md").path))

        let lang = try CLI.run(["report", CLI.defaultScenario, "--lang", "fr"])
        #expect(lang.status == 64)
        let threshold = try CLI.run(["report", CLI.defaultScenario, "--risk-threshold", "2"])
        #expect(threshold.status == 64)
    }
}

/// The default scenario solved once per test run (on first use), shared by the report tests;
/// its folder is removed when the test process exits.
enum SharedSolve {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("cadreplan-report-tests-\(ProcessInfo.processInfo.processIdentifier)")

    static let roster: Result<String, Failure> = {
        atexit { try? FileManager.default.removeItem(at: SharedSolve.folder) }
        do {
            let run = try CLI.run(["solve", CLI.defaultScenario, "--out", folder.path])
            guard run.status == 0 else { return .failure(Failure(description: "solve failed: \(run.stderr)")) }
            return .success(folder.appendingPathComponent("roster.json").path)
        } catch {
            return .failure(Failure(description: "solve could not run: \(error)"))
        }
    }()
}

/// Headless Chromium, when installed (`apt-get install chromium`; `.ci/run` installs it).
enum Browser {
    static var chromium: URL? {
        for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium"]
        where FileManager.default.isExecutableFile(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        return nil
    }

    /// The page's DOM after its scripts ran, and the console errors Chromium logged.
    static func dumpDOM(_ chromium: URL, _ file: URL, fragment: String? = nil) throws -> (dom: String, errors: [String]) {
        let profile = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: profile) }
        let url = file.absoluteString + (fragment.map { "#" + $0 } ?? "")
        let run = try CLI.run([
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(profile.path)",
            "--enable-logging=stderr", "--v=0", "--virtual-time-budget=2000", "--dump-dom", url,
        ], executable: chromium)
        let errors = run.stderr.split(separator: "\n").map(String.init).filter {
            $0.contains("CONSOLE") || $0.contains("Uncaught")
        }
        return (run.stdout, errors)
    }

    /// The cells of one column of a table in a dumped DOM, as numbers (or text), in row order.
    static func column(_ dom: String, table id: String, column: Int, numeric: Bool = true) -> [String] {
        guard let start = dom.range(of: "<table id=\"\(id)\""),
            let body = dom.range(of: "<tbody>", range: start.upperBound..<dom.endIndex),
            let end = dom.range(of: "</tbody>", range: body.upperBound..<dom.endIndex)
        else { return [] }
        let rows = dom[body.upperBound..<end.lowerBound].components(separatedBy: "</tr>").filter { $0.contains("<td") }
        return rows.compactMap { row in
            let cells = row.components(separatedBy: "<td").dropFirst()
            guard cells.count > column else { return nil }
            let cell = cells[cells.index(cells.startIndex, offsetBy: column)]
            guard let open = cell.firstIndex(of: ">") else { return nil }
            let text = cell[cell.index(after: open)...].components(separatedBy: "</td>")[0]
            return numeric ? String(format: "%08d", Int(text) ?? -1) : text
        }
    }
}
