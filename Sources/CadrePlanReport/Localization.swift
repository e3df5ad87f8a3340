import CadrePlanCore
import Foundation

/// The language of a report. The department works in Vietnamese; English is for partners.
public enum ReportLanguage: String, Sendable, Codable, CaseIterable {
    case vi
    case en
}

/// Every label a report prints, in both languages side by side so that none can be left
/// untranslated. Scenario names are never translated: communes keep their Vietnamese names with
/// diacritics in both languages; fields and departments use `name_vi` in Vietnamese.
public struct Strings: Sendable {
    public let language: ReportLanguage
    public init(_ language: ReportLanguage) { self.language = language }

    func t(_ en: String, _ vi: String) -> String { language == .vi ? vi : en }

    /// A number as the reader writes it: "25.4" in English, "25,4" in Vietnamese (never the
    /// machine's locale, so that files are byte-identical everywhere).
    public func number(_ x: Double, _ decimals: Int) -> String {
        let s = Format.number(x, decimals: decimals)
        return language == .vi ? s.replacingOccurrences(of: ".", with: ",") : s
    }

    public func percent(_ x: Double) -> String { number(x * 100, 1) + "%" }

    // MARK: Names from the scenario

    public func fieldName(_ f: Field) -> String { language == .vi ? f.nameVi : f.name }
    public func departmentName(_ d: Department) -> String { language == .vi ? d.nameVi : d.name }
    public func rating(_ r: Rating) -> String { language == .vi ? r.vietnamese : r.english }

    public func featureName(_ f: OutcomeModel.Feature) -> String {
        switch f {
        case .skillOverRequired: t("skill level over required", "trình độ vượt mức yêu cầu")
        case .yearsCapped: t("years of experience (capped)", "số năm kinh nghiệm (có giới hạn)")
        case .travel100Km: t("travel per 100 km", "quãng đường (mỗi 100 km)")
        case .languageMatch: t("speaks a local minority language", "biết tiếng dân tộc thiểu số tại địa phương")
        }
    }

    public func rule(_ r: PlanMetrics.Rule) -> String {
        switch r {
        case .unknownReference: t("names an unknown cadre, commune or field", "cán bộ, xã hoặc lĩnh vực không có trong dữ liệu")
        case .noNeed: t("the commune asked for nobody in this field", "xã không có nhu cầu ở lĩnh vực này")
        case .unavailable: t("cadre not available", "cán bộ không sẵn sàng")
        case .wrongBranch: t("field of another branch", "lĩnh vực thuộc khối khác")
        case .skillBelowLevel: t("skill below the required level", "trình độ thấp hơn mức yêu cầu")
        case .homeCommune: t("sent to the home commune", "cử về xã nơi cư trú")
        case .tooFar: t("beyond policy.max_travel_km", "vượt quãng đường tối đa (policy.max_travel_km)")
        case .forbiddenPair: t("forbidden in pairs.csv", "bị cấm trong pairs.csv")
        case .cadreCapacity: t("cadre carries more than its capacity", "cán bộ nhận quá số nhiệm vụ cho phép")
        case .hostingCapacity: t("commune hosts more than its capacity", "xã tiếp nhận vượt sức chứa")
        case .aboveDesired: t("more cadres than the need asked", "nhiều cán bộ hơn nhu cầu")
        case .releaseCap: t("department releases more than its cap", "đơn vị cử vượt hạn mức")
        case .pinIgnored: t("pin in pairs.csv not honoured", "chỉ định trong pairs.csv không được thực hiện")
        }
    }

    // MARK: Headings and labels

    var title: String { t("Recommended plan versus the 2025 round", "Phương án đề xuất so với thực tế đợt 2025") }
    var round: String { t("Round", "Đợt") }
    var to: String { t("to", "đến") }
    var history: String { t("History", "Thực tế") }
    var historyLong: String { t("History (history.csv, as it happened)", "Thực tế (history.csv, như đã triển khai)") }
    var plan: String { t("Plan", "Phương án") }
    var planLong: String { t("Recommended plan", "Phương án đề xuất") }
    var planSource: String { t("Plan", "Phương án") }
    var solvedNow: String { t("solved now by cadreplan report", "vừa được giải bởi cadreplan report") }
    var noHistory: String {
        t("The scenario has no history.csv: only the plan is shown.",
          "Kịch bản không có history.csv: chỉ hiển thị phương án.")
    }
    var metric: String { t("Metric", "Chỉ tiêu") }
    var change: String { t("Change", "Chênh lệch") }

