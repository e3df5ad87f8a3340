/// Synthetic Vietnamese personal names: Kinh names from common family, middle and given names,
/// and names in the styles of the province's larger minorities. No name is a real person's on
/// purpose; any match is chance.
enum LamDongNames {
    enum Style {
        case kinh, kho, churu, ma, cham, raglai, mnong, ede

        /// The style for a minority language spoken in the cadre's home commune.
        init(language: String) {
            switch language {
            case "K'Ho": self = .kho
            case "Churu": self = .churu
            case "Mạ": self = .ma
            case "Cham": self = .cham
            case "Raglai": self = .raglai
            case "M'Nông": self = .mnong
            case "Ê Đê": self = .ede
            default: self = .kinh
            }
        }
    }

    /// Family names with rough national frequencies (percent).
    static let kinhFamily: [(String, Double)] = [
        ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 4), ("Huỳnh", 4), ("Phan", 4.5),
        ("Vũ", 2), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3),
        ("Dương", 1), ("Lý", 0.5), ("Trương", 1), ("Đinh", 0.8), ("Đoàn", 0.7), ("Lâm", 0.5),
        ("Mai", 0.5), ("Cao", 0.5), ("Hà", 0.5), ("Lưu", 0.3), ("Châu", 0.3), ("Thái", 0.3), ("Tạ", 0.3),
    ]
    static let kinhMiddleMale = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Ngọc", "Xuân", "Quang",
                                 "Đình", "Trọng", "Bá", "Thế", "Tấn", "Hoài", "Anh", "Duy"]
    static let kinhMiddleFemale = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Bích", "Hồng",
                                   "Phương", "Diệu", "Thùy", "Hoài", "Minh"]
    static let kinhGivenMale = ["Hùng", "Dũng", "Tuấn", "Minh", "Hải", "Nam", "Sơn", "Long", "Phúc", "Quân",
                                "Thắng", "Trung", "Hiếu", "Khánh", "Tài", "Tâm", "Thành", "Toàn", "Vinh", "Việt",
                                "Bảo", "Đạt", "Hưng", "Lâm", "Lộc", "Nhân", "Phong", "Quang", "Tùng", "Cường",
                                "Huy", "Kiên", "Khoa", "Phát", "Sang", "Thịnh", "Tiến", "Trí", "Vũ", "Hòa",
                                "Đông", "Hậu", "Lợi", "Nghĩa", "Thái", "Thuận"]
    static let kinhGivenFemale = ["Hoa", "Hương", "Lan", "Linh", "Mai", "Ngọc", "Nhung", "Phương", "Thảo",
                                  "Trang", "Tuyết", "Vân", "Yến", "Hằng", "Hạnh", "Hà", "Hiền", "Huyền", "Loan",
                                  "My", "Nga", "Ngân", "Nhi", "Oanh", "Quyên", "Thu", "Thủy", "Trâm", "Uyên",
                                  "Vy", "Diễm", "Dung", "Giang", "Hồng", "Liên", "Ly", "Tâm", "Thanh", "Thư"]

    static let khoClans = ["Liêng Hót", "Kơ Să", "Cil", "Bon Niêng", "Păng Ting", "Rơ Ông", "Lơ Mu", "Đa Cát"]
    static let khoMale = ["Brêl", "Điệp", "Sơn", "Tiếp", "Vẻn", "Dõi", "Ha Sin", "Krơ", "Brưn", "Hòa", "Bốp",
                          "Sá", "Tuyên", "Ha Lâm", "Jrang", "Dơng"]
    static let khoFemale = ["Hồng", "Thủy", "Mai", "Bri", "Dứ", "Ngọc", "Ha Lan", "Nai", "Sương", "Ha Mơ", "Hiền"]
    static let churuClans = ["Touneh", "Bơ Nahria"]
    static let raglaiClans = ["Mấu", "Katơr", "Pinăng", "Chamaléa", "Ka Tơ"]
    static let chamFamily = ["Thành", "Đàng", "Quảng", "Thập", "Lưu", "Bá", "Phú", "Châu", "Hán", "Nại", "Trượng", "Thông"]
    static let chamMiddleMale = ["Văn", "Đại", "Năng", "Ngọc", "Quang"]
    static let chamMiddleFemale = ["Thị", "Nữ", "Ngọc"]
    static let mnongGiven = ["K'Rứt", "Xuân", "Huy", "Bình", "Dũng", "Thanh", "K'Lốp", "Ngân", "Y Ly", "Brông",
                             "Tiến", "Ơn", "Lanh", "Đam"]
    static let edeClans = ["Niê", "Mlô", "Ksơr", "Êban", "Byă", "Buôn Krông", "Êñuôl", "Adrơng"]
    static let edeMale = ["Phi", "Khiêm", "Tlam", "Blim", "Thuột", "Jao", "Kim", "Hiăm", "Duôn"]
    static let edeFemale = ["Bi", "Lan", "Mai", "Hdơk", "Zuen", "Ni", "Yơn", "Blúp"]

    static func name(_ style: Style, male: Bool, using rng: inout SeededGenerator) -> String {
        switch style {
        case .kinh:
            let family = kinhFamily[rng.weightedIndex(kinhFamily.map(\.1)) ?? 0].0
            let middle = rng.pick(male ? kinhMiddleMale : kinhMiddleFemale)
            var given = rng.pick(male ? kinhGivenMale : kinhGivenFemale)
            while given == middle { given = rng.pick(male ? kinhGivenMale : kinhGivenFemale) }
            return "\(family) \(middle) \(given)"
        case .kho:
            let given = rng.pick(male ? khoMale : khoFemale)
            if rng.chance(0.4) { return male ? "K'\(given)" : "Ka \(given)" }
            return "\(rng.pick(khoClans)) \(given)"
        case .churu:
            return "\(rng.pick(churuClans)) \(male ? "Ya" : "Ma") \(rng.pick(male ? khoMale : khoFemale))"
        case .ma:
            return "Điểu \(male ? "K'" : "Thị ")\(rng.pick(male ? khoMale : khoFemale))"
        case .cham, .raglai:
            let family = rng.pick(style == .cham ? chamFamily : raglaiClans)
            let middle = rng.pick(male ? chamMiddleMale : chamMiddleFemale)
            return "\(family) \(middle) \(rng.pick(male ? kinhGivenMale : kinhGivenFemale))"
        case .mnong:
            return "\(male ? "Điểu" : "Thị") \(rng.pick(mnongGiven))"
        case .ede:
            return male ? "Y \(rng.pick(edeMale)) \(rng.pick(edeClans))" : "H'\(rng.pick(edeFemale)) \(rng.pick(edeClans))"
        }
    }
}
