import GLPK

/// Which objective a built program carries: the two stages of the lexicographic solve.
public enum Stage: Int, Sendable, Codable, CaseIterable {
    /// Minimise weighted unmet need.
    case unmetNeed = 1
    /// Maximise fit, with weighted unmet need held at (or near) its stage-1 optimum.
    case fit = 2
}

/// The integer program of a formulation, with handles on its variable families.
///
///     x[c,m,f] ∈ {0,1}   cadre c serves field f in commune m (eligible pairs only)
///     y[c]     ∈ {0,1}   cadre c is released by its department
///     smin[m,f], sdes[m,f] ≥ 0   cadres missing below the minimum / the desired number
public struct CadreProgram: Sendable {
    public var model: LinearModel
    /// One per `Formulation.pairs`.
    public var assign: [Variable]
    /// One per `Formulation.cadres`.
    public var released: [Variable]
    /// One per `Formulation.needs`.
    public var belowMinimum: [Variable]
    public var belowDesired: [Variable]
    /// Σ_n w_n (W_min·smin[n] + W_des·sdes[n]) + the rules' gaps: the stage-1 objective as terms.
    public var unmetNeed: [Term]
    /// z[m] ∈ {0,1}: commune m gets a seconded team (policy.teams), by commune index.
    public var team: [Int: Variable] = [:]
    /// slang[m] ∈ [0,1]: commune m gets no speaker of its languages (policy.language).
    public var languageGap: [Int: Variable] = [:]
    /// sfloor[d] ≥ 0: cadres department d releases below its floor (policy.fairness).
    public var floorGap: [Int: Variable] = [:]
    /// The number of assignments as an integer column, for the search to branch on (with
    /// policy.budget; see `RuleRows`).
    public var assigned: Variable?

    /// Stage 2's objective is `fit − unmetNeedPenalty · unmetNeed`. With the stage-2 row holding
    /// unmet need at its optimum the penalty cannot change which plan is optimal, but it makes
    /// the LP relaxation that of a network flow again, which GLPK solves at the root.
    public var unmetNeedPenalty: Double

    /// Builds stage 1, or stage 2 with `unmetNeedFloor ≤ unmetNeed ≤ unmetNeedBound`. The floor
    /// is stage 1's proven bound: no plan meets more need, so it only cuts off LP points that
    /// would buy fit with unmet need below it (on the full-rules round the LP's unmet need
    /// falls to 2,017 against a proven 2,021.25, now 2,022, and the penalty made that worth 240 of fit).
    public init(
        _ formulation: Formulation, scenario: Scenario, stage: Stage, unmetNeedBound: Double? = nil,
        unmetNeedFloor: Double? = nil, unmetNeedPenalty: Double = 0, ruleFormulation: RuleFormulation = .tight
    ) throws(ModelError) {
        var model = LinearModel(
            name: "cadreplan_stage\(stage.rawValue)", sense: stage == .unmetNeed ? .minimize : .maximize)
        let f = formulation
        model.reserveCapacity(variables: f.pairs.count + f.cadres.count + 2 * f.needs.count,
                              constraints: 2 * f.cadres.count + 2 * f.needs.count + f.hosting.count + f.releaseCaps.count)
        assign = try Self.addAssignmentVariables(&model, f, scenario, stage)
        released = try Self.addReleaseVariables(&model, f, scenario)
        let penalty = stage == .fit ? unmetNeedPenalty : 0
        self.unmetNeedPenalty = penalty
        let (smin, sdes) = try Self.addShortfallVariables(&model, f, scenario, stage, penalty: penalty)
        (belowMinimum, belowDesired) = (smin, sdes)
        unmetNeed = f.needs.indices.flatMap { n in
            [Term(smin[n], f.needs[n].weight * f.needs[n].unitWeight * f.weights.belowMinimum),
             Term(sdes[n], f.needs[n].weight * f.needs[n].unitWeight * f.weights.belowDesired)]
        }
        try Self.addCapacityRows(&model, f, scenario, assign, released)
        try Self.addStaffingRows(&model, f, scenario, assign, belowMinimum, belowDesired)
        try Self.addHostingRows(&model, f, scenario, assign)
        try Self.addReleaseCapRows(&model, f, scenario, released)
        if !f.rules.isEmpty {
            var rules = RuleRows(f, scenario, stage: stage, penalty: penalty, assign: assign, released: released,
                                 belowMinimum: belowMinimum)
            rules.style = ruleFormulation
            try rules.add(to: &model)
            (team, languageGap, floorGap, assigned) = (rules.team, rules.languageGap, rules.floorGap, rules.assigned)
            unmetNeed += rules.gapTerms
        }
        self.model = model
        if stage == .fit, let bound = unmetNeedBound { try holdUnmetNeed(bound, floor: unmetNeedFloor) }
    }

