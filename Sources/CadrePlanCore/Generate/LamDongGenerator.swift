import Foundation

/// Builds the default scenario: the August 2025 Lâm Đồng round ("Tôi là cán bộ xã").
///
/// The 124 units, their kind, former province, position and area are real (the facts file);
/// every count the province published is reproduced exactly (260 civil + 370 police + 100
/// military cadres, 14 civil fields, IT needs in 93 units, ratings 66/189/3/2, the population
/// total, the three examples of the press). Everything not published is synthesised from `seed`,
/// each stage from its own random stream. The same facts and seed give the same scenario.
public enum LamDongGenerator {
    public static let defaultSeed: UInt64 = 2025
    public static let scenarioName = "Lâm Đồng 2025 — Tôi là cán bộ xã (đợt 1)"
    /// Resolution 202/2025/QH15.
    public static let populationTotal = 3_872_999
    /// Published outcome of the 260 civil cadres (Báo Lâm Đồng).
    public static let ratingCounts: [(Rating, Int)] = [(.excellent, 66), (.good, 189), (.completed, 3), (.notEvaluated, 2)]
    public static let itGapUnits = 93

    public static func generate(facts csvPath: String, seed: UInt64) throws(GeneratorError) -> Scenario {
        let facts = try CommuneFact.read(csvPath)
        guard facts.count == 124 else {
            throw GeneratorError(file: csvPath, message: "\(facts.count) units found; the Lâm Đồng preset expects the 124 of Resolution 1671",
                                 fix: "use scenarios/sources/lam-dong-communes.csv")
        }
        let codes = Set(facts.map(\.code))
        for code in [C.namDa, C.krongNo, C.tanHaLamHa, C.namBanLamHa, C.sonMy, C.laGi]
            + (C.daLatWards + C.phanThietWards + C.giaNghiaWards).map(\.0) where !codes.contains(code) {
            throw GeneratorError(file: csvPath, message: "unit \(code) is missing; the Lâm Đồng preset needs it",
                                 fix: "use scenarios/sources/lam-dong-communes.csv")
        }
        var g = Build(facts: facts, seed: seed)
        g.makeCommunes()
        g.makeNeeds()
        g.makeCadres()
        try g.repairLevels(file: csvPath)
        try g.makeHistory(file: csvPath)
        g.rate()
        g.settleCapacities()
        return Scenario(
            name: scenarioName, round: Round(start: "2025-08-01", end: "2025-10-31"),
            policy: Policy(maxTravelKm: Build.maxTravelKm, roadFactor: Build.roadFactor, allowHomeCommune: false),
            weights: Weights(), solver: SolverSettings(timeLimit: 60, relativeGap: 0, stage2Tolerance: 0),
            fields: C.fields, communes: g.communes, needs: g.needs, departments: g.departments(),
            cadres: g.cadres, history: g.history)
    }

    /// Cadre ids of the three published examples, for tests and the README.
    public struct Examples: Sendable, Equatable {
        public var namDaLand: String?
        public var tanHa: [String]
        public var sonMy: [String]
    }

    /// Finds the published examples in a generated scenario by their history rows.
    public static func examples(in s: Scenario) -> Examples {
        func rows(_ commune: String) -> [String] { s.history.filter { $0.commune == commune }.map(\.cadre) }
        return Examples(
            namDaLand: s.history.first { $0.commune == C.namDa && $0.field == "land" }?.cadre,
            tanHa: rows(C.tanHaLamHa), sonMy: rows(C.sonMy))
    }
}

private typealias C = LamDongCatalogue

/// The generator's working state; one stage per method, in the order `generate` calls them.
private struct Build {
    static let maxTravelKm = 250.0
    static let roadFactor = 1.3

    let facts: [CommuneFact]
    let seed: UInt64
    var communes: [Commune] = []
    var index: [String: Int] = [:]
    /// Road km between units (straight line × road factor, to 0.1 km).
    var road: [[Double]] = []
    var needs: [Need] = []
    var cadres: [Cadre] = []
    /// Cadre index → the published example it plays, if any.
    var roles: [Int: Role] = [:]
    var history: [HistoryRecord] = []
    var historyNeed: [Int] = []  // need index of each history row
    var baseCapacity: [Int] = []

