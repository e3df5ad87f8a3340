import GLPK

/// A year's program over a core of its pairs. Four rounds of Lâm Đồng have about 190,000
/// eligible pairs, and GLPK's simplex method does not finish their LP in minutes; an
/// optimal plan uses a few thousand. So the search runs on a core (each need's best-fitting
/// cadres, each cadre's best posts, the rounds planned in turn), and the core grows by pricing:
/// the LP relaxation of the core gives row duals, every pair left out gets its reduced cost in
/// the whole program, and those that could improve the LP join the core. When none can, the
/// core's LP bound is the whole program's, and the plan found on the core is judged against it.
///
/// Pricing is exact only when the core's rows are the whole program's rows restricted to the
/// core's columns; so a need keeps at least `desired` pairs when it has them (its team and
/// continuity rows then read the same `u_n`), and needs measured in work keep all their pairs.
struct YearCore {
    let year: YearFormulation
    /// Pair indices (into each round's formulation) in the core, sorted.
    private(set) var keep: [[Int]]

    /// `wholeProgramPairs`: below this many pairs the whole year is the core.
    init(_ year: YearFormulation, including plan: [[Int]]?, wholeProgramPairs: Int = YearPlanner.wholeProgramPairs) {
        self.year = year
        let total = year.rounds.reduce(0) { $0 + $1.formulation.pairs.count }
        guard total > wholeProgramPairs else {
            keep = year.rounds.map { Array($0.formulation.pairs.indices) }
            return
        }
        keep = year.rounds.indices.map { r in year.rounds[r].formulation.corePairs(including: plan?[r] ?? []) }
    }

    /// The scenario cadre of round `r`'s cadre row `c` (rows are the same in core and whole).
    func formulationCadre(_ r: Int, _ c: Int) -> Int { year.rounds[r].formulation.cadres[c].cadre }

    /// Adds a plan's pairs (whole-year pair indices) to the core.
    mutating func include(_ plan: [[Int]]) {
        for r in keep.indices { keep[r] = Set(keep[r]).union(plan[r]).sorted() }
    }

    var isWhole: Bool { zip(keep, year.rounds).allSatisfy { $0.count == $1.formulation.pairs.count } }

    /// The year with each round's pairs cut down to the core.
    var formulation: YearFormulation {
        var core = year
        for r in core.rounds.indices {
            let all = core.rounds[r].formulation.pairs
            core.rounds[r].formulation.pairs = keep[r].map { all[$0] }
        }
        core.links = YearFormulation.links(core.rounds, core.continuity)
        return core
    }

    /// Core pair indices of a plan given in the year's pair indices (pairs outside are dropped).
    func local(_ plan: [[Int]]) -> [[Int]] {
        plan.indices.map { r in
            let position = Dictionary(uniqueKeysWithValues: keep[r].enumerated().map { ($1, $0) })
            return plan[r].compactMap { position[$0] }
        }
    }

    func global(_ plan: [[Int]]) -> [[Int]] { plan.indices.map { r in plan[r].map { keep[r][$0] } } }

    /// Adds the pairs whose columns (or stay columns) in `whole` price out under the duals of
    /// `core`'s LP: reduced cost below −ε when minimising, above ε when maximising. Returns how
    /// many pairs joined; 0 means the core's LP optimum is the whole program's.
    mutating func price(whole: YearProgram, core: LinearModel, duals: [Double], limit: Int = 4000) -> Int {
        let coreRows = core.constraintIndexByName()
        let mapped = whole.model.constraints.map { row in coreRows[row.name].map { duals[$0] } ?? 0 }
        guard let reduced = whole.model.reducedCosts(duals: mapped) else { return 0 }
        let sign: Double = whole.model.sense == .minimize ? 1 : -1
        let tolerance = 1e-7
        // Each column of the whole program that could join, with the pairs it brings.
        var candidates: [(cost: Double, pairs: [(Int, Int)])] = []
        for r in whole.rounds.indices {
            let inCore = Set(keep[r])
            for (p, x) in whole.rounds[r].assign.enumerated() where !inCore.contains(p) {
                let d = sign * reduced[whole.global(x, round: r).index]
                if d < -tolerance { candidates.append((d, [(r, p)])) }
            }
        }
        let coreColumns = core.variableIndexByName()
        for (l, link) in year.links.enumerated() where l < whole.stay.count {
            for (k, stay) in link.stays.enumerated() {
                let d = sign * reduced[whole.stay[l][k].index]
                if d < -tolerance, coreColumns[whole.model.variables[whole.stay[l][k].index].name] == nil {
                    candidates.append((d, [(link.round, stay.pair), (link.round + 1, stay.nextPair)]))
                }
            }
        }
        var added = 0
        var sets = keep.map(Set.init)
        for candidate in candidates.sorted(by: { $0.cost < $1.cost }).prefix(limit) {
            for (r, p) in candidate.pairs where sets[r].insert(p).inserted { added += 1 }
        }
        keep = sets.map { $0.sorted() }
        return added
    }
}
