// A pure-Swift description of an LP/MIP. Every mutation is validated here, so the C boundary
// (Solver.swift and friends) can hand the data to GLPK without further checks: GLPK calls
// abort() on invalid input instead of returning an error.

/// A column of a `LinearModel`: its 0-based position in `model.variables`.
public struct Variable: Hashable, Sendable, Comparable {
    public let index: Int
    /// Public so a model layer can keep plain indices; an index the model does not have is
    /// reported as `ModelError.unknownVariable` when used, never passed to GLPK.
    public init(index: Int) { self.index = index }
    public static func < (lhs: Variable, rhs: Variable) -> Bool { lhs.index < rhs.index }
}

/// A row of a `LinearModel`: its 0-based position in `model.constraints`.
public struct Constraint: Hashable, Sendable {
    public let index: Int
    public init(index: Int) { self.index = index }
}

public enum VariableKind: Sendable, Equatable {
    case continuous, integer
    /// An integer variable whose bounds lie within [0, 1].
    case binary
}

/// Bounds of a variable or of a constraint's activity. Infinite sides are spelled with the
/// cases (`.atLeast`, `.atMost`, `.free`); `±infinity` is also accepted on the open side of
/// `.between`, never on the closed side.
public enum Bounds: Sendable, Equatable {
    case free
    case atLeast(Double)
    case atMost(Double)
    case between(Double, Double)
    case exactly(Double)

    /// The lower limit, `-infinity` when there is none.
    public var lower: Double {
        switch self {
        case .free, .atMost: -.infinity
        case .atLeast(let l), .between(let l, _), .exactly(let l): l
        }
    }

    /// The upper limit, `+infinity` when there is none.
    public var upper: Double {
        switch self {
        case .free, .atLeast: .infinity
        case .atMost(let u), .between(_, let u), .exactly(let u): u
        }
    }

    /// True when `value` lies within the bounds, allowing `tolerance` relative to the bound size.
    func contains(_ value: Double, tolerance: Double = 0) -> Bool {
        let l = lower, u = upper
        if l.isFinite && value < l - tolerance * max(1, abs(l)) { return false }
        if u.isFinite && value > u + tolerance * max(1, abs(u)) { return false }
        return !value.isNaN
    }
}

public enum Sense: Sendable, Equatable { case minimize, maximize }

public struct VariableSpec: Sendable, Equatable {
    /// Formatted when read: a column of a `NameFamily` family stores only its family and index.
    public var name: String { label.text }
    let label: NameLabel
    public let kind: VariableKind
    /// For binaries, the given bounds intersected with [0, 1].
    public let bounds: Bounds
    public let objective: Double

    init(_ label: NameLabel, kind: VariableKind, bounds: Bounds, objective: Double) {
        self.label = label
        self.kind = kind
        self.bounds = bounds
        self.objective = objective
    }

    public static func == (a: VariableSpec, b: VariableSpec) -> Bool {
        a.kind == b.kind && a.bounds == b.bounds && a.objective == b.objective && a.name == b.name
    }
}

/// A column's kind and stored bounds (its name and objective are kept apart). Bounds first:
/// after them the kind fits in the padding, 24 bytes a column instead of 32.
struct Column: Sendable, Equatable {
    var bounds: Bounds
    var kind: VariableKind
}

/// The columns of a `LinearModel` as `VariableSpec`s, built when read.
public struct Variables: RandomAccessCollection, Sendable, Equatable {
    let labels: LabelRuns
    let columns: [Column]
    let objectives: [Double]
    public var startIndex: Int { 0 }
    public var endIndex: Int { columns.count }
    public subscript(j: Int) -> VariableSpec {
        VariableSpec(labels[j], kind: columns[j].kind, bounds: columns[j].bounds, objective: objectives[j])
    }
    public static func == (a: Variables, b: Variables) -> Bool { a.elementsEqual(b) }
}

/// Column names as runs: one text name, or consecutive members of one family. A program's
/// assignment columns are one run, so a column stores no name of its own (a 24-byte label and
/// a reference count each, in fresh memory, were about a quarter of a small round's cold build
/// of those columns).
struct LabelRuns: RandomAccessCollection, Sendable {
    /// Columns `first...` up to the next run's: `.text` covers one column; `.member(f, i)`
    /// covers members i, i+1, … of f.
    private var runs: [(first: Int, label: NameLabel)] = []
    private(set) var endIndex = 0
    var startIndex: Int { 0 }