    enum Role { case namDaLand, tanHaLand, tanHaLabour, sonMyLand }

    init(facts: [CommuneFact], seed: UInt64) {
        self.facts = facts
        self.seed = seed
    }

    func rng(_ stream: String) -> SeededGenerator { SeededGenerator(seed: seed, stream: stream) }

    // MARK: Communes

    /// Population: each old unit counts by type (a ward more than a commune), jittered, then
    /// scaled so the province totals the published 3,872,999. Hosting capacity follows size.
    mutating func makeCommunes() {
        var r = rng("communes")
        let areas = facts.map(\.areaKm2).sorted()
        let medianArea = areas.isEmpty ? 1 : areas[areas.count / 2]
        let weights = facts.map { f -> Double in
            let old = f.mergedFrom.reduce(0.0) { sum, unit in
                let base = unit.hasPrefix("Phường") ? 2.2 : unit.hasPrefix("Thị trấn") ? 1.6 : 1.0
                return sum + (unit.contains("(part)") ? base / 2 : base)
            }
            let province = f.formerProvince == "Dak Nong" ? 0.8 : f.formerProvince == "Lam Dong" ? 1.05 : 1.0
            return max(old, 1) * province * pow(max(f.areaKm2, 1) / medianArea, 0.1) * r.uniform(0.8, 1.25)
        }
        let population = apportion(LamDongGenerator.populationTotal, weights)
        for (i, f) in facts.enumerated() {
            let (base, languages) = C.minorities[f.code] ?? C.defaultProfile(formerProvince: f.formerProvince)
            let share = rounded(min(0.95, base * r.uniform(0.75, 1.25)), 3)
            let capacity = min(12, max(5, 3 + Int((Double(population[i]) / 4500).rounded())))
            baseCapacity.append(capacity)
            communes.append(Commune(
                id: f.code, name: f.name, nameAscii: f.nameAscii, kind: f.kind, formerProvince: f.formerProvince,
                latitude: f.latitude, longitude: f.longitude, areaKm2: f.areaKm2, population: population[i],
                hostingCapacity: capacity, minorityShare: share, languages: share < 0.02 ? [] : languages))
            index[f.code] = i
        }
        road = communes.map { a in communes.map { b in travelKm(a, b) } }
    }

    // MARK: Needs

