import CadrePlanCore
import Foundation
import Testing

/// Same scenario, same roster, byte for byte: across runs and whether solves run one at a time
/// or several at once on different threads (GLPK keeps its state per thread). The round has
/// many equally good plans (interchangeable cadres, capacities of 2, binding caps), so any
/// dependence on hashing, scheduling or memory layout would show up as a different roster.
@Suite struct DeterminismTests {
    /// 12 communes with civil needs and 4 with police needs, 48 civil cadres in 3 departments and
    /// 12 officers; seeded, so fixed. Civil and police plans share nothing, so the planner solves
    /// them as separate parts, side by side on as many threads as there are cores.
    static let round: Scenario = {
        var rng = SplitMix64(state: 2025)
        func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(rng.next() % UInt64(r.count)) }
        let communes = (0..<16).map { Tiny.commune("c\($0)", at: $0, hosting: int(2...4), languages: $0 % 3 == 0 ? ["K'Ho"] : []) }
        let civil = communes.prefix(12).flatMap { c in
            ["land", "it"].map { Tiny.need(c.id, $0, min: int(0...1), desired: int(1...3), level: int(1...3),
                                           priority: [1, 1.5, 2][int(0...2)]) }
        }
        let police = communes.suffix(4).map { Tiny.need($0.id, "public_security", min: 1, desired: int(1...3), level: int(1...2)) }
        let departments = ["A", "B", "C"].map { Tiny.department($0, cap: 9) } + [Tiny.department("P", branch: .police, cap: 6)]
        let cadres = (0..<48).map { k in
            Tiny.cadre("k\(k)", [("land", int(1...3), Double(int(0...12))), ("it", int(1...3), Double(int(0...12)))],
                       home: communes[int(0...11)].id, department: departments[k % 3].id,
                       languages: k % 4 == 0 ? ["K'Ho"] : [], capacity: int(1...2))
        } + (0..<12).map { k in
            Tiny.cadre("p\(k)", [("public_security", int(1...3), Double(int(0...12)))], home: communes[int(12...15)].id,
                       department: "P", category: .officer, capacity: int(1...2))
        }
        return Tiny.scenario(communes: communes, needs: civil + police, cadres: cadres, departments: departments)
    }()

    /// The roster as JSON with sorted keys, solve times zeroed (the only field that may differ).
    static func rosterBytes(_ s: Scenario) throws -> Data {
        var roster = Roster(try Planner.plan(s, options: PlanOptions(s.solver)))
        for i in roster.stages.indices { roster.stages[i].seconds = 0 }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return try encoder.encode(roster)
    }

    @Test func theRoundIsNotTrivial() throws {
        let result = try Planner.plan(Self.round, options: PlanOptions(Self.round.solver))
        #expect(result.isProvenOptimal)
        #expect(try Formulation(Self.round).parts().count >= 2, "the round should split into parts solved side by side")
        #expect(result.chosen.count >= 20)
        // Some need stays short: the caps bind, so the choice among plans is not forced.
        #expect(!Roster(result).shortfalls.isEmpty)
    }

    @Test func sameScenarioSameRosterAcrossRuns() throws {
        let first = try Self.rosterBytes(Self.round)
        for _ in 0..<3 { #expect(try Self.rosterBytes(Self.round) == first) }
        #expect(try Formulation(Self.round) == Formulation(Self.round))
    }

    @Test(arguments: [2, 4]) func concurrentSolvesOnSeveralThreadsGiveTheSameRoster(threads: Int) throws {
        let alone = try Self.rosterBytes(Self.round)
        let results = Results<Data>(count: threads)
        DispatchQueue.concurrentPerform(iterations: threads) { i in
            results.set(i, Result { try Self.rosterBytes(Self.round) })
        }
        for (i, result) in results.all.enumerated() {
            let bytes = try #require(try result?.get(), "thread \(i) returned nothing")
            #expect(bytes == alone, "thread \(i) of \(threads) planned differently")
        }
    }

    @Test func theLoaderReadsTheSameScenarioOnEveryThread() throws {
        let tiny = try ScenarioFolders.tiny
        let alone = try ScenarioLoader.load(tiny).scenario
        let results = Results<Scenario>(count: 4)
        DispatchQueue.concurrentPerform(iterations: 4) { i in
            results.set(i, Result { try ScenarioLoader.load(tiny).scenario })
        }
        for result in results.all { #expect(try result?.get() == alone) }
    }

    /// Slots written by one thread each, read after all of them ended.
    final class Results<Value>: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [Result<Value, any Error>?]
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ value: Result<Value, any Error>) { lock.withLock { slots[i] = value } }
        var all: [Result<Value, any Error>?] { lock.withLock { slots } }
    }
}
