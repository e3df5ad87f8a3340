import Foundation
import Yams

/// One change a planner makes to a scenario without editing its files: `--set KEY=VALUE` or
/// `--drop-field ID` on the command line, or an entry of a variant in a what-if file.
///
/// Keys and value types are checked when the override is read; ids (departments, communes,
/// needs, cadres, fields) when it is applied to a scenario. Every problem is a `Diagnostic`
/// naming where the override was written, the key, what is wrong and how to fix it.
public struct ScenarioOverride: Sendable, Equatable, CustomStringConvertible {
    /// A typed value. `none` is "no limit" (`policy.max_travel_km`, `solver.time_limit_s`).
    public enum Value: Sendable, Equatable, CustomStringConvertible {
        case number(Double)
        case whole(Int)
        case flag(Bool)
        case none

        public var description: String {
            switch self {
            case .number(let x): ScenarioValidator.format(x)
            case .whole(let n): "\(n)"
            case .flag(let b): b ? "yes" : "no"
            case .none: "none"
            }
        }
    }

    public enum Change: Sendable, Equatable {
        /// `section.key` (policy, weights, solver) or `section.id.key` (the tables).
        case set(section: String, id: String?, key: String, value: Value)
        /// Removes the field's needs (and pins to them); cadres and the field row stay.
        case dropField(String)
    }

    public var change: Change
    /// Where it was written: `--set`, `--drop-field` or a what-if file, with its line.
    public var file: String
    public var line: Int?

    public init(change: Change, file: String, line: Int? = nil) {
        self.change = change
        self.file = file
        self.line = line
    }

    /// The dotted key (`departments.dept_finance.release_cap`), or nil for a dropped field.
    public var key: String? {
        guard case .set(let section, let id, let key, _) = change else { return nil }
        return [section, id, key].compactMap { $0 }.joined(separator: ".")
    }

    /// As a planner would type it: `--set policy.max_travel_km=60`, `--drop-field public_security`.
    public var description: String {
        switch change {
        case .set(_, _, _, let value): "--set \(key ?? "")=\(value)"
        case .dropField(let id): "--drop-field \(id)"
        }
    }
}

/// Overrides that cannot be read or applied, every problem at once.
public struct OverrideError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        return (diagnostics.map(\.description) + ["\(ScenarioError.plural(errors, "error")) in the what-if overrides"])
            .joined(separator: "\n")
    }
}

// MARK: - The keys a planner may set

extension ScenarioOverride {
    /// What a key accepts.
    enum Kind: Sendable {
        case number, optionalNumber, whole, flag
    }

    /// A settable key of one section, with an example value for messages.
    struct Setting: Sendable {
        var key: String
        var kind: Kind
        var example: String
    }

    /// The sections of `--set`, in the order messages list them. Table sections need an id.
    static let sections: [(name: String, record: String?, settings: [Setting])] = [
        ("policy", nil, [
            Setting(key: "max_travel_km", kind: .optionalNumber, example: "60"),
            Setting(key: "road_factor", kind: .number, example: "1.3"),
            Setting(key: "allow_home_commune", kind: .flag, example: "yes"),
        ]),
        ("weights", nil, [
            Setting(key: "below_minimum", kind: .number, example: "10"),
            Setting(key: "below_desired", kind: .number, example: "1"),
            Setting(key: "skill_level", kind: .number, example: "1"),
            Setting(key: "experience_year", kind: .number, example: "0.1"),
            Setting(key: "experience_cap_years", kind: .number, example: "10"),
            Setting(key: "language", kind: .number, example: "3"),
            Setting(key: "travel_per_100km", kind: .number, example: "1"),
        ]),
        ("solver", nil, [
            Setting(key: "time_limit_s", kind: .optionalNumber, example: "10"),
            Setting(key: "relative_gap", kind: .number, example: "0.01"),
            Setting(key: "stage2_tolerance", kind: .number, example: "0"),
        ]),
        ("fields", "field", [Setting(key: "priority", kind: .number, example: "3")]),
        ("departments", "department", [
            Setting(key: "release_cap", kind: .whole, example: "10"),
            Setting(key: "headcount", kind: .whole, example: "300"),
        ]),
        ("communes", "commune", [Setting(key: "hosting_capacity", kind: .whole, example: "3")]),
        ("needs", "need", [
            Setting(key: "min", kind: .number, example: "1"),
            Setting(key: "desired", kind: .number, example: "2"),
            Setting(key: "level", kind: .whole, example: "2"),
            Setting(key: "priority", kind: .number, example: "2"),
        ]),
        ("cadres", "cadre", [
            Setting(key: "available", kind: .flag, example: "no"),
            Setting(key: "capacity", kind: .whole, example: "2"),
        ]),
    ]

