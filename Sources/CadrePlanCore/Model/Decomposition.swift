import Foundation

extension Formulation {
    /// A part of the program that shares no row with the others: its cadres, needs and pairs in
    /// the whole formulation, which it shares rather than copies.
    public struct Part: Sendable {
        let whole: Formulation
        /// Indices into the whole formulation's cadres and needs; nil for the whole itself.
        let members: (cadres: [Int], needs: [Int])?
        /// Each cadre's index in its part, then each need's (shared by every part of a split).
        let local: [Int32]
        /// For each of the part's pairs, the index of that pair in the whole formulation; empty
        /// for the whole itself, whose pairs are its own.
        let pairsInWhole: [Int]

        /// The whole formulation as one part.
        public init(whole: Formulation) {
            (self.whole, members, local, pairsInWhole) = (whole, nil, [], [])
        }

        init(whole: Formulation, cadres: [Int], needs: [Int], local: [Int32], globalPairs: [Int]) {
            (self.whole, members, self.local, pairsInWhole) = (whole, (cadres, needs), local, globalPairs)
        }

        /// How many pairs the part has.
        public var pairCount: Int { members == nil ? whole.pairs.count : pairsInWhole.count }

        /// The index in the whole formulation of the part's pair `p`.
        public func globalPair(_ p: Int) -> Int { members == nil ? p : pairsInWhole[p] }

        /// The part as a formulation of its own, built anew by each call (a method, not a
        /// property, so that no caller reads it twice by accident). The planner calls it in the
        /// thread that solves the part: built there, one part after the other, a part's pairs
        /// reuse the memory the previous part freed, where copying every part up front faulted
        /// in fresh memory for all of them (a quarter of the national build).
        public func makeFormulation() -> Formulation {
            guard let members else { return whole }
            var part = whole
            part.cadres = members.cadres.map { whole.cadres[$0] }
            part.needs = members.needs.map { whole.needs[$0] }
            let needBase = whole.cadres.count
            part.pairs = pairsInWhole.map { p in
                var pair = whole.pairs[p]
                pair.cadre = Int(local[pair.cadre])
                pair.need = Int(local[needBase + pair.need])
                return pair
            }
            return part
        }
    }

    /// Splits the program into parts that share no constraint: cadres and needs joined by an
    /// eligible pair, needs of one commune whose hosting row exists, cadres of one department
    /// whose release row exists. The objectives are sums over parts, so with no stage-2
    /// tolerance, solving each part lexicographically solves the whole — on as many threads as
    /// there are cores (provinces of a national scenario are such parts). Parts without any
    /// pair (needs no one can serve) are gathered into one.
    public func parts() -> [Part] {
        // Budget and team count tie every commune together; the other rules tie a commune's or a
        // department's rows together: with any rule on, the program is solved whole.
        guard rules.isEmpty else { return [Part(whole: self)] }
        var parent = Array(0..<(cadres.count + needs.count))
        func find(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        func union(_ a: Int, _ b: Int) {
            let (ra, rb) = (find(a), find(b))
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        // Flat arrays, not dictionaries and sets: the national split hashed 1.4 million pairs.
        let needNode = { (n: Int) in self.cadres.count + n }
        for pair in pairs { union(pair.cadre, needNode(pair.need)) }
        let hostingBinds = self.hostingBinds
        var firstNeedOfCommune = Array(repeating: -1, count: hosting.count)
        for (n, row) in needs.enumerated() where hostingBinds[row.commune] {
            if firstNeedOfCommune[row.commune] < 0 { firstNeedOfCommune[row.commune] = n }
            union(needNode(firstNeedOfCommune[row.commune]), needNode(n))
        }
        var cadresOfDepartment = Array(repeating: 0, count: releaseCaps.count)
        for row in cadres { cadresOfDepartment[row.department] += 1 }
        var firstCadreOfDepartment = Array(repeating: -1, count: releaseCaps.count)
        for (c, row) in cadres.enumerated() where cadresOfDepartment[row.department] > releaseCaps[row.department] {
            if firstCadreOfDepartment[row.department] < 0 { firstCadreOfDepartment[row.department] = c }
            union(firstCadreOfDepartment[row.department], c)
        }

        // Group by root, in order of first appearance; pairless groups go together at the end.
        // A pair's cadre and need share a root: mark the cadres with pairs, then their roots.
        var cadreHasPair = Array(repeating: false, count: cadres.count)
        for pair in pairs { cadreHasPair[pair.cadre] = true }
        var hasPair = Array(repeating: false, count: parent.count)
        for c in cadres.indices where cadreHasPair[c] { hasPair[find(c)] = true }
        var groupOf = Array(repeating: -1, count: parent.count)
        var groups: [(cadres: [Int], needs: [Int])] = []
        var rest: (cadres: [Int], needs: [Int]) = ([], [])
        func group(_ node: Int) -> Int? {
            let root = find(node)
            guard hasPair[root] else { return nil }
            if groupOf[root] < 0 {
                groupOf[root] = groups.count
                groups.append(([], []))
            }
            return groupOf[root]
        }
        for c in cadres.indices {
            if let g = group(c) { groups[g].cadres.append(c) } else { rest.cadres.append(c) }
        }
        for n in needs.indices {
            if let g = group(needNode(n)) { groups[g].needs.append(n) } else { rest.needs.append(n) }
        }
        if !rest.needs.isEmpty || !rest.cadres.isEmpty { groups.append(rest) }
        guard groups.count > 1 else { return [Part(whole: self)] }

        // Each cadre and need is in one group: its index there, and the pairs of each group, in
        // flat arrays (with two dictionaries per group the national split took 0.35 s of a 1.9 s
        // build).
        var local = Array(repeating: Int32(0), count: cadres.count + needs.count)
        var groupOfCadre = Array(repeating: 0, count: cadres.count)
        for (k, g) in groups.enumerated() {
            for (i, c) in g.cadres.enumerated() { local[c] = Int32(i); groupOfCadre[c] = k }
            for (i, n) in g.needs.enumerated() { local[needNode(n)] = Int32(i) }
        }
        var pairCount = Array(repeating: 0, count: groups.count)
        for pair in pairs { pairCount[groupOfCadre[pair.cadre]] += 1 }
        var pairsOfGroup = pairCount.map { count in
            var list: [Int] = []
            list.reserveCapacity(count)
            return list
        }
        for (p, pair) in pairs.enumerated() { pairsOfGroup[groupOfCadre[pair.cadre]].append(p) }
        // A pair's need is in its cadre's group (they were united), and the formulation lists
        // pairs cadre by cadre, so the part's pairs keep the order of the part's cadres.
        return groups.indices.map { k in
            Part(whole: self, cadres: groups[k].cadres, needs: groups[k].needs, local: local, globalPairs: pairsOfGroup[k])
        }
    }
}
