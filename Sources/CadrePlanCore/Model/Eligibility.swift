import Foundation

/// The hard rules that decide whether a cadre may serve a need at all. Only eligible pairs
/// become columns, so the program never even sees a forbidden assignment.
public enum Eligibility {
    public enum Outcome: Sendable, Equatable {
        case eligible(fit: Double, distanceKm: Double, speaksLanguage: Bool)
        case ineligible(Ineligibility)
    }

    /// Whether `cadre` may serve `need`, ignoring pair rules, and if so what the pair is worth.
    public static func check(cadre: Cadre, need: Need, scenario: Scenario, index: ScenarioIndex) -> Outcome {
        check(cadre: cadre, need: need, scenario: scenario, index: index, forbidden: [])
    }

    static func check(
        cadre: Cadre, need: Need, scenario: Scenario, index: ScenarioIndex, forbidden: Set<PairKey>
    ) -> Outcome {
        guard cadre.available else { return .ineligible(.unavailable) }
        guard let f = index.field[need.field], let d = index.department[cadre.department],
            scenario.fields[f].branch == scenario.departments[d].branch
        else { return .ineligible(.wrongBranch) }
        guard let skill = cadre.skill(in: need.field) else { return .ineligible(.noSkill) }
        var travel = TravelTable(scenario, forOneCheck: true)
        return check(cadre: cadre, skill: skill, home: index.commune[cadre.homeCommune], level: need.level,
                     commune: need.commune, field: need.field, host: index.commune[need.commune], scenario: scenario,
                     forbidden: forbidden, travel: &travel)
    }

    /// The rules that remain once the cadre is available, the branches match and `skill` is the
    /// cadre's skill in the need's field. The formulation establishes those per cadre and skill
    /// while it lists candidates, so its inner loop (1.4 million pairs nationally) starts here and
    /// compares commune indices, not ids. `level`, `commune` and `field` are the need's; the
    /// need's ids are read only when a forbidden pair or a commune without index asks for them.
    static func check(
        cadre: Cadre, skill: Skill, home: Int?, level: Int, commune: @autoclosure () -> String,
        field: @autoclosure () -> String, host: Int?, scenario: Scenario, forbidden: Set<PairKey>,
        travel: inout TravelTable
    ) -> Outcome {
        guard skill.level >= level else { return .ineligible(.levelTooLow) }
        if !scenario.policy.allowHomeCommune {
            let atHome = if let home, let host { home == host } else { cadre.homeCommune == commune() }
            if atHome { return .ineligible(.homeCommune) }
        }
        if !forbidden.isEmpty, forbidden.contains(PairKey(cadre: cadre.id, commune: commune(), field: field()))
            || forbidden.contains(PairKey(cadre: cadre.id, commune: commune(), field: nil))
        {
            return .ineligible(.forbidden)
        }
        guard let home, let host else { return .ineligible(.tooFar) }
        // Coordinates read in place: copying the two communes per candidate pair showed in profiles.
        let communes = scenario.communes
        // The great circle is at least R·|Δφ| long: many candidates of the travel grid that are
        // too far are too far in latitude alone, and need no trigonometry (about 30 % of the
        // national formulation in a profile). The margin covers the rounding to 0.1 km and the
        // arithmetic.
        if let limit = scenario.policy.maxTravelKm,
            abs(communes[host].latitude - communes[home].latitude) * .pi / 180 * earthRadiusKm * scenario.policy.roadFactor
                > limit * (1 + 1e-9) + 0.1
        {
            return .ineligible(.tooFar)
        }
        let km = travel.km(home, host)
        if let limit = scenario.policy.maxTravelKm, km > limit { return .ineligible(.tooFar) }
        let speaks = !cadre.languages.isEmpty && cadre.languages.contains { communes[host].languages.contains($0) }
        let w = scenario.weights
        let fit = w.skillLevel * Double(skill.level - level)
            + w.experienceYear * min(skill.years, w.experienceCapYears)
            + (speaks ? w.language : 0)
            - w.travelPer100Km * km / 100
        return .eligible(fit: rounded(fit), distanceKm: km, speaksLanguage: speaks)
    }

    /// Mean Earth radius (IUGG), km.
    static let earthRadiusKm = 6371.0088

    /// Great-circle distance between centroids times the road factor, in km, rounded to 0.1 km
    /// so that rosters do not depend on the last bits of floating-point arithmetic.
    public static func travelKm(from a: Commune, to b: Commune, roadFactor: Double) -> Double {
        travelKm(a.latitude, a.longitude, b.latitude, b.longitude, roadFactor: roadFactor)
    }