    subscript(j: Int) -> NameLabel {
        precondition(j >= 0 && j < endIndex, "column \(j) of \(endIndex)")
        // The last run that starts at or before j.
        var (low, high) = (0, runs.count)
        while high - low > 1 {
            let mid = (low + high) / 2
            if runs[mid].first <= j { low = mid } else { high = mid }
        }
        let run = runs[low]
        guard case .member(let family, let i) = run.label else { return run.label }
        return .member(family, i + j - run.first)
    }

    /// Appends one column's name, extending the last run when it is the next member of its family.
    mutating func append(_ label: NameLabel) {
        if case .member(let family, let i) = label, let last = runs.last, case .member(let f, let i0) = last.label,
            f.storage === family.storage, i0 + endIndex - last.first == i
        {
            // The next member of the last run's family: the run grows.
        } else {
            runs.append((endIndex, label))
        }
        endIndex += 1
    }

    /// Appends members `0..<count` of `family` as one run.
    mutating func append(_ family: NameFamily, count: Int) {
        guard count > 0 else { return }
        runs.append((endIndex, .member(family, 0)))
        endIndex += count
    }
}

/// Names for many columns or rows, formatted only when read (an export, GLPK's problem, a
/// message). A program with a column per candidate pair — 65,000 on the default round, 1.5
/// million nationally — otherwise spent more than half its build time formatting, checking and
/// hashing names that the network-flow path never reads; rows per cadre and per need likewise.
/// The names are checked (allowed characters, no duplicates) by `LinearModel.validate()`, which
/// solve and write call before GLPK sees them.
public struct NameFamily: Sendable {
    final class Storage: Sendable {
        let name: @Sendable (Int) -> String
        init(_ name: @escaping @Sendable (Int) -> String) { self.name = name }
    }
    let storage: Storage

    /// `name(i)` is the name of the family's column or row `i` (the `i` given to `addVariable`
    /// or `addConstraint`).
    public init(_ name: @escaping @Sendable (Int) -> String) { storage = Storage(name) }

    /// The same names with `prefix` in front.
    func prefixed(_ prefix: String) -> NameFamily {
        let name = storage.name
        return NameFamily { prefix + name($0) }
    }
}

/// A column's or row's name: its text, or its place in a family.
enum NameLabel: Sendable {
    case text(String)
    case member(NameFamily, Int)

    var text: String {
        switch self {
        case .text(let name): name
        case .member(let family, let i): family.storage.name(i)
        }
    }
}

public struct ConstraintSpec: Sendable, Equatable {
    /// Formatted when read, like a column's.
    public var name: String { label.text }
    let label: NameLabel
    public let bounds: Bounds
    /// Merged (one term per variable), free of exact zeros, sorted by variable.
    public let terms: [Term]

    public static func == (a: ConstraintSpec, b: ConstraintSpec) -> Bool {
        a.bounds == b.bounds && a.terms == b.terms && a.name == b.name
    }
}

/// `coefficient × variable`.
public struct Term: Sendable, Equatable {
    public var variable: Variable
    public var coefficient: Double
    public init(_ variable: Variable, _ coefficient: Double) {
        self.variable = variable
        self.coefficient = coefficient
    }
}

public func * (lhs: Double, rhs: Variable) -> Term { Term(rhs, lhs) }

public struct LinearModel: Sendable, Equatable {
    public static func == (a: LinearModel, b: LinearModel) -> Bool {
        a.name == b.name && a.sense == b.sense && a.objectiveConstant == b.objectiveConstant
            && a.variables == b.variables && a.constraints == b.constraints
    }