    mutating func makeNeeds() {
        var r = rng("needs")
        var byKey: [String: Need] = [:]
        func add(_ n: Need) { byKey["\(n.commune)/\(n.field)"] = n }
        let n = communes.count

        // Public security everywhere: 2–6 cadres by size, about 7 % more than the 370 police.
        let extra = apportion(C.policeCount + 26 - 2 * n, communes.map { pow(Double($0.population), 0.8) })
        for (i, c) in communes.enumerated() {
            let desired = min(6, 2 + extra[i])
            let frontier = C.frontier.contains(c.id)
            add(Need(commune: c.id, field: "public_security", minimum: desired >= 4 ? 2 : 1, desired: desired,
                     level: level(&r, 0.6, 0.35), backlog: backlog(&r, c, 1...4), priority: frontier ? 1.5 : 1))
        }
        // Military in every commune and the special zone (104 units): one officer, two on the border.
        for c in communes where c.kind != .ward {
            let frontier = C.frontier.contains(c.id)
            add(Need(commune: c.id, field: "military", minimum: frontier || r.chance(0.5) ? 1 : 0,
                     desired: frontier ? 2 : 1, level: frontier ? 2 : level(&r, 0.7, 0.3),
                     backlog: backlog(&r, c, 0.05...0.3), priority: frontier ? 1.5 : 1))
        }
        // Civil fields. Tân Hà Lâm Hà and Sơn Mỹ ask exactly what the press reported.
        let closed: Set<String> = [C.tanHaLamHa, C.sonMy]
        for demand in C.civilDemand {
            var forced: [String] = []
            if demand.field == "land" { forced = [C.namDa, C.tanHaLamHa, C.sonMy] }
            if demand.field == "labour" { forced = [C.tanHaLamHa] }
            var weights = communes.map { c -> Double in
                if closed.contains(c.id) || forced.contains(c.id) { return 0 }
                let pull: Double = switch demand.pull {
                case .population: Double(c.population)
                case .urban: Double(c.population) * (c.kind == .ward ? 2 : 1)
                case .rural: c.kind == .ward ? 0.35 : 1
                case .minority: c.minorityShare + 0.05
                case .flat: 1
                }
                return pull * r.uniform(0.5, 1.5)
            }
            var chosen = forced
            while chosen.count < demand.needs, let i = r.weightedIndex(weights) {
                chosen.append(communes[i].id)
                weights[i] = 0
            }
            // Extra desired cadres go to the largest of the chosen units.
            var twice: Set<String> = demand.field == "land" ? [C.sonMy] : []
            let bySize = chosen.filter { !closed.contains($0) }.sorted {
                let (a, b) = (communes[index[$0] ?? 0].population, communes[index[$1] ?? 0].population)
                return a != b ? a > b : $0 < $1
            }
            for id in bySize where twice.count < demand.desired - demand.needs { twice.insert(id) }
            let hot = ["land", "finance", "justice", "it"].contains(demand.field)
            for id in chosen {
                guard let c = communes.first(where: { $0.id == id }) else { continue }
                let u = r.uniform()
                var need = Need(
                    commune: id, field: demand.field, minimum: hot || r.chance(0.5) ? 1 : 0,
                    desired: twice.contains(id) ? 2 : 1, level: level(&r, demand.levels.0, demand.levels.1),
                    backlog: backlog(&r, c, demand.backlogRate), priority: u > 0.75 ? 1.5 : 1)
                switch (id, demand.field) {
                case (C.namDa, "land"):  // registration work at the public-administration centre
                    need.level = 2
                    need.priority = 1.5
                case (C.tanHaLamHa, _):
                    need.level = 2
                    need.minimum = 1
                case (C.sonMy, "land"):  // inventory and site clearance for Sơn Mỹ 1 and 2 industrial parks
                    need.level = 3
                    need.minimum = 1
                    need.backlog = 1_450
                    need.priority = 2
                default: break
                }
                add(need)
            }
        }
        let fieldOrder = Dictionary(uniqueKeysWithValues: C.fields.enumerated().map { ($1.id, $0) })
        needs = byKey.values.sorted {
            let (a, b) = (index[$0.commune] ?? 0, index[$1.commune] ?? 0)
            return a != b ? a < b : (fieldOrder[$0.field] ?? 0) < (fieldOrder[$1.field] ?? 0)
        }
    }

    func level(_ r: inout SeededGenerator, _ p1: Double, _ p2: Double) -> Int {
        let u = r.uniform()
        return u < p1 ? 1 : u < p1 + p2 ? 2 : 3
    }

    func backlog(_ r: inout SeededGenerator, _ c: Commune, _ perThousand: ClosedRange<Double>) -> Int {
        Int((Double(c.population) / 1000 * r.uniform(perThousand.lowerBound, perThousand.upperBound)).rounded())
    }

    // MARK: Cadres

