/// A misuse of the wrapper or an I/O failure, found before (or instead of) calling GLPK.
/// An infeasible or unbounded model is not an error: see `Solution.Termination`.
public enum SolveError: Error, Equatable, CustomStringConvertible {
    case invalidModel(ModelError)
    /// `option` is the `SolveOptions` property name.
    case invalidOption(option: String, reason: String)
    case initialSolutionLength(expected: Int, got: Int)
    /// The initial solution is not a feasible point; `reason` names the variable or constraint.
    case initialSolutionInfeasible(reason: String)
    /// The model exceeds GLPK's hard limits (100 million rows or columns, 500 million nonzeros).
    case modelTooLarge(String)
    /// The model cannot be represented in the export format.
    case cannotExport(format: ExportFormat, reason: String)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidModel(let error): "invalid model: \(error)"
        case .invalidOption(let option, let reason): "invalid SolveOptions.\(option): \(reason)"
        case .initialSolutionLength(let expected, let got):
            "initial solution has \(got) value\(got == 1 ? "" : "s") but the model has \(expected) variable\(expected == 1 ? "" : "s")"
        case .initialSolutionInfeasible(let reason): "initial solution is not feasible: \(reason)"
        case .modelTooLarge(let what): "model too large for GLPK: \(what)"
        case .cannotExport(let format, let reason): "cannot export as \(format.rawValue): \(reason)"
        case .writeFailed(let path, let reason): "cannot write '\(path)': \(reason)"
        }
    }
}
