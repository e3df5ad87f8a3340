import Foundation
import Testing

/// The full-rules variant of the real round, end to end: within a short time limit the planner
/// still returns a plan that keeps every rule, says how far from proven it is, and reports each
/// rule. Its stage-1 LP relaxation is the closed[n] formulation's (2,017.2; the naive export's is
/// 1,788.6) and its bound a multiple of the weights' quarter step.
@Suite struct FullRulesCLITests {
    @Test func theFullRulesRoundGivesAPlanThatKeepsEveryRule() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = CLI.repoRoot.appendingPathComponent("scenarios/lam-dong-2025-full-rules").path
        let run = try Child.run(["solve", scenario, "--out", "out", "--time-limit", "12"], in: folder, timeout: 300)
        #expect(run.exited(0), "\(run.summary.suffix(3000))")
        #expect(run.stdout.contains("  budget: "))
        #expect(run.stdout.contains("  teams: "))
        #expect(run.stderr.contains("NOT proven optimal") || run.stdout.contains("proven optimal"))

        let data = try Data(contentsOf: folder.appendingPathComponent("out/roster.json"))
        let roster = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let rules = try #require(roster["rules"] as? [String: Any])
        let spent = try #require(rules["spent_vnd"] as? Double)
        #expect(spent <= 8_600_000_000)
        let teams = try #require(rules["teams"] as? Int)
        #expect(teams <= 113)
        // On a loaded machine the root LP may not finish within the limit (the greedy plan then
        // stands, with no bound); the LP bound itself is checked without a limit by glpsol below.
        let stages = try #require(roster["stages"] as? [[String: Any]])
        if let lp = stages.first?["lp_relaxation"] as? Double, let bound = stages.first?["best_bound"] as? Double {
            #expect(abs(lp - 2017.207) < 0.01)
            let value = try #require(stages.first?["value"] as? Double)
            #expect(bound >= lp - 1e-6 && bound <= value + 1e-9)
            #expect(abs(bound * 4 - (bound * 4).rounded()) < 1e-9, "bound \(bound) is not rounded to the 0.25 step")
        }
        let assignments = try #require(roster["assignments"] as? [[String: Any]])
        var perCommune: [String: Int] = [:]
        for a in assignments { perCommune[a["commune"] as? String ?? "", default: 0] += 1 }
        #expect(perCommune.values.allSatisfy { $0 >= 2 }, "a team smaller than policy.teams.minimum_size")
        #expect(perCommune.count == teams)
        let md = try String(contentsOf: folder.appendingPathComponent("out/roster.md"), encoding: .utf8)
        #expect(md.contains("## Programme rules"))
    }

    /// The LP export carries every rule; the reference model's data would not, so it is refused.
    @Test func exportCarriesTheRulesOrRefuses() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = CLI.repoRoot.appendingPathComponent("scenarios/lam-dong-2025-full-rules").path
        let lp = try Child.run(["export", scenario, "--format", "lp", "--out", "stage1.lp"], in: folder, timeout: 300)
        #expect(lp.exited(0), "\(lp.summary.suffix(2000))")
        let text = try String(contentsOf: folder.appendingPathComponent("stage1.lp"), encoding: .utf8)
        for row in ["budget:", "teams:", "team_size(", "speak(", "floor(", "lodging(", "closed("] {  // GLPK writes [ ] as ( )
            #expect(text.contains(row), "no \(row) row in the LP export")
        }
        // --naive: one big-M team row per commune (team(<code>), no field) and no closed rows.
        let naive = try Child.run(["export", scenario, "--naive", "--format", "lp", "--out", "naive.lp"], in: folder,
                                  timeout: 300)
        #expect(naive.exited(0), "\(naive.summary.suffix(2000))")
        let naiveText = try String(contentsOf: folder.appendingPathComponent("naive.lp"), encoding: .utf8)
        #expect(!naiveText.contains("closed("))
        #expect(naiveText.contains(try Regex(#"team\(\d+\):"#)))
        #expect(!naiveText.contains(try Regex(#"team\(\d+,"#)))
        // The LP relaxations, without a time limit: the naive form gives 1,788.6, the tight one 2,017.2.
        if try CLI.glpsol(["--version"]) != nil {
            for (file, bound) in [("stage1.lp", 2017.207), ("naive.lp", 1788.628)] {
                let solution = folder.appendingPathComponent("\(file).sol").path
                let run = try #require(try CLI.glpsol(["--lp", folder.appendingPathComponent(file).path, "--nomip",
                                                       "-o", solution]))
                #expect(run.status == 0)
                let value = CLI.glpsolObjective(try String(contentsOfFile: solution, encoding: .utf8))
                #expect(value.map { abs($0 - bound) < 0.01 } == true, "\(file): LP bound \(String(describing: value))")
            }
        }
        let dat = try Child.run(["export", scenario, "--format", "gmpl-data", "--out", "stage1.dat"], in: folder)
        #expect(dat.exited(1))
        #expect(dat.stderr.contains("does not model the programme rules"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("stage1.dat").path))
    }
}
