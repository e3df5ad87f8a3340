import ArgumentParser
import CadrePlanCore

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario and report every problem with its file, line and fix.",
        discussion: """
            Example:
              cadreplan validate scenarios/lam-dong-2025
            Exits 0 when the scenario can be planned, 1 when it has errors (all are listed).
            """
    )

    @OptionGroup var input: ScenarioArgument

    func run() throws {
        let loaded = try input.load()
        let s = loaded.scenario
        let formulation: Formulation
        do { formulation = try Formulation(s) } catch {
            Terminal.error(error.description)
            throw ExitCode.failure
        }
        print("""
            \(input.scenario): valid — "\(s.name)"
              \(s.communes.count) communes, \(s.fields.count) fields, \(s.needs.count) needs \
            (\(s.needs.map(\.desired).reduce(0, +)) cadres desired), \(s.departments.count) departments, \
            \(s.cadres.count) cadres, \(s.history.count) history rows, \(s.pairs.count) pair rules
              \(formulation.pairs.count) eligible cadre–need pairs; \(formulation.cadres.count) cadres can serve somewhere
            """)
    }
}
