import Foundation

/// Scenarios of any size with the structure of the Lâm Đồng round, for benchmarks and scale tests.
///
/// Everything is synthetic, drawn from a seed; only the structure is Lâm Đồng's: its 16 fields and
/// priorities, its 15 sending units and what each sends, 260 civil : 370 police : 100 military
/// cadres, 124 units per 730 cadres, public-security needs in every unit, military needs outside
/// the wards, the 14 civil demands and their pulls, and most cadres living in the wards of three
/// capitals. Two presets:
///
/// - `ladder`: one province of N cadres and N × 124/730 units at constant density, with a travel
///   limit that keeps the eligible pairs per cadre about constant, so the program grows linearly
///   and stays one connected piece.
/// - `national`: 34 provinces, 3,321 units, 20,000 cadres; each province a disc of units far
///   enough from the others that the travel limit makes the provinces independent programs.
///
/// The same preset, size and seed give the same scenario, byte for byte once written.
public enum SyntheticGenerator {
    /// Ladder sizes accepted: from a handful of units to the largest that fits inside Vietnam's
    /// bounding box at the ladder's density (so the validator sees plausible coordinates).
    public static let ladderCadres = 50...60_000

    public static let nationalProvinces = 34
    public static let nationalCommunes = 3_321
    public static let nationalCadres = 20_000

    /// Lâm Đồng: 124 commune-level units for 730 cadres.
    static let unitsPerCadre = 124.0 / 730.0
    /// Ladder density: between the national average (about 100 km² per unit) and Lâm Đồng's 195.
    static let ladderKm2PerUnit = 120.0
    /// Reaches about 150 units at the ladder's density, close to Lâm Đồng's 124 within 250 km.
    static let ladderMaxTravelKm = 100.0
    /// Every unit of a province lies within this radius of its centre: at most 64 km apart in a
    /// straight line (83 km by road), while provinces are at least 78 km apart (101 km by road).
    static let provinceRadiusKm = 32.0
    static let nationalMaxTravelKm = 90.0
    static let roadFactor = 1.3

    // MARK: Presets

    /// One province of `cadres` cadres (see the type's documentation).
    public static func ladder(cadres: Int, seed: UInt64) throws(GeneratorError) -> Scenario {
        guard ladderCadres.contains(cadres) else {
            throw GeneratorError(
                file: "--cadres", message: "\(cadres) cadres is outside the ladder's range \(grouped(ladderCadres.lowerBound))–\(grouped(ladderCadres.upperBound))",
                fix: "pass --cadres between \(ladderCadres.lowerBound) and \(ladderCadres.upperBound), e.g. --cadres 5000")
        }
        let units = max(3, Int((Double(cadres) * unitsPerCadre).rounded()))
        // A rectangle of constant density, square until it is as wide as Vietnam's box allows.
        let area = Double(units) * ladderKm2PerUnit
        let width = min(area.squareRoot(), 820)
        let height = area / width
        let region = Region(
            province: nil, units: units, cadres: cadres, firstCode: 10_001,
            shape: .rectangle(widthKm: width, heightKm: height), centre: (lat: 16, lon: 106),
            languages: ladderLanguages, stream: "ladder")
        var build = Build(seed: seed, maxTravelKm: ladderMaxTravelKm)
        build.add(region)
        return build.scenario(
            name: "Synthetic ladder — \(grouped(cadres)) cadres, \(grouped(units)) units (seed \(seed))",
            maxTravelKm: ladderMaxTravelKm)
    }

    /// 34 independent provinces, 3,321 units, 20,000 cadres (see the type's documentation).
    public static func national(seed: UInt64) throws(GeneratorError) -> Scenario {
        var r = SeededGenerator(seed: seed, stream: "national/provinces")
        let sizes = apportion(nationalCommunes, (0..<nationalProvinces).map { _ in r.uniform(0.55, 1.6) })
        let staff = apportion(nationalCadres, sizes.map { Double($0) * r.uniform(0.85, 1.15) })
        var build = Build(seed: seed, maxTravelKm: nationalMaxTravelKm)
        for p in 0..<nationalProvinces {
            // A 7 × 5 grid over Vietnam's bounding box (one slot left empty): rows 238 km apart,
            // columns 1.4° (at least 144 km) apart, discs of 32 km.
            let (row, column) = (p / 5, p % 5)
            let centre = (lat: 8.5 + (Double(row) + 0.5) * 15.0 / 7.0, lon: 102.5 + (Double(column) + 0.5) * 1.4)
            var languages: [[String]] = []
            for _ in 0..<3 {
                var pool = nationalLanguages
                var pick: [String] = []
                for _ in 0..<2 { pick.append(pool.remove(at: r.index(below: pool.count))) }
                languages.append(pick)
            }
            build.add(Region(
                province: p + 1, units: sizes[p], cadres: staff[p], firstCode: (11 + p) * 1000 + 1,
                shape: .disc(radiusKm: provinceRadiusKm), centre: centre, languages: languages,
                stream: "national/p\(p + 1)"))
        }
        return build.scenario(
            name: "Synthetic national — \(nationalProvinces) provinces, \(grouped(nationalCommunes)) units, "
                + "\(grouped(nationalCadres)) cadres (seed \(seed))",
            maxTravelKm: nationalMaxTravelKm)
    }

