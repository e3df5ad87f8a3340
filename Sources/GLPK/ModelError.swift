/// Why a `LinearModel` mutation was refused. Raised before anything reaches GLPK, which would
/// abort the process on the same input.
public enum ModelError: Error, Equatable, CustomStringConvertible {
    public enum Entity: String, Sendable, Equatable { case variable, constraint }

    public enum NameProblem: Sendable, Equatable {
        case empty
        case tooLong(bytes: Int)
        case invalidFirstCharacter(Character)
        case invalidCharacter(Character)
        /// A name GLPK's exports use themselves (the MPS objective row `R0000000`).
        case reserved
        case duplicate
    }

    public enum BoundsProblem: Sendable, Equatable {
        case notANumber
        /// `+infinity` as a lower bound, or an infinite `.exactly`.
        case infiniteLower
        /// `-infinity` as an upper bound.
        case infiniteUpper
        case lowerAboveUpper(lower: Double, upper: Double)
        case binaryOutsideUnitInterval(lower: Double, upper: Double)
        /// GLPK's branch-and-bound refuses integer columns with fractional bounds.
        case nonIntegral(lower: Double, upper: Double)
    }

    case invalidName(String, Entity, NameProblem)
    case unknownVariable(index: Int, variableCount: Int, context: String)
    /// `what` names the number, e.g. "coefficient of variable 'x' in constraint 'cap'".
    case nonFinite(what: String, isNaN: Bool)
    case invalidBounds(Entity, String, BoundsProblem)
    /// A whole objective (`setObjective(_:)`) with another length than the model's columns.
    case objectiveLength(given: Int, variableCount: Int)

    public var description: String {
        switch self {
        case .invalidName(let name, let entity, let problem):
            let shown = name.debugDescription
            switch problem {
            case .empty:
                return "\(entity.rawValue) name is empty; GLPK's LP/MPS exports need a name for every \(entity.rawValue)"
            case .tooLong(let bytes):
                return "\(entity.rawValue) name \(shown) is \(bytes) bytes long; GLPK allows at most \(Validation.maxNameBytes)"
            case .invalidFirstCharacter(let c):
                return "\(entity.rawValue) name \(shown) starts with \(String(c).debugDescription); "
                    + "names must start with a letter or '_' (\(Validation.allowedDescription))"
            case .invalidCharacter(let c):
                return "\(entity.rawValue) name \(shown) contains \(String(c).debugDescription); "
                    + "\(Validation.allowedDescription)"
            case .reserved:
                return "\(entity.rawValue) name \(shown) is reserved: GLPK's MPS writer names the objective row so"
            case .duplicate:
                return "\(entity.rawValue) name \(shown) is used twice; names must be unique so exported files stay correct"
            }
        case .unknownVariable(let index, let count, let context):
            return "\(context): variable index \(index) does not exist (the model has \(count) variable\(count == 1 ? "" : "s")); "
                + "was the variable created by another model?"
        case .objectiveLength(let given, let count):
            return "an objective of \(given) coefficients for a model of \(count) variables; give one per variable, in order"
        case .nonFinite(let what, let isNaN):
            return "\(what) is \(isNaN ? "NaN" : "infinite"); numbers must be finite "
                + "(express an open side with Bounds.atLeast/.atMost/.free)"
        case .invalidBounds(let entity, let name, let problem):
            let subject = "bounds of \(entity.rawValue) '\(name)'"
            switch problem {
            case .notANumber: return "\(subject) contain NaN"
            case .infiniteLower: return "\(subject) have a lower limit of +infinity (or an infinite fixed value)"
            case .infiniteUpper: return "\(subject) have an upper limit of -infinity"
            case .lowerAboveUpper(let l, let u): return "\(subject): lower \(l) is greater than upper \(u)"
            case .binaryOutsideUnitInterval(let l, let u):
                return "\(subject): [\(l), \(u)] is not within [0, 1], as a binary variable requires"
            case .nonIntegral(let l, let u):
                return "\(subject): [\(l), \(u)] has a fractional limit; integer variables need integral bounds"
            }
        }
    }
}

