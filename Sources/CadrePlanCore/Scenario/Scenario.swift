/// A planning round as the Department of Home Affairs describes it: who needs help in which
/// field, who can be sent, and the rules. A `Scenario` is always validated: the loader returns
/// one only when every table is consistent (see `ScenarioLoader`).
public struct Scenario: Sendable, Equatable {
    public var name: String
    public var round: Round
    public var policy: Policy
    public var weights: Weights
    public var solver: SolverSettings
    public var fields: [Field]
    public var communes: [Commune]
    public var needs: [Need]
    public var departments: [Department]
    public var cadres: [Cadre]
    /// The deployment as it really happened (optional table).
    public var history: [HistoryRecord]
    /// Planner decisions on single cadre–commune pairs (optional table).
    public var pairs: [PairRule]
    /// A year of rounds planned together (empty = the single round `round`).
    public var rounds: [RoundSpec] = []
    /// Rules across consecutive rounds; only with `rounds`.
    public var continuity: Continuity?

    public init(
        name: String, round: Round, policy: Policy = Policy(), weights: Weights = Weights(),
        solver: SolverSettings = SolverSettings(), fields: [Field], communes: [Commune],
        needs: [Need], departments: [Department], cadres: [Cadre],
        history: [HistoryRecord] = [], pairs: [PairRule] = [], rounds: [RoundSpec] = [],
        continuity: Continuity? = nil
    ) {
        self.rounds = rounds
        self.continuity = continuity
        self.name = name
        self.round = round
        self.policy = policy
        self.weights = weights
        self.solver = solver
        self.fields = fields
        self.communes = communes
        self.needs = needs
        self.departments = departments
        self.cadres = cadres
        self.history = history
        self.pairs = pairs
    }
}

/// Dates of the round, ISO 8601 (`2025-08-01`), kept as text: the model does not reason on dates.
public struct Round: Sendable, Equatable, Codable {
    public var start: String
    public var end: String
    public init(start: String, end: String) {
        self.start = start
        self.end = end
    }
}

/// Hard rules of the province. Every switch has a default a planner would expect.
public struct Policy: Sendable, Equatable {
    /// Longest trip from a cadre's home commune to the host commune, in km; `nil` = no limit.
    public var maxTravelKm: Double?
    /// Straight-line km times this factor approximates road km (1.0 = straight line).
    public var roadFactor: Double
    /// Whether a cadre may be seconded to the commune where they live.
    public var allowHomeCommune: Bool
    /// Files per month a full-time cadre clears at skill level 1, 2 and 3: how needs measured in
    /// `files` turn into work (a senior clears a backlog faster than a junior).
    public var throughputFilesPerMonth: [Double]
    /// Budget, lodging, teams, language and fairness rules; all off by default.
    public var rules: ProgrammeRules
    public init(
        maxTravelKm: Double? = nil, roadFactor: Double = 1.3, allowHomeCommune: Bool = false,
        throughputFilesPerMonth: [Double] = Policy.defaultThroughput, rules: ProgrammeRules = ProgrammeRules()
    ) {
        self.rules = rules
        self.maxTravelKm = maxTravelKm
        self.roadFactor = roadFactor
        self.allowHomeCommune = allowHomeCommune
        self.throughputFilesPerMonth = throughputFilesPerMonth
    }

    public static let defaultThroughput: [Double] = [20, 35, 50]

    /// Files per month at `level` (clamped to the levels given).
    public func throughput(level: Int) -> Double {
        guard !throughputFilesPerMonth.isEmpty else { return 1 }
        return throughputFilesPerMonth[min(max(level, 1), throughputFilesPerMonth.count) - 1]
    }
}