    /// The province of a national unit, from its code (11001… is province 1); nil for other codes.
    public static func province(ofCommune code: String) -> Int? {
        guard code.count == 5, let n = Int(code), n >= 11_000 else { return nil }
        let p = n / 1000 - 10
        return (1...nationalProvinces).contains(p) ? p : nil
    }

    /// The minority languages of the three parts of a ladder province: Lâm Đồng's.
    static let ladderLanguages = [["K'Ho", "Mạ", "Churu"], ["Cham", "Raglai"], ["M'Nông", "Ê Đê"]]
    static let nationalLanguages = [
        "Tày", "Thái", "Mường", "Khmer", "H'Mông", "Nùng", "Dao", "Gia Rai", "Ê Đê", "Ba Na", "K'Ho",
        "Cham", "Xơ Đăng", "Raglai", "M'Nông", "Cơ Tu",
    ]
    /// The three values the validator accepts for `former_province`; here they name the three
    /// former provinces merged into each synthetic province.
    static let formerProvinces = ["Lam Dong", "Binh Thuan", "Dak Nong"]
}

// MARK: Regions

private typealias C = LamDongCatalogue

/// One synthetic province: how many units and cadres, where, and its random stream.
private struct Region {
    enum Shape {
        case rectangle(widthKm: Double, heightKm: Double)
        case disc(radiusKm: Double)
    }

    /// 1…34 for the national preset; nil for the ladder's single province.
    var province: Int?
    var units: Int
    var cadres: Int
    var firstCode: Int
    var shape: Shape
    var centre: (lat: Double, lon: Double)
    /// Minority languages of each of the three former provinces.
    var languages: [[String]]
    var stream: String

    var idPrefix: String { province.map { "p" + padded($0, 2) + "-" } ?? "" }
    var label: String? { province.map { "P" + padded($0, 2) } }
}

/// The scenario under construction; each region appends its units, needs, departments and cadres.
private struct Build {
    let seed: UInt64
    let maxTravelKm: Double
    var communes: [Commune] = []
    var needs: [Need] = []
    var departments: [Department] = []
    var cadres: [Cadre] = []

    init(seed: UInt64, maxTravelKm: Double) {
        self.seed = seed
        self.maxTravelKm = maxTravelKm
    }

    func scenario(name: String, maxTravelKm: Double) -> Scenario {
        Scenario(
            name: name, round: Round(start: "2025-08-01", end: "2025-10-31"),
            policy: Policy(maxTravelKm: maxTravelKm, roadFactor: SyntheticGenerator.roadFactor, allowHomeCommune: false),
            weights: Weights(), solver: SolverSettings(timeLimit: 60, relativeGap: 0, stage2Tolerance: 0),
            fields: C.fields, communes: communes, needs: needs, departments: departments, cadres: cadres)
    }

    mutating func add(_ region: Region) {
        var g = RegionBuild(region: region, seed: seed, maxTravelKm: maxTravelKm)
        g.makeCommunes()
        g.makeNeeds()
        g.makeCadres()
        g.repairLevels()
        g.settleCapacities()
        communes += g.communes
        needs += g.needs
        departments += g.departments()
        cadres += g.cadres
    }
}

/// The stages of one region, in the order `Build.add` calls them; each draws from its own stream.
private struct RegionBuild {
    let region: Region
    let seed: UInt64
    let maxTravelKm: Double
    var communes: [Commune] = []
    /// Position in km east and north of the region's south-west corner (or centre, for discs).
    var position: [(x: Double, y: Double)] = []
    /// Index of the capital each unit is nearest to (0, 1, 2): its former province.
    var part: [Int] = []
    /// Wards of each capital, with their population, for where cadres live.
    var capitalWards: [[Int]] = [[], [], []]
    var needs: [Need] = []
    var cadres: [Cadre] = []
    /// Cadres per department (index into `C.units`).
    var sent: [Int] = Array(repeating: 0, count: C.units.count)

