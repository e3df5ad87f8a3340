import GLPK

/// A year of rounds as the data of one program: each round as the single-round scenario and
/// formulation it would be on its own (so every per-round rule is built exactly as for one
/// round), and the hot needs that carry over from one round to the next.
public struct YearFormulation: Sendable {
    public struct Part: Sendable {
        public var spec: RoundSpec
        public var scenario: Scenario
        public var formulation: Formulation
    }

    /// The same cadre on a carried-over need in both rounds: who could stay on and hand over.
    public struct Stay: Sendable, Equatable {
        public var pair: Int      // index into rounds[r].formulation.pairs
        public var nextPair: Int  // index into rounds[r + 1].formulation.pairs
    }

    /// A need in a hot field that round `round` can staff and round `round + 1` asks for again.
    public struct Link: Sendable, Equatable {
        public var round: Int
        public var need: Int      // index into rounds[round].formulation.needs
        public var next: Int      // index into rounds[round + 1].formulation.needs
        public var stays: [Stay]
    }

    public var rounds: [Part]
    /// The rules between rounds; a scenario without `continuity:` has none (an empty value).
    public var continuity: Continuity
    public var links: [Link]

    public init(_ scenario: Scenario) throws(FormulationError) {
        var parts: [Part] = []
        var problems: [String] = []
        for spec in scenario.rounds {
            let single = scenario.single(round: spec.id)
            do {
                parts.append(Part(spec: spec, scenario: single, formulation: try Formulation(single)))
            } catch {
                problems += error.problems.map { "round \(spec.id): \($0)" }
            }
        }
        guard problems.isEmpty else { throw FormulationError(problems: problems) }
        rounds = parts
        continuity = scenario.continuity ?? Continuity(weight: 0)
        links = Self.links(parts, continuity)
    }

    /// Hot needs of round r with at least one eligible cadre, matched by commune and field to the
    /// need of round r + 1.
    static func links(_ rounds: [Part], _ continuity: Continuity) -> [Link] {
        let hot = Set(continuity.hotFields)
        guard !hot.isEmpty, rounds.count > 1 else { return [] }
        var links: [Link] = []
        for r in 0..<(rounds.count - 1) {
            let (a, b) = (rounds[r], rounds[r + 1])
            var nextNeed: [String: Int] = [:]
            for (n, row) in b.formulation.needs.enumerated() {
                let need = b.scenario.needs[row.need]
                nextNeed["\(need.commune)|\(need.field)"] = n
            }
            var pairsOf = Array(repeating: [Int](), count: a.formulation.needs.count)
            for (p, pair) in a.formulation.pairs.enumerated() { pairsOf[pair.need].append(p) }
            var nextPairs: [Int: [Int: Int]] = [:]   // next need → scenario cadre → pair
            for (p, pair) in b.formulation.pairs.enumerated() {
                nextPairs[pair.need, default: [:]][b.formulation.cadres[pair.cadre].cadre] = p
            }
            for (n, row) in a.formulation.needs.enumerated() where !pairsOf[n].isEmpty {
                let need = a.scenario.needs[row.need]
                guard hot.contains(need.field), let next = nextNeed["\(need.commune)|\(need.field)"] else { continue }
                let stays = continuity.handover ? pairsOf[n].compactMap { p -> Stay? in
                    let cadre = a.formulation.cadres[a.formulation.pairs[p].cadre].cadre
                    return nextPairs[next]?[cadre].map { Stay(pair: p, nextPair: $0) }
                } : []
                links.append(Link(round: r, need: n, next: next, stays: stays))
            }
        }
        return links
    }
}

extension YearFormulation {
    /// An upper bound on the year's total fit: each round's `Formulation.fitCeiling`, added up.
    var fitCeiling: Double { rounds.reduce(0) { $0 + $1.formulation.fitCeiling } }
}