    /// Stage 2 from this stage-1 program: the same columns and rows, the objective fit −
    /// penalty · unmet need, and the row that holds unmet need at its optimum. The same program
    /// as building stage 2 from the formulation (tested), without formatting and hashing every
    /// column's name again, which was as long as building stage 1.
    func fitStage(
        _ formulation: Formulation, unmetNeedBound: Double, unmetNeedFloor: Double? = nil, unmetNeedPenalty: Double
    ) throws(ModelError) -> CadreProgram {
        precondition(model.sense == .minimize, "fitStage derives stage 2 from a stage-1 program")
        var second = self
        second.model.name = "cadreplan_stage\(Stage.fit.rawValue)"
        second.model.sense = .maximize
        second.unmetNeedPenalty = unmetNeedPenalty
        var objective = model.objectives.map { $0 == 0 ? 0 : -unmetNeedPenalty * $0 }
        for (x, pair) in zip(assign, formulation.pairs) { objective[x.index] = pair.fit }
        try second.model.setObjective(objective)
        try second.holdUnmetNeed(unmetNeedBound, floor: unmetNeedFloor)
        return second
    }

    /// unmet_need_at_optimum: floor ≤ unmet need ≤ bound (stage 2).
    private mutating func holdUnmetNeed(_ bound: Double, floor: Double?) throws(ModelError) {
        let row: Bounds = if let floor, floor > 0, floor < bound { .between(floor, bound) } else { .atMost(bound) }
        try model.addConstraint("unmet_need_at_optimum", unmetNeed, row)
    }

    /// x[c,m,f]: binary per eligible pair; pins fix it to 1. Stage 2 values each by its fit.
    static func addAssignmentVariables(
        _ model: inout LinearModel, _ f: Formulation, _ s: Scenario, _ stage: Stage
    ) throws(ModelError) -> [Variable] {
        // One column per candidate pair: named when an export or GLPK reads the name.
        let names = NameFamily { [pairs = f.pairs, cadres = f.cadres, needs = f.needs, s] p in
            let cadre = s.cadres[cadres[pairs[p].cadre].cadre]
            let need = s.needs[needs[pairs[p].need].need]
            return "x[\(cadre.id),\(need.commune),\(need.field)]"
        }
        let pairs = f.pairs
        return try model.addVariables(
            names, count: pairs.count, kind: .binary, bounds: { pairs[$0].pinned ? .exactly(1) : .between(0, 1) },
            objective: { stage == .fit ? pairs[$0].fit : 0 })
    }

    /// y[c]: binary per cadre that could serve somewhere; counted against the release cap.
    static func addReleaseVariables(
        _ model: inout LinearModel, _ f: Formulation, _ s: Scenario
    ) throws(ModelError) -> [Variable] {
        var ys: [Variable] = []
        ys.reserveCapacity(f.cadres.count)
        let names = cadreNames("y", f, s)
        for c in f.cadres.indices { ys.append(try model.addVariable(names, c, kind: .binary, bounds: .between(0, 1))) }
        return ys
    }

    /// `family[cadre id]` for cadre rows of `f`, formatted when read.
    static func cadreNames(_ family: String, _ f: Formulation, _ s: Scenario) -> NameFamily {
        NameFamily { [cadres = f.cadres, s] c in "\(family)[\(s.cadres[cadres[c].cadre].id)]" }
    }

    /// `family[commune,field]` for need rows of `f`, formatted when read.
    static func needNames(_ family: String, _ f: Formulation, _ s: Scenario) -> NameFamily {
        NameFamily { [needs = f.needs, s] n in
            let need = s.needs[needs[n].need]
            return "\(family)[\(need.commune),\(need.field)]"
        }
    }

