import CadrePlanCore
import Foundation

/// A proportional-odds (ordinal logistic) model of the official rating of a civil cadre's
/// secondment, fitted on the rated rows of history.csv. It turns a placement's skill fit,
/// experience, travel and language into *predicted* probabilities of each rating, so that a plan
/// can be set beside the history on outcomes. It predicts; it never tells what will happen.
///
/// Model: ratings ordered completed < good < excellent, linear predictor η = x·β and
/// P(rating ≤ k) = σ(θ_k − η) for k = completed, good. A larger η shifts the odds towards
/// "excellent". Fitted by Newton's method on the log-likelihood with a weak ridge penalty on β
/// (so that a feature that separates the ratings cannot send a coefficient to infinity);
/// uncertainty from the observed information (standard errors) and from a bootstrap stratified
/// by rating with a fixed seed (intervals on expected counts). Deterministic for a given history.
public struct OutcomeModel: Sendable, Codable, CustomStringConvertible {
    /// The features, in the order of `coefficients`.
    public enum Feature: String, Sendable, Codable, CaseIterable {
        /// Cadre's level in the field minus the level the need asks (0 without the skill).
        case skillOverRequired = "skill_over_required"
        /// Years of experience in the field, counted up to the scenario's `experience_cap_years`.
        case yearsCapped = "years_capped"
        /// Road km from the home commune / 100.
        case travel100Km = "travel_100km"
        /// 1 when the cadre speaks a language of the host commune's minorities.
        case languageMatch = "language_match"
    }

    /// The modelled ratings, lowest first; `not_evaluated` is not an outcome and is left out.
    public static let ordered: [Rating] = [.completed, .good, .excellent]

    public struct Coefficient: Sendable, Codable, Equatable {
        public var feature: Feature
        public var estimate: Double
        public var standardError: Double
        /// exp(estimate): multiplies the odds of a better rating per unit of the feature.
        public var oddsRatio: Double
        public var oddsRatioLow95: Double
        public var oddsRatioHigh95: Double
    }

    public struct Fit: Sendable, Codable, Equatable {
        /// Rated civil history rows the model was fitted on (rating other than not_evaluated).
        public var rows: Int
        /// Rated rows by rating (completed, good, excellent).
        public var counts: [Int]
        public var logLikelihood: Double
        /// Of the thresholds-only model (the marginal rating shares), for comparison.
        public var nullLogLikelihood: Double
        /// McFadden's 1 − ℓ/ℓ₀: the share of the null log-likelihood the features explain.
        public var pseudoR2: Double
        /// In-sample share of rows whose most probable rating is the one they got.
        public var accuracy: Double
        /// Mean multi-category Brier score in sample (0 best, lower is better), and the null model's.
        public var brier: Double
        public var nullBrier: Double
        public var iterations: Int
        public var ridge: Double
    }

    public struct FitError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public var thresholds: [Double]
    public var coefficients: [Coefficient]
    public var fit: Fit
    /// Bootstrap replicates of (θ₁, θ₂, β…), stratified by rating, fixed seed.
    public var bootstrap: [[Double]]
    public var bootstrapSeed: UInt64
    /// Years beyond this count as this many (the scenario's `experience_cap_years`).
    public var yearsCap: Double

    public static let minimumRows = 20
    public static let ridge = 0.01
    public static let bootstrapReplicates = 200
    public static let defaultSeed: UInt64 = 2025

    // MARK: Fitting

    /// Fits the model on the civil history rows whose rating is not `not_evaluated`.
    /// Throws, saying what is missing and how to fix it, when history cannot support a fit.
    public static func fit(_ scenario: Scenario) throws(FitError) -> OutcomeModel {
        try fit(scenario, seed: defaultSeed, replicates: bootstrapReplicates)
    }