/// Weights of the two objective stages. Stage 1 minimises weighted unmet need; stage 2, with
/// stage 1 held at its optimum (within `SolverSettings.stage2Tolerance`), maximises fit.
public struct Weights: Sendable, Equatable {
    /// Penalty per cadre missing below a need's minimum, on top of the desired-level penalty.
    public var belowMinimum: Double
    /// Penalty per cadre missing below a need's desired number.
    public var belowDesired: Double
    /// Fit points per skill level above the need's required level.
    public var skillLevel: Double
    /// Fit points per year of experience in the field, counted up to `experienceCapYears`.
    public var experienceYear: Double
    public var experienceCapYears: Double
    /// Fit points when the cadre speaks a language of the host commune's minorities.
    public var language: Double
    /// Fit points lost per 100 km of travel.
    public var travelPer100Km: Double
    public init(
        belowMinimum: Double = 10, belowDesired: Double = 1, skillLevel: Double = 1,
        experienceYear: Double = 0.1, experienceCapYears: Double = 10, language: Double = 2,
        travelPer100Km: Double = 1
    ) {
        self.belowMinimum = belowMinimum
        self.belowDesired = belowDesired
        self.skillLevel = skillLevel
        self.experienceYear = experienceYear
        self.experienceCapYears = experienceCapYears
        self.language = language
        self.travelPer100Km = travelPer100Km
    }
}

public struct SolverSettings: Sendable, Equatable {
    /// Seconds per stage; `nil` = no limit.
    public var timeLimit: Double?
    /// Relative MIP gap at which a stage may stop (0 = prove optimality).
    public var relativeGap: Double
    /// How far stage 2 may let the stage-1 objective slip, relative (0 = not at all).
    public var stage2Tolerance: Double
    public init(timeLimit: Double? = 60, relativeGap: Double = 0, stage2Tolerance: Double = 0) {
        self.timeLimit = timeLimit
        self.relativeGap = relativeGap
        self.stage2Tolerance = stage2Tolerance
    }
}

/// Which part of the public service a field belongs to; it decides who may work in it.
public enum Branch: String, Sendable, Equatable, Codable, CaseIterable {
    case civil
    case police
    case military
}

/// A professional field (land, finance, public security…). `id` is a short ASCII key.
public struct Field: Sendable, Equatable {
    public var id: String
    public var name: String
    public var nameVi: String
    public var branch: Branch
    /// Multiplies the unmet-need penalty of every need in this field (land, finance, justice high).
    public var priority: Double
    public init(id: String, name: String, nameVi: String, branch: Branch, priority: Double) {
        self.id = id
        self.name = name
        self.nameVi = nameVi
        self.branch = branch
        self.priority = priority
    }
}

public enum CommuneKind: String, Sendable, Equatable, Codable, CaseIterable {
    case commune
    case ward
    case specialZone = "special_zone"
}

/// A commune-level unit of the merged province. `id` is the official 5-digit GSO code.
public struct Commune: Sendable, Equatable {
    public var id: String
    public var name: String
    public var nameAscii: String
    public var kind: CommuneKind
    /// `Lam Dong`, `Binh Thuan` or `Dak Nong`.
    public var formerProvince: String
    public var latitude: Double
    public var longitude: Double
    public var areaKm2: Double
    public var population: Int
    /// Most seconded cadres the commune can host (lodging, desks) in the round.
    public var hostingCapacity: Int
    /// Share of the population from ethnic minorities, 0…1.
    public var minorityShare: Double
    /// Minority languages spoken in the commune (e.g. K'Ho, Cham, M'Nong).
    public var languages: [String]
    /// Beds for seconded cadres who live beyond commuting distance (optional column
    /// `lodging_capacity`; nil = the lodging rule's default).
    public var lodgingCapacity: Int?
    public init(
        id: String, name: String, nameAscii: String, kind: CommuneKind, formerProvince: String,
        latitude: Double, longitude: Double, areaKm2: Double, population: Int, hostingCapacity: Int,
        minorityShare: Double, languages: [String]
    ) {
        self.id = id
        self.name = name
        self.nameAscii = nameAscii
        self.kind = kind
        self.formerProvince = formerProvince
        self.latitude = latitude
        self.longitude = longitude
        self.areaKm2 = areaKm2
        self.population = population
        self.hostingCapacity = hostingCapacity
        self.minorityShare = minorityShare
        self.languages = languages
    }
}