    mutating func makeCadres() {
        var r = rng("cadres")
        var names = Set<String>()
        var itDoubles = 0
        for unit in C.units where unit.department.branch == .civil {
            for (field, count) in unit.sends {
                var examples: [(Role, String, CadreCategory, Int, Double, [Skill])] = []
                if unit.department.id == "dept_agriculture_environment", field == "land" {
                    // Krông Nô branch of the land registration office, sent to Nam Đà.
                    examples.append((.namDaLand, C.krongNo, .publicEmployee, 3, 9, [Skill(field: "office", level: 2, years: 4)]))
                    // Lâm Hà branch officer sent to Tân Hà Lâm Hà.
                    examples.append((.tanHaLand, C.namBanLamHa, .publicEmployee, 3, 11, []))
                    // Land officer of the La Gi area, for the Sơn Mỹ industrial-park clearance.
                    examples.append((.sonMyLand, C.laGi, .civilServant, 3, 14, [Skill(field: "construction", level: 2, years: 5)]))
                }
                if unit.department.id == "dept_home_affairs", field == "labour" {
                    // Provincial employment service centre: worker files, job counselling, subsidies.
                    examples.append((.tanHaLabour, "24781", .publicEmployee, 3, 7, [Skill(field: "home_affairs", level: 1, years: 2)]))
                }
                for k in 0..<count {
                    let home: String
                    var category: CadreCategory
                    var skills: [Skill]
                    if k < examples.count {
                        let e = examples[k]
                        roles[cadres.count] = e.0
                        home = e.1
                        category = e.2
                        skills = [Skill(field: field, level: e.3, years: e.4)] + e.5
                    } else {
                        home = homeCommune(&r, capitals: field == "land" || field == "agriculture" ? 0.6 : 0.78)
                        let u = r.uniform()
                        category = u < 0.05 ? .worker : u < 0.05 + unit.publicEmployee ? .publicEmployee : .civilServant
                        let lv = level(&r, 0.15, 0.5)
                        skills = [Skill(field: field, level: lv, years: years(&r, lv))]
                        var related = C.relatedFields[field] ?? []
                        for chance in [0.4, 0.25] where r.chance(chance) && !related.isEmpty {
                            let other = related.remove(at: r.index(below: related.count))
                            let l2 = min(lv, r.chance(0.6) ? 1 : 2)
                            skills.append(Skill(field: other, level: l2, years: rounded(r.uniform(0.5, min(6, max(1, skills[0].years))), 1)))
                        }
                    }
                    var capacity = 1
                    if field == "it", skills[0].level == 3, itDoubles < 6 {
                        capacity = 2
                        itDoubles += 1
                    }
                    let minorityBoost = unit.department.id == "dept_ethnic_religious" ? 2.0 : 1.0
                    let male = r.chance(0.5)
                    let (name, languages) = person(&r, home: home, male: male, minority: 0.6 * minorityBoost, names: &names)
                    cadres.append(Cadre(
                        id: cadreID("cv", cadres.count + 1), name: name, department: unit.department.id,
                        category: category, skills: skills, homeCommune: home, languages: languages,
                        available: true, capacity: capacity))
                }
            }
        }
        for (branch, count) in [(Branch.police, C.policeCount), (.military, C.militaryCount)] {
            let police = branch == .police
            for k in 0..<count {
                let home = homeCommune(&r, capitals: police ? 0.35 : 0.4)
                let officer = r.chance(police ? 0.86 : 0.85)
                let lv = officer ? (r.chance(police ? 0.6 : 0.55) ? 2 : 3) : (r.chance(police ? 0.6 : 0.7) ? 1 : 2)
                let yrs = rounded(officer ? r.uniform(3, 25) : r.uniform(1, 4), 1)
                let male = r.chance(police ? 0.85 : 0.95)
                let (name, languages) = person(&r, home: home, male: male, minority: 0.6, names: &names)
                cadres.append(Cadre(
                    id: cadreID(police ? "ca" : "qs", k + 1), name: name,
                    department: police ? "provincial_police" : "military_command",
                    category: officer ? .officer : .soldier,
                    skills: [Skill(field: police ? "public_security" : "military", level: lv, years: yrs)],
                    homeCommune: home, languages: languages, available: true, capacity: 1))
            }
        }
    }

    func years(_ r: inout SeededGenerator, _ level: Int) -> Double {
        let range: (Double, Double) = level == 1 ? (1, 5) : level == 2 ? (4, 12) : (8, 24)
        return rounded(r.uniform(range.0, range.1), 1)
    }

