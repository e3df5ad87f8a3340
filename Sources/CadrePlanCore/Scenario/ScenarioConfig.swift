import Foundation
import Yams

extension ScenarioLoader {
    /// scenario.yaml as read: the settings of a `Scenario`, the file of each table, and the line
    /// of each key so that the validator's findings point at it.
    struct Config {
        var name = ""
        var round = Round(start: "", end: "")
        var policy = Policy()
        var weights = Weights()
        var solver = SolverSettings()
        var rounds: [RoundSpec] = []
        var continuity: Continuity?
        var tableFiles: [Scenario.Table: String] =
            Dictionary(uniqueKeysWithValues: Scenario.Table.allCases.map { ($0, $0.defaultFile) })
        /// Dotted key path (`policy.road_factor`) → line.
        var lines: [String: Int] = [:]
        /// Key paths whose value could not be read (already reported).
        var brokenKeys: Set<String> = []
        /// False when the file is missing or not valid YAML: the settings are the defaults.
        var readable = true

        static let sections = ["name", "round", "rounds", "continuity", "tables", "policy", "weights", "solver"]

        static func read(_ path: String, file: String, into diagnostics: inout [Diagnostic]) -> Config {
            var config = Config()
            func fail(_ message: String, line: Int? = nil, fix: String) -> Config {
                diagnostics.append(Diagnostic(file: file, line: line, message: message, fix: fix))
                config.readable = false
                return config
            }
            guard FileManager.default.fileExists(atPath: path) else {
                return fail("scenario.yaml is missing",
                            fix: "create it with at least name: and round: {start: 2025-08-01, end: 2025-10-31} (see docs/scenario-format.md)")
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                return fail("cannot read the file", fix: "check that it is a readable file, not a folder")
            }
            guard var text = String(validating: data, as: UTF8.self) else {
                return fail("the file is not UTF-8", fix: "save it as UTF-8 text")
            }
            if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
            let root: Node?
            do { root = try Yams.compose(yaml: text) } catch {
                let (line, problem, fix) = describe(error, in: text)
                return fail(problem, line: line, fix: fix)
            }
            guard let root else {
                return fail("the file is empty", fix: "add at least name: and round: {start: 2025-08-01, end: 2025-10-31}")
            }

            var yaml = YAMLReader(file: file)
            let top = yaml.mapping(root, path: "", keys: sections)
            if let node = top["name"] { yaml.text(node, "name", into: &config.name) }
            if let node = top["round"] {
                let round = yaml.mapping(node, path: "round", keys: ["start", "end"])
                if let start = round["start"] { yaml.text(start, "round.start", into: &config.round.start) }
                if let end = round["end"] { yaml.text(end, "round.end", into: &config.round.end) }
            }
            if let node = top["rounds"], node.null == nil {
                config.rounds = yaml.rounds(node)
                // The year spans its rounds unless `round:` says otherwise.
                if top["round"] == nil, let first = config.rounds.first, let last = config.rounds.last {
                    config.round = Round(start: first.start, end: last.end)
                }
            }
            if let node = top["continuity"], node.null == nil {
                config.continuity = yaml.continuity(node)
            }
            if let node = top["tables"] {
                let tables = yaml.mapping(node, path: "tables", keys: Scenario.Table.allCases.map(\.rawValue))
                for table in Scenario.Table.allCases {
                    guard let value = tables[table.rawValue] else { continue }
                    var name = table.defaultFile
                    yaml.text(value, "tables.\(table.rawValue)", into: &name)
                    if name.isEmpty {
                        yaml.fail(value, "tables.\(table.rawValue) is empty",
                                  fix: "write the file name, e.g. \(table.defaultFile), or delete the key")
                    } else {
                        config.tableFiles[table] = name
                    }
                }
            }
            if let node = top["policy"] {
                let p = yaml.mapping(node, path: "policy", keys: ["max_travel_km", "road_factor", "allow_home_commune",
                                                                  "throughput_files_per_month"] + ProgrammeRules.keys)
                config.policy.rules = yaml.rules(p)
                yaml.optionalNumber(p["max_travel_km"], "policy.max_travel_km", into: &config.policy.maxTravelKm)
                yaml.number(p["road_factor"], "policy.road_factor", into: &config.policy.roadFactor)
                yaml.bool(p["allow_home_commune"], "policy.allow_home_commune", into: &config.policy.allowHomeCommune)
                yaml.numbers(p["throughput_files_per_month"], "policy.throughput_files_per_month", count: 3,
                             into: &config.policy.throughputFilesPerMonth)
            }
            if let node = top["weights"] {
                let keys: [(String, WritableKeyPath<Weights, Double>)] = [
                    ("below_minimum", \.belowMinimum), ("below_desired", \.belowDesired),
                    ("skill_level", \.skillLevel), ("experience_year", \.experienceYear),
                    ("experience_cap_years", \.experienceCapYears), ("language", \.language),
                    ("travel_per_100km", \.travelPer100Km),
                ]
                let w = yaml.mapping(node, path: "weights", keys: keys.map(\.0))
                for (key, path) in keys {
                    yaml.number(w[key], "weights.\(key)", into: &config.weights[keyPath: path])
                }
            }
            if let node = top["solver"] {
                let s = yaml.mapping(node, path: "solver", keys: ["time_limit_s", "relative_gap", "stage2_tolerance"])
                yaml.optionalNumber(s["time_limit_s"], "solver.time_limit_s", into: &config.solver.timeLimit)
                yaml.number(s["relative_gap"], "solver.relative_gap", into: &config.solver.relativeGap)
                yaml.number(s["stage2_tolerance"], "solver.stage2_tolerance", into: &config.solver.stage2Tolerance)
            }
            diagnostics += yaml.diagnostics
            config.lines = yaml.lines
            config.brokenKeys = yaml.brokenKeys
            return config
        }