    /// Free text; exports replace characters GLPK's file formats cannot carry with `_`.
    public var name: String
    public var sense: Sense
    /// The columns, each read as a `VariableSpec`. Stored as three arrays: names, kinds and
    /// bounds, objective. Re-pricing every column (stage 2) then replaces one array of doubles
    /// instead of copying every column with its name, and copying a model copies no name.
    public var variables: Variables { Variables(labels: columnLabels, columns: columns, objectives: objectives) }
    private var columnLabels = LabelRuns()
    private var columns: [Column] = []
    /// The objective coefficient of every column, in order.
    public private(set) var objectives: [Double] = []
    public private(set) var constraints: [ConstraintSpec] = []
    /// Added to the objective. Checked for finiteness by `validate()` (and so by solve/write),
    /// since a stored property cannot throw when set.
    public var objectiveConstant: Double = 0

    // Name → index, to reject duplicates: GLPK's LP writer would silently merge two columns of
    // the same name, and its readers reject two rows of the same name. Columns of a
    // `NameFamily` family are not in it; `validate()` checks theirs. Rows likewise.
    private var variableIndex: [String: Int] = [:]
    private var constraintIndex: [String: Int] = [:]
    private var familyColumns = 0
    private var familyRows = 0

    public init(name: String, sense: Sense = .minimize) {
        self.name = name
        self.sense = sense
    }

    /// Room for this many more columns and rows, so that a large model is not copied as it
    /// grows. The name indexes are left to grow: they hold only text names, and a large model's
    /// columns and rows are mostly families' (reserving them cleared tables never filled).
    public mutating func reserveCapacity(variables extraVariables: Int, constraints extraConstraints: Int) {
        columns.reserveCapacity(columns.count + extraVariables)
        objectives.reserveCapacity(columns.count + extraVariables)
        constraints.reserveCapacity(constraints.count + extraConstraints)
    }

    public var variableCount: Int { columns.count }
    public var constraintCount: Int { constraints.count }

    /// Looks through the columns of `NameFamily` families one by one: a caller with many names
    /// to look up builds `variableIndexByName()` once.
    public func variable(named name: String) -> Variable? {
        Self.position(of: name, columnLabels, variableIndex, familyColumns).map(Variable.init(index:))
    }

    /// Every column's name → its index.
    public func variableIndexByName() -> [String: Int] {
        Self.positions(columnLabels, variableIndex, familyColumns)
    }

    /// Looks through the rows of families one by one, like `variable(named:)`.
    public func constraint(named name: String) -> Constraint? {
        Self.position(of: name, constraints.lazy.map(\.label), constraintIndex, familyRows).map(Constraint.init(index:))
    }

    /// Every row's name → its index.
    public func constraintIndexByName() -> [String: Int] {
        Self.positions(constraints.lazy.map(\.label), constraintIndex, familyRows)
    }

    /// Where `name` is among `labels`: the index of text names first, then family members one by one.
    private static func position(
        of name: String, _ labels: some Collection<NameLabel>, _ texts: [String: Int], _ members: Int
    ) -> Int? {
        if let i = texts[name] { return i }
        guard members > 0 else { return nil }
        var i = 0
        for label in labels {
            if case .member = label, label.text == name { return i }
            i += 1
        }
        return nil
    }

    /// Every name among `labels` → its index.
    private static func positions(_ labels: some Collection<NameLabel>, _ texts: [String: Int], _ members: Int) -> [String: Int] {
        guard members > 0 else { return texts }
        var index: [String: Int] = [:]
        index.reserveCapacity(labels.count)
        for (i, label) in labels.enumerated() { index[label.text] = i }
        return index
    }

    /// Family names among `labels` are allowed and unique, also against the text names.
    private static func checkMembers(
        _ labels: some Collection<NameLabel>, _ texts: [String: Int], _ members: Int, _ entity: ModelError.Entity
    ) throws(ModelError) {
        guard members > 0 else { return }
        var seen = Set(texts.keys)
        seen.reserveCapacity(labels.count)
        for label in labels {
            guard case .member = label else { continue }
            let name = label.text
            try Validation.checkName(name, entity)
            guard seen.insert(name).inserted else { throw .invalidName(name, entity, .duplicate) }
        }
    }

    @discardableResult
    public mutating func addVariable(
        _ name: String, kind: VariableKind = .continuous, bounds: Bounds = .atLeast(0), objective: Double = 0
    ) throws(ModelError) -> Variable {
        try Validation.checkName(name, .variable)
        guard variableIndex[name] == nil else { throw .invalidName(name, .variable, .duplicate) }
        return try add(.text(name), kind: kind, bounds: bounds, objective: objective)
    }

