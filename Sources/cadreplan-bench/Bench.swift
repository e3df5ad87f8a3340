import ArgumentParser
import CadrePlanCore
import CadrePlanReport
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `cadreplan-bench`: runs what `cadreplan solve` runs — read and validate the scenario, build
/// the programs, solve both stages, write the roster — and times each phase, so that
/// `bench/run.py` can set CadrePlan's end-to-end time beside independent solvers on the very
/// same exported model. Timings are measured, never asserted.
@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cadreplan-bench",
        abstract: "Time CadrePlan's phases (parse, build, solve, report) on one scenario and write them as JSON.",
        discussion: """
            Example:
              cadreplan-bench scenarios/lam-dong-2025 --out bench/out/lam-dong --json bench/out/lam-dong/bench.json
            parse = read and validate the folder (ScenarioLoader.load); build = Formulation and the
            GLPK programs of both stages (Planner's own measure); solve = GLPK's time per stage;
            report = the roster, its CSV/JSON/Markdown and the atomic write. Independent parts
            of the program are solved side by side: build and solve are then summed over parts
            (thread seconds), while parse, plan, report and total are wall seconds. Peak memory is the
            process's maximum resident set size (getrusage).
            """
    )

    @Argument(help: "Scenario folder.", completion: .directory)
    var scenario: String

    @Option(help: "Folder for the roster files (created if missing).")
    var out: String = "out/bench"

    @Option(help: "File for the timings as JSON (default: print them on stdout only).")
    var json: String?

    @Option(help: "Name of the instance in the JSON (default: the folder's name).")
    var label: String?

    @Option(name: .customLong("time-limit"), help: "Seconds per stage (default: the scenario's solver.time_limit_s).")
    var timeLimit: Double?

    @Option(help: "Relative MIP gap at which to stop (default: the scenario's solver.relative_gap).")
    var gap: Double?

    @Option(help: ArgumentHelp(
        "Plan again this many times in the same process and record the median build and solve (warm).",
        discussion: "The timed run is a fresh process's first plan: its build also pays for loading code, "
            + "the Swift runtime's first type lookups and fresh memory, a large share of it on a small round. "
            + "The repeats measure the build and solve themselves. A year of rounds is not repeated."))
    var `repeat`: Int = 0

    func validate() throws {
        if let t = timeLimit, !(t > 0) { throw ValidationError("--time-limit must be a positive number of seconds") }
        if let g = gap, !(g >= 0 && g < 1) { throw ValidationError("--gap must be at least 0 and below 1, e.g. 0.01") }
        if `repeat` < 0 { throw ValidationError("--repeat must be 0 or more, e.g. 5") }
    }

    func run() throws {
        let clock = ContinuousClock()
        let start = clock.now

        let loaded: LoadedScenario
        do { loaded = try ScenarioLoader.load(scenario) } catch {
            fail(error.description)
        }
        let parsed = clock.now
        let s = loaded.scenario

        var options = PlanOptions(s.solver)
        if let timeLimit { options.timeLimit = timeLimit }
        if let gap { options.relativeGap = gap }
        if s.isMultiRound { return try runYear(s, options, start: start, parsed: parsed) }
        let result: PlanResult
        do { result = try Planner.plan(s, options: options) } catch {
            fail(error.description)
        }
        let planned = clock.now

        let roster = Roster(result)
        var written: [String] = []
        if roster.status != .none {
            do { written = try AtomicOutput.write(try RosterWriters.files(roster, scenario: s), into: out) } catch {
                fail("\(error)")
            }
        }
        let reported = clock.now

        let planSeconds = seconds(planned - parsed)
        // Independent parts are solved side by side; counted after the clock stopped.
        let parts = options.stage2Tolerance == 0 ? result.formulation.parts().count : 1
        let solveSeconds = solverSeconds(result.stages)
        // The timed run's peak: the repeats below would add what memory they fragment.
        let peak = peakResidentMiB()
        var repeats: [(build: Double, solve: Double)] = []
        for _ in 0..<`repeat` {
            do {
                let again = try Planner.plan(s, options: options)
                repeats.append((again.buildSeconds, solverSeconds(again.stages)))
            } catch { fail(error.description) }
        }
        let record = BenchRecord(
            instance: label ?? URL(fileURLWithPath: scenario).standardizedFileURL.lastPathComponent,
            scenario: scenario, name: s.name,
            size: .init(communes: s.communes.count, needs: s.needs.count, departments: s.departments.count,
                        cadres: s.cadres.count, eligiblePairs: result.formulation.pairs.count,
                        servingCadres: result.formulation.cadres.count),
            options: .init(timeLimit: options.timeLimit, relativeGap: options.relativeGap),
            phases: .init(parse: seconds(parsed - start), plan: planSeconds, build: result.buildSeconds,
                          solve: solveSeconds, report: seconds(reported - planned), total: seconds(reported - start)),
            status: roster.status.rawValue, parts: parts,
            stages: result.stages.map(BenchRecord.StageRecord.init),
            assignments: roster.assignments.count, rosterFiles: written, peakRSSMiB: peak,
            warm: repeats.isEmpty ? nil : .init(runs: repeats.count, build: median(repeats.map(\.build)),
                                                 solve: median(repeats.map(\.solve))))

        try emit(record)
    }

    /// A year of rounds: one program (YearPlanner), a roster per round and the year's files.
    func runYear(_ s: Scenario, _ options: PlanOptions, start: ContinuousClock.Instant, parsed: ContinuousClock.Instant) throws {
        let clock = ContinuousClock()
        let result: YearPlanResult
        do { result = try YearPlanner.plan(s, options: options) } catch { fail(error.description) }
        let planned = clock.now
        var written: [String] = []
        if result.hasPlan {
            do { written = try AtomicOutput.write(try YearWriters.files(result), into: out) } catch { fail("\(error)") }
        }
        let reported = clock.now
        let status = !result.hasPlan ? "none" : result.isProvenOptimal ? "optimal" : "feasible"
        let record = BenchRecord(
            instance: label ?? URL(fileURLWithPath: scenario).standardizedFileURL.lastPathComponent,
            scenario: scenario, name: s.name,
            size: .init(communes: s.communes.count, needs: s.needs.count, departments: s.departments.count,
                        cadres: s.cadres.count,
                        eligiblePairs: result.year.rounds.reduce(0) { $0 + $1.formulation.pairs.count },
                        servingCadres: Set(result.year.rounds.flatMap { $0.formulation.cadres.map(\.cadre) }).count),
            options: .init(timeLimit: options.timeLimit, relativeGap: options.relativeGap),
            phases: .init(parse: seconds(parsed - start), plan: seconds(planned - parsed), build: result.buildSeconds,
                          solve: solverSeconds(result.stages), report: seconds(reported - planned),
                          total: seconds(reported - start)),
            status: status, parts: result.year.rounds.count,
            stages: result.stages.map(BenchRecord.StageRecord.init),
            assignments: result.rounds.reduce(0) { $0 + $1.chosen.count }, rosterFiles: written,
            peakRSSMiB: peakResidentMiB())
        try emit(record)
    }

    func emit(_ record: BenchRecord) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data = try encoder.encode(record)
        if let json {
            let url = URL(fileURLWithPath: json)
            do { try AtomicOutput.write([(url.lastPathComponent, data + Data("\n".utf8))], into: url.deletingLastPathComponent().path) } catch {
                fail("\(error)")
            }
        }
        print(record.summary)
    }

    /// Prints a planner's message on stderr and exits 1 (bad scenario, no plan, unwritable file).
    func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
        Foundation.exit(1)
    }
}