    /// Most provincial cadres live in the wards of the three former capitals (Đà Lạt about
    /// twice Phan Thiết, Phan Thiết twice Gia Nghĩa); the rest anywhere, by population.
    func homeCommune(_ r: inout SeededGenerator, capitals: Double) -> String {
        let u = r.uniform()
        let wards: [(String, Double)]? =
            u < capitals * 0.6 ? C.daLatWards : u < capitals * 0.86 ? C.phanThietWards : u < capitals ? C.giaNghiaWards : nil
        if let wards { return wards[r.weightedIndex(wards.map(\.1)) ?? 0].0 }
        return communes[r.weightedIndex(communes.map { Double($0.population) }) ?? 0].id
    }

    /// A name and the minority languages spoken: minorities are under-represented among
    /// provincial cadres (`minority` × the home unit's share); some Kinh cadres from minority
    /// areas speak the local language.
    func person(
        _ r: inout SeededGenerator, home: String, male: Bool, minority: Double, names: inout Set<String>
    ) -> (String, [String]) {
        let c = communes[index[home] ?? 0]
        var style = LamDongNames.Style.kinh
        var languages: [String] = []
        if !c.languages.isEmpty {
            if r.chance(min(0.8, c.minorityShare * minority)) {
                let language = r.pick(c.languages)
                style = LamDongNames.Style(language: language)
                languages = [language]
            } else if r.chance(min(0.5, c.minorityShare)) {
                languages = [r.pick(c.languages)]
            }
        }
        var name = LamDongNames.name(style, male: male, using: &r)
        for _ in 0..<20 where names.contains(name) { name = LamDongNames.name(style, male: male, using: &r) }
        names.insert(name)
        return (name, languages)
    }

    // MARK: Meetability

    func reachable(_ cadre: Cadre, _ need: Need) -> Bool {
        guard cadre.homeCommune != need.commune, let a = index[cadre.homeCommune], let b = index[need.commune]
        else { return false }
        return road[a][b] <= Self.maxTravelKm
    }

    /// Every need must be meetable by some cadre within reach: lower a level no reachable cadre
    /// has (rare: a level-3 need in a field with few level-3 cadres).
    mutating func repairLevels(file: String) throws(GeneratorError) {
        let branchOf = Dictionary(uniqueKeysWithValues: C.fields.map { ($0.id, $0.branch) })
        let unitBranch = Dictionary(uniqueKeysWithValues: C.units.map { ($0.department.id, $0.department.branch) })
        for i in needs.indices {
            let n = needs[i]
            let best = cadres.filter { unitBranch[$0.department] == branchOf[n.field] && reachable($0, n) }
                .compactMap { $0.skill(in: n.field)?.level }.max()
            guard let best else {
                throw GeneratorError(file: file, message: "no cadre can reach need \(n.commune)/\(n.field)",
                                     fix: "report this generator bug with the seed used")
            }
            needs[i].level = min(n.level, best)
        }
    }

    // MARK: History