    /// Adds column `i` of the family `names` (named `names`'s `name(i)`, formatted when read).
    /// Its name is checked by `validate()`, with every other family column's.
    @discardableResult
    public mutating func addVariable(
        _ names: NameFamily, _ i: Int, kind: VariableKind = .continuous, bounds: Bounds = .atLeast(0),
        objective: Double = 0
    ) throws(ModelError) -> Variable {
        try add(.member(names, i), kind: kind, bounds: bounds, objective: objective)
    }

    /// Adds columns `0..<count` of the family `names`, column `i` with `bounds(i)` and
    /// `objective(i)`, checked like `addVariable`'s. One call for a family of a million columns
    /// (a program's assignment columns) instead of a call per column. Returns their variables.
    /// A bad column adds none of them.
    public mutating func addVariables(
        _ names: NameFamily, count: Int, kind: VariableKind, bounds: (Int) -> Bounds, objective: (Int) -> Double
    ) throws(ModelError) -> [Variable] {
        let first = columns.count
        reserveCapacity(variables: count, constraints: 0)
        do {
            for i in 0..<count {
                try addColumn(kind: kind, bounds: bounds(i), objective: objective(i), name: names.storage.name(i))
            }
        } catch {
            let added = columns.count - first
            columns.removeLast(added)
            objectives.removeLast(added)
            throw error
        }
        columnLabels.append(names, count: count)
        familyColumns += count
        return (first..<columns.count).map(Variable.init(index:))
    }

    private mutating func add(
        _ label: NameLabel, kind: VariableKind, bounds: Bounds, objective: Double
    ) throws(ModelError) -> Variable {
        try addColumn(kind: kind, bounds: bounds, objective: objective, name: label.text)
        let index = columns.count - 1
        columnLabels.append(label)
        switch label {
        case .text(let name): variableIndex[name] = index
        case .member: familyColumns += 1
        }
        return Variable(index: index)
    }

    /// Checks and appends a column's kind, bounds and objective; the caller records its name.
    private mutating func addColumn(
        kind: VariableKind, bounds: Bounds, objective: Double, name: @autoclosure () -> String
    ) throws(ModelError) {
        try Validation.checkFinite(objective, "objective coefficient of variable '\(name())'")
        let stored = try Validation.checkVariableBounds(bounds, kind: kind, name: name())
        columns.append(Column(bounds: stored, kind: kind))
        objectives.append(objective)
    }

    /// Adds `lower ≤ Σ terms ≤ upper`. Terms on the same variable are summed and exact zeros
    /// dropped, because GLPK aborts on duplicate indices in a row.
    @discardableResult
    public mutating func addConstraint(_ name: String, _ terms: [Term], _ bounds: Bounds) throws(ModelError) -> Constraint {
        try Validation.checkName(name, .constraint)
        guard constraintIndex[name] == nil else { throw .invalidName(name, .constraint, .duplicate) }
        return try add(.text(name), terms, bounds)
    }

    /// Adds row `i` of the family `names`, its name formatted when read and checked by
    /// `validate()` with every other family row's.
    @discardableResult
    public mutating func addConstraint(
        _ names: NameFamily, _ i: Int, _ terms: [Term], _ bounds: Bounds
    ) throws(ModelError) -> Constraint {
        try add(.member(names, i), terms, bounds)
    }

    private mutating func add(_ label: NameLabel, _ terms: [Term], _ bounds: Bounds) throws(ModelError) -> Constraint {
        try Validation.checkBounds(bounds, .constraint, label.text)
        let merged = try mergeTerms(terms, constraint: label.text)
        let index = constraints.count
        constraints.append(ConstraintSpec(label: label, bounds: bounds, terms: merged))
        switch label {
        case .text(let name): constraintIndex[name] = index
        case .member: familyRows += 1
        }
        return Constraint(index: index)
    }

