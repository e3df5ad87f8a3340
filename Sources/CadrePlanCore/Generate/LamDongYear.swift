import Foundation

/// A year of the Lâm Đồng programme: four rounds of about three months, August 2025 to July 2026,
/// planned together with the continuity rules between rounds.
///
/// Round r1 is the default scenario's August 2025 round, unchanged (`LamDongGenerator`: the real
/// communes and every published figure). Rounds r2–r4 and who is available in them are
/// SYNTHESISED from the same seed, each stage from its own random stream, by the rules below
/// (also written into the folder's README):
///
/// - **Backlogs shrink.** In each later round a need's backlog is its previous backlog × a factor
///   drawn uniformly in `backlogShrink` (55–80 %), per need and round, rounded. `desired` follows:
///   the round-1 `desired` × the product of the need's factors so far, rounded, never below `min`
///   nor 1. `min` and `priority` stay as in round 1; `level` too, unless no cadre available in the
///   round could reach that level (then it is lowered, as the round-1 generator does).
/// - **Needs end.** A need ends (its files cleared) with chance `endChance` (10 %) per round, drawn
///   per need and round, except in the hot fields (land, labour), in public security (a post in
///   every unit) and military needs on the border and the island. An ended need does not return.
/// - **New needs.** Site clearance spreads around the Sơn Mỹ 1 and Sơn Mỹ 2 industrial parks: every
///   unit within `clearanceRadiusKm` road km of Sơn Mỹ that has no land need gets one, from round
///   r2 or r3 (drawn): min 1, desired 1, level 2 or 3 (drawn), backlog at the land rate of the
///   catalogue per 1,000 inhabitants, priority 1.5. It then shrinks like any other need.
/// - **Availability.** Round r1 keeps all 730 cadres (the published round). Exactly
///   `civilAbsentShare` (10 %) of the civil cadres, drawn, miss one round of r2–r4 (two thirds of
///   them) or two (the rest): training, leave, their unit's own peak. The armed forces rotate: each
///   branch is shuffled and dealt into three shifts that rest in r2, r3 and r4 respectively, so all
///   470 serve in the year and each later round draws on about two thirds of them.
public enum LamDongYear {
    public static let scenarioName = "Lâm Đồng 2025–2026 — Tôi là cán bộ xã, four rounds"
    public static let rounds: [RoundSpec] = [
        RoundSpec(id: "r1", start: "2025-08-01", end: "2025-10-31"),
        RoundSpec(id: "r2", start: "2025-11-01", end: "2026-01-31"),
        RoundSpec(id: "r3", start: "2026-02-01", end: "2026-04-30"),
        RoundSpec(id: "r4", start: "2026-05-01", end: "2026-07-31"),
    ]
    /// Land, and labour: the field of the catalogue that carries social protection (the labour,
    /// invalids and social affairs sector: subsidies, worker files). The catalogue has no field
    /// named "social".
    public static let hotFields = ["land", "labour"]
    public static let continuity = Continuity(hotFields: hotFields, weight: 5, handover: true, maxConsecutiveRounds: 2)
    public static let timeLimitSeconds = 120.0
    /// A later round's backlog as a share of the previous one, drawn per need and round.
    public static let backlogShrink = 0.55...0.80
    /// Chance that a need which may end ends in a given later round.
    public static let endChance = 0.10
    /// Share of the civil cadres that miss one or two of the later rounds.
    public static let civilAbsentShare = 0.10
    /// Units this close to Sơn Mỹ by road (great-circle × road factor) join the site clearance.
    public static let clearanceRadiusKm = 35.0

    /// The command that regenerates the committed folder, from the repository root.
    public static func command(seed: UInt64) -> String {
        "swift run cadreplan generate lam-dong-year --facts scenarios/sources/lam-dong-communes.csv"
            + " --seed \(seed) --out scenarios/lam-dong-2025-year --force"
    }