    static func travelKm(
        _ latitudeA: Double, _ longitudeA: Double, _ latitudeB: Double, _ longitudeB: Double, roadFactor: Double
    ) -> Double {
        travelKm(Place(latitude: latitudeA, longitude: longitudeA), Place(latitude: latitudeB, longitude: longitudeB),
                 roadFactor: roadFactor)
    }

    /// A point with the terms of the distance formula that depend on it alone, so that a table
    /// of communes computes them once each (cosines were a tenth of the national formulation).
    struct Place {
        let φ: Double
        let cosφ: Double
        let longitude: Double
        init(latitude: Double, longitude: Double) {
            φ = latitude * .pi / 180
            cosφ = cos(φ)
            self.longitude = longitude
        }
    }

    static func travelKm(_ a: Place, _ b: Place, roadFactor: Double) -> Double {
        let r = earthRadiusKm
        let dφ = b.φ - a.φ
        let dλ = (b.longitude - a.longitude) * .pi / 180
        let (sφ, sλ) = (sin(dφ / 2), sin(dλ / 2))
        let h = sφ * sφ + a.cosφ * b.cosφ * sλ * sλ
        let km = 2 * r * asin(min(1, h.squareRoot())) * roadFactor
        return (km * 10).rounded() / 10
    }

    /// Fits are rounded to hundredths: reproducible objectives, and a kilometre of travel
    /// (0.01) is the finest difference a planner weighs. Finer costs cost time: GLPK's
    /// out-of-kilter flow solved the default round's stage 2 in 2.2 s with fits to 1e-6 and in
    /// 0.9 s with fits to 0.01 (same stage-1 plan).
    public static func rounded(_ x: Double) -> Double { (x * 100).rounded() / 100 }
}

/// Road km between communes by index (`Eligibility.travelKm`) for a formulation's many checks:
/// each commune's own terms (radians, cosine) are computed once, and each (home, host) pair once
/// when the round has up to `rememberedCommunes` communes (4 bytes a pair, at most 16 MiB).
/// Homes and host communes recur: on the 200-cadre ladder rung each distance was computed about
/// 27 times, and the trigonometry was a quarter of the formulation. A single check
/// (`forOneCheck`) prepares nothing and computes its one distance.
struct TravelTable {
    private let communes: [Commune]
    private let places: [Eligibility.Place]
    private let roadFactor: Double
    /// Tenths of a km per (home, host), home-major; −1 until computed, and for a distance that
    /// tenths in 32 bits cannot hold (a huge road factor, no coordinates): such a pair is computed
    /// each time. Distances are rounded to 0.1 km, so the tenths give back exactly the Double
    /// that `travelKm` returns.
    private var tenths: [Int32]
    private let stride: Int

    static let rememberedCommunes = 2048

    init(_ scenario: Scenario, forOneCheck: Bool = false) {
        communes = scenario.communes
        places = forOneCheck ? [] : communes.map { Eligibility.Place(latitude: $0.latitude, longitude: $0.longitude) }
        roadFactor = scenario.policy.roadFactor
        stride = !forOneCheck && communes.count <= Self.rememberedCommunes ? communes.count : 0
        tenths = Array(repeating: -1, count: stride * stride)
    }

    mutating func km(_ home: Int, _ host: Int) -> Double {
        guard stride > 0 else { return compute(home, host) }
        let k = home * stride + host
        if tenths[k] >= 0 { return Double(tenths[k]) / 10 }
        let km = compute(home, host)
        let t = (km * 10).rounded()
        if t >= 0, t < Double(Int32.max) { tenths[k] = Int32(t) }   // false for NaN
        return km
    }

    private func compute(_ a: Int, _ b: Int) -> Double {
        guard places.isEmpty else { return Eligibility.travelKm(places[a], places[b], roadFactor: roadFactor) }
        return Eligibility.travelKm(from: communes[a], to: communes[b], roadFactor: roadFactor)
    }
}

extension Ineligibility {
    public var explanation: String {
        switch self {
        case .unavailable: "the cadre is not available this round"
        case .wrongBranch: "the field belongs to another branch (civil / police / military)"
        case .noSkill: "the cadre has no skill in the field"
        case .levelTooLow: "the cadre's skill level is below the level the need requires"
        case .tooFar: "the trip is longer than policy.max_travel_km"
        case .homeCommune: "it is the cadre's home commune and policy.allow_home_commune is false"
        case .forbidden: "pairs.csv forbids it"
        }
    }
}
