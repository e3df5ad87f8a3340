import ArgumentParser

/// The `cadreplan` command: plan secondments of provincial cadres to communes.
@main
struct CadrePlan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cadreplan",
        abstract: "Plan which provincial cadres go to which communes, as an integer program solved with GLPK.",
        subcommands: [GenerateCommand.self]
    )
}