    init(region: Region, seed: UInt64, maxTravelKm: Double) {
        self.region = region
        self.seed = seed
        self.maxTravelKm = maxTravelKm
    }

    func rng(_ stage: String) -> SeededGenerator { SeededGenerator(seed: seed, stream: "\(region.stream)/\(stage)") }

    // MARK: Units

    /// Units spread evenly (jittered grid, or a sunflower spiral in a disc); the units nearest
    /// three capitals become wards, about 20 in 124 as in Lâm Đồng.
    mutating func makeCommunes() {
        var r = rng("communes")
        let m = region.units
        var anchors: [(x: Double, y: Double)]
        switch region.shape {
        case .rectangle(let width, let height):
            let columns = max(1, Int((Double(m) * width / height).squareRoot().rounded(.up)))
            let rows = (m + columns - 1) / columns
            var cells = Array(0..<(columns * rows))
            r.shuffle(&cells)
            for cell in cells.prefix(m).sorted() {
                let (cx, cy) = (cell % columns, cell / columns)
                position.append((x: (Double(cx) + r.uniform(0.1, 0.9)) * width / Double(columns),
                                 y: (Double(cy) + r.uniform(0.1, 0.9)) * height / Double(rows)))
            }
            anchors = [(0.3 * width, 0.7 * height), (0.75 * width, 0.35 * height), (0.3 * width, 0.2 * height)]
        case .disc(let radius):
            let turn = 2.399963229728653  // the golden angle, in radians
            for k in 0..<m {
                let rho = radius * min(1, ((Double(k) + r.uniform(0.2, 0.8)) / Double(m)).squareRoot())
                let theta = Double(k) * turn + r.uniform(-0.2, 0.2)
                position.append((x: rho * cos(theta), y: rho * sin(theta)))
            }
            anchors = [(0, 0.5 * radius), (-0.43 * radius, -0.25 * radius), (0.43 * radius, -0.25 * radius)]
        }
        func distance(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double)) -> Double {
            ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
        }
        part = position.map { p in (0..<3).min { distance(p, anchors[$0]) < distance(p, anchors[$1]) } ?? 0 }

        // Wards: the units nearest each capital, shared 50 / 30 / 20 like Đà Lạt, Phan Thiết, Gia Nghĩa.
        let wardCount = max(3, Int((Double(m) * 20 / 124).rounded()))
        let perCapital = apportion(min(wardCount, m), [5, 3, 2])
        var isWard = Array(repeating: false, count: m)
        for (a, count) in perCapital.enumerated() {
            let nearest = position.indices.filter { !isWard[$0] }
                .sorted { (distance(position[$0], anchors[a]), $0) < (distance(position[$1], anchors[a]), $1) }
            for i in nearest.prefix(count) {
                isWard[i] = true
                capitalWards[a].append(i)
            }
        }

