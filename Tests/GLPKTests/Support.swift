import Foundation
import GLPK
import Testing

/// |a − b| ≤ tol·max(1, |b|); false when `a` is nil.
func close(_ a: Double?, _ b: Double, tol: Double = 1e-6) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tol * max(1, abs(b))
}

func close(_ a: [Double], _ b: [Double], tol: Double = 1e-6) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { close($0, $1, tol: tol) }
}

/// Deterministic generator (SplitMix64) so random instances are the same on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum Models {
    /// max 5a + 4b + 3c
    ///   r1: 2a + 3b +  c ≤ 5
    ///   r2: 4a +  b + 2c ≤ 11
    ///   r3: 3a + 4b + 2c ≤ 8,   a, b, c ∈ {0, 1}
    /// Feasible sets: {a,b} = 9 (r1 = 5, r3 = 7), {a,c} = 8, {b,c} = 7; {a,b,c} breaks r1.
    /// Optimum 9 at (1, 1, 0). The relaxation is fractional (a = c = 1, b = 2/3 gives 10.67).
    static func knapsack() throws -> LinearModel {
        var m = LinearModel(name: "knapsack", sense: .maximize)
        let a = try m.addVariable("a", kind: .binary, objective: 5)
        let b = try m.addVariable("b", kind: .binary, objective: 4)
        let c = try m.addVariable("c", kind: .binary, objective: 3)
        try m.addConstraint("r1", [2 * a, 3 * b, 1 * c], .atMost(5))
        try m.addConstraint("r2", [4 * a, 1 * b, 2 * c], .atMost(11))
        try m.addConstraint("r3", [3 * a, 4 * b, 2 * c], .atMost(8))
        return m
    }

    /// Multi-dimensional 0/1 knapsack: `items` items, `dims` capacity rows at half the total weight.
    /// Measured with GLPK 5.0 and default options: 60 × 8 (seed 7) is proven in ~0.1 s (~150 nodes),
    /// 80 × 15 (seed 5) in ~2 s (~1800 nodes).
    static func multiKnapsack(items: Int = 60, dims: Int = 8, seed: UInt64 = 7) throws -> LinearModel {
        var rng = SplitMix(state: seed)
        var m = LinearModel(name: "mkp", sense: .maximize)
        var x: [Variable] = []
        for i in 0..<items {
            x.append(try m.addVariable("x[\(i)]", kind: .binary, objective: Double(Int.random(in: 10...100, using: &rng))))
        }
        for d in 0..<dims {
            let w = (0..<items).map { _ in Double(Int.random(in: 5...60, using: &rng)) }
            try m.addConstraint("cap[\(d)]", zip(w, x).map { $0 * $1 }, .atMost((w.reduce(0, +) / 2).rounded()))
        }
        return m
    }
}

/// Objective reported by `glpsol` for a file GLPK.write produced, or nil when glpsol is missing.
func glpsolObjective(_ path: String, format: ExportFormat) throws -> Double? {
    let glpsol = "/usr/bin/glpsol"
    guard FileManager.default.isExecutableFile(atPath: glpsol) else { return nil }
    let report = path + ".report"
    let flag = switch format {
    case .lp: "--lp"
    case .mps: "--freemps"
    case .glpk: "--glp"
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: glpsol)
    process.arguments = [flag, path, "-o", report]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "glpsol failed on \(path)")
    // e.g. "Objective:  obj = 9 (MAXimum)" or, for the native format, "Objective:  109 (MAXimum)"
    let text = try String(contentsOfFile: report, encoding: .utf8)
    guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Objective:") }) else { return .nan }
    let value = line.split(separator: "=").last?.split(separator: ":").last ?? ""
    return value.split(separator: " ").first.flatMap { Double($0) } ?? .nan
}

func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("glpk-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A thread-safe counter for @Sendable callbacks.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() -> Int { lock.withLock { count += 1; return count } }
    var value: Int { lock.withLock { count } }
}

final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [SolveOptions.Progress] = []
    func append(_ p: SolveOptions.Progress) { lock.withLock { items.append(p) } }
    var all: [SolveOptions.Progress] { lock.withLock { items } }
}