    public static func generate(facts csvPath: String, seed: UInt64) throws(GeneratorError) -> Scenario {
        let base = try LamDongGenerator.generate(facts: csvPath, seed: seed)
        var year = base
        year.name = scenarioName
        if let first = rounds.first, let last = rounds.last { year.round = Round(start: first.start, end: last.end) }
        year.rounds = rounds
        year.continuity = continuity
        year.solver.timeLimit = timeLimitSeconds
        year.cadres = availability(base.cadres, departments: base.departments, seed: seed)
        year.needs = try needs(base, cadres: year.cadres, seed: seed, file: csvPath)
        return year
    }

    // MARK: Availability

    /// Cadres with their `rounds`: civil cadres every round (empty) but a drawn 10 % who miss one
    /// or two later rounds; armed forces in r1 and two of r2–r4 (three rotating shifts).
    static func availability(_ cadres: [Cadre], departments: [Department], seed: UInt64) -> [Cadre] {
        var r = SeededGenerator(seed: seed, stream: "year/availability")
        let ids = rounds.map(\.id)
        let later = Array(ids.dropFirst())
        let branchOf = Dictionary(departments.map { ($0.id, $0.branch) }, uniquingKeysWith: { a, _ in a })
        var out = cadres

        var civil = cadres.indices.filter { branchOf[cadres[$0].department] == .civil }
        r.shuffle(&civil)
        let absent = Int((Double(civil.count) * civilAbsentShare).rounded())
        for i in civil.prefix(absent) {
            var missed = later
            r.shuffle(&missed)
            let count = r.chance(1.0 / 3) ? 2 : 1
            let gone = Set(missed.prefix(count))
            out[i].rounds = ids.filter { !gone.contains($0) }
        }

        for branch in [Branch.police, .military] {
            var members = cadres.indices.filter { branchOf[cadres[$0].department] == branch }
            r.shuffle(&members)
            for (k, i) in members.enumerated() where !later.isEmpty {
                let rest = later[k % later.count]
                out[i].rounds = ids.filter { $0 != rest }
            }
        }
        return out
    }

    // MARK: Needs

    private struct Active {
        var need: Need
        /// `desired` in the round the need first appeared.
        var desiredFirst: Int
        /// Product of the backlog factors since then.
        var factor: Double
    }

