import CadrePlanCore

/// Small scenarios built in code, so each test states its whole world in a few lines.
/// Communes sit on a line of longitude 108°, 0.1° of latitude (≈ 11.1 km) apart; road factor 1.
enum Tiny {
    static func commune(_ id: String, at step: Int, hosting: Int = 10, languages: [String] = []) -> Commune {
        Commune(id: id, name: "Xã \(id)", nameAscii: "Xa \(id)", kind: .commune, formerProvince: "Lam Dong",
                latitude: 11.0 + 0.1 * Double(step), longitude: 108.0, areaKm2: 100, population: 10_000,
                hostingCapacity: hosting, minorityShare: languages.isEmpty ? 0 : 0.5, languages: languages)
    }

    static let fields = [
        Field(id: "land", name: "Land", nameVi: "Đất đai", branch: .civil, priority: 3),
        Field(id: "it", name: "IT", nameVi: "CNTT", branch: .civil, priority: 1),
        Field(id: "public_security", name: "Public security", nameVi: "An ninh", branch: .police, priority: 2),
    ]

    static func department(_ id: String, branch: Branch = .civil, cap: Int = 100) -> Department {
        Department(id: id, name: id, nameVi: id, branch: branch, headcount: max(cap, 100), releaseCap: cap)
    }

    static func cadre(
        _ id: String, _ skills: [(String, Int, Double)], home: String = "H", department: String = "DNNMT",
        category: CadreCategory = .civilServant, languages: [String] = [], capacity: Int = 1
    ) -> Cadre {
        Cadre(id: id, name: "Cán bộ \(id)", department: department, category: category,
              skills: skills.map { Skill(field: $0.0, level: $0.1, years: $0.2) }, homeCommune: home,
              languages: languages, available: true, capacity: capacity)
    }

    static func need(_ commune: String, _ field: String, min: Int = 1, desired: Int = 1, level: Int = 1,
                     priority: Double = 1) -> Need {
        Need(commune: commune, field: field, minimum: min, desired: desired, level: level, backlog: 10,
             priority: priority)
    }

    static func scenario(
        communes: [Commune], needs: [Need], cadres: [Cadre], departments: [Department] = [department("DNNMT")],
        pairs: [PairRule] = [], maxTravelKm: Double? = nil
    ) -> Scenario {
        var weights = Weights()
        weights.experienceYear = 0.1
        return Scenario(
            name: "tiny", round: Round(start: "2025-08-01", end: "2025-10-31"),
            policy: Policy(maxTravelKm: maxTravelKm, roadFactor: 1, allowHomeCommune: false), weights: weights,
            solver: SolverSettings(timeLimit: 30, relativeGap: 0, stage2Tolerance: 0), fields: fields,
            communes: communes, needs: needs, departments: departments, cadres: cadres, pairs: pairs)
    }

    /// Solves and returns the roster as "cadre→commune/field" strings, sorted.
    static func plan(_ s: Scenario) throws -> (roster: Roster, lines: [String]) {
        let result = try Planner.plan(s, options: PlanOptions(s.solver))
        let roster = Roster(result)
        return (roster, roster.assignments.map { "\($0.cadre)→\($0.commune)/\($0.field)" }.sorted())
    }
}

/// SplitMix64: a tiny seeded generator, so random tests are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
