import CadrePlanCore
import CadrePlanReport
import Foundation

/// Small scenarios built in code for the report tests, and the path of the default scenario.
/// Communes sit on longitude 108°, 0.1° of latitude (11.1 km) apart; road factor 1.
enum ReportFixtures {
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let defaultScenario = repoRoot.appendingPathComponent("scenarios/lam-dong-2025").path

    static func commune(_ id: String, at step: Int, hosting: Int, minority: Double = 0, languages: [String] = [],
                        name: String? = nil) -> Commune {
        Commune(id: id, name: name ?? "Xã \(id)", nameAscii: "Xa \(id)", kind: .commune, formerProvince: "Lam Dong",
                latitude: 11.0 + 0.1 * Double(step), longitude: 108.0, areaKm2: 100, population: 10_000,
                hostingCapacity: hosting, minorityShare: minority, languages: languages)
    }

    static let fields = [
        Field(id: "land", name: "Land", nameVi: "Đất đai", branch: .civil, priority: 3),
        Field(id: "it", name: "IT", nameVi: "Công nghệ thông tin", branch: .civil, priority: 1),
        Field(id: "public_security", name: "Public security", nameVi: "An ninh, trật tự", branch: .police, priority: 2),
    ]

    static func cadre(_ id: String, _ skills: [(String, Int, Double)], home: String, department: String = "DNNMT",
                      category: CadreCategory = .civilServant, languages: [String] = [], name: String? = nil) -> Cadre {
        Cadre(id: id, name: name ?? "Cán bộ \(id)", department: department, category: category,
              skills: skills.map { Skill(field: $0.0, level: $0.1, years: $0.2) }, homeCommune: home,
              languages: languages, available: true, capacity: 1)
    }

    static func need(_ commune: String, _ field: String, min: Int = 1, desired: Int = 1, level: Int = 1) -> Need {
        Need(commune: commune, field: field, minimum: min, desired: desired, level: level, backlog: 10, priority: 1)
    }

    /// A: minority commune (K'Ho) hosting 2; B: hosting 1; H: where c1 and c2 live.
    static func tiny(maxTravelKm: Double? = nil) -> Scenario {
        Scenario(
            name: "tiny", round: Round(start: "2025-08-01", end: "2025-10-31"),
            policy: Policy(maxTravelKm: maxTravelKm, roadFactor: 1, allowHomeCommune: false),
            weights: Weights(), fields: fields,
            communes: [
                commune("10001", at: 0, hosting: 2, minority: 0.5, languages: ["K'Ho"]),
                commune("10002", at: 1, hosting: 1),
                commune("10003", at: 3, hosting: 5),
            ],
            needs: [
                need("10001", "land", min: 1, desired: 2, level: 2),
                need("10001", "it"),
                need("10002", "land"),
                need("10002", "public_security"),
                need("10003", "land"),
            ],
            departments: [
                Department(id: "DNNMT", name: "Agriculture", nameVi: "Sở Nông nghiệp", branch: .civil, headcount: 100, releaseCap: 2),
                Department(id: "CA", name: "Police", nameVi: "Công an tỉnh", branch: .police, headcount: 50, releaseCap: 1),
            ],
            cadres: [
                cadre("c1", [("land", 3, 12)], home: "10003", languages: ["K'Ho"]),
                cadre("c2", [("land", 1, 4)], home: "10003"),
                cadre("c3", [("it", 2, 2)], home: "10002"),
                cadre("p1", [("public_security", 1, 5)], home: "10001", department: "CA", category: .officer),
            ])
    }

    static func p(_ cadre: String, _ commune: String, _ field: String) -> Placement {
        Placement(cadre: cadre, commune: commune, field: field)
    }
}
