/// The fixed, mostly public part of the Lâm Đồng 2025 scenario: fields, sending units, regional
/// profiles and the published examples. Everything random lives in `LamDongGenerator`.
enum LamDongCatalogue {
    // MARK: Fields

    /// The 14 civil fields in the order the provincial press listed them (accounting joined with
    /// finance), then the two armed-forces fields. Land, finance and justice carried the
    /// backlogs; IT was the widest gap (93 units without a full-time IT civil servant).
    static let fields: [Field] = [
        Field(id: "justice", name: "Justice and civil status", nameVi: "Tư pháp - hộ tịch", branch: .civil, priority: 3),
        Field(id: "finance", name: "Accounting and finance", nameVi: "Kế toán - tài chính", branch: .civil, priority: 3),
        Field(id: "office", name: "Office administration", nameVi: "Văn phòng", branch: .civil, priority: 1),
        Field(id: "it", name: "Information technology", nameVi: "Công nghệ thông tin", branch: .civil, priority: 2.5),
        Field(id: "land", name: "Land and natural resources", nameVi: "Đất đai - tài nguyên", branch: .civil, priority: 3),
        Field(id: "construction", name: "Construction", nameVi: "Xây dựng", branch: .civil, priority: 1),
        Field(id: "home_affairs", name: "Home affairs", nameVi: "Nội vụ", branch: .civil, priority: 1),
        Field(id: "labour", name: "Labour", nameVi: "Lao động", branch: .civil, priority: 2),
        Field(id: "health", name: "Health", nameVi: "Y tế", branch: .civil, priority: 1),
        Field(id: "agriculture", name: "Agriculture", nameVi: "Nông nghiệp", branch: .civil, priority: 1),
        Field(id: "education", name: "Education", nameVi: "Giáo dục", branch: .civil, priority: 1),
        Field(id: "ethnic_religious", name: "Ethnic and religious affairs", nameVi: "Dân tộc - tôn giáo", branch: .civil, priority: 1),
        Field(id: "industry_trade", name: "Industry and trade", nameVi: "Công thương", branch: .civil, priority: 1),
        Field(id: "culture_info", name: "Culture and information", nameVi: "Văn hóa - thông tin", branch: .civil, priority: 1),
        Field(id: "public_security", name: "Public security", nameVi: "An ninh, trật tự", branch: .police, priority: 2),
        Field(id: "military", name: "Military affairs", nameVi: "Quân sự - quốc phòng", branch: .military, priority: 1.5),
    ]

    /// Civil needs per field: how many communes ask, how many cadres in all (desired), and the
    /// weighting of communes that ask. Desired totals exceed the 260 civil cadres by about a
    /// third, most of it in IT.
    struct CivilDemand {
        var field: String
        var needs: Int
        var desired: Int
        /// Level mix of the needs: chances of level 1 and 2 (the rest is 3).
        var levels: (Double, Double)
        /// Backlog per 1,000 inhabitants, drawn uniformly in this range.
        var backlogRate: ClosedRange<Double>
        var pull: Pull
    }

    enum Pull {
        case population, urban, rural, minority, flat
    }

    static let civilDemand: [CivilDemand] = [
        CivilDemand(field: "justice", needs: 36, desired: 38, levels: (0.25, 0.5), backlogRate: 0.8...3, pull: .population),
        CivilDemand(field: "finance", needs: 34, desired: 36, levels: (0.25, 0.5), backlogRate: 0.3...1.5, pull: .flat),
        CivilDemand(field: "office", needs: 17, desired: 17, levels: (0.45, 0.45), backlogRate: 0.5...2, pull: .rural),
        CivilDemand(field: "it", needs: LamDongGenerator.itGapUnits, desired: LamDongGenerator.itGapUnits, levels: (0.55, 0.4), backlogRate: 0.3...1.5, pull: .rural),
        CivilDemand(field: "land", needs: 52, desired: 60, levels: (0.25, 0.5), backlogRate: 2...6, pull: .urban),
        CivilDemand(field: "construction", needs: 13, desired: 13, levels: (0.45, 0.45), backlogRate: 0.2...1, pull: .urban),
        CivilDemand(field: "home_affairs", needs: 15, desired: 15, levels: (0.45, 0.45), backlogRate: 0.2...1.2, pull: .flat),
        CivilDemand(field: "labour", needs: 16, desired: 16, levels: (0.45, 0.45), backlogRate: 0.5...2.5, pull: .population),
        CivilDemand(field: "health", needs: 9, desired: 9, levels: (0.45, 0.45), backlogRate: 0.1...0.8, pull: .minority),
        CivilDemand(field: "agriculture", needs: 15, desired: 15, levels: (0.45, 0.45), backlogRate: 0.2...1, pull: .rural),
        CivilDemand(field: "education", needs: 9, desired: 9, levels: (0.45, 0.45), backlogRate: 0.1...0.6, pull: .minority),
        CivilDemand(field: "ethnic_religious", needs: 9, desired: 9, levels: (0.45, 0.45), backlogRate: 0.2...1, pull: .minority),
        CivilDemand(field: "industry_trade", needs: 9, desired: 9, levels: (0.45, 0.45), backlogRate: 0.1...0.6, pull: .urban),
        CivilDemand(field: "culture_info", needs: 9, desired: 9, levels: (0.45, 0.45), backlogRate: 0.1...0.6, pull: .flat),
    ]

