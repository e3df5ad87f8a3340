import CGLPK

/// File formats GLPK can write, e.g. to inspect a model or hand it to another solver (`glpsol`).
public enum ExportFormat: String, Sendable, CaseIterable {
    /// CPLEX LP (glp_write_lp).
    case lp
    /// Free MPS (glp_write_mps with GLP_MPS_FILE).
    case mps
    /// GLPK's native format (glp_write_prob).
    case glpk
}

extension GLPK {
    /// Writes `model` to `path` with GLPK's own writer. What GLPK's formats cannot say:
    /// - MPS has no objective sense (readers assume minimize), so a maximize model is written as
    ///   the equivalent minimize problem with the objective and constant negated: a reader's optimum
    ///   is the negative of ours.
    /// - GLPK's LP writer keeps the objective constant only as a comment, so LP readers drop it.
    /// - In LP files, '-', '[' and ']' in names appear as '~', '(' and ')'.
    /// - Free constraints restrict nothing and are omitted. When no other constraint is left, LP and
    ///   MPS files get one empty row `placeholder: 0 >= 0`, since GLPK's writers need a row.
    /// - GLPK writes gzip-compressed files when `path` ends in ".gz".
    /// - A model without variables is refused (`SolveError.cannotExport`): GLPK's LP writer would
    ///   produce a file no reader accepts.
    public static func write(_ model: LinearModel, format: ExportFormat, to path: String) throws(SolveError) {
        do { try model.validate() } catch { throw .invalidModel(error) }
        try GLPKProblem.checkLimits(model)
        guard model.variableCount > 0 else {
            throw .cannotExport(format: format, reason: "the model has no variables")
        }
        guard !path.isEmpty else { throw .writeFailed(path: path, reason: "the path is empty") }
        guard !path.utf8.contains(0) else { throw .writeFailed(path: path, reason: "the path contains a NUL character") }

        let output = OutputCapture()
        let terminal = TerminalSession(.capture(output))
        defer { terminal.restore() }
        let problem = GLPKProblem.load(
            model, negateObjective: format == .mps && model.sense == .maximize, placeholderRow: format != .glpk)
        // Both objects are reached from C through raw pointers: keep them alive across the call.
        let code = withExtendedLifetime((problem, output)) {
            path.withCString { file in
                switch format {
                case .lp: glp_write_lp(problem.pointer, nil, file)
                case .mps: glp_write_mps(problem.pointer, GLP_MPS_FILE, nil, file)
                case .glpk: glp_write_prob(problem.pointer, 0, file)
                }
            }
        }
        guard code == 0 else {
            throw .writeFailed(path: path, reason: output.failureReason ?? "GLPK's writer failed without a message")
        }
    }
}