    /// Adds every variable and row of `other`, names prefixed with `prefix` (`r2.`), objective
    /// and constant summed. Returns the offset: `other`'s variable `i` is this model's `offset + i`.
    /// A year of rounds is built this way, one round's program after the other.
    @discardableResult
    public mutating func append(_ other: LinearModel, prefix: String) throws(ModelError) -> Int {
        let offset = variableCount
        reserveCapacity(variables: other.variableCount, constraints: other.constraintCount)
        // One prefixed family per family of `other`, so its columns and rows stay unformatted.
        var families: [ObjectIdentifier: NameFamily] = [:]
        func prefixed(_ family: NameFamily) -> NameFamily {
            let key = ObjectIdentifier(family.storage)
            let renamed = families[key] ?? family.prefixed(prefix)
            families[key] = renamed
            return renamed
        }
        for v in other.variables {
            switch v.label {
            case .text(let name):
                try addVariable(prefix + name, kind: v.kind, bounds: v.bounds, objective: v.objective)
            case .member(let family, let i):
                try addVariable(prefixed(family), i, kind: v.kind, bounds: v.bounds, objective: v.objective)
            }
        }
        for c in other.constraints {
            let terms = c.terms.map { Term(Variable(index: $0.variable.index + offset), $0.coefficient) }
            switch c.label {
            case .text(let name): try addConstraint(prefix + name, terms, c.bounds)
            case .member(let family, let i): try addConstraint(prefixed(family), i, terms, c.bounds)
            }
        }
        objectiveConstant += other.objectiveConstant
        return offset
    }

    public mutating func setObjective(_ v: Variable, _ coefficient: Double) throws(ModelError) {
        let spec = try spec(of: v, context: "setObjective")
        try Validation.checkFinite(coefficient, "objective coefficient of variable '\(spec.name)'")
        objectives[v.index] = coefficient
    }

    /// Replaces every objective coefficient at once, one per variable in order: a stage that
    /// re-prices every column (stage 2 of the default round, 65,000) is one pass instead of a
    /// checked copy per column.
    public mutating func setObjective(_ coefficients: [Double]) throws(ModelError) {
        guard coefficients.count == variableCount else {
            throw .objectiveLength(given: coefficients.count, variableCount: variableCount)
        }
        if let j = coefficients.firstIndex(where: { !$0.isFinite }) {
            try Validation.checkFinite(coefficients[j], "objective coefficient of variable '\(columnLabels[j].text)'")
        }
        objectives = coefficients
    }

    /// Replaces the bounds of `v`, e.g. to fix a pinned variable with `.exactly(1)`.
    public mutating func setBounds(_ v: Variable, _ bounds: Bounds) throws(ModelError) {
        let spec = try spec(of: v, context: "setBounds")
        let stored = try Validation.checkVariableBounds(bounds, kind: spec.kind, name: spec.name)
        columns[v.index].bounds = stored
    }

    /// The LP relaxation: the same model with every variable continuous.
    public func relaxed() -> LinearModel {
        var copy = self
        for j in copy.columns.indices { copy.columns[j].kind = .continuous }
        return copy
    }

    /// c_j − Σ_i a_ij · duals_i for every variable: with an LP's row duals, the rate at which the
    /// objective changes when variable j moves off its bound. Columns of a larger model that a
    /// smaller one left out are priced this way (nil when `duals` has the wrong length).
    public func reducedCosts(duals: [Double]) -> [Double]? {
        guard duals.count == constraints.count else { return nil }
        var d = objectives
        for (i, row) in constraints.enumerated() where duals[i] != 0 {
            for term in row.terms { d[term.variable.index] -= term.coefficient * duals[i] }
        }
        return d
    }

    /// The largest step of which the objective's constant and every coefficient are whole
    /// multiples (1/q · g for the least q ≤ `maxDenominator` that makes them all whole, g their
    /// greatest common divisor); nil when there is none or no coefficient. Only the caller knows
    /// whether every column with a cost is integral at an optimum, which makes this the step of
    /// the optimum itself (`SolveOptions.objectiveStep`).
    public func objectiveStep(maxDenominator: Int = 1000) -> Double? {
        let values = objectives.filter { $0 != 0 } + (objectiveConstant == 0 ? [] : [objectiveConstant])
        guard !values.isEmpty, values.allSatisfy({ $0.isFinite && abs($0) < 1e9 }) else { return nil }
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        for q in 1...max(1, maxDenominator) {
            let scaled = values.map { $0 * Double(q) }
            guard scaled.allSatisfy({ abs($0 - $0.rounded()) <= 1e-9 * max(1, abs($0)) }) else { continue }
            let g = scaled.reduce(0) { gcd($0, abs(Int($1.rounded()))) }
            return g > 0 ? Double(g) / Double(q) : nil
        }
        return nil
    }