    /// Fields a cadre of a given main field often also knows (a secondary skill).
    static let relatedFields: [String: [String]] = [
        "justice": ["home_affairs", "office", "land"],
        "finance": ["office", "it", "justice"],
        "office": ["it", "home_affairs", "finance"],
        "it": ["office", "culture_info"],
        "land": ["agriculture", "construction", "office", "it"],
        "construction": ["land", "it"],
        "home_affairs": ["office", "labour", "justice"],
        "labour": ["home_affairs", "office"],
        "health": ["office", "labour"],
        "agriculture": ["land", "office"],
        "education": ["culture_info", "office"],
        "ethnic_religious": ["culture_info", "home_affairs", "labour"],
        "industry_trade": ["finance", "agriculture"],
        "culture_info": ["it", "education", "ethnic_religious"],
    ]

    // MARK: Sending units

    struct Unit {
        var department: Department
        /// Civil cadres sent, by main field.
        var sends: [(field: String, count: Int)]
        /// Chance that a civil cadre is a public employee (from a service unit) or a worker.
        var publicEmployee: Double
        /// Relative size, for headcounts calibrated to the 3,743 provincial civil-servant posts.
        var size: Double
    }

    static let civilServantPosts = 3_743

    /// The 13 specialised agencies of 2 July 2025, then the two armed-forces commands.
    /// Headcount and release cap are filled in by the generator.
    static let units: [Unit] = [
        unit("ppc_office", "Office of the Provincial People's Committee", "Văn phòng Ủy ban nhân dân tỉnh",
             [("office", 16)], 0.3, 2.0),
        unit("dept_home_affairs", "Department of Home Affairs", "Sở Nội vụ",
             [("home_affairs", 14), ("labour", 14)], 0.4, 3.0),
        unit("dept_finance", "Department of Finance", "Sở Tài chính", [("finance", 24)], 0.15, 2.6),
        unit("dept_agriculture_environment", "Department of Agriculture and Environment", "Sở Nông nghiệp và Môi trường",
             [("land", 52), ("agriculture", 14)], 0.45, 6.0),
        unit("dept_industry_trade", "Department of Industry and Trade", "Sở Công Thương", [("industry_trade", 8)], 0.15, 1.8),
        unit("dept_justice", "Department of Justice", "Sở Tư pháp", [("justice", 26)], 0.2, 1.5),
        unit("dept_culture_sports_tourism", "Department of Culture, Sports and Tourism", "Sở Văn hóa, Thể thao và Du lịch",
             [("culture_info", 8)], 0.4, 2.2),
        unit("dept_construction", "Department of Construction", "Sở Xây dựng", [("construction", 12)], 0.25, 2.2),
        unit("dept_science_technology", "Department of Science and Technology", "Sở Khoa học và Công nghệ",
             [("it", 38)], 0.45, 1.8),
        unit("dept_education_training", "Department of Education and Training", "Sở Giáo dục và Đào tạo",
             [("education", 8)], 0.55, 1.8),
        unit("dept_health", "Department of Health", "Sở Y tế", [("health", 8)], 0.6, 2.2),
        unit("provincial_inspectorate", "Provincial Inspectorate", "Thanh tra tỉnh",
             [("justice", 4), ("finance", 6)], 0.05, 1.3),
        unit("dept_ethnic_religious", "Department of Ethnic and Religious Affairs", "Sở Dân tộc và Tôn giáo",
             [("ethnic_religious", 8)], 0.2, 0.9),
        Unit(department: Department(id: "provincial_police", name: "Provincial Police", nameVi: "Công an tỉnh Lâm Đồng",
                                    branch: .police, headcount: 0, releaseCap: 0), sends: [], publicEmployee: 0, size: 0),
        Unit(department: Department(id: "military_command", name: "Provincial Military Command", nameVi: "Bộ Chỉ huy Quân sự tỉnh",
                                    branch: .military, headcount: 0, releaseCap: 0), sends: [], publicEmployee: 0, size: 0),
    ]

    private static func unit(
        _ id: String, _ name: String, _ nameVi: String, _ sends: [(String, Int)], _ publicEmployee: Double,
        _ size: Double
    ) -> Unit {
        Unit(department: Department(id: id, name: name, nameVi: nameVi, branch: .civil, headcount: 0, releaseCap: 0),
             sends: sends.map { (field: $0.0, count: $0.1) }, publicEmployee: publicEmployee, size: size)
    }

    static let policeCount = 370
    static let militaryCount = 100
    /// Synthetic headcounts of the armed-forces commands (not published).
    static let policeHeadcount = 6_800
    static let militaryHeadcount = 2_300