    public static func fit(_ scenario: Scenario, seed: UInt64, replicates count: Int) throws(FitError) -> OutcomeModel {
        let lookup = PlacementLookup(scenario)
        var xs: [[Double]] = []
        var ys: [Int] = []
        for h in scenario.history {
            guard let rating = h.rating, let y = ordered.firstIndex(of: rating),
                let f = lookup.facts(Placement(cadre: h.cadre, commune: h.commune, field: h.field)), f.isCivil
            else { continue }
            xs.append(features(f, yearsCap: scenario.weights.experienceCapYears))
            ys.append(y)
        }
        let counts = ordered.indices.map { k in ys.filter { $0 == k }.count }
        let fix = "add rated civil rows to history.csv (ratings excellent, good and completed), or read the report without outcomes"
        guard xs.count >= minimumRows else {
            throw FitError(description: "history.csv: error: the outcome model needs at least \(minimumRows) civil rows rated excellent, good or completed; found \(xs.count) — fix: \(fix)")
        }
        guard counts.allSatisfy({ $0 > 0 }) else {
            let missing = ordered.indices.filter { counts[$0] == 0 }.map { ordered[$0].rawValue }.joined(separator: ", ")
            throw FitError(description: "history.csv: error: the outcome model needs every rating among the rated civil rows; none is rated \(missing) — fix: \(fix)")
        }
        let data = Sample(x: xs, y: ys)
        guard let mle = newton(data, start: nil) else {
            throw FitError(description: "history.csv: error: the outcome model did not converge on the \(xs.count) rated civil rows — fix: check history.csv for duplicated or contradictory rows")
        }
        let p = mle.parameters
        guard let covariance = invert(negatedHessian(data, p)),
            (2..<p.count).allSatisfy({ covariance[$0][$0] > 0 && covariance[$0][$0].isFinite })
        else {
            throw FitError(description: "history.csv: error: the rated civil rows do not vary enough to estimate the outcome model's uncertainty — fix: \(fix)")
        }
        let features = Feature.allCases
        let coefficients = features.indices.map { j -> Coefficient in
            let b = p[2 + j]
            let se = covariance[2 + j][2 + j].squareRoot()
            return Coefficient(feature: features[j], estimate: b, standardError: se, oddsRatio: exp(b),
                               oddsRatioLow95: exp(b - 1.96 * se), oddsRatioHigh95: exp(b + 1.96 * se))
        }

        // Null model: thresholds from the marginal shares, β = 0.
        let n = Double(ys.count)
        let shares = counts.map { Double($0) / n }
        let nullLL = counts.indices.reduce(0.0) { $0 + Double(counts[$1]) * log(shares[$1]) }
        let ll = logLikelihood(data, p, ridge: 0)
        var correct = 0
        var brier = 0.0
        var nullBrier = 0.0
        for (x, y) in zip(xs, ys) {
            let probs = probabilities(p, eta(p, x))
            if probs.indices.max(by: { probs[$0] < probs[$1] }) == y { correct += 1 }
            for k in probs.indices {
                let o = k == y ? 1.0 : 0.0
                brier += (probs[k] - o) * (probs[k] - o)
                nullBrier += (shares[k] - o) * (shares[k] - o)
            }
        }

        // Bootstrap, stratified by rating so that every replicate has every rating.
        var rng = SplitMix(state: seed)
        let byRating = ordered.indices.map { k in ys.indices.filter { ys[$0] == k } }
        var replicates: [[Double]] = []
        for _ in 0..<max(0, count) {
            var bx: [[Double]] = []
            var by: [Int] = []
            for rows in byRating {
                for _ in rows.indices {
                    let i = rows[Int(rng.next() % UInt64(rows.count))]
                    bx.append(xs[i])
                    by.append(ys[i])
                }
            }
            if let r = newton(Sample(x: bx, y: by), start: p) { replicates.append(r.parameters) }
        }

        return OutcomeModel(
            thresholds: Array(p[0..<2]), coefficients: coefficients,
            fit: Fit(rows: xs.count, counts: counts, logLikelihood: ll, nullLogLikelihood: nullLL,
                     pseudoR2: nullLL == 0 ? 0 : 1 - ll / nullLL, accuracy: Double(correct) / n,
                     brier: brier / n, nullBrier: nullBrier / n, iterations: mle.iterations, ridge: ridge),
            bootstrap: replicates, bootstrapSeed: seed, yearsCap: scenario.weights.experienceCapYears)
    }

