import GLPK

/// GLPK's progress report, named apart from Foundation's `Progress`.
public typealias SolverProgress = Progress
