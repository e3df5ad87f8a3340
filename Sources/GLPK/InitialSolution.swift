/// Checks `SolveOptions.initialSolution` in Swift. glp_ios_heur_sol checks only integrality and
/// whether the point beats the incumbent; an infeasible point would be adopted as the incumbent
/// and could be reported as optimal.
enum InitialSolution {
    /// Absolute tolerance, relative for bounds larger than 1 (GLPK's primal tolerance is 1e-7 scaled).
    static let tolerance = 1e-6

    /// Returns the point to hand to GLPK: integer variables rounded exactly (GLPK compares with
    /// floor()), continuous ones clamped into their bounds.
    static func prepare(_ values: [Double]?, for model: LinearModel) throws(SolveError) -> [Double]? {
        guard let values else { return nil }
        guard values.count == model.variableCount else {
            throw .initialSolutionLength(expected: model.variableCount, got: values.count)
        }
        var x = values
        for (j, spec) in model.variables.enumerated() {
            var v = x[j]
            guard v.isFinite else { throw .initialSolutionInfeasible(reason: "variable '\(spec.name)' is \(v)") }
            if spec.kind != .continuous {
                let r = v.rounded()
                guard abs(v - r) <= tolerance else {
                    throw .initialSolutionInfeasible(reason: "integer variable '\(spec.name)' has fractional value \(v)")
                }
                v = r + 0  // + 0 turns -0.0 into 0.0
            }
            guard spec.bounds.contains(v, tolerance: tolerance) else {
                throw .initialSolutionInfeasible(
                    reason: "variable '\(spec.name)' = \(v) is outside [\(spec.bounds.lower), \(spec.bounds.upper)]")
            }
            x[j] = min(max(v, spec.bounds.lower), spec.bounds.upper)
        }
        for row in model.constraints {
            var activity = 0.0
            for term in row.terms { activity += term.coefficient * x[term.variable.index] }
            guard row.bounds.contains(activity, tolerance: tolerance) else {
                throw .initialSolutionInfeasible(
                    reason: "constraint '\(row.name)' has activity \(activity) outside [\(row.bounds.lower), \(row.bounds.upper)]")
            }
        }
        return x
    }
}