    /// smin, sdes: continuous shortfalls, so the plan is feasible whatever the supply.
    /// Stage 1 minimises their weighted sum; stage 2 subtracts it times `penalty`.
    static func addShortfallVariables(
        _ model: inout LinearModel, _ f: Formulation, _ s: Scenario, _ stage: Stage, penalty: Double
    ) throws(ModelError) -> ([Variable], [Variable]) {
        var mins: [Variable] = []
        var dess: [Variable] = []
        mins.reserveCapacity(f.needs.count)
        dess.reserveCapacity(f.needs.count)
        let (minNames, desNames) = (needNames("smin", f, s), needNames("sdes", f, s))
        // Stage 2's cost is exactly −penalty × stage 1's, as `fitStage` derives it.
        func cost(_ w: Double) -> Double { stage == .unmetNeed ? w : -penalty * w }
        for (n, row) in f.needs.enumerated() {
            mins.append(try model.addVariable(
                minNames, n, bounds: .between(0, row.minimumWork),
                objective: cost(row.weight * row.unitWeight * f.weights.belowMinimum)))
            dess.append(try model.addVariable(
                desNames, n, bounds: .between(0, row.desiredWork),
                objective: cost(row.weight * row.unitWeight * f.weights.belowDesired)))
        }
        return (mins, dess)
    }

    /// cap[c]: Σ_n x[c,n] ≤ capacity_c · y[c] — a cadre carries at most `capacity` assignments,
    /// and only if released.
    static func addCapacityRows(
        _ model: inout LinearModel, _ f: Formulation, _ s: Scenario, _ x: [Variable], _ y: [Variable]
    ) throws(ModelError) {
        // Room for each cadre's pairs and y[c]: growing a million small arrays one doubling at
        // a time allocated and copied each several times.
        var terms = termLists(f.pairs.lazy.map(\.cadre), count: f.cadres.count, extra: 1)
        for (p, pair) in f.pairs.enumerated() { terms[pair.cadre].append(Term(x[p], 1)) }
        // Time terms only for the cadres that get a time row (usually none).
        let timed = f.timedCadres
        var time = Array(repeating: [Term](), count: f.cadres.count)
        for (p, pair) in f.pairs.enumerated() where timed[pair.cadre] { time[pair.cadre].append(Term(x[p], pair.workload)) }
        let (capNames, timeNames) = (cadreNames("cap", f, s), cadreNames("time", f, s))
        for (c, row) in f.cadres.enumerated() {
            // y[c] comes after every x, so appending keeps the row sorted, and the model keeps
            // this array instead of a copy.
            terms[c].append(Term(y[c], -Double(row.capacity)))
            try model.addConstraint(capNames, c, terms[c], .atMost(0))
            // time[c]: Σ_n workload[c,n] · x[c,n] ≤ time share_c · y[c]; implied by cap[c] when
            // every workload is the default share (time share / capacity), so only added otherwise.
            if timed[c] {
                try model.addConstraint(timeNames, c, time[c] + [Term(y[c], -row.timeShare)], .atMost(0))
            }
        }
    }

    /// staff[n]: Σ_c x[c,n] + sdes[n] = desired_n (never more than asked);
    /// min[n]:   Σ_c x[c,n] + smin[n] ≥ minimum_n.
    ///
    /// A need measured in work (FTE, files) is covered by the assignments' contributions instead:
    /// cover[n]: Σ_c a[c,n] x[c,n] + sdes[n] ≥ desired work; min[n] likewise with smin; and
    /// over[n]: Σ_c a[c,n] x[c,n] ≤ desired work + (largest a[c,n]) − ε, so no cadre is sent
    /// whose work is not needed once the others are there.
    static func addStaffingRows(
        _ model: inout LinearModel, _ f: Formulation, _ s: Scenario, _ x: [Variable],
        _ smin: [Variable], _ sdes: [Variable]
    ) throws(ModelError) {
        var terms = termLists(f.pairs.lazy.map(\.need), count: f.needs.count, extra: 1)
        for (p, pair) in f.pairs.enumerated() { terms[pair.need].append(Term(x[p], pair.contribution)) }
        let largest = f.largestContribution
        let (staff, cover, over, atLeast) = (needNames("staff", f, s), needNames("cover", f, s),
                                             needNames("over", f, s), needNames("min", f, s))
        for (n, row) in f.needs.enumerated() {
            // The need's own array becomes its staff row in place (sdes[n] comes after every x),
            // so only the min row is a copy.
            var own: [Term] = []
            swap(&own, &terms[n])
            let minimum = row.minimumWork > 0 ? own + [Term(smin[n], 1)] : nil
            if row.unit == .cadres {
                own.append(Term(sdes[n], 1))
                try model.addConstraint(staff, n, own, .exactly(row.desiredWork))
            } else {
                try model.addConstraint(cover, n, own + [Term(sdes[n], 1)], .atLeast(row.desiredWork))
                if !own.isEmpty {
                    try model.addConstraint(over, n, own, .atMost(row.desiredWork + largest[n] - overshootSlack))
                }
            }
            if let minimum { try model.addConstraint(atLeast, n, minimum, .atLeast(row.minimumWork)) }
        }
    }