    var summary: String { t("Summary", "Tóm tắt") }
    var coverage: String { t("Needs covered", "Mức đáp ứng nhu cầu") }
    var coverageByField: String { t("Coverage by field", "Mức đáp ứng theo lĩnh vực") }
    var coverageByCommune: String { t("By commune", "Theo xã, phường, đặc khu") }
    var hotGaps: String {
        t("Communes left with no help in a hot field (priority ≥ 3)",
          "Xã không được hỗ trợ ở lĩnh vực trọng điểm (ưu tiên ≥ 3)")
    }
    var fitHeading: String { t("Skill, experience and language fit", "Mức phù hợp về chuyên môn, kinh nghiệm và ngôn ngữ") }
    var travelHeading: String { t("Travel", "Quãng đường di chuyển") }
    var travelDistribution: String { t("Travel distance", "Phân bố quãng đường") }
    var loadHeading: String { t("Load on sending departments", "Mức huy động của các đơn vị cử") }
    var hostingHeading: String { t("Load on hosting communes", "Mức tiếp nhận của các xã") }
    var rulesHeading: String { t("Hard rules", "Quy định bắt buộc") }
    var outcomesHeading: String { t("Outcomes: history and predicted outcomes of the plan", "Kết quả: thực tế và kết quả dự báo của phương án") }
    var outcomeChart: String { t("Rating distribution (plan: predicted)", "Phân bố xếp loại (phương án: dự báo)") }
    var modelHeading: String { t("Outcome model", "Mô hình dự báo kết quả") }
    var riskHeading: String { t("Placements with a high predicted risk", "Phân công có nguy cơ cao (theo dự báo)") }
    var communeTable: String { t("Per-commune table", "Bảng theo từng xã") }
    var sortHint: String { t("Click a column heading to sort.", "Bấm vào tiêu đề cột để sắp xếp.") }

    var desired: String { t("cadres asked for", "số cán bộ đề nghị") }
    var desiredShort: String { t("asked", "đề nghị") }
    var assigned: String { t("posts filled", "số vị trí được bố trí") }
    var assignedShort: String { t("filled", "bố trí") }
    var unmet: String { t("unmet", "chưa đáp ứng") }
    var unmetBelowMinimum: String { t("unmet below the minimum", "thiếu dưới mức tối thiểu") }
    var needsWithoutHelp: String { t("needs with nobody", "nhu cầu không có cán bộ nào") }
    var share: String { t("share", "tỷ lệ") }
    var placements: String { t("placements", "lượt phân công") }
    var cadres: String { t("cadres", "cán bộ") }
    var communesWithHotGap: String { t("communes with no help in a hot field", "xã không được hỗ trợ ở lĩnh vực trọng điểm") }
    var hotGapCount: String { t("hot-field needs with nobody", "nhu cầu trọng điểm không có cán bộ") }
    var field: String { t("Field", "Lĩnh vực") }
    var priority: String { t("priority", "ưu tiên") }
    var commune: String { t("Commune", "Xã, phường, đặc khu") }
    var code: String { t("code", "mã") }
    var minorityShare: String { t("minority share", "tỷ lệ DTTS") }
    var department: String { t("Department", "Đơn vị cử") }
    var cadre: String { t("Cadre", "Cán bộ") }
    var headcount: String { t("headcount", "biên chế") }
    var releaseCap: String { t("release cap", "hạn mức cử") }
    var released: String { t("released", "số được cử") }
    var shareOfHeadcount: String { t("share of headcount", "tỷ lệ so với biên chế") }
    var hosted: String { t("hosted", "tiếp nhận") }
    var hostingCapacity: String { t("hosting capacity", "sức chứa") }
    var communesOverCapacity: String { t("communes over hosting capacity", "xã tiếp nhận vượt sức chứa") }
    var none: String { t("none", "không có") }
    var fieldsWithNobody: String { t("fields with nobody", "lĩnh vực không có cán bộ") }