    // MARK: Predicting

    /// Predicted probability of each modelled rating (completed, good, excellent) for one
    /// placement; empty when the placement names an unknown cadre, commune or field.
    public func predict(_ p: Placement, scenario: Scenario) -> [Rating: Double] {
        predict(p, lookup: PlacementLookup(scenario))
    }

    public func predict(_ p: Placement, lookup: PlacementLookup) -> [Rating: Double] {
        guard isWellFormed, let f = lookup.facts(p) else { return [:] }
        let probs = Self.probabilities(parameters, Self.eta(parameters, Self.features(f, yearsCap: yearsCap)))
        return Dictionary(uniqueKeysWithValues: zip(Self.ordered, probs))
    }

    /// Expected number of placements with each rating, summed over the civil placements (armed
    /// forces are not rated; unknown placements are skipped). An expectation, not a forecast
    /// of any one cadre.
    public func expectedDistribution(_ placements: [Placement], scenario: Scenario) -> [Rating: Double] {
        expected(parameters, rows(placements, lookup: PlacementLookup(scenario)))
    }

    /// The 90% bootstrap interval of each expected count (5th and 95th percentiles).
    public func expectedInterval(_ placements: [Placement], scenario: Scenario) -> [Rating: ClosedRange<Double>] {
        let x = rows(placements, lookup: PlacementLookup(scenario))
        let draws = bootstrap.map { expected($0, x) }
        guard !draws.isEmpty else { return [:] }
        var result: [Rating: ClosedRange<Double>] = [:]
        for r in Self.ordered {
            let v = draws.map { $0[r] ?? 0 }.sorted()
            result[r] = Self.quantile(v, 0.05)...Self.quantile(v, 0.95)
        }
        return result
    }

    /// Parameters in fitting order: θ_completed, θ_good, then β in `Feature` order.
    public var parameters: [Double] { thresholds + coefficients.map(\.estimate) }

    public var description: String { describe(in: .en) }

    /// Which model, its features, its fit and its uncertainty, in the report's language.
    public func describe(in language: ReportLanguage) -> String {
        let t = Strings(language)
        let f = fit
        let n = t.number
        let coefs = coefficients.map { c in
            "\(t.featureName(c.feature)) \(n(c.estimate, 3)) (SE \(n(c.standardError, 3)); "
                + "\(t.oddsRatio) \(n(c.oddsRatio, 2)), 95% \(n(c.oddsRatioLow95, 2))–\(n(c.oddsRatioHigh95, 2)))"
        }.joined(separator: "; ")
        return t.modelDescription(
            rows: f.rows, counts: f.counts, coefficients: coefs,
            logLikelihood: n(f.logLikelihood, 2), nullLogLikelihood: n(f.nullLogLikelihood, 2),
            pseudoR2: n(f.pseudoR2, 3), accuracy: t.percent(f.accuracy),
            brier: n(f.brier, 4), nullBrier: n(f.nullBrier, 4),
            ridge: n(f.ridge, 2), replicates: bootstrap.count, seed: bootstrapSeed)
    }

    // MARK: Mathematics

    static func features(_ f: PlacementFacts, yearsCap: Double) -> [Double] {
        [Double(f.skillOverRequired), min(f.years, yearsCap), f.km / 100, f.speaksLanguage ? 1 : 0]
    }