        // Minority shares: a level per former province, varied by unit; wards have fewer.
        let levels = (0..<3).map { _ -> Double in
            let u = r.uniform()
            return u < 0.4 ? r.uniform(0, 0.08) : u < 0.75 ? r.uniform(0.08, 0.3) : r.uniform(0.3, 0.7)
        }
        let km2 = SyntheticGenerator.ladderKm2PerUnit
        let (latScale, lonScale) = (1 / 111.32, 1 / (111.32 * cos(region.centre.lat * .pi / 180)))
        var origin = (lat: region.centre.lat, lon: region.centre.lon)
        if case .rectangle(let width, let height) = region.shape {
            origin = (region.centre.lat - height / 2 * latScale, region.centre.lon - width / 2 * lonScale)
        }
        var names = Set<String>()
        for i in 0..<m {
            let ward = isWard[i]
            let population = Int((31_000 * (ward ? 2.0 : 1.0) * r.uniform(0.5, 1.6)).rounded())
            let area = rounded(km2 * (ward ? 0.25 : 1.15) * r.uniform(0.6, 1.5), 2)
            let share = rounded(min(0.95, levels[part[i]] * r.uniform(0.2, 2) * (ward ? 0.2 : 1)), 3)
            let spoken = region.languages[part[i]]
            var languages: [String] = []
            if share >= 0.02 {
                languages = [r.pick(spoken)]
                if share > 0.3, r.chance(0.5), let other = spoken.first(where: { $0 != languages[0] }) {
                    languages.append(other)
                }
            }
            let (name, ascii) = placeName(&r, taken: &names)
            communes.append(Commune(
                id: String(region.firstCode + i), name: name, nameAscii: ascii, kind: ward ? .ward : .commune,
                formerProvince: SyntheticGenerator.formerProvinces[part[i]],
                latitude: rounded(origin.lat + position[i].y * latScale, 5),
                longitude: rounded(origin.lon + position[i].x * lonScale, 5), areaKm2: area,
                population: population,
                hostingCapacity: min(12, max(5, 3 + Int((Double(population) / 4500).rounded()))),
                minorityShare: share, languages: languages))
        }
    }

    /// Two syllables of common Vietnamese place names, unique within the region (a number is
    /// added once the pairs run out).
    func placeName(_ r: inout SeededGenerator, taken: inout Set<String>) -> (String, String) {
        for attempt in 0..<40 {
            let a = r.pick(placeSyllables)
            var b = r.pick(placeSyllables)
            while b.0 == a.0 { b = r.pick(placeSyllables) }
            let suffix = attempt < 10 ? "" : " \(taken.count)"
            let name = "\(a.0) \(b.0)\(suffix)"
            if taken.insert(name).inserted { return (name, "\(a.1) \(b.1)\(suffix)") }
        }
        let name = "Xã \(taken.count + 1)"
        taken.insert(name)
        return (name, "Xa \(taken.count)")
    }

    // MARK: Needs

    /// Lâm Đồng's needs, scaled: public security everywhere (2–6 cadres by size, 7 % more than
    /// the police), military outside the wards, and each civil demand in its share of the units.
    mutating func makeNeeds() {
        var r = rng("needs")
        let m = communes.count
        let police = composition.police
        var byCommune = Array(repeating: [Need](), count: m)

        let extra = apportion(max(0, Int((Double(police) * 1.07).rounded()) - 2 * m),
                              communes.map { pow(Double($0.population), 0.8) })
        for (i, c) in communes.enumerated() {
            let desired = min(6, 2 + extra[i])
            let frontier = r.chance(0.03)
            byCommune[i].append(Need(
                commune: c.id, field: "public_security", minimum: desired >= 4 ? 2 : 1, desired: desired,
                level: level(&r, 0.6, 0.35), backlog: backlog(&r, c, 1...4), priority: frontier ? 1.5 : 1))
        }
        for (i, c) in communes.enumerated() where c.kind != .ward {
            let frontier = r.chance(0.03)
            byCommune[i].append(Need(
                commune: c.id, field: "military", minimum: frontier || r.chance(0.5) ? 1 : 0,
                desired: frontier ? 2 : 1, level: frontier ? 2 : level(&r, 0.7, 0.3),
                backlog: backlog(&r, c, 0.05...0.3), priority: frontier ? 1.5 : 1))
        }
        let scale = Double(m) / 124
        for demand in C.civilDemand {
            let count = min(m, Int((Double(demand.needs) * scale).rounded()))
            guard count > 0 else { continue }
            let twice = min(count, Int((Double(demand.desired - demand.needs) * scale).rounded()))
            var tree = WeightTree(communes.map { c -> Double in
                let pull: Double = switch demand.pull {
                case .population: Double(c.population)
                case .urban: Double(c.population) * (c.kind == .ward ? 2 : 1)
                case .rural: c.kind == .ward ? 0.35 : 1
                case .minority: c.minorityShare + 0.05
                case .flat: 1
                }
                return pull * r.uniform(0.5, 1.5)
            })
            var chosen: [Int] = []
            while chosen.count < count, let i = tree.sample(&r) {
                chosen.append(i)
                tree.set(i, 0)
            }
            // Extra desired cadres go to the largest of the chosen units.
            let largest = Set(chosen.sorted { (communes[$0].population, -$0) > (communes[$1].population, -$1) }.prefix(twice))
            let hot = ["land", "finance", "justice", "it"].contains(demand.field)
            for i in chosen {
                let c = communes[i]
                let u = r.uniform()
                byCommune[i].append(Need(
                    commune: c.id, field: demand.field, minimum: hot || r.chance(0.5) ? 1 : 0,
                    desired: largest.contains(i) ? 2 : 1, level: level(&r, demand.levels.0, demand.levels.1),
                    backlog: backlog(&r, c, demand.backlogRate), priority: u > 0.75 ? 1.5 : 1))
            }
        }
        let fieldOrder = Dictionary(uniqueKeysWithValues: C.fields.enumerated().map { ($1.id, $0) })
        needs = byCommune.flatMap { $0.sorted { (fieldOrder[$0.field] ?? 0) < (fieldOrder[$1.field] ?? 0) } }
    }

    func level(_ r: inout SeededGenerator, _ p1: Double, _ p2: Double) -> Int {
        let u = r.uniform()
        return u < p1 ? 1 : u < p1 + p2 ? 2 : 3
    }

    func backlog(_ r: inout SeededGenerator, _ c: Commune, _ perThousand: ClosedRange<Double>) -> Int {
        Int((Double(c.population) / 1000 * r.uniform(perThousand.lowerBound, perThousand.upperBound)).rounded())
    }

    // MARK: Cadres

    /// Civil, police and military cadres in Lâm Đồng's proportions (260 : 370 : 100).
    var composition: (civil: Int, police: Int, military: Int) {
        let split = apportion(region.cadres, [Double(260), Double(C.policeCount), Double(C.militaryCount)])
        return (split[0], split[1], split[2])
    }

    /// Each sending unit sends its share of the civil cadres, by field, as in Lâm Đồng; skills,
    /// levels, years, categories and homes are drawn as there. Police and military follow.
    mutating func makeCadres() {
        var r = rng("cadres")
        let (civil, police, military) = composition
        let slots = C.units.enumerated().flatMap { u, unit in unit.sends.map { (unit: u, field: $0.field, count: $0.count) } }
        let counts = apportion(civil, slots.map { Double($0.count) })
        let homes = WeightTree(communes.map { Double($0.population) })
        let wardHomes = capitalWards.map { wards in WeightTree(wards.map { Double(communes[$0].population) }) }
        let doubles = Int((6 * Double(civil) / 260).rounded())  // IT seniors carrying two units
        var itDoubles = 0
        let width = max(3, String(max(civil, police, military)).count)
        var serial = (civil: 0, police: 0, military: 0)

        let capitalWards = capitalWards
        func home(_ r: inout SeededGenerator, capitals: Double) -> Int {
            let u = r.uniform()
            let capital = u < capitals * 0.5 ? 0 : u < capitals * 0.8 ? 1 : u < capitals ? 2 : nil
            if let capital, let w = wardHomes[capital].sample(&r) { return capitalWards[capital][w] }
            return homes.sample(&r) ?? 0
        }

        for (slot, count) in zip(slots, counts) {
            let unit = C.units[slot.unit]
            for _ in 0..<count {
                let h = home(&r, capitals: slot.field == "land" || slot.field == "agriculture" ? 0.6 : 0.78)
                let u = r.uniform()
                let category: CadreCategory = u < 0.05 ? .worker : u < 0.05 + unit.publicEmployee ? .publicEmployee : .civilServant
                let lv = level(&r, 0.15, 0.5)
                var skills = [Skill(field: slot.field, level: lv, years: years(&r, lv))]
                var related = C.relatedFields[slot.field] ?? []
                for chance in [0.4, 0.25] where r.chance(chance) && !related.isEmpty {
                    let other = related.remove(at: r.index(below: related.count))
                    let l2 = min(lv, r.chance(0.6) ? 1 : 2)
                    skills.append(Skill(field: other, level: l2, years: rounded(r.uniform(0.5, min(6, max(1, skills[0].years))), 1)))
                }
                var capacity = 1
                if slot.field == "it", lv == 3, itDoubles < doubles {
                    capacity = 2
                    itDoubles += 1
                }
                let boost = unit.department.id == "dept_ethnic_religious" ? 2.0 : 1.0
                let (name, languages) = person(&r, home: h, male: r.chance(0.5), minority: 0.6 * boost)
                serial.civil += 1
                sent[slot.unit] += 1
                cadres.append(Cadre(
                    id: region.idPrefix + "cv" + padded(serial.civil, width), name: name,
                    department: region.idPrefix + unit.department.id, category: category, skills: skills,
                    homeCommune: communes[h].id, languages: languages, available: true, capacity: capacity))
            }
        }
        let policeUnit = C.units.firstIndex { $0.department.branch == .police } ?? 0
        let militaryUnit = C.units.firstIndex { $0.department.branch == .military } ?? 0
        for (isPolice, count) in [(true, police), (false, military)] {
            for _ in 0..<count {
                let h = home(&r, capitals: isPolice ? 0.35 : 0.4)
                let officer = r.chance(isPolice ? 0.86 : 0.85)
                let lv = officer ? (r.chance(isPolice ? 0.6 : 0.55) ? 2 : 3) : (r.chance(isPolice ? 0.6 : 0.7) ? 1 : 2)
                let yrs = rounded(officer ? r.uniform(3, 25) : r.uniform(1, 4), 1)
                let (name, languages) = person(&r, home: h, male: r.chance(isPolice ? 0.85 : 0.95), minority: 0.6)
                let unit = isPolice ? policeUnit : militaryUnit
                sent[unit] += 1
                let id: String
                if isPolice {
                    serial.police += 1
                    id = "ca" + padded(serial.police, width)
                } else {
                    serial.military += 1
                    id = "qs" + padded(serial.military, width)
                }
                cadres.append(Cadre(
                    id: region.idPrefix + id, name: name, department: region.idPrefix + C.units[unit].department.id,
                    category: officer ? .officer : .soldier,
                    skills: [Skill(field: isPolice ? "public_security" : "military", level: lv, years: yrs)],
                    homeCommune: communes[h].id, languages: languages, available: true, capacity: 1))
            }
        }
    }

    func years(_ r: inout SeededGenerator, _ level: Int) -> Double {
        let range: (Double, Double) = level == 1 ? (1, 5) : level == 2 ? (4, 12) : (8, 24)
        return rounded(r.uniform(range.0, range.1), 1)
    }

    /// A name and the minority languages spoken, as in the Lâm Đồng generator (names are not
    /// made unique: at national scale two cadres may share a name, as in life).
    func person(_ r: inout SeededGenerator, home: Int, male: Bool, minority: Double) -> (String, [String]) {
        let c = communes[home]
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
        return (LamDongNames.name(style, male: male, using: &r), languages)
    }

    // MARK: Meetability

    /// A need whose level no cadre within reach has is lowered to the best reachable level, as
    /// in Lâm Đồng. A need no cadre of its field can reach at all is kept: the planner reports it
    /// as unmet for want of an eligible cadre. Reach is the planner's own (`Eligibility.travelKm`),
    /// looked up through a grid of cells at least as wide as the travel limit.
    mutating func repairLevels() {
        let fields = Dictionary(uniqueKeysWithValues: C.fields.enumerated().map { ($1.id, $0) })
        var best = Array(repeating: Array(repeating: 0, count: C.fields.count), count: communes.count)
        let index = Dictionary(uniqueKeysWithValues: communes.enumerated().map { ($1.id, $0) })
        for cadre in cadres {
            guard let h = index[cadre.homeCommune] else { continue }
            for skill in cadre.skills {
                if let f = fields[skill.field] { best[h][f] = max(best[h][f], skill.level) }
            }
        }
        let grid = ReachGrid(communes, reachKm: maxTravelKm / SyntheticGenerator.roadFactor)
        for n in needs.indices {
            guard let host = index[needs[n].commune], let f = fields[needs[n].field] else { continue }
            var reachable = 0
            for h in grid.candidates(near: host) where h != host && best[h][f] > reachable {
                let km = Eligibility.travelKm(from: communes[h], to: communes[host], roadFactor: SyntheticGenerator.roadFactor)
                if km <= maxTravelKm { reachable = best[h][f] }
            }
            if reachable > 0 { needs[n].level = min(needs[n].level, reachable) }
        }
    }

    // MARK: Capacities and departments

    /// Hosting capacity is at least what the unit's minima ask.
    mutating func settleCapacities() {
        var minima = Array(repeating: 0, count: communes.count)
        let index = Dictionary(uniqueKeysWithValues: communes.enumerated().map { ($1.id, $0) })
        for n in needs { minima[index[n.commune] ?? 0] += n.minimum }
        for i in communes.indices { communes[i].hostingCapacity = max(communes[i].hostingCapacity, minima[i]) }
    }

    /// Lâm Đồng's 15 sending units with headcounts scaled to the region; the release cap is what
    /// the unit sent plus about 10 % slack.
    func departments() -> [Department] {
        let (civil, police, military) = composition
        let civilUnits = C.units.indices.filter { C.units[$0].department.branch == .civil }
        let heads = apportion(Int((Double(C.civilServantPosts) * Double(civil) / 260).rounded()),
                              civilUnits.map { C.units[$0].size })
        return C.units.enumerated().map { u, unit in
            var d = unit.department
            d.id = region.idPrefix + d.id
            if let label = region.label {
                d.name += " (\(label))"
                d.nameVi += " (\(label))"
            }
            switch d.branch {
            case .civil: break
            case .police: d.nameVi = "Công an tỉnh" + (region.label.map { " (\($0))" } ?? "")
            case .military: d.nameVi = "Bộ Chỉ huy Quân sự tỉnh" + (region.label.map { " (\($0))" } ?? "")
            }
            let n = sent[u]
            d.releaseCap = n + max(1, Int((Double(n) * 0.1).rounded(.up)))
            let headcount = switch d.branch {
            case .civil: heads[civilUnits.firstIndex(of: u) ?? 0]
            case .police: Int((Double(C.policeHeadcount) * Double(police) / Double(C.policeCount)).rounded())
            case .military: Int((Double(C.militaryHeadcount) * Double(military) / Double(C.militaryCount)).rounded())
            }
            d.headcount = max(headcount, d.releaseCap)
            return d
        }
    }
}