    var meanSkillOverRequired: String { t("mean skill level over required", "chênh lệch trình độ so với yêu cầu (bình quân)") }
    var belowRequiredLevel: String { t("placements below the required level", "phân công dưới trình độ yêu cầu") }
    var meanYears: String { t("mean years of experience", "số năm kinh nghiệm bình quân") }
    var languageMatch: String {
        t("speak a local language, in communes ≥ 30% minority",
          "biết tiếng địa phương, tại xã có ≥ 30% đồng bào DTTS")
    }
    var meanFit: String { t("mean fit score (stage 2 weights)", "điểm phù hợp bình quân (trọng số giai đoạn 2)") }
    var totalKm: String { t("total travel, km", "tổng quãng đường, km") }
    var medianKm: String { t("median travel, km", "quãng đường trung vị, km") }
    var maxKm: String { t("longest travel, km", "quãng đường xa nhất, km") }
    var homeCommune: String { t("placed in their home commune", "bố trí về xã nơi cư trú") }
    var km: String { "km" }
    var placementsBreakingRules: String { t("placements breaking a hard rule", "phân công vi phạm quy định bắt buộc") }
    var rule: String { t("Rule", "Quy định") }
    var count: String { t("count", "số lượng") }
    var examples: String { t("examples", "ví dụ") }
    var noRuleBroken: String { t("No hard rule is broken.", "Không vi phạm quy định bắt buộc nào.") }
    var historyMayBreak: String {
        t("History was not planned under these rules; its breaks are listed so that the comparison is fair.",
          "Việc cử cán bộ thực tế không được lập theo các quy định này; các trường hợp vi phạm được liệt kê để so sánh cho công bằng.")
    }

    var rating: String { t("Rating", "Xếp loại") }
    var historyPublished: String { t("History (history.csv)", "Thực tế (history.csv)") }
    var historyModelled: String { t("History, as the model predicts it", "Thực tế, theo mô hình dự báo") }
    var planExpected: String { t("Plan, expected (predicted)", "Phương án, dự kiến (dự báo)") }
    var interval90: String { t("90% interval", "khoảng tin cậy 90%") }
    var expectedCount: String { t("expected count", "số lượng dự kiến") }
    var notModelled: String { t("not modelled", "không dự báo") }
    var outcomesUnavailable: String { t("No outcome model:", "Không có mô hình dự báo:") }
    var oddsRatio: String { t("odds ratio", "tỷ số chênh") }
    var predictionWarning: String {
        t("Predictions are expectations from a statistical model fitted on the 2025 history; they are not facts about any cadre. The model, its fit and its uncertainty are described below.",
          "Các con số dự báo là kỳ vọng từ một mô hình thống kê ước lượng trên dữ liệu thực tế 2025; đây không phải là kết luận về bất kỳ cán bộ nào. Mô hình, mức độ phù hợp và độ bất định được trình bày bên dưới.")
    }
    var pCompleted: String { t("predicted P(completed or worse)", "xác suất dự báo chỉ “Hoàn thành nhiệm vụ” trở xuống") }
    var pExcellent: String { t("predicted P(excellent)", "xác suất dự báo “Hoàn thành xuất sắc”") }
    var levelRequired: String { t("level (required)", "trình độ (yêu cầu)") }
    var years: String { t("years", "số năm") }
    var languageLabel: String { t("language", "ngôn ngữ") }
    var yes: String { t("yes", "có") }
    var no: String { t("no", "không") }

    func riskIntro(threshold: String, flagged: Int, of total: Int) -> String {
        t("\(flagged) of \(total) civil placements of the plan have a predicted probability of “completed” or worse above \(threshold). These are predictions: review them, do not treat them as verdicts.",
          "\(flagged) trên \(total) phân công khối dân sự của phương án có xác suất dự báo chỉ đạt “Hoàn thành nhiệm vụ” trở xuống cao hơn \(threshold). Đây là dự báo: cần xem xét lại, không phải kết luận.")
    }