    /// A plausible but imperfect hand-made deployment: cadres in random order, each sent to an
    /// open need of their main field drawn by backlog, priority and nearness (rarely below the
    /// need's level), within hosting capacity. The published examples are placed first.
    mutating func makeHistory(file: String) throws(GeneratorError) {
        var r = rng("history")
        var open = needs.map(\.desired)
        var load = [Int](repeating: 0, count: communes.count)
        var placed = Set<Int>()
        func place(_ ci: Int, _ ni: Int) {
            history.append(HistoryRecord(cadre: cadres[ci].id, commune: needs[ni].commune, field: needs[ni].field, rating: nil))
            historyNeed.append(ni)
            open[ni] -= 1
            load[index[needs[ni].commune] ?? 0] += 1
            placed.insert(ci)
        }
        func need(_ commune: String, _ field: String) -> Int? {
            needs.firstIndex { $0.commune == commune && $0.field == field }
        }
        for (ci, role) in roles.sorted(by: { $0.key < $1.key }) {
            let target: (String, String) = switch role {
            case .namDaLand: (C.namDa, "land")
            case .tanHaLand: (C.tanHaLamHa, "land")
            case .tanHaLabour: (C.tanHaLamHa, "labour")
            case .sonMyLand: (C.sonMy, "land")
            }
            if let ni = need(target.0, target.1) { place(ci, ni) }
        }
        // The public-security officer of each example commune: the nearest able one.
        for commune in [C.tanHaLamHa, C.sonMy] {
            guard let ni = need(commune, "public_security") else { continue }
            let able = cadres.indices.filter {
                !placed.contains($0) && (cadres[$0].skill(in: "public_security")?.level ?? 0) >= needs[ni].level
                    && reachable(cadres[$0], needs[ni])
            }
            if let ci = able.min(by: { distance(cadres[$0], needs[ni]) < distance(cadres[$1], needs[ni]) }) {
                place(ci, ni)
            }
        }
        let closed: Set<String> = [C.tanHaLamHa, C.sonMy]

        // Civil first (scarcest), then military, then police; random order within each.
        var order: [[Int]] = [[], [], []]
        for ci in cadres.indices where !placed.contains(ci) {
            order[cadres[ci].category.isArmedForces ? (cadres[ci].department == "military_command" ? 1 : 2) : 0].append(ci)
        }
        for k in order.indices { r.shuffle(&order[k]) }
        for ci in order.joined() {
            let cadre = cadres[ci]
            // Tiers: main field as the rules go; any own field; then over capacity; then too far.
            let tiers: [(fields: [String], capacity: Bool, travel: Bool)] = [
                ([cadre.skills[0].field], true, true), (cadre.skills.map(\.field), true, true),
                (cadre.skills.map(\.field), false, true), (cadre.skills.map(\.field), false, false),
            ]
            var chosen: Int?
            for tier in tiers where chosen == nil {
                let weights = needs.indices.map { ni -> Double in
                    let n = needs[ni]
                    guard open[ni] > 0, tier.fields.contains(n.field), !closed.contains(n.commune),
                        n.commune != cadre.homeCommune, let host = index[n.commune], let home = index[cadre.homeCommune],
                        !tier.capacity || load[host] < baseCapacity[host],
                        !tier.travel || road[home][host] <= Self.maxTravelKm,
                        let skill = cadre.skill(in: n.field)
                    else { return 0 }
                    let speaks = !Set(cadre.languages).isDisjoint(with: communes[host].languages)
                    return (Double(n.backlog) + 10).squareRoot() * n.priority * exp(-road[home][host] / 90)
                        * (skill.level >= n.level ? 1 : 0.15) * (speaks ? 1.5 : 1) * Double(open[ni]) / Double(n.desired)
                }
                chosen = r.weightedIndex(weights)
            }
            guard let ni = chosen else {
                throw GeneratorError(file: file, message: "cadre \(cadre.id) fits no open need",
                                     fix: "report this generator bug with the seed used")
            }
            place(ci, ni)
        }
        // One row per cadre, in cadre order.
        let ids = cadreIndex
        let rows = zip(history, historyNeed).sorted { (ids[$0.0.cadre] ?? 0) < (ids[$1.0.cadre] ?? 0) }
        history = rows.map(\.0)
        historyNeed = rows.map(\.1)
    }

    var cadreIndex: [String: Int] { Dictionary(uniqueKeysWithValues: cadres.enumerated().map { ($1.id, $0) }) }

    func distance(_ cadre: Cadre, _ need: Need) -> Double {
        guard let a = index[cadre.homeCommune], let b = index[need.commune] else { return .infinity }
        return road[a][b]
    }

    // MARK: Ratings