/// How a need is measured: in cadres (headcount), or in work a cadre's time share covers.
public enum NeedUnit: String, Sendable, Equatable, Codable, CaseIterable {
    /// `min` and `desired` count cadres; each assignment counts 1.
    case cadres
    /// Full-time equivalents; an assignment covers its workload (share of the cadre's time).
    case fte
    /// Backlog files per month; an assignment covers workload × throughput at the cadre's level.
    case files
}

/// What one commune needs in one field for the round.
public struct Need: Sendable, Equatable {
    public var commune: String
    public var field: String
    /// Fewest cadres that make the secondment worthwhile; missing ones cost `belowMinimum`.
    public var minimum: Int
    /// Cadres the commune asked for; never exceeded.
    public var desired: Int
    /// Lowest skill level (1–3) a cadre needs to be useful here.
    public var level: Int
    /// Files pending (land files, subsidy cases…), for reports.
    public var backlog: Int
    /// Multiplies the unmet-need penalty, with the field's priority.
    public var priority: Double
    public var unit: NeedUnit
    /// The round of a multi-round scenario the need is for; nil = every round.
    public var round: String?
    /// The need in its unit: for `cadres` always `minimum` and `desired`, so that the two can
    /// never disagree; for work needs the amounts read from needs.csv.
    public var minimumWork: Double {
        get { unit == .cadres ? Double(minimum) : workAmounts.minimum }
        set { workAmounts.minimum = newValue }
    }
    public var desiredWork: Double {
        get { unit == .cadres ? Double(desired) : workAmounts.desired }
        set { workAmounts.desired = newValue }
    }
    private var workAmounts = WorkAmounts()
    private struct WorkAmounts: Sendable, Equatable {
        var minimum = 0.0
        var desired = 0.0
    }

    /// A need counted in cadres.
    public init(
        commune: String, field: String, minimum: Int, desired: Int, level: Int, backlog: Int,
        priority: Double
    ) {
        self.commune = commune
        self.field = field
        self.minimum = minimum
        self.desired = desired
        self.level = level
        self.backlog = backlog
        self.priority = priority
        self.unit = .cadres
    }

    /// A need measured in work (`fte` or `files`). `minimum` and `desired` become the
    /// headcount-equivalents (full-time cadres at the required level, rounded up) for reports.
    public init(
        commune: String, field: String, unit: NeedUnit, minimumWork: Double, desiredWork: Double, level: Int,
        backlog: Int, priority: Double, policy: Policy
    ) {
        let perCadre = unit == .files ? policy.throughput(level: level) : 1
        func headcount(_ work: Double) -> Int {
            guard work.isFinite, perCadre > 0 else { return 0 }
            return Int(min(1e6, max(0, (work / perCadre - 1e-9).rounded(.up))))
        }
        self.init(commune: commune, field: field, minimum: headcount(minimumWork), desired: headcount(desiredWork),
                  level: level, backlog: backlog, priority: priority)
        self.unit = unit
        self.minimumWork = minimumWork
        self.desiredWork = desiredWork
    }
}

/// A sending unit: a provincial department, the provincial police or the military command.
public struct Department: Sendable, Equatable {
    public var id: String
    public var name: String
    public var nameVi: String
    public var branch: Branch
    public var headcount: Int
    /// Most cadres the unit can release for the round.
    public var releaseCap: Int
    public init(
        id: String, name: String, nameVi: String, branch: Branch, headcount: Int, releaseCap: Int
    ) {
        self.id = id
        self.name = name
        self.nameVi = nameVi
        self.branch = branch
        self.headcount = headcount
        self.releaseCap = releaseCap
    }
}

