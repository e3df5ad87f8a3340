import CadrePlanCore
import Foundation

/// The words of a comparison in Vietnamese or English. Communes keep their Vietnamese names in
/// both; fields, departments and ratings use the scenario's Vietnamese names and the official
/// rating wording in Vietnamese.
public struct CompareStrings: Sendable {
    public let language: ReportLanguage
    let names: Strings
    /// Names of fields, departments and communes, from the base scenario.
    let fields: [String: Field]
    let departments: [String: Department]
    let communes: [String: Commune]

    public init(_ language: ReportLanguage, scenario: Scenario) {
        self.language = language
        names = Strings(language)
        fields = Dictionary(scenario.fields.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        departments = Dictionary(scenario.departments.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        communes = Dictionary(scenario.communes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    func t(_ en: String, _ vi: String) -> String { language == .vi ? vi : en }

    // MARK: Names

    func field(_ id: String) -> String { fields[id].map(names.fieldName) ?? id }
    func department(_ id: String) -> String { departments[id].map(names.departmentName) ?? id }
    func commune(_ id: String) -> String { communes[id].map { "\($0.name) (\(id))" } ?? id }
    func communeName(_ id: String) -> String { communes[id]?.name ?? id }
    func post(_ p: Comparison.Post) -> String { "\(communeName(p.commune)) (\(p.commune)) — \(field(p.field))" }
    public func column(_ name: String) -> String { name == Comparison.baseName ? t("base", "gốc") : name }

    // MARK: Headings

    var title: String { t("What-if comparison", "So sánh phương án giả định") }
    var metric: String { t("Metric", "Chỉ tiêu") }
    var planHeading: String { t("Plan", "Phương án") }
    var columnsHeading: String { t("Plans compared", "Các phương án được so sánh") }
    var kpiHeading: String { t("Key figures (change against the base in brackets)", "Các chỉ tiêu chính (chênh lệch so với phương án gốc trong ngoặc)") }
    var status: String { t("status", "trạng thái") }
    var source: String { t("source", "nguồn") }
    var changesHeading: String { t("What this what-if changes", "Nội dung thay đổi của giả định") }
    var noChanges: String { t("nothing (same scenario)", "không có (cùng kịch bản)") }
    var movesHeading: String { t("Cadres who move", "Cán bộ thay đổi nơi công tác") }
    var losingHeading: String { t("Communes that lose help", "Xã bị giảm hỗ trợ") }
    var gainingHeading: String { t("Communes that gain help", "Xã được tăng hỗ trợ") }
    var explanationHeading: String {
        t("Why needs stay unmet (stage 1 re-solved with one rule relaxed)",
          "Vì sao nhu cầu chưa được đáp ứng (giải lại giai đoạn 1, mỗi lần nới một quy định)")
    }
    var outcomesNoteHeading: String { t("About the expected outcomes", "Về kết quả dự báo") }
    var cadre: String { t("Cadre", "Cán bộ") }
    var departmentHeading: String { t("Department", "Đơn vị cử") }
    var communeHeading: String { t("Commune", "Xã, phường, đặc khu") }
    var fieldHeading: String { t("Field", "Lĩnh vực") }
    var beforeHeading: String { t("base", "gốc") }
    var afterHeading: String { t("what-if", "giả định") }
    var cadresHeading: String { t("cadres (base → what-if)", "số cán bộ (gốc → giả định)") }
    var desiredHeading: String { t("asked", "đề nghị") }
    var whyHeading: String { t("why", "lý do") }
    var ruleHeading: String { t("Rule", "Quy định") }
    var limitHeading: String { t("limit → relaxed", "mức hiện tại → nới") }
    var recoveredHeading: String { t("unmet need recovered (weighted)", "nhu cầu được bù (có trọng số)") }
    var needsHeading: String { t("needs that gain", "nhu cầu được bổ sung") }
    var none: String { t("none", "không có") }
    var nothingMoves: String { t("No cadre moves: both plans are the same.", "Không cán bộ nào thay đổi: hai phương án giống nhau.") }
    var noCommuneChanges: String { t("No commune gains or loses help.", "Không xã nào tăng hay giảm hỗ trợ.") }
    var nothingUnmet: String { t("Every need is met: nothing to explain.", "Mọi nhu cầu đều được đáp ứng: không có gì cần giải thích.") }
    var noExplanation: String {
        t("Not explained (pass --explain N to re-solve up to N relaxed rules).",
          "Chưa giải thích (dùng --explain N để giải lại tối đa N quy định được nới).")
    }

    func movesSummary(moved: Int, left: Int, joined: Int, unchanged: Int) -> String {
        t("cadres moving to other posts: \(moved); no longer seconded: \(left); newly seconded: \(joined); keeping their posts: \(unchanged).",
          "cán bộ chuyển vị trí: \(moved); không còn được cử: \(left); được cử mới: \(joined); giữ nguyên vị trí: \(unchanged).")
    }

    func communesSummary(losing: Int, gaining: Int) -> String {
        t("Communes losing help: \(losing); gaining help: \(gaining).", "Xã bị giảm hỗ trợ: \(losing); xã được tăng hỗ trợ: \(gaining).")
    }

    func explanationSummary(_ e: Explanation) -> String {
        t("Weighted unmet need \(Format.number(e.unmetNeed, decimals: 1)) (stage-1 optimum). \(e.binding.count) rules bind; \(e.findings.count) re-solved"
            + (e.notResolved.isEmpty ? "." : ", \(e.notResolved.count) left out by the budget (--explain)."),
          "Nhu cầu chưa đáp ứng có trọng số \(Format.number(e.unmetNeed, decimals: 1)) (tối ưu giai đoạn 1). \(e.binding.count) quy định đang chặn; đã giải lại \(e.findings.count)"
            + (e.notResolved.isEmpty ? "." : ", \(e.notResolved.count) chưa giải lại do giới hạn (--explain)."))
    }

    func more(_ n: Int, file: String) -> String {
        t("… and \(n) more (see \(file)).", "… và \(n) trường hợp khác (xem \(file)).")
    }

    func statusWord(_ s: Roster.Status) -> String {
        switch s {
        case .optimal: t("optimal", "tối ưu")
        case .feasible: t("feasible, not proven optimal", "khả thi, chưa chứng minh tối ưu")
        case .none: t("no plan", "không có phương án")
        }
    }

    func moveKind(_ k: Comparison.Move.Kind) -> String {
        switch k {
        case .moved: t("moves", "chuyển vị trí")
        case .left: t("no longer seconded", "không còn được cử")
        case .joined: t("newly seconded", "được cử mới")
        }
    }

    func group(_ g: Comparison.Group) -> String {
        switch g {
        case .coverage: t("Needs covered", "Mức đáp ứng nhu cầu")
        case .unmetByField: t("Unmet need by field (posts)", "Nhu cầu chưa đáp ứng theo lĩnh vực (vị trí)")
        case .fit: t("Fit", "Mức phù hợp")
        case .travel: t("Travel", "Quãng đường di chuyển")
        case .outcomes: t("Expected outcomes (predicted, civil placements)", "Kết quả dự kiến (dự báo, phân công khối dân sự)")
        }
    }

    func kpi(_ k: Comparison.KPI) -> String {
        if let id = k.field { return field(id) }
        if let rating = k.rating { return t("expected “\(names.rating(rating))”", "dự kiến “\(names.rating(rating))”") }
        switch k.id {
        case "unmet_weighted": return t("weighted unmet need (stage 1)", "nhu cầu chưa đáp ứng có trọng số (giai đoạn 1)")
        case "posts_filled": return t("posts filled", "số vị trí được bố trí")
        case "posts_desired": return t("cadres asked for", "số cán bộ đề nghị")
        case "posts_unmet": return t("posts unmet", "số vị trí chưa đáp ứng")
        case "unmet_below_minimum": return t("unmet below the minimum", "thiếu dưới mức tối thiểu")
        case "needs_without_help": return t("needs with nobody", "nhu cầu không có cán bộ nào")
        case "communes_hot_gap": return t("communes with no help in a hot field", "xã không được hỗ trợ ở lĩnh vực trọng điểm")
        case "cadres_placed": return t("cadres seconded", "số cán bộ được cử")
        case "fit.mean": return t("mean fit score", "điểm phù hợp bình quân")
        case "fit.skill_over_required": return t("mean skill level over required", "trình độ bình quân so với yêu cầu")
        case "fit.years": return t("mean years of experience", "số năm kinh nghiệm bình quân")
        case "fit.language_share": return t("speak a local language (communes ≥ 30% minority)", "biết tiếng địa phương (xã ≥ 30% DTTS)")
        case "travel.total_km": return t("total travel, km", "tổng quãng đường, km")
        case "travel.median_km": return t("median travel, km", "quãng đường trung vị, km")
        case "travel.max_km": return t("longest travel, km", "quãng đường xa nhất, km")
        default: return k.id
        }
    }

    // MARK: Values

    /// `12.5`, `40.0%`, or `—` when the plan has no such measure.
    func value(_ x: Double?, _ k: Comparison.KPI) -> String {
        guard let x else { return "—" }
        return k.isShare ? Format.percent(x) : Format.number(x, decimals: k.decimals)
    }

    /// `+3`, `-1.5`, `+2.0 pp`, `±0`; empty for missing values.
    func delta(_ d: Double?, _ k: Comparison.KPI) -> String {
        guard let d else { return "" }
        let scaled = k.isShare ? d * 100 : d
        let magnitude = Format.number(abs(scaled), decimals: k.decimals)
        if Double(magnitude) == 0 { return "±0" }
        return (scaled > 0 ? "+" : "-") + magnitude + (k.isShare ? " pp" : "")
    }

    /// A value with its delta and, for predictions, its 90% interval: `30 (+18)`, `64.1 [58.0–70.2] (-2.3)`.
    func cell(_ k: Comparison.KPI, _ i: Int, showDelta: Bool) -> String {
        var text = value(k.values[i], k)
        if let interval = k.intervals?[i], interval.count == 2 {
            text += " [\(Format.number(interval[0], decimals: k.decimals))–\(Format.number(interval[1], decimals: k.decimals))]"
        }
        if showDelta, i > 0, k.values[i] != nil {
            text += " (\(delta(k.deltas[i], k)))"
        }
        return text
    }

    /// Whether a delta is good, bad or neither news, for colours.
    func tone(_ k: Comparison.KPI, _ i: Int) -> Int {
        guard i > 0, let d = k.deltas[i], delta(d, k) != "±0" else { return 0 }
        switch k.better {
        case .lower: return d < 0 ? 1 : -1
        case .higher: return d > 0 ? 1 : -1
        case .neither: return 0
        }
    }

    // MARK: Changes and reasons

    func change(_ c: AppliedVariant.Change) -> String { "\(c.key): \(c.before) → \(c.after)" }

    func rule(_ r: Explanation.Rule) -> String {
        let limit = r.limit.map { ScenarioFormat.number($0) } ?? ""
        let relaxed = r.relaxedTo.map { ScenarioFormat.number($0) }
        switch r.kind {
        case .releaseCap:
            return t("release cap of \(department(r.subject)) (\(limit) → \(relaxed ?? "?"))",
                     "hạn mức cử của \(department(r.subject)) (\(limit) → \(relaxed ?? "?"))")
        case .hostingCapacity:
            return t("hosting capacity of \(commune(r.subject)) (\(limit) → \(relaxed ?? "?"))",
                     "sức chứa của \(commune(r.subject)) (\(limit) → \(relaxed ?? "?"))")
        case .travelLimit:
            return t("travel limit (\(limit) km → none)", "giới hạn quãng đường (\(limit) km → bỏ giới hạn)")
        case .skillLevel:
            return t("required level in \(field(r.subject)) (one level lower, \(limit) → \(relaxed ?? "?"))",
                     "trình độ yêu cầu ở lĩnh vực \(field(r.subject)) (hạ một bậc, \(limit) → \(relaxed ?? "?"))")
        }
    }

    func reason(_ r: Roster.Reason) -> String {
        switch r {
        case .noEligibleCadre: t("no cadre passes the hard rules", "không có cán bộ đủ điều kiện")
        case .hostingCapacity: t("the commune's hosting capacity is full", "xã đã hết sức chứa")
        case .releaseCap: t("free cadres' departments are at their release cap", "đơn vị của cán bộ còn trống đã hết hạn mức cử")
        case .usedElsewhere: t("eligible cadres serve needs weighted at least as high", "cán bộ đủ điều kiện đang đảm nhận nhu cầu có trọng số bằng hoặc cao hơn")
        case .searchStopped: t("the search stopped before placing free cadres", "quá trình tìm kiếm dừng trước khi bố trí cán bộ còn trống")
        }
    }

    func why(_ w: Comparison.Why) -> String {
        switch w.kind {
        case .change:
            return w.change.map { t("changed: ", "thay đổi: ") + change($0) } ?? ""
        case .bindingRule:
            guard let rule = w.rule else { return "" }
            let recovered = w.recovered.map { Format.number($0, decimals: 1) } ?? "?"
            return (w.inBase == true ? t("was held back in the base by ", "ở phương án gốc bị chặn bởi ")
                                     : t("held back by ", "bị chặn bởi "))
                + self.rule(rule) + t(" (relaxing it recovers \(recovered) weighted unmet need in all)",
                                      " (nới ra bù được \(recovered) nhu cầu có trọng số trên toàn tỉnh)")
        case .knockOn:
            return t("knock-on effect of the changes above (the plan is re-optimised)",
                     "hệ quả gián tiếp của các thay đổi (phương án được tối ưu lại)")
        case .shortfall:
            guard let reason = w.reason else { return "" }
            let detail = language == .en ? w.detail.map { " (\($0))" } ?? "" : ""
            return self.reason(reason) + detail
        }
    }

    func whys(_ list: [Comparison.Why]) -> String {
        list.isEmpty ? "—" : list.map(why).joined(separator: "; ")
    }

    func posts(_ list: [Comparison.Post]) -> String {
        list.isEmpty ? "—" : list.map(post).joined(separator: "; ")
    }

    func outcomeNote(_ n: Comparison.OutcomeNote) -> String {
        if let why = n.unavailable {
            return t("No expected outcomes: \(why).", "Không có kết quả dự báo: \(why).")
        }
        let rows = n.rows.map(String.init) ?? "?"
        let r2 = n.pseudoR2.map { Format.number($0, decimals: 3) } ?? "?"
        return t("Expected ratings are predictions of a proportional-odds (ordinal logistic) model fitted on the \(rows) rated civil rows of history.csv (McFadden pseudo-R² \(r2)), with 90% bootstrap intervals in brackets. They are expectations of a statistical model, not facts about any cadre; `cadreplan report` describes the model in full.",
                 "Xếp loại dự kiến là dự báo của mô hình tỷ lệ chênh tích lũy (hồi quy logistic thứ bậc) ước lượng trên \(rows) dòng thực tế khối dân sự có xếp loại trong history.csv (pseudo-R² McFadden \(r2)), kèm khoảng tin cậy bootstrap 90% trong ngoặc vuông. Đây là kỳ vọng của một mô hình thống kê, không phải kết luận về bất kỳ cán bộ nào; lệnh `cadreplan report` mô tả đầy đủ mô hình.")
    }

    public func wrote(_ paths: [String]) -> String { t("Wrote ", "Đã ghi ") + paths.joined(separator: ", ") }

    /// The note of a what-if planned with --min-moves.
    public var minMovesNote: String {
        t("planned to move as few of the base's cadres as its unmet need allows (--min-moves)",
          "lập để thay đổi ít cán bộ của phương án gốc nhất có thể mà không tăng nhu cầu chưa đáp ứng (--min-moves)")
    }

    /// Progress lines on stderr while plans are solved and explained.
    public func solving(_ column: String) -> String { self.column(column) + ": " + t("solving…", "đang giải…") }
    public func explaining(_ column: String) -> String {
        self.column(column) + ": " + t("explaining unmet needs…", "đang giải thích nhu cầu chưa đáp ứng…")
    }
}

/// Numbers as a planner writes them in a setting: `60`, `1.3`.
enum ScenarioFormat {
    static func number(_ x: Double) -> String {
        if x.isFinite, x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return "\(x)"
    }
}

extension Comparison {
    /// The name of the first column when the base is a scenario compared with its variants.
    public static let baseName = "base"
}