        /// Line, planner-readable wording and fix of a Yams error.
        static func describe(_ error: any Error, in text: String) -> (line: Int?, problem: String, fix: String) {
            let syntaxFix = "indent with spaces, not tabs, and put values containing ': ' or ' #' in quotes"
            guard let error = error as? YamlError else { return (nil, "YAML error: \(error)", syntaxFix) }
            switch error {
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
                .composer(let context, let problem, let mark, _):
                return (mark.line, "YAML syntax error: \(problem)" + (context.map { " (\($0.text))" } ?? ""), syntaxFix)
            case .reader(let problem, let offset, _, _):
                let line = offset.map { text.prefix($0).filter(\.isNewline).count + 1 }
                return (line, "YAML syntax error: \(problem)", "save the file as UTF-8 text without control characters")
            case .duplicatedKeysInMapping(let duplicates, let context):
                let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
                return (context.mark.line, "key \(keys) appears twice in the same section",
                        "keep one of them and delete the other")
            default:
                return (nil, "YAML error: \(error)", syntaxFix)
            }
        }
    }
}

/// Typed reading of Yams nodes, reporting wrong types and unknown keys instead of throwing.
private struct YAMLReader {
    let file: String
    var diagnostics: [Diagnostic] = []
    var lines: [String: Int] = [:]
    var brokenKeys: Set<String> = []

    /// Reports a problem; `key` is the key path whose value is unusable, if any.
    mutating func fail(_ node: Node?, key: String? = nil, _ message: String, fix: String) {
        if let key { brokenKeys.insert(key) }
        diagnostics.append(Diagnostic(file: file, line: node?.mark?.line, message: message, fix: fix))
    }