// MARK: Helpers

/// Syllables of common Vietnamese place names, with their ASCII spelling.
private let placeSyllables: [(String, String)] = [
    ("An", "An"), ("Bình", "Binh"), ("Hòa", "Hoa"), ("Phú", "Phu"), ("Tân", "Tan"), ("Long", "Long"),
    ("Mỹ", "My"), ("Thạnh", "Thanh"), ("Phước", "Phuoc"), ("Hưng", "Hung"), ("Lộc", "Loc"), ("Thuận", "Thuan"),
    ("Đông", "Dong"), ("Tây", "Tay"), ("Nam", "Nam"), ("Bắc", "Bac"), ("Trung", "Trung"), ("Sơn", "Son"),
    ("Hải", "Hai"), ("Xuân", "Xuan"), ("Vĩnh", "Vinh"), ("Đức", "Duc"), ("Hiệp", "Hiep"), ("Thới", "Thoi"),
    ("Thành", "Thanh"), ("Quang", "Quang"), ("Minh", "Minh"), ("Lợi", "Loi"), ("Khánh", "Khanh"), ("Gia", "Gia"),
    ("Hợp", "Hop"), ("Lạc", "Lac"), ("Lâm", "Lam"), ("Thịnh", "Thinh"), ("Định", "Dinh"), ("Nghĩa", "Nghia"),
    ("Cường", "Cuong"), ("Thủy", "Thuy"), ("Yên", "Yen"), ("Châu", "Chau"),
]