    static let sectionNames = sections.map(\.name)

    /// An example key of a table section, e.g. `needs.<commune>/<field>.desired`.
    static func idPlaceholder(_ section: String) -> String {
        section == "needs" ? "<commune>/<field>" : "<id>"
    }
}

// MARK: - Reading

extension ScenarioOverride {
    /// Reads `KEY=VALUE` as given to `--set`. `file`/`line` say where it was written.
    public static func parse(set text: String, file: String? = nil, line: Int? = nil) throws(OverrideError) -> ScenarioOverride {
        let origin = file ?? "--set \(text)"
        guard let eq = text.firstIndex(of: "=") else {
            throw OverrideError([Diagnostic(
                file: origin, line: line, message: "'\(text)' has no value",
                fix: "write KEY=VALUE, e.g. --set policy.max_travel_km=60")])
        }
        let key = text[..<eq].trimmingCharacters(in: .whitespaces)
        let value = text[text.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        return try parse(key: key, value: value, file: origin, line: line)
    }

    /// Reads one key and its value as text (the value of a what-if file's `set:` entry).
    public static func parse(key: String, value: String, file: String, line: Int? = nil) throws(OverrideError) -> ScenarioOverride {
        func fail(_ message: String, _ fix: String) -> OverrideError {
            OverrideError([Diagnostic(file: file, line: line, message: message, fix: fix)])
        }
        let parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let sectionName = parts.first, !key.isEmpty else {
            throw fail("the key is empty", "write KEY=VALUE, e.g. policy.max_travel_km=60")
        }
        guard let section = sections.first(where: { $0.name == sectionName }) else {
            let hint = Diagnostic.didYouMean(sectionName, in: sectionNames).map { $0 + " " } ?? ""
            throw fail("unknown setting '\(key)': there is no section '\(sectionName)'",
                       "\(hint)the sections are \(sectionNames.joined(separator: ", ")) (e.g. policy.max_travel_km=60)")
        }
        let keys = section.settings.map(\.key)
        let id: String?
        let name: String
        if let record = section.record {
            // `section.id.key`; ids may contain dots, so the key is the last part.
            guard parts.count >= 3, let last = parts.last else {
                let example = "\(section.name).\(idPlaceholder(section.name)).\(parts.count == 2 && keys.contains(parts[1]) ? parts[1] : keys[0])"
                throw fail("setting '\(key)' names no \(record)", "write \(example)=VALUE")
            }
            id = parts[1..<(parts.count - 1)].joined(separator: ".")
            name = last
        } else {
            guard parts.count == 2 else {
                throw fail("unknown setting '\(key)': the keys of \(section.name) have no further parts",
                           "write \(section.name).KEY=VALUE with KEY one of \(keys.joined(separator: ", "))")
            }
            id = nil
            name = parts[1]
        }
        if let id, id.isEmpty, let record = section.record {
            throw fail("setting '\(key)' names no \(record)", "write \(section.name).\(idPlaceholder(section.name)).\(name)=VALUE")
        }
        guard let setting = section.settings.first(where: { $0.key == name }) else {
            let hint = Diagnostic.didYouMean(name, in: keys).map { $0 + " " } ?? ""
            throw fail("unknown setting '\(key)': \(section.name) has no key '\(name)'",
                       "\(hint)the keys of \(section.name) are \(keys.joined(separator: ", "))")
        }
        let typed: Value
        switch readValue(value, setting.kind) {
        case .success(let v): typed = v
        case .failure(let expected):
            let shown = value.isEmpty ? "nothing" : "'\(value)'"
            let noLimit = setting.kind == .optionalNumber ? ", or none for no limit" : ""
            throw fail("'\(key)' expects \(expected), got \(shown)", "write \(key)=\(setting.example)\(noLimit)")
        }
        return ScenarioOverride(change: .set(section: section.name, id: id, key: name, value: typed), file: file, line: line)
    }

    /// Value text as typed; the failure is what was expected ("a number").
    static func readValue(_ text: String, _ kind: Kind) -> Result<Value, ExpectedValue> {
        let lower = text.lowercased()
        switch kind {
        case .flag:
            if ["yes", "true", "y", "on"].contains(lower) { return .success(.flag(true)) }
            if ["no", "false", "n", "off"].contains(lower) { return .success(.flag(false)) }
            return .failure(ExpectedValue("yes or no"))
        case .optionalNumber:
            if ["none", "null", "~"].contains(lower) { return .success(.none) }
            fallthrough
        case .number:
            guard let x = Double(text), ScenarioValidator.numberProblem(x) == nil else {
                return .failure(ExpectedValue("a number"))
            }
            return .success(.number(x))
        case .whole:
            guard let x = Double(text), ScenarioValidator.numberProblem(x) == nil, x == x.rounded() else {
                return .failure(ExpectedValue("a whole number"))
            }
            return .success(.whole(Int(x)))
        }
    }

    struct ExpectedValue: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// `--drop-field ID`; whether the field exists is checked when applied.
    public static func dropField(_ id: String, file: String? = nil, line: Int? = nil) -> ScenarioOverride {
        ScenarioOverride(change: .dropField(id), file: file ?? "--drop-field \(id)", line: line)
    }
}

// MARK: - Applying

/// A named set of overrides: one column of `cadreplan compare`.
public struct WhatIfVariant: Sendable, Equatable {
    public var name: String
    /// The planner's own words on the variant, if any.
    public var note: String?
    public var overrides: [ScenarioOverride]

