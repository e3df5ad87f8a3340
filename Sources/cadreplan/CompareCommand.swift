import ArgumentParser
import CadrePlanCore
import CadrePlanReport
import Foundation

/// `cadreplan compare`: a base plan beside one or more what-ifs, with KPI deltas, the cadres who
/// move, the communes that gain or lose help, and why, from the solve itself.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare a base plan with what-ifs: KPI deltas, moves, communes that gain or lose help, and why.",
        discussion: """
            BASE and WHATIF are scenario folders or roster.json files from `cadreplan solve`
            (a roster needs its scenario: --scenario, and --whatif-scenario when WHATIF's differs).
            What is not solved yet is solved here. Instead of WHATIF, change BASE from the shell:
              cadreplan compare scenarios/lam-dong-2025 --set policy.max_travel_km=60
              cadreplan compare scenarios/lam-dong-2025 --set departments.dept_finance.release_cap=10 \\
                  --drop-field public_security
              cadreplan compare scenarios/lam-dong-2025 --whatif scenarios/whatif-examples/lam-dong-2025.yaml
            Keys of --set: policy.{max_travel_km,road_factor,allow_home_commune},
            weights.{below_minimum,below_desired,skill_level,experience_year,experience_cap_years,
            language,travel_per_100km}, solver.{time_limit_s,relative_gap,stage2_tolerance},
            fields.<id>.priority, departments.<id>.{release_cap,headcount},
            communes.<id>.hosting_capacity, needs.<commune>/<field>.{min,desired,level,priority},
            cadres.<id>.{available,capacity}. A --whatif file lists named variants, one column each
            (see scenarios/whatif-examples/). Why needs stay unmet: each plan's binding rules are
            relaxed one at a time and stage 1 re-solved (--explain N of them, 0 = none).
            --min-moves plans each what-if to move as few of the base's cadres as its weighted
            unmet need allows, instead of its best-fitting plan: the moves it must make.
            Writes compare.md, compare.json and compare.html (self-contained) to --out.
            """
    )

    @Argument(help: ArgumentHelp("Base plan: a scenario folder, or a roster.json (with --scenario).", valueName: "base"))
    var base: String

    @Argument(help: ArgumentHelp("What-if: a scenario folder or a roster.json. Leave out to use --set, --drop-field or --whatif.",
                                 valueName: "whatif"))
    var whatif: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Change a setting of BASE, e.g. policy.max_travel_km=60 (repeatable).",
                                                         valueName: "key=value"))
    var sets: [String] = []

    @Option(name: .customLong("drop-field"), help: ArgumentHelp("Remove a field's needs from BASE, e.g. public_security (repeatable).",
                                                                valueName: "field"))
    var dropFields: [String] = []

    @Option(name: .customLong("whatif"), help: ArgumentHelp("A what-if file of named variants, one column each.", valueName: "file.yaml"))
    var whatifFile: String?

    @Option(help: ArgumentHelp("Scenario folder of a roster.json given as BASE (and as WHATIF).", valueName: "folder"))
    var scenario: String?

    @Option(name: .customLong("whatif-scenario"), help: ArgumentHelp("Scenario folder of a roster.json given as WHATIF, when not --scenario.", valueName: "folder"))
    var whatifScenario: String?

    @Option(help: ArgumentHelp("Folder for compare.md, compare.json and compare.html.", valueName: "folder"))
    var out: String = "out/compare"

    @Option(help: "Language of the comparison: vi (Vietnamese) or en (English).")
    var lang: ReportLanguage = .vi

    @Option(help: "Binding rules re-solved per plan to explain unmet needs (0 = no explanations).")
    var explain: Int = 6

    @Option(name: .customLong("explain-time"), help: "Seconds at most per explanation re-solve (one takes about as long as stage 1).")
    var explainTime: Double = 60

    @Flag(name: .customLong("min-moves"), help: "Plan each what-if to move as few of the base's cadres as its weighted unmet need allows (then maximise fit), instead of its best-fitting plan.")
    var minMoves = false

    @OptionGroup var solve: SolveOptionsGroup

    func validate() throws {
        let overrides = !sets.isEmpty || !dropFields.isEmpty || whatifFile != nil
        if whatif != nil, overrides {
            throw ValidationError("give either a WHATIF folder or roster, or --set/--drop-field/--whatif to change BASE, not both")
        }
        if whatif == nil, !overrides {
            throw ValidationError("nothing to compare: give a WHATIF scenario folder or roster.json, or change BASE with --set KEY=VALUE, --drop-field FIELD or --whatif FILE")
        }
        guard explain >= 0 else { throw ValidationError("--explain must be 0 (no explanations) or more") }
        guard explainTime > 0 else { throw ValidationError("--explain-time must be a positive number of seconds") }
    }

    /// A plan to compare before it is solved.
    struct Pending {
        var name: String
        var source: String
        var note: String?
        var scenario: Scenario
        var roster: Roster?
        var changes: [AppliedVariant.Change] = []
    }

    func run() throws {
        let baseInput = try Self.input(base, scenarioFolder: scenario)
        var pending = [Pending(name: Comparison.baseName, source: base, scenario: baseInput.scenario, roster: baseInput.roster)]

        if let whatif {
            let other = try Self.input(whatif, scenarioFolder: whatifScenario ?? scenario)
            pending.append(Pending(name: WhatIfVariant.commandLineName, source: whatif, scenario: other.scenario,
                                   roster: other.roster,
                                   changes: AppliedVariant.changes(from: baseInput.scenario, to: other.scenario)))
        } else {
            for applied in try variants(base: baseInput.scenario) {
                let variant = applied.variant
                for warning in applied.warnings { Terminal.error(warning.description) }
                let source = variant.name == WhatIfVariant.commandLineName
                    ? variant.overrides.map(\.description).joined(separator: " ")
                    : variant.overrides.first.map { o in o.line.map { "\(o.file):\($0)" } ?? o.file } ?? (whatifFile ?? "")
                pending.append(Pending(name: variant.name, source: source, note: variant.note, scenario: applied.scenario,
                                       changes: applied.changes))
            }
        }

        // Solve what is not solved; a variant that changes nothing the model sees reuses a solve.
        let t = CompareStrings(lang, scenario: baseInput.scenario)
        // With --min-moves a what-if keeps as much of the base plan as its stage-1 optimum
        // allows, so that the cadres listed as moving are those the what-if forces.
        var solved: [(Scenario, Roster)] = []
        var plans: [ComparedPlan] = []
        for p in pending {
            var roster = p.roster
            if let given = roster {
                try Self.check(given, file: p.source, scenario: p.scenario)
            } else if let done = solved.first(where: { $0.0 == p.scenario }) {
                roster = done.1
            } else {
                Terminal.error(t.solving(p.name))
                let options = solve.planOptions(p.scenario)
                var result = try Self.plan(p.scenario, options: options)
                var note = p.note
                if let base = plans.first?.roster, minMoves {
                    result = StablePlan.closest(to: base, result: result, seconds: options.timeLimit,
                                                tolerance: options.stage2Tolerance)
                    note = [p.note, t.minMovesNote].compactMap { $0 }.joined(separator: " — ")
                }
                roster = Roster(result)
                if !minMoves || plans.isEmpty { solved.append((p.scenario, roster!)) }
                guard let roster else { continue }
                plans.append(ComparedPlan(name: p.name, source: p.source, note: note, scenario: p.scenario,
                                          roster: roster, changes: p.changes))
                continue
            }
            guard let roster else { continue }
            plans.append(ComparedPlan(name: p.name, source: p.source, note: p.note, scenario: p.scenario,
                                      roster: roster, changes: p.changes))
        }

        if explain > 0 {
            var done: [(Scenario, Roster, Explanation)] = []
            for i in plans.indices {
                let p = plans[i]
                if let e = done.first(where: { $0.0 == p.scenario && $0.1 == p.roster })?.2 {
                    plans[i].explanation = e
                    continue
                }
                Terminal.error(t.explaining(p.name))
                do {
                    let e = try Explanation.explain(
                        p.scenario, roster: p.roster,
                        options: ExplanationOptions(maxResolves: explain, secondsPerResolve: explainTime))
                    plans[i].explanation = e
                    done.append((p.scenario, p.roster, e))
                } catch {
                    Terminal.error("\(p.source): error: \(error.description)")
                    throw ExitCode.failure
                }
            }
        }

        var unavailable: String?
        let model: OutcomeModel?
        do { model = try OutcomeModel.fit(baseInput.scenario) } catch {
            model = nil
            unavailable = error.description
        }
        let comparison = Comparison(plans, outcomeModel: model, outcomeUnavailable: unavailable)
        let paths: [String]
        do { paths = try AtomicOutput.write(CompareReport.files(comparison, strings: t), into: out) } catch {
            Terminal.error("\(error)")
            throw ExitCode.failure
        }
        print(CompareReport.terminal(comparison, strings: t))
        print(t.wrote(paths))
        for p in plans where p.roster.status == .feasible {
            Terminal.error("warning: \(t.column(p.name)): \(RosterWriters.statusSentence(p.roster))")
        }
    }

    /// The variants of --whatif and of --set/--drop-field applied to `base`; every problem of
    /// every variant is reported at once.
    func variants(base: Scenario) throws -> [AppliedVariant] {
        var problems: [Diagnostic] = []
        var variants: [WhatIfVariant] = []
        if let whatifFile {
            do { variants = try WhatIfFile.load(whatifFile) } catch { problems += error.diagnostics }
        }
        var overrides: [ScenarioOverride] = []
        for text in sets {
            do { overrides.append(try ScenarioOverride.parse(set: text)) } catch { problems += error.diagnostics }
        }
        overrides += dropFields.map { ScenarioOverride.dropField($0) }
        for v in variants where v.name == Comparison.baseName || v.name == WhatIfVariant.commandLineName {
            problems.append(Diagnostic(file: whatifFile ?? "--whatif", line: v.overrides.first?.line,
                                       message: "variant name '\(v.name)' is taken by the \(v.name == Comparison.baseName ? "base plan" : "--set and --drop-field options")",
                                       fix: "rename the variant, e.g. \(v.name)-2"))
        }
        if !overrides.isEmpty { variants.append(WhatIfVariant(name: WhatIfVariant.commandLineName, overrides: overrides)) }
        var applied: [AppliedVariant] = []
        for variant in variants {
            do { applied.append(try variant.apply(to: base)) } catch { problems += error.diagnostics }
        }
        guard problems.isEmpty else {
            Terminal.error(OverrideError(problems).description)
            throw ExitCode.failure
        }
        return applied
    }

    /// A scenario folder, or a roster file with the folder of its scenario.
    static func input(_ path: String, scenarioFolder: String?) throws -> (scenario: Scenario, roster: Roster?) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            Terminal.error("\(path): error: not found — fix: give a scenario folder or a roster.json written by cadreplan solve")
            throw ExitCode.failure
        }
        if isFolder.boolValue { return (try ScenarioArgument(scenario: path).loadSingleRound(command: "compare").scenario, nil) }
        guard let folder = scenarioFolder else {
            Terminal.error("\(path): error: a roster needs the scenario it was solved for — fix: add --scenario FOLDER (and --whatif-scenario FOLDER for a what-if roster of another scenario)")
            throw ExitCode.failure
        }
        let roster = try ReportCommand.readRoster(path)
        let scenario = try ScenarioArgument(scenario: folder).loadSingleRound(command: "compare").scenario
        if roster.scenario != scenario.name {
            Terminal.error("\(path): error: this roster was solved for \"\(roster.scenario)\", not for \"\(scenario.name)\" (\(folder)) — fix: pass the scenario folder the roster was solved for")
            throw ExitCode.failure
        }
        return (scenario, roster)
    }

    /// A roster read from a file must keep every hard rule of its scenario.
    static func check(_ roster: Roster, file: String, scenario: Scenario) throws {
        let problems = RosterAudit.violations(roster, scenario: scenario)
        guard !problems.isEmpty else { return }
        Terminal.error("\(file): error: the roster breaks \(problems.count) hard rule(s) of its scenario, e.g. "
            + problems.prefix(3).joined(separator: "; ")
            + " — fix: solve the scenario again, or pass the scenario the roster was solved for")
        throw ExitCode.failure
    }

    static func plan(_ scenario: Scenario, options: PlanOptions) throws -> PlanResult {
        let result: PlanResult
        do { result = try Planner.plan(scenario, options: options) } catch {
            Terminal.error(error.description)
            throw ExitCode.failure
        }
        guard result.hasPlan else {
            Terminal.error("No comparison written: \(RosterWriters.statusSentence(Roster(result)))")
            throw ExitCode.failure
        }
        return result
    }
}

extension ScenarioArgument {
    init(scenario: String) {
        self.init()
        self.scenario = scenario
    }
}
