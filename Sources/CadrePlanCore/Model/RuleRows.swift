import GLPK

/// How the programme rules become rows. `.tight` is what the planner solves; `.naive` is the
/// textbook form — one big-M team row per commune (Σ_{p at m} x_p ≤ U_m · z[m], U_m = most
/// cadres the commune can host) and no closed[n] rows — with the same integer plans and a
/// much weaker LP (1,788.6 against 2,017.2 on the full-rules round). `cadreplan export --naive`
/// writes it, so benchmarks can show what the formulation is worth to any solver.
public enum RuleFormulation: String, Sendable, CaseIterable {
    case tight
    case naive
}

/// The rows of the programme rules (`policy.budget`, `lodging`, `teams`, `language`,
/// `fairness`), added to a `CadreProgram` when any rule is on:
///
///     budget:        Σ_p cost_p x_p ≤ B                              (knapsack; in million VND)
///     count:         a = Σ_p x_p,  a ∈ ℤ                       (assignments; with the budget)
///     lodging[m]:    Σ_{p at m, beyond commuting} x_p ≤ beds_m
///     team[n]:       Σ_c x[c,n] ≤ u_n · z[m(n)]      u_n = min(des_n, eligible cadres of n)
///     team_size[m]:  Σ_{p at m} x_p ≥ k · z[m]
///     teams:         Σ_m z[m] ≤ N
///     closed[n]:     smin[n] + min_n · z[m(n)] ≥ min_n      (no team: the whole minimum is unmet)
///     speak[m]:      Σ_{p at m, speaks} x_p + slang[m] ≥ 1,  0 ≤ slang[m] ≤ 1
///     used[c]:       y[c] ≤ Σ_n x[c,n]                 (a released cadre serves somewhere)
///     floor[d]:      Σ_{c ∈ d} y[c] + sfloor[d] ≥ floor_d
///
/// The ceiling of `fairness` tightens `release[d]`. The gaps slang and sfloor are soft, weighted
/// in stage 1 beside unmet need, so a plan always exists and says what it could not do. The
/// team link is per need rather than one big-M row per commune: the LP relaxation cannot then
/// open a team a fraction to staff a whole commune. `closed[n]` is implied for integers but not
/// for the LP, which would otherwise shrink z[m] to min_n/des_n at the price of the cheap
/// below-desired shortfall only; on the full-rules round it lifts the LP bound from 1,803 to
/// 2,017 (the optimum is 2,022).
///
/// `count` adds no restriction: it names the number of assignments as an integer column, so
/// that the search can branch on it (`Planner.SearchSettings`). The budget's LP optimum buys a
/// fraction of one more assignment, and branching on any one pair only moves that fraction to
/// the next pair; "at most k assignments, or at least k + 1" ends it. On the full-rules round,
/// once the teams are settled, the two sides' LPs are 2,022 and 2,021.77, which proves 2,022.
struct RuleRows {
    let f: Formulation
    let s: Scenario
    let stage: Stage
    let penalty: Double
    let x: [Variable]
    let y: [Variable]
    let smin: [Variable]
    var style = RuleFormulation.tight
    var team: [Int: Variable] = [:]
    var languageGap: [Int: Variable] = [:]
    var floorGap: [Int: Variable] = [:]
    var assigned: Variable?
    var gapTerms: [Term] = []

    init(_ f: Formulation, _ s: Scenario, stage: Stage, penalty: Double, assign: [Variable], released: [Variable],
         belowMinimum: [Variable]) {
        (self.f, self.s, self.stage, self.penalty, x, y, smin) = (f, s, stage, penalty, assign, released, belowMinimum)
    }

    /// Objective of a gap variable: its weight in stage 1, minus the penalty in stage 2.
    func gapObjective(_ weight: Double) -> Double { stage == .unmetNeed ? weight : -penalty * weight }

