import Foundation
import GLPK

/// Formats `cadreplan export` writes: the program itself (LP, MPS, GLPK's own) or the data
/// section for the reference model `models/cadreplan.mod`.
public enum ExportTarget: String, Sendable, CaseIterable {
    case lp
    case mps
    case glpk
    case gmplData = "gmpl-data"
}

public enum ModelExport {
    /// The program of one stage. Stage 2 needs the stage-1 optimum, so it solves stage 1 first
    /// (with the tight formulation, whatever `rules` asks the written program to use).
    public static func program(
        _ scenario: Scenario, stage: Stage, options: PlanOptions, rules: RuleFormulation = .tight
    ) throws(PlanError) -> (Formulation, CadreProgram, unmetNeedBound: Double?) {
        let formulation: Formulation
        do { formulation = try Formulation(scenario) } catch { throw .formulation(error) }
        let first: CadreProgram
        do {
            first = try CadreProgram(formulation, scenario: scenario, stage: .unmetNeed,
                                     ruleFormulation: stage == .unmetNeed ? rules : .tight)
        } catch { throw .model(error) }
        guard stage == .fit else { return (formulation, first, nil) }
        // The stage-1 value the planner would reach: as a flow when the program is a network.
        let network = options.useNetwork && options.stage2Tolerance == 0 ? AssignmentNetwork(formulation) : nil
        let solution: Solution
        if let flow = network?.stage1(formulation, first) {
            solution = flow.0
        } else {
            var quiet = options
            quiet.onProgress = nil
            solution = try Planner.stageOne(formulation, scenario, first, quiet)
        }
        guard solution.point == .feasible, let z1 = solution.objective else {
            throw .noStage1Plan(String(describing: solution.termination))
        }
        let bound = Planner.unmetNeedBound(z1, tolerance: options.stage2Tolerance)
        do {
            let second = try CadreProgram(
                formulation, scenario: scenario, stage: .fit, unmetNeedBound: bound,
                unmetNeedFloor: Planner.unmetNeedFloor(z1, provenBound: solution.bestBound),
                unmetNeedPenalty: Planner.unmetNeedPenalty(formulation, tolerance: options.stage2Tolerance),
                ruleFormulation: rules)
            return (formulation, second, bound)
        } catch { throw .model(error) }
    }