/// The solve phase: the solver's seconds over every stage (thread seconds over parts).
func solverSeconds(_ stages: [StageOutcome]) -> Double { stages.reduce(0) { $0 + $1.seconds } }

func median(_ xs: [Double]) -> Double {
    let sorted = xs.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// The process's peak resident set size in MiB (Linux reports KiB, macOS bytes).
func peakResidentMiB() -> Double {
    var usage = rusage()
    #if os(Linux)
    guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
    return Double(usage.ru_maxrss) / 1024
    #else
    guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
    return Double(usage.ru_maxrss) / (1024 * 1024)
    #endif
}

/// One run, as bench/run.py reads it. Keys are snake_case and sorted, so diffs between runs are
/// readable; optional values that the solver did not produce are left out.
struct BenchRecord: Codable {
    struct Size: Codable {
        var communes, needs, departments, cadres: Int
        var eligiblePairs: Int
        var servingCadres: Int
        enum CodingKeys: String, CodingKey {
            case communes, needs, departments, cadres
            case eligiblePairs = "eligible_pairs"
            case servingCadres = "serving_cadres"
        }
    }

    struct Options: Codable {
        var timeLimit: Double?
        var relativeGap: Double
        enum CodingKeys: String, CodingKey {
            case timeLimit = "time_limit_s"
            case relativeGap = "relative_gap"
        }
    }

    /// Wall seconds of parse, plan (Planner.plan), report and total. `build` and `solve` are
    /// the planner's own measures summed over independent parts, which run side by side: with
    /// more than one part they are thread seconds and may exceed `plan`.
    struct Phases: Codable {
        var parse, plan, build, solve, report, total: Double
    }

    struct StageRecord: Codable {
        var stage: Int
        var termination: String
        var provenOptimal: Bool
        var objective: Double?
        var programObjective: Double?
        var bestBound: Double?
        var relativeGap: Double?
        var lpRelaxation: Double?
        var nodes: Int
        var seconds: Double
        var variables: Int
        var constraints: Int
        init(_ st: StageOutcome) {
            (stage, termination, provenOptimal) = (st.stage.rawValue, "\(st.termination)", st.isProvenOptimal)
            (objective, programObjective, bestBound) = (st.objective, st.programObjective, st.bestBound)
            (relativeGap, lpRelaxation, nodes, seconds) = (st.relativeGap, st.lpRelaxation, st.nodes, st.seconds)
            (variables, constraints) = (st.variables, st.constraints)
        }
        enum CodingKeys: String, CodingKey {
            case stage, termination, objective, nodes, seconds, variables, constraints
            case provenOptimal = "proven_optimal"
            case programObjective = "program_objective"
            case bestBound = "best_bound"
            case relativeGap = "relative_gap"
            case lpRelaxation = "lp_relaxation"
        }
    }

    var instance: String
    var scenario: String
    var name: String
    var size: Size
    var options: Options
    var phases: Phases
    var status: String
    var parts: Int
    var stages: [StageRecord]
    var assignments: Int
    var rosterFiles: [String]
    var peakRSSMiB: Double
    /// Median build and solve of `--repeat` plans after the timed one, in the same process.
    var warm: Warm?

    struct Warm: Codable {
        var runs: Int
        var build, solve: Double
    }

    enum CodingKeys: String, CodingKey {
        case instance, scenario, name, size, options, phases, status, parts, stages, assignments, warm
        case rosterFiles = "roster_files"
        case peakRSSMiB = "peak_rss_mib"
    }

    var summary: String {
        func f(_ x: Double) -> String { String(format: "%.3f", x) }
        func v(_ x: Double?) -> String { x.map { String(format: "%.6g", $0) } ?? "—" }
        var lines = [
            "\(instance): \(size.cadres) cadres, \(size.communes) units, \(size.needs) needs, \(size.eligiblePairs) eligible pairs",
            "  status \(status); total \(f(phases.total)) s = parse \(f(phases.parse)) + plan \(f(phases.plan))"
                + " + report \(f(phases.report)); plan: build \(f(phases.build)), solve \(f(phases.solve))"
                + (parts > 1 ? " (thread seconds over \(parts) parts)" : "") + "; peak \(String(format: "%.0f", peakRSSMiB)) MiB",
        ]
        if let warm {
            lines.append("  warm (median of \(warm.runs) more plans): build \(f(warm.build)), solve \(f(warm.solve))"
                + ", build / solve \(String(format: "%.1f", 100 * warm.build / warm.solve)) %")
        }
        for st in stages {
            lines.append("  stage \(st.stage): \(st.termination), objective \(v(st.objective)) (program \(v(st.programObjective))),"
                + " bound \(v(st.bestBound)), LP \(v(st.lpRelaxation)), \(st.nodes) nodes, \(f(st.seconds)) s,"
                + " \(st.variables) × \(st.constraints)")
        }
        return lines.joined(separator: "\n")
    }
}