    public init(name: String, note: String? = nil, overrides: [ScenarioOverride]) {
        self.name = name
        self.note = note
        self.overrides = overrides
    }
}

/// A variant applied to a scenario: the changed scenario and what changed, old → new.
public struct AppliedVariant: Sendable {
    /// One changed value, e.g. `departments.dept_finance.release_cap` 27 → 10.
    public struct Change: Sendable, Equatable, Codable {
        public var key: String
        public var before: String
        public var after: String
        public init(key: String, before: String, after: String) {
            self.key = key
            self.before = before
            self.after = after
        }
    }

    public var variant: WhatIfVariant
    public var scenario: Scenario
    public var changes: [Change]
    /// Warnings the overrides introduce (the base scenario's own are not repeated).
    public var warnings: [Diagnostic]
}

extension WhatIfVariant {
    /// Applies the overrides in order, then validates the result like a scenario read from
    /// files. Unknown ids and a scenario the overrides make invalid are errors, all reported.
    public func apply(to base: Scenario) throws(OverrideError) -> AppliedVariant {
        var scenario = base
        var changes: [AppliedVariant.Change] = []
        var problems: [Diagnostic] = []
        for override in overrides {
            do { try override.apply(to: &scenario, changes: &changes) } catch { problems += error.diagnostics }
        }
        guard problems.isEmpty else { throw OverrideError(problems) }

        let known = Set(ScenarioValidator.validate(base).map(\.description))
        let added = ScenarioValidator.validate(scenario).filter { !known.contains($0.description) }
        let label = "after \(title)"
        let located = added.map { d in
            Diagnostic(d.severity, file: d.file, line: d.line, message: "\(label): \(d.message)", fix: d.fix)
        }
        if located.contains(where: { $0.severity == .error }) { throw OverrideError(located) }
        return AppliedVariant(variant: self, scenario: scenario, changes: changes, warnings: located)
    }