/// Checks shared by `LinearModel`'s mutations.
enum Validation {
    /// GLPK's limit for row/column names.
    static let maxNameBytes = 255

    static let allowedDescription =
        "allowed: ASCII letters, digits and _ . , [ ] - (what GLPK's LP, MPS and native writers all keep intact)"

    /// Names must survive `glp_write_lp`, which keeps letters, digits and !"#$%&()/,.;?@_`'{}|~,
    /// maps '-'→'~', '['→'(', ']'→')', ' '→'_', and silently replaces any other name (or one starting
    /// with a digit or '.') by a generated `x_N`/`r_N` that may collide with a real name. We allow a
    /// subset whose mapping is one-to-one (no '~', '(' or ')' of our own) and excludes ':', which the
    /// LP format uses as the row-label separator.
    static func isAllowed(_ c: Unicode.Scalar, first: Bool) -> Bool {
        switch c {
        case "A"..."Z", "a"..."z", "_": return true
        case "0"..."9", ".", ",", "[", "]", "-": return !first
        default: return false
        }
    }

    static func checkName(_ name: String, _ entity: ModelError.Entity) throws(ModelError) {
        guard !name.isEmpty else { throw .invalidName(name, entity, .empty) }
        let bytes = name.utf8.count
        guard bytes <= maxNameBytes else { throw .invalidName(name, entity, .tooLong(bytes: bytes)) }
        var first = true
        for scalar in name.unicodeScalars {
            guard isAllowed(scalar, first: first) else {
                throw .invalidName(name, entity, first ? .invalidFirstCharacter(Character(scalar)) : .invalidCharacter(Character(scalar)))
            }
            first = false
        }
        if entity == .constraint && name == "R0000000" { throw .invalidName(name, entity, .reserved) }
    }

    static func checkFinite(_ value: Double, _ what: @autoclosure () -> String) throws(ModelError) {
        guard value.isFinite else { throw .nonFinite(what: what(), isNaN: value.isNaN) }
    }

    static func checkBounds(_ bounds: Bounds, _ entity: ModelError.Entity, _ name: @autoclosure () -> String) throws(ModelError) {
        let l = bounds.lower, u = bounds.upper
        if l.isNaN || u.isNaN { throw .invalidBounds(entity, name(), .notANumber) }
        if case .exactly(let v) = bounds, !v.isFinite { throw .invalidBounds(entity, name(), .infiniteLower) }
        if l == .infinity { throw .invalidBounds(entity, name(), .infiniteLower) }
        if u == -.infinity { throw .invalidBounds(entity, name(), .infiniteUpper) }
        if l > u { throw .invalidBounds(entity, name(), .lowerAboveUpper(lower: l, upper: u)) }
    }

    /// Returns the bounds to store: for a binary, the given bounds intersected with [0, 1]
    /// (so the default `.atLeast(0)` means [0, 1]); finite limits outside [0, 1] are refused.
    static func checkVariableBounds(
        _ bounds: Bounds, kind: VariableKind, name: @autoclosure () -> String
    ) throws(ModelError) -> Bounds {
        try checkBounds(bounds, .variable, name())
        let l = bounds.lower, u = bounds.upper
        switch kind {
        case .continuous:
            return bounds
        case .integer:
            if (l.isFinite && l.rounded() != l) || (u.isFinite && u.rounded() != u) {
                throw .invalidBounds(.variable, name(), .nonIntegral(lower: l, upper: u))
            }
            return bounds
        case .binary:
            if (l.isFinite && (l < 0 || l > 1)) || (u.isFinite && (u < 0 || u > 1)) {
                throw .invalidBounds(.variable, name(), .binaryOutsideUnitInterval(lower: l, upper: u))
            }
            // Within [0, 1], integral means 0 or 1: no rounding call for each of a million columns.
            if (l.isFinite && l != 0 && l != 1) || (u.isFinite && u != 0 && u != 1) {
                throw .invalidBounds(.variable, name(), .nonIntegral(lower: l, upper: u))
            }
            let lo = l.isFinite ? l : 0, hi = u.isFinite ? u : 1
            return lo == hi ? .exactly(lo) : .between(lo, hi)
        }
    }
}
