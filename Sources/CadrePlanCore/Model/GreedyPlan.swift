import GLPK

/// A quick feasible plan for programs GLPK must branch on, handed to it as the first incumbent
/// (`glp_ios_heur_sol`): with one from the start the search prunes at once, and a time limit
/// always returns a plan. Greedy — the preferred pairs first, then by need weight and fit —
/// under every upper limit (capacity,
/// time share, release cap and ceiling, staffing, hosting, lodging, budget, team count); teams
/// left below their minimum size are closed and the freed cadres offered again. The point is
/// checked against every row of the program; nil when it fails (GLPK then searches alone).
enum GreedyPlan {
    /// `preferred`: pairs tried first, e.g. the optimal plan of the core program without the rules.
    /// `rank`: per pair, a value to try the highest first (e.g. the LP relaxation's), before
    /// need weight and fit.
    static func point(
        _ f: Formulation, _ s: Scenario, _ program: CadreProgram, preferred: Set<Int> = [], rank: [Double]? = nil
    ) -> [Double]? {
        var state = State(f, s)
        let order = f.pairs.indices.sorted { a, b in
            let (p, q) = (f.pairs[a], f.pairs[b])
            if p.pinned != q.pinned { return p.pinned }
            if preferred.contains(a) != preferred.contains(b) { return preferred.contains(a) }
            if let rank, abs(rank[a] - rank[b]) > 1e-6 { return rank[a] > rank[b] }
            let (wp, wq) = (f.needs[p.need].weight * f.needs[p.need].unitWeight, f.needs[q.need].weight * f.needs[q.need].unitWeight)
            if wp != wq { return wp > wq }
            return p.fit != q.fit ? p.fit > q.fit : a < b
        }
        for p in order where f.pairs[p].pinned { state.add(p) }
        for p in order where !f.pairs[p].pinned && state.admits(p) { state.add(p) }
        if let k = f.rules.teams?.minimumSize {
            let small = Set(state.chosen.map { state.commune(of: $0) }.filter { state.posts(at: $0) < k })
            guard !state.chosen.contains(where: { f.pairs[$0].pinned && small.contains(state.commune(of: $0)) })
            else { return nil }
            for p in state.chosen where small.contains(state.commune(of: p)) { state.remove(p) }
            state.closed = small
            for p in order where !state.chosen.contains(p) && state.posts(at: state.commune(of: p)) > 0 && state.admits(p) {
                state.add(p)
            }
        }
        state.repairGaps(order)
        let values = program.point(choosing: state.chosen, f)
        return program.model.firstViolation(of: values, tolerance: 1e-7) == nil ? values : nil
    }

    /// A primal heuristic for GLPK's search: the greedy plan that tries the pairs in the order of
    /// their value in the node's LP relaxation (LP rounding, repaired to keep every rule).
    static func rounding(
        _ f: Formulation, _ s: Scenario, _ program: CadreProgram
    ) -> @Sendable ([Double]) -> [Double]? {
        { lp in point(f, s, program, rank: program.assign.map { lp[$0.index] }) }
    }

    /// The optimal plan of `f` without its programme rules, when that core is a network: the
    /// natural order for the greedy plan (solved as a flow in a fraction of a second).
    static func corePlan(_ f: Formulation, _ s: Scenario) -> Set<Int> {
        var core = f
        core.rules = ProgrammeRules()
        core.lodging = []
        core.languageCommunes = []
        core.releaseBounds = []
        guard let network = AssignmentNetwork(core),
            let program = try? CadreProgram(core, scenario: s, stage: .unmetNeed),
            let (solution, _) = network.stage1(core, program)
        else { return [] }
        return Set(program.assign.indices.filter { solution.values[program.assign[$0].index] > 0.5 })
    }

    /// What the plan so far uses of every limit.
    struct State {
        let f: Formulation
        let s: Scenario
        var chosen = Set<Int>()
        var posts: [Int]
        var time: [Double]
        var released: [Int]
        var staffed: [Int]
        var work: [Double]
        var hosted: [Int]
        var lodged: [Int]
        var spent = 0.0
        /// Communes hosting at least one cadre: the teams opened so far.
        var teams = 0
        var closed = Set<Int>()
        var speakers: [Int]
        let languageCommunes: Set<Int>
        let largest: [Double]
        let releaseCap: [Int]

        init(_ f: Formulation, _ s: Scenario) {
            (self.f, self.s) = (f, s)
            posts = Array(repeating: 0, count: f.cadres.count)
            time = Array(repeating: 0, count: f.cadres.count)
            released = Array(repeating: 0, count: s.departments.count)
            staffed = Array(repeating: 0, count: f.needs.count)
            work = Array(repeating: 0, count: f.needs.count)
            hosted = Array(repeating: 0, count: s.communes.count)
            lodged = Array(repeating: 0, count: s.communes.count)
            speakers = Array(repeating: 0, count: s.communes.count)
            languageCommunes = Set(f.languageCommunes)
            largest = f.largestContribution
            releaseCap = s.departments.indices.map(f.releaseLimit)
        }