    /// Every round's needs, each row with its round: r1 the base round's, later rounds derived.
    static func needs(_ base: Scenario, cadres: [Cadre], seed: UInt64, file: String) throws(GeneratorError) -> [Need] {
        var shrink = SeededGenerator(seed: seed, stream: "year/needs")
        var clearance = SeededGenerator(seed: seed, stream: "year/clearance")
        let communeOrder = Dictionary(base.communes.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let fieldOrder = Dictionary(base.fields.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        func sorted(_ list: [Active]) -> [Active] {
            list.sorted {
                let (a, b) = (communeOrder[$0.need.commune] ?? 0, communeOrder[$1.need.commune] ?? 0)
                return a != b ? a < b : (fieldOrder[$0.need.field] ?? 0) < (fieldOrder[$1.need.field] ?? 0)
            }
        }
        let reach = Reach(base, cadres: cadres)
        let hot = Set(hotFields)
        func mayEnd(_ n: Need) -> Bool {
            !hot.contains(n.field) && n.field != "public_security"
                && !(n.field == "military" && LamDongCatalogue.frontier.contains(n.commune))
        }

        // Site clearance: units near Sơn Mỹ with no land need in r1, each with its first round.
        let landRate = LamDongCatalogue.civilDemand.first { $0.field == "land" }?.backlogRate ?? 2...6
        let hasLand = Set(base.needs.filter { $0.field == "land" }.map(\.commune))
        var appearing: [String: [Active]] = [:]
        let later = rounds.dropFirst().map(\.id)
        for c in base.communes where c.id != LamDongCatalogue.sonMy && !hasLand.contains(c.id) {
            guard let km = reach.km(c.id, LamDongCatalogue.sonMy), km <= clearanceRadiusKm, !later.isEmpty else { continue }
            let first = later[clearance.chance(0.5) || later.count < 2 ? 0 : 1]
            let level = clearance.chance(0.5) ? 2 : 3
            let backlog = Int((Double(c.population) / 1000 * clearance.uniform(landRate.lowerBound, landRate.upperBound)).rounded())
            let need = Need(commune: c.id, field: "land", minimum: 1, desired: 1, level: level, backlog: backlog, priority: 1.5)
            appearing[first, default: []].append(Active(need: need, desiredFirst: 1, factor: 1))
        }

        guard let firstRound = rounds.first?.id else { return [] }
        var current = sorted(base.needs.map { Active(need: $0, desiredFirst: $0.desired, factor: 1) })
        var out = current.map { var n = $0.need; n.round = firstRound; return n }
        for round in later {
            var next: [Active] = []
            for var a in current {
                // Both draws for every need, so that which needs may end does not shift the stream.
                let u = shrink.uniform(backlogShrink.lowerBound, backlogShrink.upperBound)
                let ends = shrink.chance(endChance)
                if ends, mayEnd(a.need) { continue }
                a.factor *= u
                a.need.backlog = Int((Double(a.need.backlog) * u).rounded())
                a.need.desired = max(a.need.minimum, 1, Int((Double(a.desiredFirst) * a.factor).rounded()))
                next.append(a)
            }
            next += appearing[round] ?? []
            current = sorted(next)
            for a in current {
                var n = a.need
                n.round = round
                guard let best = reach.bestLevel(n, round: round) else {
                    throw GeneratorError(file: file, message: "no cadre available in round \(round) can reach need \(n.commune)/\(n.field)",
                                         fix: "report this generator bug with the seed used")
                }
                n.level = min(n.level, best)
                out.append(n)
            }
        }
        return out
    }

    /// Road km between units and who can reach which need, as the planner sees it.
    private struct Reach {
        let index: [String: Int]
        let road: [[Double]]
        let maxKm: Double
        let cadres: [Cadre]
        let cadreBranch: [Branch?]
        let fieldBranch: [String: Branch]

        init(_ s: Scenario, cadres: [Cadre]) {
            index = Dictionary(s.communes.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
            let factor = s.policy.roadFactor
            road = s.communes.map { a in s.communes.map { b in Eligibility.travelKm(from: a, to: b, roadFactor: factor) } }
            maxKm = s.policy.maxTravelKm ?? .infinity
            self.cadres = cadres
            let unit = Dictionary(s.departments.map { ($0.id, $0.branch) }, uniquingKeysWith: { a, _ in a })
            cadreBranch = cadres.map { unit[$0.department] }
            fieldBranch = Dictionary(s.fields.map { ($0.id, $0.branch) }, uniquingKeysWith: { a, _ in a })
        }

        func km(_ a: String, _ b: String) -> Double? {
            guard let i = index[a], let j = index[b] else { return nil }
            return road[i][j]
        }

        /// The highest level in the need's field among cadres available in `round`, of its branch,
        /// not living in the commune and within the travel limit; nil when there is none.
        func bestLevel(_ n: Need, round: String) -> Int? {
            var best: Int?
            for (c, cadre) in cadres.enumerated() {
                guard cadre.available, cadre.rounds.isEmpty || cadre.rounds.contains(round),
                      cadreBranch[c] == fieldBranch[n.field], cadre.homeCommune != n.commune,
                      let km = km(cadre.homeCommune, n.commune), km <= maxKm,
                      let level = cadre.skill(in: n.field)?.level
                else { continue }
                best = max(best ?? level, level)
            }
            return best
        }
    }

    // MARK: Summary

    /// The figures of one round, for the README and the command's message.
    public struct RoundSummary: Sendable, Equatable {
        public var id: String
        public var start: String
        public var end: String
        public var needs: Int
        public var minimum: Int
        public var desired: Int
        public var backlog: Int
        /// Needs of the previous round gone from this one, and needs new in it.
        public var ended: Int
        public var new: Int
        public var civil: Int
        public var police: Int
        public var military: Int
        public var cadres: Int { civil + police + military }
    }

    public static func summary(of s: Scenario) -> [RoundSummary] {
        let branchOf = Dictionary(s.departments.map { ($0.id, $0.branch) }, uniquingKeysWith: { a, _ in a })
        var previous: Set<String>?
        return s.rounds.map { spec in
            let needs = s.needs.filter { $0.round == nil || $0.round == spec.id }
            let keys = Set(needs.map { "\($0.commune)/\($0.field)" })
            let available = s.cadres.filter { $0.available && ($0.rounds.isEmpty || $0.rounds.contains(spec.id)) }
            func count(_ b: Branch) -> Int { available.filter { branchOf[$0.department] == b }.count }
            defer { previous = keys }
            return RoundSummary(
                id: spec.id, start: spec.start, end: spec.end, needs: needs.count,
                minimum: needs.reduce(0) { $0 + $1.minimum }, desired: needs.reduce(0) { $0 + $1.desired },
                backlog: needs.reduce(0) { $0 + $1.backlog },
                ended: previous.map { $0.subtracting(keys).count } ?? 0,
                new: previous.map { keys.subtracting($0).count } ?? 0,
                civil: count(.civil), police: count(.police), military: count(.military))
        }
    }

    // MARK: README

    /// README.md of the generated folder: what is real, what is synthesised, the calibration, the
    /// rounds as they came out, and the command that regenerates it. Built from the scenario.
    public static func readme(for s: Scenario, seed: UInt64) -> String {
        typealias G = LamDongGenerator
        let g = G.grouped
        let branchOf = Dictionary(s.departments.map { ($0.id, $0.branch) }, uniquingKeysWith: { a, _ in a })
        func cadres(_ b: Branch) -> Int { s.cadres.filter { branchOf[$0.department] == b }.count }
        func units(_ kind: CommuneKind) -> Int { s.communes.filter { $0.kind == kind }.count }
        func ratings(_ r: Rating) -> Int { s.history.filter { $0.rating == r }.count }
        let population = s.communes.reduce(0) { $0 + $1.population }
        let civilPosts = s.departments.filter { $0.branch == .civil }.reduce(0) { $0 + $1.headcount }
        let first = rounds.first?.id ?? "r1"
        let itUnits = s.needs.filter { $0.field == "it" && $0.round == first }.count
        let civilFields = s.fields.filter { $0.branch == .civil }.count
        let rows = summary(of: s)
        let roundRows = rows.map {
            "| \($0.id) | \($0.start) – \($0.end) | \(g($0.needs)) | \(g($0.minimum)) | \(g($0.desired)) | \(g($0.backlog)) | "
                + "\($0.ended) | \($0.new) | \($0.civil) | \($0.police) | \($0.military) | \(g($0.cadres)) |"
        }.joined(separator: "\n")
        let civilIDs = Set(s.cadres.filter { branchOf[$0.department] == .civil }.map(\.id))
        let civilAbsent = s.cadres.filter { civilIDs.contains($0.id) && !$0.rounds.isEmpty }
        let missTwo = civilAbsent.filter { $0.rounds.count == rounds.count - 2 }.count
        let armed = s.cadres.filter { !civilIDs.contains($0.id) }
        let firstIDs = Set(s.needs.filter { $0.round == first }.map { "\($0.commune)/\($0.field)" })
        let clearance = s.needs.filter { $0.field == "land" && $0.round != first && !firstIDs.contains("\($0.commune)/\($0.field)") }
        var seen = Set<String>()
        let clearanceRows = clearance.filter { seen.insert($0.commune).inserted }.map { n in
            let name = s.communes.first { $0.id == n.commune }?.name ?? n.commune
            return "\(name) (\(n.commune)) from \(n.round ?? "?")"
        }
        let hot = s.continuity?.hotFields ?? []
        let c = s.continuity ?? Continuity()
        let percent = { (x: Double) in "\(Int((x * 100).rounded())) %" }

        return """
            # \(s.name)

            A year of Lâm Đồng's programme *Tôi là cán bộ xã* ("I am a commune cadre"): four rounds of
            about three months, August 2025 to July 2026, planned together as one integer program so that
            the rules between consecutive rounds hold (see "A year of rounds" in
            `docs/scenario-format.md`). Round r1 is the first round, exactly as in `../lam-dong-2025`; the
            later rounds are a **synthetic continuation**: the programme's later rounds have not been
            published in this detail.

            **This folder is generated; do not edit it by hand.** From the repository root,

                \(command(seed: seed))

            rewrites every file here byte for byte, this README included (seed \(seed); `LamDongYearTests`
            checks it). Another `--seed` gives another synthetic year with the same published figures.

            ## Real and synthesised

            Only what the province or the state published is real, and only for round r1. Everything
            else was drawn by the seeded generator (`Sources/CadrePlanCore/Generate/LamDongYear.swift`,
            on top of `LamDongGenerator`) to be plausible, and describes no real person, file or plan.

            | part | real public facts | SYNTHESISED |
            |---|---|---|
            | `communes.csv`, `fields.csv`, `departments.csv` | as in `../lam-dong-2025`: the 124 units (Resolution 1671/NQ-UBTVQH15), the 14 civil fields, the 13 agencies and the two armed-forces commands | as in `../lam-dong-2025` (population, capacities, headcounts, release caps, priorities) |
            | `cadres.csv` | the counts: 260 civil, 370 police, 100 military, all serving in round r1 | everything about each cadre, as in `../lam-dong-2025`; and the `rounds` column: who is available in r2–r4 |
            | `needs.csv`, rows of `r1` | the round-1 figures as in `../lam-dong-2025`: IT needs in 93 units, the three press examples | the same rows as `../lam-dong-2025/needs.csv` (which units need what, min, desired, level, backlog, priority) |
            | `needs.csv`, rows of `r2`–`r4` | nothing | all of them: derived from r1 by the rules below |
            | `history.csv` | the round-1 rating counts 66 / 189 / 3 / 2; the press examples | the round-1 deployment, as in `../lam-dong-2025` (it is the record of r1, not a plan of the year) |
            | `scenario.yaml` | the first round, 1 August – 31 October 2025 | the dates of r2–r4 (consecutive three-month rounds), `continuity`, policy, weights, solver (as the default round, but `time_limit_s: \(s.solver.timeLimit.map(ScenarioWriter.number) ?? "null")`) |

            ## Calibration

            Round r1 reproduces every published figure of the 2025 round:

            | published figure | source | this scenario |
            |---|---|---|
            | 124 units: 103 communes, 20 wards, 1 special zone | Resolution 1671/NQ-UBTVQH15 | \(s.communes.count): \(units(.commune)) / \(units(.ward)) / \(units(.specialZone)) |
            | population 3,872,999 | Resolution 202/2025/QH15 | \(g(population)) |
            | more than 730 cadres seconded: 260 civil in 14 fields, 370 police, 100 military | Báo Lâm Đồng; Lao Động | \(s.cadres.count): \(cadres(.civil)) in \(civilFields) fields / \(cadres(.police)) / \(cadres(.military)); all available in r1 (\(rows.first.map { g($0.cadres) } ?? "?")) |
            | ratings 66 excellent, 189 good, 3 completed, 2 not evaluated | Báo Lâm Đồng | \(ratings(.excellent)) / \(ratings(.good)) / \(ratings(.completed)) / \(ratings(.notEvaluated)) |
            | 93 communes and wards without a full-time IT civil servant | Báo Lâm Đồng; Lao Động | IT needs in \(itUnits) units in r1 |
            | 3,743 provincial civil-servant posts (2025) | `scenarios/sources/README.md` | civil headcounts sum to \(g(civilPosts)) |

            Nothing about rounds 2–4 is calibrated to published figures: they only keep the round-1
            cadres (all 470 armed-forces cadres serve in the year) and shrink round 1's demand.

            ## The rounds

            `needs`, `min`, `desired`, `backlog`: the round's rows of `needs.csv`. `ended`, `new`: needs
            (commune and field) of the previous round gone, and new ones. `civil`, `police`, `military`:
            cadres available in the round (`cadres.csv`, column `rounds`).

            | round | dates | needs | min | desired | backlog | ended | new | civil | police | military | cadres |
            |---|---|---|---|---|---|---|---|---|---|---|---|
            \(roundRows)

            Continuity (`scenario.yaml`): hot fields \(hot.map { "`\($0)`" }.joined(separator: " and ")) (land, and labour: the
            catalogue's field for social protection — subsidies, worker files; there is no field named
            "social"), weight \(ScenarioWriter.number(c.weight)) per lapse or missing handover, handover \(c.handover ? "on" : "off"), nobody seconded more than
            \(c.maxConsecutiveRounds.map(String.init) ?? "any number of") rounds in a row.

            ## How rounds 2–4 are made

            Each stage draws from its own random stream of the seed (`year/needs`, `year/clearance`,
            `year/availability`), so round 1 — drawn by `LamDongGenerator` from its own streams — is
            untouched.

            - **Backlogs shrink** as the programme clears them: in each later round a need's backlog is its
              previous backlog × a factor drawn uniformly in \(percent(backlogShrink.lowerBound))–\(percent(backlogShrink.upperBound)), per need and round.
              `desired` follows the backlog: round-1 `desired` × the product of the need's factors so
              far, rounded, never below `min` nor 1 (so most one-cadre needs stay at one). `min` and
              `priority` stay; `level` too, unless no cadre available in the round could reach it (then
              it is lowered, as in round 1).
            - **Needs end** when their files are cleared: each need ends with chance \(percent(endChance)) per
              round, except in the hot fields (which stay open all year, so the continuity rules have
              work to do), in public security (a post in every unit) and the military needs on the
              Cambodian border and Phú Quý island. An ended need does not come back.
            - **New needs**: site clearance spreads around the Sơn Mỹ 1 and Sơn Mỹ 2 industrial parks
              (Sơn Mỹ's own land need is the press example of round 1). Every unit within
              \(g(Int(clearanceRadiusKm))) road km of Sơn Mỹ without a land need gets one from r2 or r3 (drawn): min 1,
              desired 1, level 2 or 3, backlog at the catalogue's land rate, priority 1.5. Here:
              \(clearanceRows.isEmpty ? "none" : clearanceRows.joined(separator: "; ")).
            - **Civil availability**: every civil cadre serves in r1. \(civilAbsent.count) of the \(cadres(.civil)) (\(percent(civilAbsentShare)), drawn)
              miss one of r2–r4 or, for \(missTwo) of them, two — training, leave, their own unit's peak
              season; their `rounds` column lists the rounds they are available for. The others leave
              the column empty (every round).
            - **Armed forces rotate**: all \(armed.count) serve in r1, the published round. Each branch is shuffled
              and dealt into three shifts that rest in r2, r3 and r4 respectively, so each later round
              draws on about two thirds of the police and of the military, and all \(armed.count) serve in the
              year. With `max_consecutive_rounds: 2` nobody serves more than two rounds in a row anyway.

            ## Planning it

                cadreplan validate scenarios/lam-dong-2025-year
                cadreplan solve scenarios/lam-dong-2025-year --out out/year

            The four rounds and the rows that tie them are planned as one integer program, larger than
            the default round's and no longer a network; the solver gets
            \(s.solver.timeLimit.map(ScenarioWriter.number) ?? "no limit on") seconds per stage (the default round: 60).

            """
    }
}