    mutating func add(to model: inout LinearModel) throws(ModelError) {
        var pairsAt = Array(repeating: [Int](), count: s.communes.count)
        for (p, pair) in f.pairs.enumerated() { pairsAt[f.needs[pair.need].commune].append(p) }
        let rules = f.rules

        if let budget = rules.budget {
            let terms = f.pairs.indices.map { Term(x[$0], f.costVnd(f.pairs[$0]) / 1e6) }
            if f.pairs.reduce(0, { $0 + f.costVnd($1) }) > budget.totalVnd {
                try model.addConstraint("budget", terms, .atMost(budget.totalVnd / 1e6))
                let a = try model.addVariable("assigned", kind: .integer, bounds: .between(0, Double(f.pairs.count)))
                assigned = a
                try model.addConstraint("count", [Term(a, 1)] + x.map { Term($0, -1) }, .exactly(0))
            }
        }
        if rules.lodging != nil {
            for (m, commune) in s.communes.enumerated() {
                let far = pairsAt[m].filter { f.pairs[$0].needsLodging }
                if far.count > f.lodging[m] {
                    try model.addConstraint("lodging[\(commune.id)]", far.map { Term(x[$0], 1) }, .atMost(Double(f.lodging[m])))
                }
            }
        }
        if let teams = rules.teams {
            var pairsOf = Array(repeating: [Int](), count: f.needs.count)
            for (p, pair) in f.pairs.enumerated() { pairsOf[pair.need].append(p) }
            var needsAt = Array(repeating: [Int](), count: s.communes.count)
            for (n, row) in f.needs.enumerated() where !pairsOf[n].isEmpty { needsAt[row.commune].append(n) }
            for (m, commune) in s.communes.enumerated() where !pairsAt[m].isEmpty {
                let z = try model.addVariable("z[\(commune.id)]", kind: .binary, bounds: .between(0, 1))
                team[m] = z
                if style == .naive {
                    let most = min(f.hosting[m], pairsAt[m].count)
                    try model.addConstraint("team[\(commune.id)]",
                                            pairsAt[m].map { Term(x[$0], 1) } + [Term(z, -Double(most))], .atMost(0))
                }
                for n in needsAt[m] where style == .tight {
                    let need = s.needs[f.needs[n].need]
                    let most = f.needs[n].unit == .cadres ? min(f.needs[n].desired, pairsOf[n].count) : pairsOf[n].count
                    try model.addConstraint("team[\(need.commune),\(need.field)]",
                                            pairsOf[n].map { Term(x[$0], 1) } + [Term(z, -Double(most))], .atMost(0))
                    let minimum = f.needs[n].minimumWork
                    if minimum > 0 {
                        try model.addConstraint("closed[\(need.commune),\(need.field)]",
                                                [Term(smin[n], 1), Term(z, minimum)], .atLeast(minimum))
                    }
                }
                try model.addConstraint("team_size[\(commune.id)]",
                                        pairsAt[m].map { Term(x[$0], 1) } + [Term(z, -Double(teams.minimumSize))], .atLeast(0))
            }
            if let most = teams.maximumCommunes, team.count > most {
                let open = team.keys.sorted().compactMap { team[$0] }.map { Term($0, 1) }
                try model.addConstraint("teams", open, .atMost(Double(most)))
            }
        }
        if let language = rules.language {
            for m in f.languageCommunes where !pairsAt[m].isEmpty {
                let id = s.communes[m].id
                let gap = try model.addVariable("slang[\(id)]", bounds: .between(0, 1),
                                                objective: gapObjective(language.weight))
                languageGap[m] = gap
                gapTerms.append(Term(gap, language.weight))
                let speakers = pairsAt[m].filter { f.pairs[$0].speaksLanguage }.map { Term(x[$0], 1) }
                try model.addConstraint("speak[\(id)]", speakers + [Term(gap, 1)], .atLeast(1))
            }
        }
        if let fairness = rules.fairness {
            var cadresOf = Array(repeating: [Int](), count: s.departments.count)
            for (c, row) in f.cadres.enumerated() { cadresOf[row.department].append(c) }
            var pairsOfCadre = Array(repeating: [Int](), count: f.cadres.count)
            for (p, pair) in f.pairs.enumerated() { pairsOfCadre[pair.cadre].append(p) }
            for (d, department) in s.departments.enumerated() where f.releaseBounds[d].floor > 0 {
                let floor = f.releaseBounds[d].floor
                for c in cadresOf[d] {
                    let id = s.cadres[f.cadres[c].cadre].id
                    try model.addConstraint("used[\(id)]", [Term(y[c], 1)] + pairsOfCadre[c].map { Term(x[$0], -1) },
                                            .atMost(0))
                }
                let gap = try model.addVariable("sfloor[\(department.id)]", bounds: .between(0, Double(floor)),
                                                objective: gapObjective(fairness.weight))
                floorGap[d] = gap
                gapTerms.append(Term(gap, fairness.weight))
                try model.addConstraint("floor[\(department.id)]", cadresOf[d].map { Term(y[$0], 1) } + [Term(gap, 1)],
                                        .atLeast(Double(floor)))
            }
        }
    }
}
