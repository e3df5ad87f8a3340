import ArgumentParser
import CadrePlanCore
import Foundation

/// The scenario folder every command starts from.
struct ScenarioArgument: ParsableArguments {
    @Argument(help: "Scenario folder (holds scenario.yaml and the CSV tables).", completion: .directory)
    var scenario: String

    /// The scenario, refused when it plans a year of rounds: `command` works on one round.
    func loadSingleRound(command: String) throws -> LoadedScenario {
        let loaded = try load()
        if loaded.scenario.isMultiRound {
            Terminal.error("\(scenario): error: this scenario plans a year of \(loaded.scenario.rounds.count) rounds; "
                + "cadreplan \(command) works on one round — fix: run cadreplan solve for the year (a roster per "
                + "round, year.md and year.json), or give the folder of a single round")
            throw ExitCode.failure
        }
        return loaded
    }

    /// Loads and validates; prints warnings on stderr; turns problems into a planner's message.
    func load() throws -> LoadedScenario {
        do {
            let loaded = try ScenarioLoader.load(scenario)
            for warning in loaded.warnings { Terminal.error(warning.description) }
            return loaded
        } catch {
            Terminal.error(error.description)
            throw ExitCode.failure
        }
    }
}

/// Options that tune the solve; unset ones come from the scenario's `solver:` section.
struct SolveOptionsGroup: ParsableArguments {
    @Option(name: .customLong("time-limit"), help: "Seconds per stage before returning the best plan found.")
    var timeLimit: Double?

    @Option(help: "Relative MIP gap at which to stop (0 = prove optimality).")
    var gap: Double?

    @Flag(help: "Print GLPK's log on stderr.")
    var verbose = false

    func validate() throws {
        if let t = timeLimit, !(t > 0) { throw ValidationError("--time-limit must be a positive number of seconds") }
        if let g = gap, !(g >= 0 && g < 1) { throw ValidationError("--gap must be at least 0 and below 1, e.g. 0.01") }
    }

    func planOptions(_ scenario: Scenario) -> PlanOptions {
        var options = PlanOptions(scenario.solver)
        if let t = timeLimit { options.timeLimit = t }
        if let g = gap { options.relativeGap = g }
        options.verbose = verbose
        return options
    }
}

enum Terminal {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}