public enum CadreCategory: String, Sendable, Equatable, Codable, CaseIterable {
    case civilServant = "civil_servant"
    case publicEmployee = "public_employee"
    case worker
    case officer
    case soldier

    /// Civil categories may serve civil fields only; officers and soldiers the armed-forces ones.
    public var isArmedForces: Bool { self == .officer || self == .soldier }
}

/// One skill of a cadre: written `field:level:years` in `cadres.csv`.
public struct Skill: Sendable, Equatable {
    public var field: String
    public var level: Int
    public var years: Double
    public init(field: String, level: Int, years: Double) {
        self.field = field
        self.level = level
        self.years = years
    }
}

public struct Cadre: Sendable, Equatable {
    public var id: String
    public var name: String
    public var department: String
    public var category: CadreCategory
    public var skills: [Skill]
    public var homeCommune: String
    public var languages: [String]
    public var available: Bool
    /// How many commune–field assignments the cadre can carry in the round (usually 1).
    public var capacity: Int
    /// Share of full time the cadre gives the programme (1.0 = full time); each assignment takes
    /// its workload out of it.
    public var timeShare: Double
    /// Rounds of a multi-round scenario the cadre is available for; empty = every round.
    public var rounds: [String] = []
    public init(
        id: String, name: String, department: String, category: CadreCategory, skills: [Skill],
        homeCommune: String, languages: [String], available: Bool, capacity: Int, timeShare: Double = 1
    ) {
        self.timeShare = timeShare
        self.id = id
        self.name = name
        self.department = department
        self.category = category
        self.skills = skills
        self.homeCommune = homeCommune
        self.languages = languages
        self.available = available
        self.capacity = capacity
    }

    public func skill(in field: String) -> Skill? { skills.first { $0.field == field } }
}

/// The official grades of the 2025 evaluation. Armed-forces rows carry none.
public enum Rating: String, Sendable, Equatable, Codable, CaseIterable {
    case excellent
    case good
    case completed
    case notEvaluated = "not_evaluated"

    /// Official wording, as the provincial press reported it.
    public var english: String {
        switch self {
        case .excellent: "excellently completed"
        case .good: "well completed"
        case .completed: "completed"
        case .notEvaluated: "not evaluated"
        }
    }

    public var vietnamese: String {
        switch self {
        case .excellent: "Hoàn thành xuất sắc nhiệm vụ"
        case .good: "Hoàn thành tốt nhiệm vụ"
        case .completed: "Hoàn thành nhiệm vụ"
        case .notEvaluated: "Chưa đánh giá"
        }
    }
}

public struct HistoryRecord: Sendable, Equatable {
    public var cadre: String
    public var commune: String
    public var field: String
    public var rating: Rating?
    public init(cadre: String, commune: String, field: String, rating: Rating?) {
        self.cadre = cadre
        self.commune = commune
        self.field = field
        self.rating = rating
    }
}

/// A planner's decision on one pair: `pin` forces it, `no` forbids it, `yes` is the default.
public enum PairPermission: String, Sendable, Equatable, Codable, CaseIterable {
    case yes
    case no
    case pin
}

public struct PairRule: Sendable, Equatable {
    public var cadre: String
    public var commune: String
    /// `nil` = every field of the commune (only meaningful for `no`; a pin names its field).
    public var field: String?
    public var allowed: PairPermission
    /// Fit points added to the pair ("knows this commune", "family there"); may be negative.
    public var score: Double?
    /// Share of the cadre's time this assignment takes, instead of the computed one.
    public var workload: Double?
    /// The round of a multi-round scenario the rule is for; nil = every round.
    public var round: String?
    public init(
        cadre: String, commune: String, field: String?, allowed: PairPermission = .yes, score: Double? = nil,
        workload: Double? = nil, round: String? = nil
    ) {
        self.round = round
        self.cadre = cadre
        self.commune = commune
        self.field = field
        self.allowed = allowed
        self.score = score
        self.workload = workload
    }
}