    /// How messages name the variant: `variant 'travel-60'` or the overrides themselves.
    public var title: String {
        name.isEmpty || name == WhatIfVariant.commandLineName
            ? overrides.map(\.description).joined(separator: " ")
            : "variant '\(name)'"
    }

    /// The name of the variant made of `--set`/`--drop-field` options.
    public static let commandLineName = "what-if"
}

extension ScenarioOverride {
    /// Applies one override; unknown ids are errors with a "did you mean".
    func apply(to s: inout Scenario, changes: inout [AppliedVariant.Change]) throws(OverrideError) {
        func fail(_ message: String, _ fix: String) -> OverrideError {
            OverrideError([Diagnostic(file: file, line: line, message: message, fix: fix)])
        }
        func unknown(_ record: String, _ id: String, among ids: [String], table: String) -> OverrideError {
            let hint = Diagnostic.didYouMean(id, in: ids)
            let listed = ids.count <= 20 ? "one of \(ids.joined(separator: ", "))" : "an id listed in \(table)"
            return fail("unknown \(record) '\(id)' in '\(key ?? id)'",
                        (hint.map { $0 + " " } ?? "") + "use \(listed)")
        }
        func record(_ before: String, _ after: String) {
            changes.append(AppliedVariant.Change(key: key ?? "", before: before, after: after))
        }
        let f = ScenarioValidator.format

        switch change {
        case .dropField(let id):
            guard s.fields.contains(where: { $0.id == id }) else {
                throw fail("unknown field '\(id)' to drop",
                           (Diagnostic.didYouMean(id, in: s.fields.map(\.id)).map { $0 + " " } ?? "")
                            + "use one of \(s.fields.map(\.id).joined(separator: ", "))")
            }
            let needs = s.needs.filter { $0.field == id }
            let pins = s.pairs.filter { $0.allowed == .pin && $0.field == id }
            s.needs.removeAll { $0.field == id }
            // A pin to a need that no longer exists could not be honoured.
            s.pairs.removeAll { $0.allowed == .pin && $0.field == id }
            changes.append(AppliedVariant.Change(
                key: "fields.\(id)", before: "\(needs.count) needs (\(needs.map(\.desired).reduce(0, +)) cadres desired)"
                    + (pins.isEmpty ? "" : ", \(pins.count) pins"),
                after: "dropped"))

        case .set(let section, let id, let name, let value):
            switch (section, value) {
            case ("policy", _) where name == "max_travel_km":
                let new: Double? = if case .number(let x) = value { x } else { nil }
                record(s.policy.maxTravelKm.map(f) ?? "none", new.map(f) ?? "none")
                s.policy.maxTravelKm = new
            case ("policy", .number(let x)) where name == "road_factor":
                record(f(s.policy.roadFactor), f(x))
                s.policy.roadFactor = x
            case ("policy", .flag(let b)) where name == "allow_home_commune":
                record(s.policy.allowHomeCommune ? "yes" : "no", b ? "yes" : "no")
                s.policy.allowHomeCommune = b
            case ("weights", .number(let x)):
                guard let path = Self.weightPath(name) else { break }
                record(f(s.weights[keyPath: path]), f(x))
                s.weights[keyPath: path] = x
            case ("solver", _) where name == "time_limit_s":
                let new: Double? = if case .number(let x) = value { x } else { nil }
                record(s.solver.timeLimit.map(f) ?? "none", new.map(f) ?? "none")
                s.solver.timeLimit = new
            case ("solver", .number(let x)) where name == "relative_gap":
                record(f(s.solver.relativeGap), f(x))
                s.solver.relativeGap = x
            case ("solver", .number(let x)) where name == "stage2_tolerance":
                record(f(s.solver.stage2Tolerance), f(x))
                s.solver.stage2Tolerance = x
            case ("fields", .number(let x)):
                let id = id ?? ""
                guard let i = s.fields.firstIndex(where: { $0.id == id }) else {
                    throw unknown("field", id, among: s.fields.map(\.id), table: "fields.csv")
                }
                record(f(s.fields[i].priority), f(x))
                s.fields[i].priority = x
            case ("departments", .whole(let n)):
                let id = id ?? ""
                guard let i = s.departments.firstIndex(where: { $0.id == id }) else {
                    throw unknown("department", id, among: s.departments.map(\.id), table: "departments.csv")
                }
                if name == "release_cap" {
                    record("\(s.departments[i].releaseCap)", "\(n)")
                    s.departments[i].releaseCap = n
                } else {
                    record("\(s.departments[i].headcount)", "\(n)")
                    s.departments[i].headcount = n
                }
            case ("communes", .whole(let n)):
                let id = id ?? ""
                guard let i = s.communes.firstIndex(where: { $0.id == id }) else {
                    throw unknown("commune", id, among: s.communes.map(\.id), table: "communes.csv")
                }
                record("\(s.communes[i].hostingCapacity)", "\(n)")
                s.communes[i].hostingCapacity = n
            case ("needs", _):
                let id = id ?? ""
                guard let i = s.needs.firstIndex(where: { "\($0.commune)/\($0.field)" == id }) else {
                    let ids = s.needs.map { "\($0.commune)/\($0.field)" }
                    throw fail("unknown need '\(id)' in '\(key ?? id)'",
                               (Diagnostic.didYouMean(id, in: ids).map { $0 + " " } ?? "")
                                + "write the need as <commune>/<field>, a pair listed in needs.csv (e.g. \(ids.first ?? "24697/land"))")
                }
                try setNeed(&s.needs[i], name, value, policy: s.policy, record: record)
            case ("cadres", _):
                let id = id ?? ""
                guard let i = s.cadres.firstIndex(where: { $0.id == id }) else {
                    throw unknown("cadre", id, among: s.cadres.map(\.id), table: "cadres.csv")
                }
                if case .flag(let b) = value, name == "available" {
                    record(s.cadres[i].available ? "yes" : "no", b ? "yes" : "no")
                    s.cadres[i].available = b
                } else if case .whole(let n) = value, name == "capacity" {
                    record("\(s.cadres[i].capacity)", "\(n)")
                    s.cadres[i].capacity = n
                }
            default:
                break
            }
        }
    }