    /// `objectiveConstant + Σ c_j x_j`; NaN when `values` does not have one entry per variable.
    public func objectiveValue(of values: [Double]) -> Double {
        guard values.count == variableCount else { return .nan }
        var total = objectiveConstant
        for (c, x) in zip(objectives, values) where c != 0 { total += c * x }
        return total
    }

    /// The first bound, integrality or constraint that `values` breaks (beyond `tolerance`,
    /// relative to the bound's size), named; nil when the point is feasible. Lets a caller check
    /// a point found without GLPK's simplex method before trusting it.
    public func firstViolation(of values: [Double], tolerance: Double = 1e-9) -> String? {
        guard values.count == variableCount else {
            return "\(values.count) values for \(variableCount) variables"
        }
        for (j, (column, x)) in zip(columns, values).enumerated() {
            if !column.bounds.contains(x, tolerance: tolerance) { return "\(columnLabels[j].text) = \(x) is outside its bounds" }
            if column.kind != .continuous, x != x.rounded() { return "\(columnLabels[j].text) = \(x) is not an integer" }
        }
        for row in constraints {
            let activity = row.terms.reduce(0) { $0 + $1.coefficient * values[$1.variable.index] }
            if !row.bounds.contains(activity, tolerance: tolerance) { return "\(row.name) = \(activity) breaks its bounds" }
        }
        return nil
    }

    /// Checks what cannot be checked when it is set (the objective constant). Solve and write call
    /// this before anything reaches GLPK.
    public func validate() throws(ModelError) {
        try Validation.checkFinite(objectiveConstant, "objective constant")
        try Self.checkMembers(columnLabels, variableIndex, familyColumns, .variable)
        try Self.checkMembers(constraints.lazy.map(\.label), constraintIndex, familyRows, .constraint)
    }

    private func spec(of v: Variable, context: String) throws(ModelError) -> VariableSpec {
        guard columns.indices.contains(v.index) else {
            throw .unknownVariable(index: v.index, variableCount: variableCount, context: context)
        }
        return variables[v.index]
    }

    /// True when `terms` are what `mergeTerms` would return: known columns in increasing order,
    /// each once, with finite non-zero coefficients.
    private func isCanonical(_ terms: [Term]) -> Bool {
        var previous = -1
        for term in terms {
            let j = term.variable.index
            guard j > previous, j < variableCount, term.coefficient != 0, term.coefficient.isFinite else { return false }
            previous = j
        }
        return true
    }

    private func mergeTerms(_ terms: [Term], constraint: @autoclosure () -> String) throws(ModelError) -> [Term] {
        // Builders mostly list a row's terms by column already: then there is nothing to merge.
        if isCanonical(terms) { return terms }
        var sums: [Int: Double] = [:]
        sums.reserveCapacity(terms.count)
        for term in terms {
            guard columns.indices.contains(term.variable.index) else {
                throw .unknownVariable(
                    index: term.variable.index, variableCount: variableCount, context: "constraint '\(constraint())'")
            }
            let name = columnLabels[term.variable.index].text
            try Validation.checkFinite(term.coefficient, "coefficient of variable '\(name)' in constraint '\(constraint())'")
            sums[term.variable.index, default: 0] += term.coefficient
        }
        var merged: [Term] = []
        merged.reserveCapacity(sums.count)
        for (index, coefficient) in sums.sorted(by: { $0.key < $1.key }) where coefficient != 0 {
            // Two finite coefficients can still sum to infinity.
            try Validation.checkFinite(
                coefficient, "summed coefficient of variable '\(columnLabels[index].text)' in constraint '\(constraint())'")
            merged.append(Term(Variable(index: index), coefficient))
        }
        return merged
    }
}
