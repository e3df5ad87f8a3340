/// Checks a roster against every hard rule straight from the scenario, without the model
/// builder: a second pair of eyes on the solver's answer (and on a hand-made roster).
public enum RosterAudit {
    public static func violations(_ roster: Roster, scenario s: Scenario) -> [String] {
        let index = ScenarioIndex(s)
        var problems: [String] = []
        var load: [String: Int] = [:]
        var hosted: [String: Int] = [:]
        var staffed: [String: Int] = [:]
        var released: [String: Set<String>] = [:]
        let needs = Dictionary(s.needs.map { ("\($0.commune)/\($0.field)", $0) }, uniquingKeysWith: { a, _ in a })

        for a in roster.assignments {
            let at = "\(a.cadre) → \(a.commune)/\(a.field)"
            guard let c = index.cadre[a.cadre], let m = index.commune[a.commune], let f = index.field[a.field],
                let need = needs["\(a.commune)/\(a.field)"]
            else {
                problems.append("\(at): unknown cadre, commune, field or need")
                continue
            }
            let cadre = s.cadres[c]
            load[cadre.id, default: 0] += 1
            hosted[a.commune, default: 0] += 1
            staffed["\(a.commune)/\(a.field)", default: 0] += 1
            released[cadre.department, default: []].insert(cadre.id)
            if !cadre.available { problems.append("\(at): cadre is not available") }
            if let d = index.department[cadre.department], s.departments[d].branch != s.fields[f].branch {
                problems.append("\(at): field of another branch")
            }
            if (cadre.skill(in: a.field)?.level ?? 0) < need.level { problems.append("\(at): skill below level \(need.level)") }
            if !s.policy.allowHomeCommune && cadre.homeCommune == a.commune { problems.append("\(at): home commune") }
            if let home = index.commune[cadre.homeCommune], let limit = s.policy.maxTravelKm {
                let km = Eligibility.travelKm(from: s.communes[home], to: s.communes[m], roadFactor: s.policy.roadFactor)
                if km > limit { problems.append("\(at): \(km) km exceeds \(limit) km") }
            }
            for rule in s.pairs where rule.allowed == .no && rule.cadre == a.cadre && rule.commune == a.commune
                && (rule.field == nil || rule.field == a.field)
            {
                problems.append("\(at): forbidden by pairs.csv")
            }
        }
        // Time shares and work: workloads as the scenario sets them (pairs.csv, else share / capacity).
        var time: [String: Double] = [:]
        var work: [String: Double] = [:]
        for a in roster.assignments {
            guard let c = index.cadre[a.cadre], let need = needs["\(a.commune)/\(a.field)"] else { continue }
            let cadre = s.cadres[c]
            let rule = s.pairs.last { $0.cadre == a.cadre && $0.commune == a.commune && $0.field == a.field && $0.workload != nil }
                ?? s.pairs.last { $0.cadre == a.cadre && $0.commune == a.commune && $0.field == nil && $0.workload != nil }
            let workload = rule?.workload ?? cadre.timeShare / Double(max(1, cadre.capacity))
            time[a.cadre, default: 0] += workload
            let contribution = switch need.unit {
            case .cadres: 1.0
            case .fte: workload
            case .files: workload * s.policy.throughput(level: cadre.skill(in: a.field)?.level ?? 1)
            }
            work["\(a.commune)/\(a.field)", default: 0] += contribution
        }
        for cadre in s.cadres where (time[cadre.id] ?? 0) > cadre.timeShare + 1e-9 {
            problems.append("cadre \(cadre.id): workload \(time[cadre.id] ?? 0) exceeds time share \(cadre.timeShare)")
        }
        // The model's rule for work needs: covered work < desired work + the most one cadre could add.
        for (key, need) in needs where need.unit != .cadres {
            let most = s.cadres.compactMap { cadre -> Double? in
                guard let skill = cadre.skill(in: need.field) else { return nil }
                let share = s.pairs.compactMap { $0.cadre == cadre.id ? $0.workload : nil }.max() ?? cadre.timeShare
                return need.unit == .fte ? share : share * s.policy.throughput(level: skill.level)
            }.max() ?? 0
            if (work[key] ?? 0) >= need.desiredWork + most {
                problems.append("need \(key): \(work[key] ?? 0) \(need.unit.rawValue) assigned for \(need.desiredWork) desired")
            }
        }
        for cadre in s.cadres where (load[cadre.id] ?? 0) > cadre.capacity {
            problems.append("cadre \(cadre.id): \(load[cadre.id] ?? 0) assignments exceed capacity \(cadre.capacity)")
        }
        for commune in s.communes where (hosted[commune.id] ?? 0) > commune.hostingCapacity {
            problems.append("commune \(commune.id): hosts \(hosted[commune.id] ?? 0) > capacity \(commune.hostingCapacity)")
        }
        for (key, need) in needs where need.unit == .cadres && (staffed[key] ?? 0) > need.desired {
            problems.append("need \(key): \(staffed[key] ?? 0) cadres > desired \(need.desired)")
        }
        for d in s.departments where (released[d.id]?.count ?? 0) > d.releaseCap {
            problems.append("department \(d.id): releases \(released[d.id]?.count ?? 0) > cap \(d.releaseCap)")
        }
        let placed = Set(roster.assignments.map { "\($0.cadre)|\($0.commune)|\($0.field)" })
        for rule in s.pairs where rule.allowed == .pin {
            if !placed.contains("\(rule.cadre)|\(rule.commune)|\(rule.field ?? "")") {
                problems.append("pin \(rule.cadre) → \(rule.commune)/\(rule.field ?? "?") not honoured")
            }
        }
        return problems.sorted()
    }
}
