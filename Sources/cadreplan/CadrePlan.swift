import ArgumentParser

/// The `cadreplan` command: plan secondments of provincial cadres to communes.
@main
struct CadrePlan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cadreplan",
        abstract: "Plan which provincial cadres go to which communes, as an integer program solved with GLPK.",
        subcommands: [ValidateCommand.self, SolveCommand.self, ExportCommand.self, GenerateCommand.self, ReportCommand.self, CompareCommand.self],
        defaultSubcommand: nil
    )
}