    /// How a node looks to the planner, for "expected …, got …".
    func shown(_ node: Node) -> String {
        switch node {
        case .scalar(let s): node.null != nil ? "nothing" : "'\(s.string)'"
        case .mapping: "a group of keys"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    /// The entries of a mapping, with unknown keys reported (with a "did you mean") and the line
    /// of every known key recorded. An empty section (`policy:`) has no entries.
    mutating func mapping(_ node: Node, path: String, keys allowed: [String]) -> [String: Node] {
        let section = path.isEmpty ? "scenario.yaml" : path
        guard let mapping = node.mapping else {
            if node.null == nil {
                fail(node, key: path, "\(section): expected keys such as \(allowed.prefix(2).joined(separator: ", ")), got \(shown(node))",
                     fix: "write \(path.isEmpty ? "" : "\(path): then ")one 'key: value' per line (see docs/scenario-format.md)")
            }
            return [:]
        }
        var entries: [String: Node] = [:]
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? shown(keyNode)
            let full = path.isEmpty ? key : "\(path).\(key)"
            guard allowed.contains(key) else {
                let hint = Diagnostic.didYouMean(key, in: allowed).map { $0 + " " } ?? ""
                fail(keyNode, "unknown key '\(full)'",
                     fix: "\(hint)the keys of \(section) are \(allowed.joined(separator: ", "))")
                continue
            }
            lines[full] = keyNode.mark?.line
            entries[key] = value
        }
        return entries
    }

    /// Text of a scalar; an empty value leaves `target` alone (the validator reports missing text).
    mutating func text(_ node: Node, _ path: String, into target: inout String) {
        if node.null != nil { return }
        guard case .scalar(let scalar) = node else {
            fail(node, key: path, "\(path): expected text, got \(shown(node))", fix: "write a single value after '\(path.split(separator: ".").last ?? ""):'")
            return
        }
        target = scalar.string
    }

    mutating func number(_ node: Node?, _ path: String, into target: inout Double) {
        guard let node else { return }
        if let x = node.float {
            target = x
        } else {
            fail(node, key: path, "\(path): expected a number, got \(shown(node))",
                 fix: "write a number such as \(ScenarioValidator.format(target)), without quotes")
        }
    }

    /// A number where `null` (or an empty value) means "no limit".
    mutating func optionalNumber(_ node: Node?, _ path: String, into target: inout Double?) {
        guard let node else { return }
        if node.null != nil {
            target = nil
        } else if let x = node.float {
            target = x
        } else {
            let example = target.map(ScenarioValidator.format) ?? "300"
            fail(node, key: path, "\(path): expected a number, got \(shown(node))",
                 fix: "write a number such as \(example), or null for no limit")
        }
    }

    /// A list of exactly `count` numbers, e.g. `[20, 35, 50]`.
    mutating func numbers(_ node: Node?, _ path: String, count: Int, into target: inout [Double]) {
        guard let node else { return }
        let values = node.sequence.map { $0.map(\.float) } ?? []
        guard values.count == count, values.allSatisfy({ $0 != nil }) else {
            fail(node, key: path, "\(path): expected a list of \(count) numbers, got \(shown(node))",
                 fix: "write \(count) numbers in brackets, e.g. [\(target.map(ScenarioValidator.format).joined(separator: ", "))]")
            return
        }
        target = values.compactMap { $0 }
    }

    /// A whole number (counts), e.g. `minimum_size: 2`.
    mutating func integer(_ node: Node?, _ path: String, into target: inout Int) {
        guard let node else { return }
        if let x = node.float, x == x.rounded(), abs(x) < 1e9 {
            target = Int(x)
        } else {
            fail(node, key: path, "\(path): expected a whole number, got \(shown(node))",
                 fix: "write a whole number such as \(target), without quotes")
        }
    }

    /// A whole number where `null` (or an empty value) means "no limit".
    mutating func optionalInteger(_ node: Node?, _ path: String, into target: inout Int?) {
        guard let node else { return }
        guard node.null == nil else {
            target = nil
            return
        }
        var n = 0
        integer(node, path, into: &n)
        target = n
    }

    /// The rule sections of `policy:`; a section that is absent or empty (`teams:`) is off.
    mutating func rules(_ policy: [String: Node]) -> ProgrammeRules {
        var rules = ProgrammeRules()
        func section(_ key: String, _ keys: [String]) -> [String: Node]? {
            guard let node = policy[key], node.null == nil else { return nil }
            return mapping(node, path: "policy.\(key)", keys: keys)
        }
        if let b = section("budget", ["total_vnd", "monthly_allowance_vnd", "travel_vnd_per_km", "trips_home", "months"]) {
            var budget = ProgrammeRules.Budget(totalVnd: 0)
            if b["total_vnd"] == nil, let node = policy["budget"], node.mapping != nil {
                fail(node, key: "policy.budget", "policy.budget: total_vnd is missing",
                     fix: "write the programme's budget in VND, e.g. total_vnd: 12000000000, or delete policy.budget")
            }
            number(b["total_vnd"], "policy.budget.total_vnd", into: &budget.totalVnd)
            number(b["monthly_allowance_vnd"], "policy.budget.monthly_allowance_vnd", into: &budget.monthlyAllowanceVnd)
            number(b["travel_vnd_per_km"], "policy.budget.travel_vnd_per_km", into: &budget.travelVndPerKm)
            number(b["trips_home"], "policy.budget.trips_home", into: &budget.tripsHome)
            number(b["months"], "policy.budget.months", into: &budget.months)
            rules.budget = budget
        }
        if let l = section("lodging", ["commute_km", "default_capacity"]) {
            var lodging = ProgrammeRules.Lodging()
            number(l["commute_km"], "policy.lodging.commute_km", into: &lodging.commuteKm)
            integer(l["default_capacity"], "policy.lodging.default_capacity", into: &lodging.defaultCapacity)
            rules.lodging = lodging
        }
        if let t = section("teams", ["minimum_size", "maximum_communes"]) {
            var teams = ProgrammeRules.Teams()
            integer(t["minimum_size"], "policy.teams.minimum_size", into: &teams.minimumSize)
            optionalInteger(t["maximum_communes"], "policy.teams.maximum_communes", into: &teams.maximumCommunes)
            rules.teams = teams
        }
        if let l = section("language", ["minimum_share", "weight"]) {
            var language = ProgrammeRules.Language()
            number(l["minimum_share"], "policy.language.minimum_share", into: &language.minimumShare)
            number(l["weight"], "policy.language.weight", into: &language.weight)
            rules.language = language
        }
        if let f = section("fairness", ["floor", "ceiling", "weight"]) {
            var fairness = ProgrammeRules.Fairness()
            number(f["floor"], "policy.fairness.floor", into: &fairness.floor)
            number(f["ceiling"], "policy.fairness.ceiling", into: &fairness.ceiling)
            number(f["weight"], "policy.fairness.weight", into: &fairness.weight)
            rules.fairness = fairness
        }
        return rules
    }

    /// `rounds:`, a list of `{id, start, end}`; the line of each entry is kept as `rounds.<id>`.
    mutating func rounds(_ node: Node) -> [RoundSpec] {
        guard let list = node.sequence else {
            fail(node, key: "rounds", "rounds: expected a list of rounds, got \(shown(node))",
                 fix: "write one '- {id: 2025-q3, start: 2025-08-01, end: 2025-10-31}' line per round")
            return []
        }
        var rounds: [RoundSpec] = []
        for (i, item) in list.enumerated() {
            let r = mapping(item, path: "rounds.\(i + 1)", keys: ["id", "start", "end"])
            var spec = RoundSpec(id: "", start: "", end: "")
            if let id = r["id"] { text(id, "rounds.\(i + 1).id", into: &spec.id) }
            if let start = r["start"] { text(start, "rounds.\(i + 1).start", into: &spec.start) }
            if let end = r["end"] { text(end, "rounds.\(i + 1).end", into: &spec.end) }
            lines["rounds.\(i + 1)"] = item.mark?.line
            rounds.append(spec)
        }
        return rounds
    }

    /// `continuity:` with `hot_fields`, `weight`, `handover`, `max_consecutive_rounds`.
    mutating func continuity(_ node: Node) -> Continuity {
        let c = mapping(node, path: "continuity", keys: ["hot_fields", "weight", "handover", "max_consecutive_rounds"])
        var continuity = Continuity()
        if let list = c["hot_fields"], list.null == nil {
            if let items = list.sequence, items.allSatisfy({ $0.scalar != nil }) {
                continuity.hotFields = items.compactMap { $0.scalar?.string }
            } else if let one = list.scalar {
                continuity.hotFields = [one.string]
            } else {
                fail(list, key: "continuity.hot_fields", "continuity.hot_fields: expected a list of field ids, got \(shown(list))",
                     fix: "write the field ids in brackets, e.g. [land, social]")
            }
        }
        number(c["weight"], "continuity.weight", into: &continuity.weight)
        bool(c["handover"], "continuity.handover", into: &continuity.handover)
        optionalInteger(c["max_consecutive_rounds"], "continuity.max_consecutive_rounds",
                        into: &continuity.maxConsecutiveRounds)
        return continuity
    }

    mutating func bool(_ node: Node?, _ path: String, into target: inout Bool) {
        guard let node else { return }
        if let b = node.bool {
            target = b
        } else {
            fail(node, key: path, "\(path): expected true or false, got \(shown(node))", fix: "write true or false, without quotes")
        }
    }
}
