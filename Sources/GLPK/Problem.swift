import CGLPK

/// Owns one `glp_prob`. It is created, used and deleted inside a single synchronous call,
/// because GLPK's environment (allocator, terminal settings) is thread-local.
/// ARC may end an object's life right after its last use, so code reading `pointer` keeps the
/// owner alive: as a function parameter (guaranteed for the call) or with withExtendedLifetime.
final class GLPKProblem {
    let pointer: OpaquePointer
    /// GLPK rows in use (free constraints are left out; see `load`).
    private(set) var rowCount = 0

    init() { pointer = glp_create_prob() }
    deinit { glp_delete_prob(pointer) }

    /// GLPK's hard limits (prob1.c); exceeding them is an abort, not an error code.
    static let maxRows = 100_000_000
    static let maxColumns = 100_000_000
    static let maxNonzeros = 500_000_000

    static func checkLimits(_ model: LinearModel) throws(SolveError) {
        guard model.variableCount <= maxColumns else {
            throw .modelTooLarge("\(model.variableCount) variables (GLPK allows \(maxColumns))")
        }
        guard model.constraintCount <= maxRows else {
            throw .modelTooLarge("\(model.constraintCount) constraints (GLPK allows \(maxRows))")
        }
        let nonzeros = model.constraints.reduce(0) { $0 + $1.terms.count }
        guard nonzeros <= maxNonzeros else {
            throw .modelTooLarge("\(nonzeros) constraint coefficients (GLPK allows \(maxNonzeros))")
        }
    }

    /// Builds the GLPK problem for a validated model (`checkLimits` first). Everything reaching C
    /// here is valid by construction: counts > 0 before glp_add_rows/cols, indices 1-based and in
    /// range, no duplicate (row, column) pairs, finite numbers, lb < ub for double bounds.
    ///
    /// Free constraints restrict nothing and are not loaded: GLPK's LP writer drops them anyway and
    /// its MPS writer would mistake one for the objective row.
    /// - Parameters:
    ///   - negateObjective: write `min −f` instead of `max f` (MPS cannot say "maximize").
    ///   - placeholderRow: add one empty row `0 ≥ 0` when no row is loaded, because GLPK's LP and
    ///     MPS writers need at least one.
    static func load(_ model: LinearModel, negateObjective: Bool = false, placeholderRow: Bool = false) -> GLPKProblem {
        let problem = GLPKProblem()
        let P = problem.pointer
        let name = Validation.sanitizedProblemName(model.name)
        if !name.isEmpty { name.withCString { glp_set_prob_name(P, $0) } }

        let sign = negateObjective ? -1.0 : 1.0
        let direction = negateObjective || model.sense == .minimize ? GLP_MIN : GLP_MAX
        glp_set_obj_dir(P, direction)
        if model.objectiveConstant != 0 { glp_set_obj_coef(P, 0, sign * model.objectiveConstant) }

        let n = model.variableCount
        if n > 0 {
            _ = glp_add_cols(P, Int32(n))
            for (j, spec) in model.variables.enumerated() {
                let column = Int32(j + 1)
                spec.name.withCString { glp_set_col_name(P, column, $0) }
                if spec.kind != .continuous { glp_set_col_kind(P, column, GLP_IV) }
                let b = glpkBounds(spec.bounds)
                glp_set_col_bnds(P, column, b.type, b.lower, b.upper)
                if spec.objective != 0 { glp_set_obj_coef(P, column, sign * spec.objective) }
            }
        }

        let rows = model.constraints.filter { !($0.bounds.lower == -.infinity && $0.bounds.upper == .infinity) }
        if !rows.isEmpty {
            _ = glp_add_rows(P, Int32(rows.count))
            var nonzeros = 0
            for (i, row) in rows.enumerated() {
                let index = Int32(i + 1)
                row.name.withCString { glp_set_row_name(P, index, $0) }
                let b = glpkBounds(row.bounds)
                glp_set_row_bnds(P, index, b.type, b.lower, b.upper)
                nonzeros += row.terms.count
            }
            if nonzeros > 0 {
                // Triplets with GLPK's unused element 0.
                var ia = [Int32](repeating: 0, count: nonzeros + 1)
                var ja = [Int32](repeating: 0, count: nonzeros + 1)
                var ar = [Double](repeating: 0, count: nonzeros + 1)
                var k = 1
                for (i, row) in rows.enumerated() {
                    for term in row.terms {
                        ia[k] = Int32(i + 1)
                        ja[k] = Int32(term.variable.index + 1)
                        ar[k] = term.coefficient
                        k += 1
                    }
                }
                glp_load_matrix(P, Int32(nonzeros), &ia, &ja, &ar)
            }
            problem.rowCount = rows.count
        } else if placeholderRow {
            _ = glp_add_rows(P, 1)
            glp_set_row_name(P, 1, "placeholder")
            glp_set_row_bnds(P, 1, GLP_LO, 0, 0)
            problem.rowCount = 1
        }
        return problem
    }

    /// GLPK's bound type for validated bounds. Equal finite limits become GLP_FX: GLP_DB with
    /// lb == ub is rejected by the solvers as "incorrect bounds".
    static func glpkBounds(_ bounds: Bounds) -> (type: Int32, lower: Double, upper: Double) {
        let l = bounds.lower, u = bounds.upper
        switch (l.isFinite, u.isFinite) {
        case (false, false): return (GLP_FR, 0, 0)
        case (true, false): return (GLP_LO, l, 0)
        case (false, true): return (GLP_UP, 0, u)
        case (true, true): return l == u ? (GLP_FX, l, l) : (GLP_DB, l, u)
        }
    }
}

extension Validation {
    /// The model name as GLPK's files can carry it: only name characters, at most 255 bytes.
    /// The problem name is free text in `LinearModel`, so it is cleaned rather than refused.
    static func sanitizedProblemName(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in name.unicodeScalars.prefix(maxNameBytes) {
            scalars.append(isAllowed(scalar, first: false) ? scalar : "_")
        }
        return String(scalars)
    }
}
