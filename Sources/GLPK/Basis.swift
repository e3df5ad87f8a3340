import CGLPK

/// A simplex basis: the status (basic, at lower bound, …) of every row and column, as GLPK
/// keeps it. Handing the basis of one solve to the next (`SolveOptions.warmStart`) lets the
/// simplex method start from that vertex instead of from scratch — the stage-2 program of a
/// lexicographic solve has the stage-1 rows plus one, and the stage-1 optimum is feasible for it.
public struct Basis: Sendable, Equatable {
    /// GLPK's GLP_BS / GLP_NL / GLP_NU / GLP_NF / GLP_NS codes, one per row and per column.
    let rowStatus: [Int32]
    let columnStatus: [Int32]

    public var rowCount: Int { rowStatus.count }
    public var columnCount: Int { columnStatus.count }

    static func read(_ problem: GLPKProblem) -> Basis {
        let P = problem.pointer
        return Basis(
            rowStatus: (0..<Int(glp_get_num_rows(P))).map { glp_get_row_stat(P, Int32($0 + 1)) },
            columnStatus: (0..<Int(glp_get_num_cols(P))).map { glp_get_col_stat(P, Int32($0 + 1)) })
    }

    /// Installs the basis on a problem with the same columns and at least as many rows; rows
    /// added after the basis was taken enter as basic (their slack). Returns false when it does not fit.
    func apply(to problem: GLPKProblem) -> Bool {
        let P = problem.pointer
        let rows = Int(glp_get_num_rows(P))
        guard columnStatus.count == Int(glp_get_num_cols(P)), rowStatus.count <= rows else { return false }
        let valid: Set<Int32> = [GLP_BS, GLP_NL, GLP_NU, GLP_NF, GLP_NS]
        guard rowStatus.allSatisfy(valid.contains), columnStatus.allSatisfy(valid.contains) else { return false }
        for i in 0..<rows {
            glp_set_row_stat(P, Int32(i + 1), i < rowStatus.count ? rowStatus[i] : GLP_BS)
        }
        for (j, status) in columnStatus.enumerated() { glp_set_col_stat(P, Int32(j + 1), status) }
        return true
    }

    /// This basis of `old` carried over to `new` by names: a column or row `new` shares with
    /// `old` keeps its status, a new column enters nonbasic at its lower bound, a new row with
    /// its slack basic. Column generation warm-starts this way: the old optimum stays feasible
    /// and the simplex method only prices the new columns. Nil when `old` does not match the
    /// basis or drops rows the basis holds.
    public func carried(from old: LinearModel, to new: LinearModel) -> Basis? {
        guard rowStatus.count == old.constraintCount, columnStatus.count == old.variableCount else { return nil }
        let oldRows = old.constraintIndexByName()
        let rows: [Int32] = new.constraints.map { new in oldRows[new.name].map { rowStatus[$0] } ?? GLP_BS }
        let oldColumns = old.variableIndexByName()
        let columns: [Int32] = new.variables.map { new in
            oldColumns[new.name].map { columnStatus[$0] } ?? (new.bounds.lower.isFinite ? GLP_NL : GLP_NF)
        }
        // Every basic row of the old basis must still be there, or the count of basics is off.
        let basics = rows.filter { $0 == GLP_BS }.count + columns.filter { $0 == GLP_BS }.count
        guard basics == new.constraintCount else { return nil }
        return Basis(rowStatus: rows, columnStatus: columns)
    }
}