/// Weights in a sum tree: O(log n) weighted draws and updates, where `SeededGenerator.weightedIndex`
/// is O(n) per draw — too slow for thousands of draws over thousands of units. Sums are recomputed
/// from the children, so a weight set to 0 is exactly 0 and never drawn.
private struct WeightTree {
    private var size = 1
    private var sums: [Double]

    init(_ weights: [Double]) {
        while size < max(1, weights.count) { size *= 2 }
        sums = Array(repeating: 0, count: 2 * size)
        for (i, w) in weights.enumerated() { sums[size + i] = max(0, w) }
        for i in stride(from: size - 1, through: 1, by: -1) { sums[i] = sums[2 * i] + sums[2 * i + 1] }
    }

    mutating func set(_ i: Int, _ weight: Double) {
        var k = size + i
        sums[k] = max(0, weight)
        k /= 2
        while k >= 1 {
            sums[k] = sums[2 * k] + sums[2 * k + 1]
            k /= 2
        }
    }

    /// An index drawn with probability proportional to its weight; nil when all are 0.
    func sample(_ r: inout SeededGenerator) -> Int? {
        guard sums[1] > 0 else { return nil }
        var x = r.uniform() * sums[1]
        var k = 1
        while k < size {
            let (left, right) = (sums[2 * k], sums[2 * k + 1])
            if right == 0 || (left > 0 && x < left) {
                k = 2 * k
            } else {
                x -= left
                k = 2 * k + 1
            }
        }
        return k - size
    }
}