    /// The data section for `models/cadreplan.mod`, every symbol quoted (commune codes are digits).
    public static func gmplData(
        _ formulation: Formulation, scenario s: Scenario, stage: Stage, unmetNeedBound: Double?,
        unmetNeedPenalty: Double = 0
    ) -> String {
        let f = formulation
        func q(_ symbol: String) -> String { "'" + symbol.replacingOccurrences(of: "'", with: "''") + "'" }
        func num(_ x: Double) -> String { x.isFinite ? "\(x)" : "1e30" }
        let cadre = f.cadres.map { q(s.cadres[$0.cadre].id) }
        let need = f.needs.map { q("\(s.needs[$0.need].commune)/\(s.needs[$0.need].field)") }
        var out = "/* CadrePlan data for models/cadreplan.mod — scenario \"\(s.name.replacingOccurrences(of: "*/", with: "* /"))\", stage \(stage.rawValue) */\n"
        out += "data;\n\n"
        out += "param stage := \(stage.rawValue);\n"
        out += "param w_min := \(num(f.weights.belowMinimum));\n"
        out += "param w_des := \(num(f.weights.belowDesired));\n"
        if let bound = unmetNeedBound { out += "param unmet_bound := \(num(bound));\n" }
        if unmetNeedPenalty > 0 { out += "param unmet_penalty := \(num(unmetNeedPenalty));\n" }
        out += "\nset COMMUNES :=\n" + s.communes.map { "  \(q($0.id))" }.joined(separator: "\n") + ";\n"
        out += "\nset DEPTS :=\n" + s.departments.map { "  \(q($0.id))" }.joined(separator: "\n") + ";\n"
        out += "\nset CADRES :=\n" + cadre.map { "  \($0)" }.joined(separator: "\n") + ";\n"
        out += "\nset NEEDS :=\n" + need.map { "  \($0)" }.joined(separator: "\n") + ";\n"
        out += "\nset PAIRS :=\n" + f.pairs.map { "  (\(cadre[$0.cadre]), \(need[$0.need]))" }.joined(separator: "\n") + ";\n"
        out += "\nparam hosting :=\n"
            + zip(s.communes, f.hosting).map { "  \(q($0.id)) \($1)" }.joined(separator: "\n") + ";\n"
        out += "\nparam release_cap :=\n"
            + zip(s.departments, f.releaseCaps).map { "  \(q($0.id)) \($1)" }.joined(separator: "\n") + ";\n"
        out += "\nparam : dept capacity :=\n"
            + f.cadres.enumerated().map { c, row in
                "  \(cadre[c]) \(q(s.departments[row.department].id)) \(row.capacity)"
            }.joined(separator: "\n") + ";\n"
        out += "\nparam : commune min_work des_work weight unit_weight :=\n"
            + f.needs.enumerated().map { n, row in
                "  \(need[n]) \(q(s.communes[row.commune].id)) \(num(row.minimumWork)) \(num(row.desiredWork)) "
                    + "\(num(row.weight)) \(num(row.unitWeight))"
            }.joined(separator: "\n") + ";\n"
        out += "\nparam fit :=\n"
            + f.pairs.map { "  \(cadre[$0.cadre]) \(need[$0.need]) \(num($0.fit))" }.joined(separator: "\n") + ";\n"
        let pins = f.pairs.filter(\.pinned)
        if !pins.isEmpty {
            out += "\nparam pinned :=\n"
                + pins.map { "  \(cadre[$0.cadre]) \(need[$0.need]) 1" }.joined(separator: "\n") + ";\n"
        }
        // Work needs and time shares: only what differs from the headcount model is written.
        let work = f.needs.indices.filter { f.needs[$0].unit != .cadres }
        if !work.isEmpty {
            let largest = f.largestContribution
            out += "\nset WORK :=\n" + work.map { "  \(need[$0])" }.joined(separator: "\n") + ";\n"
            out += "\nparam over_cap :=\n" + work.map {
                "  \(need[$0]) \(num(f.needs[$0].desiredWork + largest[$0] - CadreProgram.overshootSlack))"
            }.joined(separator: "\n") + ";\n"
            let workPairs = f.pairs.filter { f.needs[$0.need].unit != .cadres }
            out += "\nparam contrib :=\n" + workPairs.map {
                "  \(cadre[$0.cadre]) \(need[$0.need]) \(num($0.contribution))"
            }.joined(separator: "\n") + ";\n"
        }
        let timed = f.timedCadres
        if timed.contains(true) {
            let rows = f.cadres.indices.filter { timed[$0] }
            out += "\nset TIMED :=\n" + rows.map { "  \(cadre[$0])" }.joined(separator: "\n") + ";\n"
            out += "\nparam time_share :=\n" + rows.map { "  \(cadre[$0]) \(num(f.cadres[$0].timeShare))" }
                .joined(separator: "\n") + ";\n"
            out += "\nparam workload :=\n" + f.pairs.filter { timed[$0.cadre] }.map {
                "  \(cadre[$0.cadre]) \(need[$0.need]) \(num($0.workload))"
            }.joined(separator: "\n") + ";\n"
        }
        out += "\nend;\n"
        return out
    }
}

extension ModelExport {
    /// Writes one stage in one format to `path`, replacing any earlier file only when complete.
    public static func write(
        _ scenario: Scenario, stage: Stage, target: ExportTarget, options: PlanOptions, to path: String,
        rules: RuleFormulation = .tight
    ) throws -> (variables: Int, constraints: Int) {
        if target == .gmplData, !scenario.policy.rules.isEmpty { throw PlanError.referenceModelLacksRules }
        if scenario.isMultiRound {
            if rules == .naive { throw PlanError.naiveFormulationIsForOneRound }
            if target == .gmplData { throw PlanError.referenceModelLacksRounds }
            let model = try YearPlanner.program(scenario, stage: stage, options: options).model
            let format: ExportFormat = target == .lp ? .lp : (target == .mps ? .mps : .glpk)
            try AtomicOutput.replace(path) { temp in try GLPK.write(model, format: format, to: temp) }
            return (model.variableCount, model.constraintCount)
        }
        let (formulation, program, bound) = try program(scenario, stage: stage, options: options, rules: rules)
        switch target {
        case .gmplData:
            let text = gmplData(formulation, scenario: scenario, stage: stage, unmetNeedBound: bound,
                                unmetNeedPenalty: program.unmetNeedPenalty)
            try AtomicOutput.write([(URL(fileURLWithPath: path).lastPathComponent, Data(text.utf8))],
                                   into: URL(fileURLWithPath: path).deletingLastPathComponent().path)
        case .lp, .mps, .glpk:
            let format: ExportFormat = target == .lp ? .lp : (target == .mps ? .mps : .glpk)
            try AtomicOutput.replace(path) { temp in try GLPK.write(program.model, format: format, to: temp) }
        }
        return (program.model.variableCount, program.model.constraintCount)
    }
}