    func rows(_ placements: [Placement], lookup: PlacementLookup) -> [[Double]] {
        placements.compactMap { lookup.facts($0) }.filter(\.isCivil).map { Self.features($0, yearsCap: yearsCap) }
    }

    /// A model decoded from a file may carry the wrong number of parameters: it then predicts nothing.
    var isWellFormed: Bool {
        thresholds.count == 2 && coefficients.count == Feature.allCases.count
            && bootstrap.allSatisfy { $0.count == 2 + Feature.allCases.count }
    }

    func expected(_ p: [Double], _ x: [[Double]]) -> [Rating: Double] {
        guard isWellFormed, p.count == 2 + Feature.allCases.count else { return [:] }
        var sums = [0.0, 0.0, 0.0]
        for row in x {
            let probs = Self.probabilities(p, Self.eta(p, row))
            for k in sums.indices { sums[k] += probs[k] }
        }
        return Dictionary(uniqueKeysWithValues: zip(Self.ordered, sums))
    }

    struct Sample {
        var x: [[Double]]
        var y: [Int]
    }

    static func sigmoid(_ z: Double) -> Double {
        z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
    }

    static func eta(_ p: [Double], _ x: [Double]) -> Double {
        var e = 0.0
        for j in x.indices { e += p[2 + j] * x[j] }
        return e
    }

    /// P(completed), P(good), P(excellent) at linear predictor `eta`.
    static func probabilities(_ p: [Double], _ eta: Double) -> [Double] {
        let c0 = sigmoid(p[0] - eta)
        let c1 = sigmoid(p[1] - eta)
        return [c0, max(0, c1 - c0), 1 - c1]
    }

    static func logLikelihood(_ d: Sample, _ p: [Double], ridge: Double) -> Double {
        var ll = 0.0
        for (x, y) in zip(d.x, d.y) {
            ll += log(max(probabilities(p, eta(p, x))[y], 1e-300))
        }
        let penalty = p[2...].reduce(0) { $0 + $1 * $1 }
        return ll - ridge / 2 * penalty
    }

    /// Gradient and Hessian of the penalised log-likelihood, analytically: with u and l the
    /// upper and lower cut of the observed rating minus η, log p = log(σ(u) − σ(l)).
    static func derivatives(_ d: Sample, _ p: [Double]) -> (gradient: [Double], hessian: [[Double]]) {
        let m = p.count
        var g = Array(repeating: 0.0, count: m)
        var h = Array(repeating: 0.0, count: m * m)
        // Directions of u and l in parameter space, e_θ − (0, 0, x); reused for every row.
        var du = Array(repeating: 0.0, count: m)
        var dl = Array(repeating: 0.0, count: m)
        for (x, y) in zip(d.x, d.y) {
            let e = eta(p, x)
            du[0] = 0
            du[1] = 0
            for j in x.indices { du[2 + j] = -x[j] }
            for j in 0..<m { dl[j] = du[j] }
            let hasUpper = y < 2
            let hasLower = y > 0
            var fu = 0.0, fl = 0.0, dfu = 0.0, dfl = 0.0, su = 1.0, sl = 0.0
            if hasUpper {
                su = sigmoid(p[y] - e)
                fu = su * (1 - su)
                dfu = fu * (1 - 2 * su)
                du[y] = 1
            }
            if hasLower {
                sl = sigmoid(p[y - 1] - e)
                fl = sl * (1 - sl)
                dfl = fl * (1 - 2 * sl)
                dl[y - 1] = 1
            }
            let prob = max(su - sl, 1e-300)
            let lu = hasUpper ? fu / prob : 0
            let ll = hasLower ? -fl / prob : 0
            let luu = hasUpper ? dfu / prob - lu * lu : 0
            let lll = hasLower ? -dfl / prob - ll * ll : 0
            let lul = hasUpper && hasLower ? fu * fl / (prob * prob) : 0
            for i in 0..<m {
                g[i] += lu * du[i] + ll * dl[i]
                for j in 0..<m {
                    h[i * m + j] += luu * du[i] * du[j] + lll * dl[i] * dl[j] + lul * (du[i] * dl[j] + dl[i] * du[j])
                }
            }
        }
        for j in 2..<m {
            g[j] -= ridge * p[j]
            h[j * m + j] -= ridge
        }
        return (g, (0..<m).map { i in Array(h[(i * m)..<((i + 1) * m)]) })
    }