/// Units bucketed by latitude and longitude in cells at least `reachKm` wide (straight line), so
/// that every unit within reach of another is in the 3 × 3 cells around it.
private struct ReachGrid {
    private var cells: [Int: [Int]] = [:]
    private var cellOf: [(Int, Int)] = []

    init(_ communes: [Commune], reachKm: Double) {
        let maxLat = communes.map { abs($0.latitude) }.max() ?? 0
        // A degree of longitude is shortest at the highest latitude: cells sized there are wide enough.
        let latStep = max(1e-6, reachKm / 110.5)  // a degree is 111.2 km on the planner's sphere
        let lonStep = max(1e-6, reachKm / (111.0 * max(0.05, cos(min(89, maxLat + 1) * .pi / 180))))
        for (i, c) in communes.enumerated() {
            let cell = (Int((c.latitude / latStep).rounded(.down)), Int((c.longitude / lonStep).rounded(.down)))
            cellOf.append(cell)
            cells[Self.key(cell), default: []].append(i)
        }
    }

    static func key(_ cell: (Int, Int)) -> Int { cell.0 &* 1_000_003 &+ cell.1 }

    func candidates(near i: Int) -> [Int] {
        let (a, b) = cellOf[i]
        var out: [Int] = []
        for da in -1...1 {
            for db in -1...1 { out += cells[Self.key((a + da, b + db))] ?? [] }
        }
        return out
    }
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

/// `x` rounded to `decimals` places, as the scenario writer prints it.
private func rounded(_ x: Double, _ decimals: Int) -> Double {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    return (x * scale).rounded() / scale
}

private func padded(_ n: Int, _ width: Int) -> String {
    let digits = String(n)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

/// 20000 → "20,000".
private func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, ch) in digits.enumerated() {
        if i > 0, (digits.count - i) % 3 == 0 { out += "," }
        out.append(ch)
    }
    return (n < 0 ? "-" : "") + out
}