    /// The published 66 / 189 / 3 / 2, given by rank of a latent score: fit of the placement
    /// (levels above the need, experience, language, travel) plus noise, so that an outcome model
    /// has signal but not certainty. The two not evaluated are drawn at random.
    mutating func rate() {
        var r = rng("ratings")
        let ids = cadreIndex
        let civil = history.indices.filter { !cadres[ids[history[$0].cadre] ?? 0].category.isArmedForces }
        var score: [Int: Double] = [:]
        for h in civil {
            let cadre = cadres[ids[history[h].cadre] ?? 0]
            let n = needs[historyNeed[h]]
            let skill = cadre.skill(in: n.field)
            let speaks = !Set(cadre.languages).isDisjoint(with: communes[index[n.commune] ?? 0].languages)
            let fit = Double((skill?.level ?? 0) - n.level) + 0.1 * min(skill?.years ?? 0, 10)
                + (speaks ? 0.5 : 0) - distance(cadre, n) / 100
            score[h] = fit + 0.8 * r.normalish()
        }
        var rest = civil
        for _ in 0..<2 where !rest.isEmpty {
            history[rest.remove(at: r.index(below: rest.count))].rating = .notEvaluated
        }
        rest.sort { (score[$0] ?? 0, -$0) > (score[$1] ?? 0, -$1) }
        var k = 0
        for (rating, count) in LamDongGenerator.ratingCounts where rating != .notEvaluated {
            for h in rest.dropFirst(k).prefix(count) { history[h].rating = rating }
            k += count
        }
    }

    // MARK: Capacities and units

    /// Hosting capacity is at least what the unit really hosted and what its minima ask.
    mutating func settleCapacities() {
        var load = [Int](repeating: 0, count: communes.count)
        for h in history { load[index[h.commune] ?? 0] += 1 }
        var minima = [Int](repeating: 0, count: communes.count)
        for n in needs { minima[index[n.commune] ?? 0] += n.minimum }
        for i in communes.indices {
            communes[i].hostingCapacity = max(baseCapacity[i], load[i], minima[i])
        }
    }

    /// Headcounts: civil ones share the 3,743 provincial civil-servant posts by size; the release
    /// cap is what the unit sent plus about 10 % slack.
    func departments() -> [Department] {
        var sent: [String: Int] = [:]
        for c in cadres { sent[c.department, default: 0] += 1 }
        let civil = C.units.filter { $0.department.branch == .civil }
        let heads = apportion(C.civilServantPosts, civil.map(\.size))
        return C.units.map { unit in
            var d = unit.department
            let n = sent[d.id] ?? 0
            d.releaseCap = n + max(1, Int((Double(n) * 0.1).rounded(.up)))
            switch d.branch {
            case .civil: d.headcount = max(heads[civil.firstIndex { $0.department.id == d.id } ?? 0], d.releaseCap)
            case .police: d.headcount = C.policeHeadcount
            case .military: d.headcount = C.militaryHeadcount
            }
            return d
        }
    }
}

// MARK: Helpers

/// `prefix` and a 3-digit number: cv001.
private func cadreID(_ prefix: String, _ n: Int) -> String {
    let digits = String(n)
    return prefix + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
}

/// Integers proportional to `weights` that add up to `total` (largest remainder; ties by index).
private func apportion(_ total: Int, _ weights: [Double]) -> [Int] {
    let sum = weights.reduce(0, +)
    guard sum > 0, total > 0 else { return weights.map { _ in 0 } }
    let quotas = weights.map { Double(total) * $0 / sum }
    var result = quotas.map { Int($0.rounded(.down)) }
    let left = total - result.reduce(0, +)
    let order = quotas.indices.sorted {
        let (a, b) = (quotas[$0] - Double(result[$0]), quotas[$1] - Double(result[$1]))
        return a != b ? a > b : $0 < $1
    }
    for i in order.prefix(max(0, left)) { result[i] += 1 }
    return result
}

/// `x` rounded to `decimals` places, as the scenario writer will print it.
private func rounded(_ x: Double, _ decimals: Int) -> Double {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    return (x * scale).rounded() / scale
}

/// Great-circle km between centroids × road factor, to 0.1 km (as the planner's eligibility).
private func travelKm(_ a: Commune, _ b: Commune) -> Double {
    let r = 6371.0088
    let (φ1, φ2) = (a.latitude * .pi / 180, b.latitude * .pi / 180)
    let dφ = φ2 - φ1
    let dλ = (b.longitude - a.longitude) * .pi / 180
    let h = sin(dφ / 2) * sin(dφ / 2) + cos(φ1) * cos(φ2) * sin(dλ / 2) * sin(dλ / 2)
    let km = 2 * r * asin(min(1, h.squareRoot())) * Build.roadFactor
    return (km * 10).rounded() / 10
}
