/// xoshiro256** seeded through SplitMix64: a small, fast, well-tested generator whose output is
/// fixed by the algorithm, so a seed gives the same scenario on every machine and Swift version.
/// Draws go through the explicit helpers below rather than the standard library's
/// `shuffled(using:)`/`randomElement(using:)`, whose use of the generator may change.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    /// `stream` names an independent sequence for one stage of a generator, so that changing how
    /// cadres are drawn does not shift, say, the commune populations drawn before them.
    public init(seed: UInt64, stream: String = "") {
        var x = seed ^ Self.fnv1a(stream)
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    public mutating func next() -> UInt64 {
        let result = rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = rotl(s.3, 45)
        return result
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    private static func fnv1a(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }

    // MARK: Draws

    /// Uniform in [0, 1), from the top 53 bits.
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    public mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * uniform() }

    /// Uniform integer in 0..<n (n > 0), without modulo bias (Lemire's method).
    public mutating func index(below n: Int) -> Int {
        precondition(n > 0, "index(below:) needs a positive bound")
        let bound = UInt64(n)
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
        }
        return Int(m.high)
    }

    /// Uniform integer in the closed range.
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + index(below: range.count)
    }

    public mutating func chance(_ p: Double) -> Bool { uniform() < p }

    /// An index drawn with probability proportional to `weights` (negatives count as 0);
    /// nil when no weight is positive.
    public mutating func weightedIndex(_ weights: [Double]) -> Int? {
        let total = weights.reduce(0) { $0 + max(0, $1) }
        guard total > 0 else { return nil }
        var r = uniform() * total
        var last: Int?
        for (i, w) in weights.enumerated() where w > 0 {
            if r < w { return i }
            r -= w
            last = i
        }
        return last  // rounding left r ≥ the last weight
    }

    public mutating func pick<T>(_ items: [T]) -> T { items[index(below: items.count)] }

    /// Fisher–Yates with explicit index draws.
    public mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, index(below: i + 1))
        }
    }

    /// Roughly standard normal (Irwin–Hall, 12 uniforms − 6): plain arithmetic, no libm,
    /// so it gives the same bits everywhere.
    public mutating func normalish() -> Double {
        var sum = 0.0
        for _ in 0..<12 { sum += uniform() }
        return sum - 6
    }
}