    static func negatedHessian(_ d: Sample, _ p: [Double]) -> [[Double]] {
        derivatives(d, p).hessian.map { $0.map { -$0 } }
    }

    /// Newton's method with step halving; thresholds kept in order. Starts from the marginal
    /// shares (or `start`). `nil` when it does not converge.
    static func newton(_ d: Sample, start: [Double]?) -> (parameters: [Double], iterations: Int)? {
        let m = 2 + (d.x.first?.count ?? 0)
        var p: [Double]
        if let start {
            p = start
        } else {
            let n = Double(d.y.count)
            let c0 = Double(d.y.filter { $0 == 0 }.count) / n
            let c1 = Double(d.y.filter { $0 <= 1 }.count) / n
            p = [log(c0 / (1 - c0)), log(c1 / (1 - c1))] + Array(repeating: 0, count: m - 2)
        }
        guard p.allSatisfy(\.isFinite) else { return nil }
        var current = logLikelihood(d, p, ridge: ridge)
        for iteration in 1...100 {
            let (g, h) = derivatives(d, p)
            guard let step = solve(h.map { $0.map { -$0 } }, g) else { return nil }
            // The Newton decrement gᵀ(−H)⁻¹g / 2 estimates how far the log-likelihood is from its maximum.
            let decrement = zip(g, step).reduce(0.0) { $0 + $1.0 * $1.1 } / 2
            if decrement < 1e-12 { return (p, iteration) }
            var scale = 1.0
            var accepted = false
            while scale > 1e-10 {
                let trial = zip(p, step).map { $0 + scale * $1 }
                let value = logLikelihood(d, trial, ridge: ridge)
                if trial[0] < trial[1], value.isFinite, value >= current {
                    p = trial
                    current = value
                    accepted = true
                    break
                }
                scale /= 2
            }
            // No step improves: at the maximum up to rounding, or stuck.
            if !accepted { return decrement < 1e-8 ? (p, iteration) : nil }
        }
        return nil
    }

    /// Solves A x = b by Gaussian elimination with partial pivoting; `nil` when A is singular.
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        let n = b.count
        var m = a
        var v = b
        for col in 0..<n {
            guard let pivot = (col..<n).max(by: { abs(m[$0][col]) < abs(m[$1][col]) }), abs(m[pivot][col]) > 1e-12
            else { return nil }
            m.swapAt(col, pivot)
            v.swapAt(col, pivot)
            for row in (col + 1)..<n {
                let factor = m[row][col] / m[col][col]
                for k in col..<n { m[row][k] -= factor * m[col][k] }
                v[row] -= factor * v[col]
            }
        }
        var x = Array(repeating: 0.0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var s = v[row]
            for k in (row + 1)..<n { s -= m[row][k] * x[k] }
            x[row] = s / m[row][row]
        }
        return x
    }

    static func invert(_ a: [[Double]]) -> [[Double]]? {
        let n = a.count
        var columns: [[Double]] = []
        for i in 0..<n {
            var e = Array(repeating: 0.0, count: n)
            e[i] = 1
            guard let c = solve(a, e) else { return nil }
            columns.append(c)
        }
        return (0..<n).map { i in (0..<n).map { j in columns[j][i] } }
    }

    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = q * Double(sorted.count - 1)
        let lo = Int(position.rounded(.down)), hi = Int(position.rounded(.up))
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - Double(lo))
    }

    /// SplitMix64: the bootstrap's fixed-seed generator, identical on every platform.
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