    /// `count` empty term lists, list i with room for the occurrences of i in `owners` plus `extra`.
    static func termLists(_ owners: some Sequence<Int>, count: Int, extra: Int) -> [[Term]] {
        var sizes = Array(repeating: extra, count: count)
        for owner in owners { sizes[owner] += 1 }
        return sizes.map { size in
            var list: [Term] = []
            list.reserveCapacity(size)
            return list
        }
    }

    /// The ε of over[n]: well below any real difference of work (workloads are at least 0.01),
    /// well above GLPK's feasibility tolerance, which would otherwise let a whole extra cadre through.
    public static let overshootSlack = 1e-3

    /// host[m]: Σ x[c,n] over needs n of commune m ≤ hosting capacity of m.
    static func addHostingRows(
        _ model: inout LinearModel, _ f: Formulation, _ s: Scenario, _ x: [Variable]
    ) throws(ModelError) {
        // Terms are gathered only for communes that get a row, each list sized up front.
        let binding = f.hostingBinds
        let hosts = f.pairs.lazy.map { f.needs[$0.need].commune }
        var terms = termLists(hosts.filter { binding[$0] }, count: s.communes.count, extra: 0)
        for (p, m) in hosts.enumerated() where binding[m] { terms[m].append(Term(x[p], 1)) }
        let names = NameFamily { [communes = s.communes] m in "host[\(communes[m].id)]" }
        for m in s.communes.indices where binding[m] {
            try model.addConstraint(names, m, terms[m], .atMost(Double(f.hosting[m])))
        }
    }

    /// release[d]: Σ_{c ∈ d} y[c] ≤ release cap of d.
    static func addReleaseCapRows(
        _ model: inout LinearModel, _ f: Formulation, _ s: Scenario, _ y: [Variable]
    ) throws(ModelError) {
        var terms = Array(repeating: [Term](), count: s.departments.count)
        for (c, row) in f.cadres.enumerated() { terms[row.department].append(Term(y[c], 1)) }
        for (d, department) in s.departments.enumerated() {
            let cap = f.releaseLimit(d)  // policy.fairness's ceiling tightens the cap
            if terms[d].count > cap {
                try model.addConstraint("release[\(department.id)]", terms[d], .atMost(Double(cap)))
            }
        }
    }
}

extension CadreProgram {
    /// Every column for the plan made of the `chosen` pairs (indices into `f.pairs`): released
    /// cadres, the shortfalls and rule gaps it leaves, the teams it opens. The flow path and the
    /// greedy plan both turn their choice into a point this way, then check it against every row.
    func point(choosing chosen: some Sequence<Int>, _ f: Formulation) -> [Double] {
        var v = Array(repeating: 0.0, count: model.variableCount)
        var posts = Array(repeating: 0, count: f.cadres.count)
        var done = Array(repeating: 0.0, count: f.needs.count)
        var hosted = Array(repeating: 0, count: f.hosting.count)
        var speakers = Array(repeating: 0, count: f.hosting.count)
        var count = 0
        for p in chosen {
            count += 1
            let pair = f.pairs[p]
            let m = f.needs[pair.need].commune
            v[assign[p].index] = 1
            posts[pair.cadre] += 1
            done[pair.need] += f.needs[pair.need].unit == .cadres ? 1 : pair.contribution
            hosted[m] += 1
            if pair.speaksLanguage { speakers[m] += 1 }
        }
        var released = Array(repeating: 0, count: f.releaseCaps.count)
        for (c, row) in f.cadres.enumerated() where posts[c] > 0 {
            v[self.released[c].index] = 1
            released[row.department] += 1
        }
        for (n, need) in f.needs.enumerated() {
            v[belowMinimum[n].index] = max(0, need.minimumWork - done[n])
            // staff[n] is an equality for headcount needs; cover[n] only asks for at least.
            v[belowDesired[n].index] = need.unit == .cadres ? need.desiredWork - done[n] : max(0, need.desiredWork - done[n])
        }
        for (m, z) in team { v[z.index] = hosted[m] > 0 ? 1 : 0 }
        for (m, gap) in languageGap { v[gap.index] = speakers[m] > 0 ? 0 : 1 }
        for (d, gap) in floorGap { v[gap.index] = Double(max(0, f.releaseBounds[d].floor - released[d])) }
        if let assigned { v[assigned.index] = Double(count) }
        return v
    }
}