    /// The `Weights` property of a `weights.` key (a function: key paths are not `Sendable`).
    static func weightPath(_ key: String) -> WritableKeyPath<Weights, Double>? {
        switch key {
        case "below_minimum": \.belowMinimum
        case "below_desired": \.belowDesired
        case "skill_level": \.skillLevel
        case "experience_year": \.experienceYear
        case "experience_cap_years": \.experienceCapYears
        case "language": \.language
        case "travel_per_100km": \.travelPer100Km
        default: nil
        }
    }

    /// min and desired count cadres (whole numbers) unless the need is measured in work.
    private func setNeed(
        _ need: inout Need, _ name: String, _ value: Value, policy: Policy,
        record: (String, String) -> Void
    ) throws(OverrideError) {
        let f = ScenarioValidator.format
        switch (name, value) {
        case ("level", .whole(let n)):
            record("\(need.level)", "\(n)")
            need.level = n
        case ("priority", .number(let x)):
            record(f(need.priority), f(x))
            need.priority = x
        case ("min", .number(let x)), ("desired", .number(let x)):
            var minimum = need.minimumWork
            var desired = need.desiredWork
            if name == "min" { minimum = x } else { desired = x }
            if need.unit == .cadres {
                guard x == x.rounded() else {
                    throw OverrideError([Diagnostic(
                        file: file, line: line, message: "'\(key ?? name)' expects a whole number of cadres, got '\(f(x))'",
                        fix: "write \(key ?? name)=\(Int(max(0, x.rounded(.up))))")])
                }
                record("\(name == "min" ? need.minimum : need.desired)", f(x))
                let n = Int(x)
                if name == "min" { need.minimum = n } else { need.desired = n }
                need.minimumWork = Double(need.minimum)
                need.desiredWork = Double(need.desired)
            } else {
                record(f(name == "min" ? need.minimumWork : need.desiredWork), f(x))
                need = Need(commune: need.commune, field: need.field, unit: need.unit, minimumWork: minimum,
                            desiredWork: desired, level: need.level, backlog: need.backlog, priority: need.priority,
                            policy: policy)
            }
        default:
            break
        }
    }
}

// MARK: - Differences between two scenarios

extension AppliedVariant {
    /// What differs between two scenarios in the terms of `--set` keys, for a what-if given as
    /// a second scenario folder rather than as overrides: the settings, caps, capacities, needs
    /// and cadre availability a planner can change. Names and coordinates are not compared.
    public static func changes(from a: Scenario, to b: Scenario) -> [Change] {
        let f = ScenarioValidator.format
        var out: [Change] = []
        func compare(_ key: String, _ x: String, _ y: String) { if x != y { out.append(Change(key: key, before: x, after: y)) } }
        compare("policy.max_travel_km", a.policy.maxTravelKm.map(f) ?? "none", b.policy.maxTravelKm.map(f) ?? "none")
        compare("policy.road_factor", f(a.policy.roadFactor), f(b.policy.roadFactor))
        compare("policy.allow_home_commune", a.policy.allowHomeCommune ? "yes" : "no", b.policy.allowHomeCommune ? "yes" : "no")
        for setting in ScenarioOverride.sections.first(where: { $0.name == "weights" })?.settings ?? [] {
            guard let path = ScenarioOverride.weightPath(setting.key) else { continue }
            compare("weights.\(setting.key)", f(a.weights[keyPath: path]), f(b.weights[keyPath: path]))
        }
        compare("solver.time_limit_s", a.solver.timeLimit.map(f) ?? "none", b.solver.timeLimit.map(f) ?? "none")
        compare("solver.relative_gap", f(a.solver.relativeGap), f(b.solver.relativeGap))
        compare("solver.stage2_tolerance", f(a.solver.stage2Tolerance), f(b.solver.stage2Tolerance))

        func byID<T>(_ list: [T], _ id: (T) -> String) -> [String: T] {
            Dictionary(list.map { (id($0), $0) }, uniquingKeysWith: { x, _ in x })
        }
        let fieldsB = byID(b.fields, \.id)
        for x in a.fields { if let y = fieldsB[x.id] { compare("fields.\(x.id).priority", f(x.priority), f(y.priority)) } }
        let departmentsB = byID(b.departments, \.id)
        for x in a.departments {
            guard let y = departmentsB[x.id] else { continue }
            compare("departments.\(x.id).release_cap", "\(x.releaseCap)", "\(y.releaseCap)")
            compare("departments.\(x.id).headcount", "\(x.headcount)", "\(y.headcount)")
        }
        let communesB = byID(b.communes, \.id)
        for x in a.communes {
            if let y = communesB[x.id] { compare("communes.\(x.id).hosting_capacity", "\(x.hostingCapacity)", "\(y.hostingCapacity)") }
        }
        // A field whose needs are all gone reads as dropped; other needs compare one by one.
        let needKey = { (n: Need) in "\(n.commune)/\(n.field)" }
        let needsB = byID(b.needs, needKey)
        let needsA = byID(a.needs, needKey)
        let fieldsWithNeedsB = Set(b.needs.map(\.field))
        var dropped = Set<String>()
        for field in a.fields.map(\.id) where a.needs.contains(where: { $0.field == field }) && !fieldsWithNeedsB.contains(field) {
            let needs = a.needs.filter { $0.field == field }
            let pins = a.pairs.filter { $0.allowed == .pin && $0.field == field }.count
            dropped.insert(field)
            out.append(Change(key: "fields.\(field)", before: "\(needs.count) needs (\(needs.map(\.desired).reduce(0, +)) cadres desired)"
                                + (pins == 0 ? "" : ", \(pins) pins"),
                              after: "dropped"))
        }
        for x in a.needs where !dropped.contains(x.field) {
            let key = "needs.\(needKey(x))"
            guard let y = needsB[needKey(x)] else {
                out.append(Change(key: key, before: "min \(x.minimum), desired \(x.desired)", after: "removed"))
                continue
            }
            compare("\(key).min", f(x.minimumWork), f(y.minimumWork))
            compare("\(key).desired", f(x.desiredWork), f(y.desiredWork))
            compare("\(key).level", "\(x.level)", "\(y.level)")
            compare("\(key).priority", f(x.priority), f(y.priority))
        }
        for y in b.needs where needsA[needKey(y)] == nil {
            out.append(Change(key: "needs.\(needKey(y))", before: "none", after: "min \(y.minimum), desired \(y.desired)"))
        }
        let cadresB = byID(b.cadres, \.id)
        for x in a.cadres {
            guard let y = cadresB[x.id] else {
                out.append(Change(key: "cadres.\(x.id)", before: "listed", after: "removed"))
                continue
            }
            compare("cadres.\(x.id).available", x.available ? "yes" : "no", y.available ? "yes" : "no")
            compare("cadres.\(x.id).capacity", "\(x.capacity)", "\(y.capacity)")
        }
        let cadresA = byID(a.cadres, \.id)
        for y in b.cadres where cadresA[y.id] == nil {
            out.append(Change(key: "cadres.\(y.id)", before: "none", after: "added"))
        }
        return out
    }
}

// MARK: - What-if files

/// A what-if file: named variants, each a list of settings and dropped fields.
///
///     variants:
///       - name: travel-60
///         note: "No trip longer than 60 km"
///         set:
///           policy.max_travel_km: 60
///       - name: no-public-security
///         drop_fields: [public_security]
public enum WhatIfFile {
    static let topKeys = ["variants"]
    static let variantKeys = ["name", "note", "set", "drop_fields"]