/// The integer program of a year: every round's program side by side (names prefixed with the
/// round id, `r2.x[…]`), tied together by
///
///     served[l] ∈ {0,1}:   x[r,c,n] ≤ served[l]  for each cadre c       (disaggregated: a tight LP)
///     lapse[l]:            Σ_c x[r+1,c,n'] + lapse[l] ≥ served[l]        0 ≤ lapse ≤ 1
///     handover[l]:         Σ_c stay[l,c] + nohand[l] ≥ served[l]         0 ≤ nohand ≤ 1
///                          stay[l,c] ≤ x[r,c,n],  stay[l,c] ≤ x[r+1,c,n']
///     consecutive[c,r]:    Σ_{r' = r…r+N} y[r',c] ≤ N                    (hard)
///
/// for each link l = (r, n, n') of `YearFormulation`. Lapses and missing handovers are soft,
/// weighted by `continuity.weight` in stage 1 beside unmet need.
public struct YearProgram: Sendable {
    public var model: LinearModel
    /// Each round's program as built on its own; its variable `i` is the year's `offsets[r] + i`.
    public var rounds: [CadreProgram]
    public var offsets: [Int]
    /// One per link.
    public var served: [Variable] = []
    public var lapse: [Variable] = []
    /// One per link when `continuity.handover` is on.
    public var noHandover: [Variable] = []
    public var stay: [[Variable]] = []
    /// Weighted unmet need of every round plus the weighted lapses and missing handovers.
    public var unmetNeed: [Term] = []
    public var unmetNeedPenalty: Double

    public init(
        _ year: YearFormulation, stage: Stage, unmetNeedBound: Double? = nil, unmetNeedPenalty penalty: Double = 0
    ) throws(ModelError) {
        model = LinearModel(name: "cadreplan_year_stage\(stage.rawValue)", sense: stage == .unmetNeed ? .minimize : .maximize)
        (rounds, offsets, unmetNeedPenalty) = ([], [], stage == .fit ? penalty : 0)
        for part in year.rounds {
            let program = try CadreProgram(part.formulation, scenario: part.scenario, stage: stage,
                                           unmetNeedPenalty: unmetNeedPenalty)
            let offset = try model.append(program.model, prefix: "\(part.spec.id).")
            unmetNeed += program.unmetNeed.map { Term(Variable(index: $0.variable.index + offset), $0.coefficient) }
            offsets.append(offset)
            rounds.append(program)
        }
        try addContinuity(year, stage)
        try addConsecutiveLimit(year)
        if stage == .fit, let bound = unmetNeedBound {
            try model.addConstraint("unmet_need_at_optimum", unmetNeed, .atMost(bound))
        }
    }

    /// Round `r`'s variable as a variable of the year's model.
    public func global(_ v: Variable, round r: Int) -> Variable { Variable(index: offsets[r] + v.index) }

    private mutating func addContinuity(_ year: YearFormulation, _ stage: Stage) throws(ModelError) {
        let weight = year.continuity.weight
        let objective = stage == .unmetNeed ? weight : -unmetNeedPenalty * weight
        for link in year.links {
            let (r, a, b) = (link.round, year.rounds[link.round], year.rounds[link.round + 1])
            let need = a.scenario.needs[a.formulation.needs[link.need].need]
            let key = "\(a.spec.id),\(need.commune),\(need.field)"
            var now: [(cadre: String, term: Term)] = [], next: [Term] = []
            for (p, pair) in a.formulation.pairs.enumerated() where pair.need == link.need {
                now.append((a.scenario.cadres[a.formulation.cadres[pair.cadre].cadre].id,
                            Term(global(rounds[r].assign[p], round: r), 1)))
            }
            for (p, pair) in b.formulation.pairs.enumerated() where pair.need == link.next {
                next.append(Term(global(rounds[r + 1].assign[p], round: r + 1), 1))
            }
            // served ≥ x for each pair rather than Σx ≤ u·served: the LP relaxation cannot then
            // call a need a twentieth served to make its lapse a twentieth (and the search long).
            let served = try model.addVariable("served[\(key)]", kind: .binary, bounds: .between(0, 1))
            for (cadre, term) in now {
                try model.addConstraint("serve[\(key),\(cadre)]", [term, Term(served, -1)], .atMost(0))
            }
            let lapse = try model.addVariable("lapse[\(key)]", bounds: .between(0, 1), objective: objective)
            try model.addConstraint("keep[\(key)]", next + [Term(lapse, 1), Term(served, -1)], .atLeast(0))
            self.served.append(served)
            self.lapse.append(lapse)
            unmetNeed.append(Term(lapse, weight))
            guard year.continuity.handover else { continue }
            var stays: [Variable] = []
            for s in link.stays {
                let cadre = a.scenario.cadres[a.formulation.cadres[a.formulation.pairs[s.pair].cadre].cadre].id
                let stay = try model.addVariable("stay[\(key),\(cadre)]", bounds: .between(0, 1))
                try model.addConstraint("stay_now[\(key),\(cadre)]",
                                        [Term(stay, 1), Term(global(rounds[r].assign[s.pair], round: r), -1)], .atMost(0))
                try model.addConstraint("stay_next[\(key),\(cadre)]",
                                        [Term(stay, 1), Term(global(rounds[r + 1].assign[s.nextPair], round: r + 1), -1)],
                                        .atMost(0))
                stays.append(stay)
            }
            let gap = try model.addVariable("nohand[\(key)]", bounds: .between(0, 1), objective: objective)
            try model.addConstraint("handover[\(key)]", stays.map { Term($0, 1) } + [Term(gap, 1), Term(served, -1)],
                                    .atLeast(0))
            noHandover.append(gap)
            stay.append(stays)
            unmetNeed.append(Term(gap, weight))
        }
    }