        func commune(of p: Int) -> Int { f.needs[f.pairs[p].need].commune }
        func posts(at m: Int) -> Int { hosted[m] }

        func admits(_ p: Int) -> Bool {
            let pair = f.pairs[p]
            let cadre = f.cadres[pair.cadre]
            let need = f.needs[pair.need]
            let m = need.commune
            guard posts[pair.cadre] < cadre.capacity, time[pair.cadre] + pair.workload <= cadre.timeShare + 1e-9,
                posts[pair.cadre] > 0 || released[cadre.department] < releaseCap[cadre.department],
                hosted[m] < f.hosting[m], !closed.contains(m)
            else { return false }
            if need.unit == .cadres {
                guard staffed[pair.need] < need.desired else { return false }
            } else {
                guard work[pair.need] < need.desiredWork - 1e-9,
                    work[pair.need] + pair.contribution <= need.desiredWork + largest[pair.need] - CadreProgram.overshootSlack
                else { return false }
            }
            if f.rules.lodging != nil, pair.needsLodging, lodged[m] >= f.lodging[m] { return false }
            if let budget = f.rules.budget, spent + f.costVnd(pair) > budget.totalVnd { return false }
            if hosted[m] == 0, let most = f.rules.teams?.maximumCommunes, teams >= most { return false }
            return true
        }

        mutating func add(_ p: Int) { change(p, by: 1) }
        mutating func remove(_ p: Int) { change(p, by: -1) }

        private mutating func change(_ p: Int, by sign: Int) {
            let pair = f.pairs[p]
            let d = f.cadres[pair.cadre].department
            let m = commune(of: p)
            if sign > 0 { chosen.insert(p) } else { chosen.remove(p) }
            if sign > 0 && posts[pair.cadre] == 0 { released[d] += 1 }
            posts[pair.cadre] += sign
            if sign < 0 && posts[pair.cadre] == 0 { released[d] -= 1 }
            time[pair.cadre] += Double(sign) * pair.workload
            staffed[pair.need] += sign
            work[pair.need] += Double(sign) * pair.contribution
            if hosted[m] == 0 { teams += 1 }
            hosted[m] += sign
            if hosted[m] == 0 { teams -= 1 }
            if pair.needsLodging { lodged[m] += sign }
            if pair.speaksLanguage { speakers[m] += sign }
            spent += Double(sign) * f.costVnd(pair)
        }

        /// Whether `p` would close a soft gap: the first speaker in a minority commune without
        /// one, or a cadre of a department below its release floor.
        func closesGap(_ p: Int) -> Bool {
            let pair = f.pairs[p]
            let m = commune(of: p)
            if pair.speaksLanguage, languageCommunes.contains(m), speakers[m] == 0 { return true }
            let d = f.cadres[pair.cadre].department
            return !f.releaseBounds.isEmpty && posts[pair.cadre] == 0 && released[d] < f.releaseBounds[d].floor
        }

        /// Whether removing the chosen `q` would open a soft gap.
        func opensGap(_ q: Int) -> Bool {
            let pair = f.pairs[q]
            let m = commune(of: q)
            if pair.speaksLanguage, languageCommunes.contains(m), speakers[m] == 1 { return true }
            let d = f.cadres[pair.cadre].department
            return !f.releaseBounds.isEmpty && posts[pair.cadre] == 1 && released[d] <= f.releaseBounds[d].floor
        }

        /// Closes the soft gaps (language, release floor) the greedy pass left: adds a pair that
        /// closes one where it fits, or swaps it for a chosen cadre of the same need whose
        /// removal opens none. Unmet need is unchanged by a swap, so each closed gap is a gain.
        mutating func repairGaps(_ order: [Int]) {
            guard !languageCommunes.isEmpty || !f.releaseBounds.isEmpty else { return }
            var chosenAt: [Int: [Int]] = [:]
            for q in chosen { chosenAt[f.pairs[q].need, default: []].append(q) }
            let smallestTeam = f.rules.teams?.minimumSize ?? 1
            for p in order where !chosen.contains(p) && closesGap(p) {
                // One cadre alone would open a team below its minimum size.
                if smallestTeam > 1 && hosted[commune(of: p)] == 0 { continue }
                if admits(p) {
                    add(p)
                    chosenAt[f.pairs[p].need, default: []].append(p)
                    continue
                }
                for q in (chosenAt[f.pairs[p].need] ?? []).sorted() where !f.pairs[q].pinned && !opensGap(q)
                    && f.pairs[q].cadre != f.pairs[p].cadre
                {
                    remove(q)
                    if admits(p) {
                        add(p)
                        chosenAt[f.pairs[p].need]?.removeAll { $0 == q }
                        chosenAt[f.pairs[p].need, default: []].append(p)
                        break
                    }
                    add(q)
                }
            }
        }

    }
}