    /// Reads and checks the file's shape and keys; ids are checked when the variants are applied.
    public static func load(_ path: String) throws(OverrideError) -> [WhatIfVariant] {
        func fail(_ message: String, line: Int? = nil, _ fix: String) -> OverrideError {
            OverrideError([Diagnostic(file: path, line: line, message: message, fix: fix)])
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw fail("what-if file not found", "check the path, e.g. scenarios/whatif-examples/lam-dong-2025.yaml")
        }
        guard !isFolder.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw fail("cannot read the what-if file (is it a folder?)", "give a YAML file with a variants: list")
        }
        guard var text = String(validating: data, as: UTF8.self) else {
            throw fail("the file is not UTF-8", "save it as UTF-8 text")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            let (line, problem, fix) = ScenarioLoader.Config.describe(error, in: text)
            throw fail(problem, line: line, fix)
        }
        return try read(root, file: path)
    }

    /// Reads variants from YAML text (for tests and tools that build files in memory).
    public static func parse(_ text: String, file: String) throws(OverrideError) -> [WhatIfVariant] {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            let (line, problem, fix) = ScenarioLoader.Config.describe(error, in: text)
            throw OverrideError([Diagnostic(file: file, line: line, message: problem, fix: fix)])
        }
        return try read(root, file: file)
    }

    static func read(_ root: Node?, file: String) throws(OverrideError) -> [WhatIfVariant] {
        var problems: [Diagnostic] = []
        func problem(_ node: Node?, _ message: String, _ fix: String) {
            problems.append(Diagnostic(file: file, line: node?.mark?.line, message: message, fix: fix))
        }
        let example = "variants:\n  - name: travel-60\n    set: {policy.max_travel_km: 60}"
        guard let root, let top = root.mapping else {
            throw OverrideError([Diagnostic(file: file, line: root?.mark?.line, message: "the file has no variants: list",
                                            fix: "write a list of variants, e.g. \(example)")])
        }
        var list: Node?
        for (keyNode, value) in top {
            let key = keyNode.string ?? ""
            if key == "variants" { list = value; continue }
            let hint = Diagnostic.didYouMean(key, in: topKeys).map { $0 + " " } ?? ""
            problem(keyNode, "unknown key '\(key)'", "\(hint)the file has one key, variants")
        }
        guard let list, let items = list.sequence, !items.isEmpty else {
            problem(list ?? root, "variants: is missing or not a list of variants", "write a list, e.g. \(example)")
            throw OverrideError(problems)
        }
        var variants: [WhatIfVariant] = []
        var firstLine: [String: Int?] = [:]
        for (position, item) in items.enumerated() {
            guard let entries = item.mapping else {
                problem(item, "variant \(position + 1) is not a group of keys",
                        "write name:, then set: and/or drop_fields: under it (see the example at the top of the file)")
                continue
            }
            var name = ""
            var note: String?
            var overrides: [ScenarioOverride] = []
            var nameNode: Node?
            let problemsBefore = problems.count
            for (keyNode, value) in entries {
                let key = keyNode.string ?? ""
                switch key {
                case "name":
                    nameNode = keyNode
                    name = value.string?.trimmingCharacters(in: .whitespaces) ?? ""
                case "note":
                    note = value.string
                case "set":
                    guard let pairs = value.mapping else {
                        if value.null == nil {
                            problem(value, "variant \(position + 1): set: is not a group of 'key: value' lines",
                                    "write one setting per line under set:, e.g. policy.max_travel_km: 60")
                        }
                        continue
                    }
                    for (k, v) in pairs {
                        guard let keyText = k.string, case .scalar = v else {
                            problem(k, "variant \(position + 1): the value of '\(k.string ?? "")' is not a single value",
                                    "write one value after the key, e.g. policy.max_travel_km: 60")
                            continue
                        }
                        let valueText = v.null != nil ? "none" : (v.string ?? "")
                        do {
                            overrides.append(try ScenarioOverride.parse(
                                key: keyText, value: valueText, file: file, line: k.mark?.line))
                        } catch { problems += error.diagnostics }
                    }
                case "drop_fields":
                    let ids: [Node] = value.sequence.map { Array($0) } ?? (value.scalar != nil && value.null == nil ? [value] : [])
                    if ids.isEmpty, value.null == nil {
                        problem(value, "variant \(position + 1): drop_fields: is not a list of field ids",
                                "write e.g. drop_fields: [public_security]")
                    }
                    for node in ids {
                        guard let id = node.string, !id.isEmpty, case .scalar = node else {
                            problem(node, "variant \(position + 1): drop_fields: holds something that is not a field id",
                                    "write e.g. drop_fields: [public_security]")
                            continue
                        }
                        overrides.append(ScenarioOverride.dropField(id, file: file, line: node.mark?.line))
                    }
                default:
                    let hint = Diagnostic.didYouMean(key, in: variantKeys).map { $0 + " " } ?? ""
                    problem(keyNode, "variant \(position + 1): unknown key '\(key)'",
                            "\(hint)the keys of a variant are \(variantKeys.joined(separator: ", "))")
                }
            }
            let line = (nameNode ?? item).mark?.line
            if name.isEmpty {
                problem(nameNode ?? item, "variant \(position + 1) has no name",
                        "add name: with a short label such as travel-60; it heads the variant's column")
                continue
            }
            if let earlier = firstLine[name] {
                problem(nameNode, "variant name '\(name)' is used twice" + (earlier.map { " (first on line \($0))" } ?? ""),
                        "give each variant its own name")
                continue
            }
            firstLine[name] = line
            if overrides.isEmpty, problems.count == problemsBefore {
                problem(nameNode ?? item, "variant '\(name)' changes nothing",
                        "add set: with at least one setting, or drop_fields:")
            }
            variants.append(WhatIfVariant(name: name, note: note, overrides: overrides))
        }
        guard problems.isEmpty else { throw OverrideError(problems.sorted()) }
        return variants
    }
}