    func riskHistory(flagged: Int, completed: Int) -> String {
        t("For comparison, the model flags \(flagged) history placements at the same threshold; \(completed) of them were actually rated “completed”.",
          "Để so sánh, ở cùng ngưỡng mô hình cảnh báo \(flagged) phân công thực tế; trong đó \(completed) trường hợp thực tế được xếp loại “Hoàn thành nhiệm vụ”.")
    }

    func moreFlagged(_ n: Int) -> String { t("… and \(n) more (all are in report.json).", "… và \(n) trường hợp khác (đầy đủ trong report.json).") }

    func historyRated(_ total: Int) -> String {
        t("Ratings of the \(total) civil cadres in history.csv, exactly as recorded.",
          "Xếp loại của \(total) cán bộ khối dân sự trong history.csv, đúng như ghi nhận.")
    }

    func expectedNote(civil: Int) -> String {
        t("Plan: ratings expected for its \(civil) civil placements (the sum of predicted probabilities, with the 90% bootstrap interval). “Not evaluated” is not an outcome and is not predicted.",
          "Phương án: xếp loại dự kiến cho \(civil) phân công khối dân sự (tổng xác suất dự báo, kèm khoảng tin cậy bootstrap 90%). “Chưa đánh giá” không phải là kết quả nên không được dự báo.")
    }

    func statusLine(_ status: Roster.Status) -> String {
        switch status {
        case .optimal: t("proven optimal", "tối ưu (đã chứng minh)")
        case .feasible: t("feasible, NOT proven optimal", "khả thi, CHƯA chứng minh tối ưu")
        case .none: t("no plan", "không có phương án")
        }
    }

    func placedSummary(placements: Int, cadres: Int) -> String {
        t("\(placements) placements of \(cadres) cadres", "\(placements) lượt phân công của \(cadres) cán bộ")
    }

    func modelDescription(
        rows: Int, counts: [Int], coefficients: String, logLikelihood: String, nullLogLikelihood: String,
        pseudoR2: String, accuracy: String, brier: String, nullBrier: String, ridge: String, replicates: Int,
        seed: UInt64
    ) -> String {
        let c = counts.count == 3 ? counts : [0, 0, 0]
        return t(
            "Proportional-odds (ordinal logistic) model of the rating, completed < well completed < excellently completed, fitted by Newton's method (ridge \(ridge) on the slopes) on the \(rows) civil history rows with a rating (\(c[2]) excellent, \(c[1]) good, \(c[0]) completed; not evaluated left out). Features and slopes (positive = better predicted rating): \(coefficients). Fit: log-likelihood \(logLikelihood) against \(nullLogLikelihood) for ratings alone (McFadden pseudo-R² \(pseudoR2)); in-sample accuracy \(accuracy); Brier score \(brier) against \(nullBrier) for ratings alone. Uncertainty: standard errors from the observed information; intervals on expected counts from \(replicates) bootstrap refits stratified by rating (seed \(seed)).",
            "Mô hình tỷ lệ chênh tích lũy (hồi quy logistic thứ bậc) cho xếp loại, Hoàn thành < Hoàn thành tốt < Hoàn thành xuất sắc, ước lượng bằng phương pháp Newton (hiệu chỉnh ridge \(ridge) trên các hệ số) trên \(rows) dòng thực tế khối dân sự có xếp loại (\(c[2]) xuất sắc, \(c[1]) tốt, \(c[0]) hoàn thành; bỏ qua trường hợp chưa đánh giá). Biến và hệ số (dương = xếp loại dự báo tốt hơn): \(coefficients). Mức phù hợp: log-likelihood \(logLikelihood) so với \(nullLogLikelihood) khi chỉ dùng tỷ lệ xếp loại (pseudo-R² McFadden \(pseudoR2)); độ chính xác trong mẫu \(accuracy); điểm Brier \(brier) so với \(nullBrier) khi chỉ dùng tỷ lệ xếp loại. Độ bất định: sai số chuẩn từ ma trận thông tin quan sát; khoảng tin cậy của số lượng dự kiến từ \(replicates) lần ước lượng lại bằng bootstrap phân tầng theo xếp loại (seed \(seed)).")
    }

    public func reportWritten(_ paths: [String]) -> String {
        t("Wrote ", "Đã ghi ") + paths.joined(separator: ", ")
    }
}