    /// consecutive[c,r]: a cadre is released in at most N of any N + 1 consecutive rounds.
    private mutating func addConsecutiveLimit(_ year: YearFormulation) throws(ModelError) {
        guard let most = year.continuity.maxConsecutiveRounds, year.rounds.count > most else { return }
        // released[r][scenario cadre] = the round's y, when the cadre could serve that round.
        let released = year.rounds.indices.map { r in
            Dictionary(uniqueKeysWithValues: year.rounds[r].formulation.cadres.enumerated().map { c, row in
                (row.cadre, global(rounds[r].released[c], round: r))
            })
        }
        guard let scenario = year.rounds.first?.scenario else { return }
        for (c, cadre) in scenario.cadres.enumerated() {
            for start in 0...(year.rounds.count - most - 1) {
                let window = (start...(start + most)).compactMap { released[$0][c] }
                guard window.count > most else { continue }
                try model.addConstraint("consecutive[\(cadre.id),\(year.rounds[start].spec.id)]",
                                        window.map { Term($0, 1) }, .atMost(Double(most)))
            }
        }
    }
}

extension YearProgram {
    /// Every column for the plan made of `chosen[r]` (pair indices of round r): each round's
    /// point, then the links as the plan leaves them. Checked against every row by the caller.
    func point(choosing chosen: [[Int]], _ year: YearFormulation) -> [Double] {
        var v: [Double] = []
        v.reserveCapacity(model.variableCount)
        for r in rounds.indices { v += rounds[r].point(choosing: chosen[r], year.rounds[r].formulation) }
        v += Array(repeating: 0, count: model.variableCount - v.count)
        let picked = chosen.map(Set.init)
        for (l, link) in year.links.enumerated() {
            let (a, b) = (year.rounds[link.round].formulation, year.rounds[link.round + 1].formulation)
            let now = picked[link.round].contains { a.pairs[$0].need == link.need }
            let next = picked[link.round + 1].contains { b.pairs[$0].need == link.next }
            v[served[l].index] = now ? 1 : 0
            v[lapse[l].index] = now && !next ? 1 : 0
            guard !noHandover.isEmpty else { continue }
            var stayed = false
            for (k, s) in link.stays.enumerated()
            where picked[link.round].contains(s.pair) && picked[link.round + 1].contains(s.nextPair) {
                v[stay[l][k].index] = 1
                stayed = true
            }
            v[noHandover[l].index] = now && !stayed ? 1 : 0
        }
        return v
    }

    /// Pair indices of each round chosen by a solution of this program.
    func chosen(_ solution: Solution) -> [[Int]] {
        rounds.indices.map { r in
            rounds[r].assign.indices.filter { solution.value(global(rounds[r].assign[$0], round: r)) > 0.5 }
        }
    }
}