    // MARK: Places

    static let namDa = "24697"
    static let krongNo = "24688"
    static let tanHaLamHa = "24916"
    static let namBanLamHa = "24868"
    static let sonMy = "23266"
    static let laGi = "23235"

    /// Wards of the three former provincial capitals, where most provincial cadres live, with
    /// relative weights.
    static let daLatWards: [(String, Double)] = [("24781", 3), ("24787", 2), ("24778", 2), ("24805", 1), ("24846", 1)]
    static let phanThietWards: [(String, Double)] = [
        ("22945", 3), ("22924", 2), ("22960", 2), ("22933", 1.5), ("22918", 1), ("22954", 1),
    ]
    static let giaNghiaWards: [(String, Double)] = [("24611", 2), ("24615", 1.5), ("24617", 1.5)]

    /// Land border with Cambodia, or the island: two military cadres wanted, and a higher priority.
    static let frontier: Set<String> = ["24736", "24682", "24646", "23272"]

    // MARK: Minorities

    /// Share of ethnic minorities and their languages, by unit, from the broad ethnic geography
    /// of the three former provinces (K'Ho, Churu and Mạ on the Lâm Đồng plateau; Cham and
    /// Raglai in northern Bình Thuận; M'Nông and Ê Đê in Đắk Nông). Not census figures: the
    /// generator jitters them. Units not listed fall back to `defaultProfile`.
    static let minorities: [String: (Double, [String])] = {
        var table: [String: (Double, [String])] = [:]
        func set(_ share: Double, _ languages: [String], _ codes: [String]) {
            for code in codes { table[code] = (share, languages) }
        }
        // Former Lâm Đồng
        set(0.03, ["K'Ho"], ["24778", "24781", "24787", "24805"])
        set(0.40, ["K'Ho"], ["24846"])  // Lang Biang - Đà Lạt: the old Lạc Dương town and Lát
        set(0.05, ["K'Ho", "Mạ"], ["24820", "24823", "24829", "24841"])
        set(0.80, ["K'Ho"], ["24848"])
        set(0.65, ["K'Ho"], ["24853", "24875", "24877", "24886"])
        set(0.18, ["K'Ho"], ["24868", "24871", "24883", "24895", "24907", "24916"])
        set(0.35, ["Churu", "K'Ho"], ["24931", "24934", "24943", "24955"])
        set(0.12, ["K'Ho"], ["24958", "24967"])
        set(0.22, ["K'Ho"], ["24976", "24985"])
        set(0.40, ["Churu", "K'Ho"], ["24988", "24991"])
        set(0.25, ["K'Ho"], ["25000", "25036"])
        set(0.35, ["K'Ho"], ["25007", "25015", "25042"])
        set(0.60, ["K'Ho"], ["25018", "25051"])
        set(0.22, ["K'Ho", "Mạ"], ["25054", "25084"])
        set(0.65, ["K'Ho", "Mạ"], ["25057"])
        set(0.38, ["K'Ho", "Mạ"], ["25063", "25093"])
        set(0.12, ["Mạ"], ["25099", "25105", "25114", "25126", "25135", "25138", "25159", "25180"])
        set(0.35, ["Mạ"], ["25162"])
        // Former Bình Thuận
        set(0.01, [], ["22918", "22924", "22933", "22945", "22954", "22960", "22963", "23231", "23235", "23246", "23272"])
        set(0.35, ["Cham"], ["23005"])
        set(0.45, ["Cham"], ["23041"])
        set(0.12, ["Cham"], ["22969", "23032", "23020", "23089"])
        set(0.05, ["Cham"], ["22972", "23053", "23086"])
        set(0.60, ["Raglai"], ["22978", "23008"])
        set(0.15, ["Raglai", "Cham"], ["23023"])
        set(0.50, ["K'Ho", "Raglai"], ["23065", "23074"])
        set(0.12, ["Raglai", "K'Ho"], ["23122", "23134"])
        set(0.10, ["K'Ho"], ["23152", "23173", "23188", "23200"])
        // Former Đắk Nông
        set(0.07, ["M'Nông"], ["24611", "24615", "24617"])
        set(0.45, ["M'Nông"], ["24616", "24703", "24736"])
        set(0.35, ["M'Nông"], ["24620", "24631", "24637", "24712", "24730", "24739", "24748"])
        set(0.28, ["Ê Đê", "M'Nông"], ["24640", "24646", "24688", "24697"])
        set(0.15, ["Ê Đê"], ["24649"])
        set(0.18, ["M'Nông"], ["24664", "24670", "24678", "24682", "24717", "24718", "24722", "24733", "24751", "24760"])
        return table
    }()

    static func defaultProfile(formerProvince: String) -> (Double, [String]) {
        switch formerProvince {
        case "Lam Dong": (0.08, ["K'Ho"])
        case "Dak Nong": (0.15, ["M'Nông"])
        default: (0.03, [])
        }
    }
}