// MARK: README

extension SyntheticGenerator {
    /// README.md of a generated folder: what the preset is, how to regenerate it, what is
    /// synthetic, and the figures as they came out. Built from the scenario, so it cannot drift.
    public static func readme(for s: Scenario, command: String) -> String {
        let branchOf = Dictionary(s.departments.map { ($0.id, $0.branch) }, uniquingKeysWith: { a, _ in a })
        var cadresBy: [Branch: Int] = [:]
        for c in s.cadres { cadresBy[branchOf[c.department] ?? .civil, default: 0] += 1 }
        var needCount: [String: (Int, Int, Int)] = [:]
        for n in s.needs {
            let t = needCount[n.field] ?? (0, 0, 0)
            needCount[n.field] = (t.0 + 1, t.1 + n.minimum, t.2 + n.desired)
        }
        let rows = s.fields.map { f -> String in
            let t = needCount[f.id] ?? (0, 0, 0)
            return "| \(f.id) | \(f.branch.rawValue) | \(grouped(t.0)) | \(grouped(t.1)) | \(grouped(t.2)) |"
        }.joined(separator: "\n")
        let provinces = Set(s.communes.compactMap { province(ofCommune: $0.id) }).count
        let national = provinces > 1
        let wards = s.communes.filter { $0.kind == .ward }.count
        let limit = s.policy.maxTravelKm.map { "\(Int($0)) km" } ?? "no limit"
        let geography = national
            ? """
              \(provinces) provinces on a 7 × 5 grid over Vietnam's bounding box (one slot empty). Each province
              is a disc of radius \(Int(provinceRadiusKm)) km holding its units, so two units of a province are
              at most \(Int(2 * provinceRadiusKm)) km apart in a straight line (\(Int(2 * provinceRadiusKm * roadFactor)) km by road), and units of
              different provinces at least 78 km (101 km by road). With `max_travel_km: \(limit)` no cadre
              can serve outside their province: the program splits into \(provinces) independent ones.
              A unit's province is in its code: 11001… is province 1 (P01), 44xxx province 34. Department
              and cadre ids start with `pNN-`.
              """
            : """
              One province: a rectangle at constant density (\(Int(ladderKm2PerUnit)) km² per unit) centred on
              16° N, 106° E, square until it is 820 km wide. With `max_travel_km: \(limit)` a cadre reaches
              about 150 units whatever the size, so the program grows linearly with the number of cadres
              and stays one connected piece.
              """
        return """
            # \(s.name)

            A synthetic scenario with the structure of the Lâm Đồng 2025 round, for benchmarks and scale
            tests (`make bench`). **Nothing in it is real**: units, people, needs and places are drawn
            from a seed. Regenerate it byte for byte with:

                \(command)

            ## What it has

            - \(grouped(s.communes.count)) commune-level units (\(grouped(wards)) wards), \(grouped(s.needs.count)) needs,
              \(grouped(s.departments.count)) sending units, \(grouped(s.cadres.count)) cadres: \(grouped(cadresBy[.civil] ?? 0)) civil, \(grouped(cadresBy[.police] ?? 0)) police,
              \(grouped(cadresBy[.military] ?? 0)) military (Lâm Đồng's 260 : 370 : 100); no history, no pair rules.
            - Lâm Đồng's 16 fields and priorities, its 15 sending units with what each sends (scaled),
              124 units per 730 cadres, public-security needs in every unit (2–6 cadres, about 7 % more
              than the police), military needs outside the wards, each civil demand in its share of the
              units, most cadres living in the wards of three capitals, skills, levels, years and
              languages drawn as in `LamDongGenerator`. A need no cadre within reach has the level for
              is lowered to the best reachable level.

            ## Geography

            \(geography)

            `former_province` names which of the three former provinces merged into a province a unit
            belongs to (the one whose capital is nearest). The validator accepts only Lâm Đồng's three
            names, so they stand for the three parts of every synthetic province.

            ## Needs by field

            | field | branch | needs | min | desired |
            |---|---|---:|---:|---:|
            \(rows)

            """
    }
}
