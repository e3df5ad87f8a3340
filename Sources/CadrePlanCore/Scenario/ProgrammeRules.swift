/// The programme's policy rules beyond the core assignment: each is off unless `scenario.yaml`
/// switches it on under `policy:`. They make the program harder (a knapsack row, fixed charges),
/// which is why they are optional: a round without them is a network flow and solves at once.
public struct ProgrammeRules: Sendable, Equatable {
    /// Σ cost of assignments ≤ total: the monthly allowance (times the assignment's share of the
    /// cadre's time) over the round plus the cost of the trips home.
    public struct Budget: Sendable, Equatable {
        public var totalVnd: Double
        public var monthlyAllowanceVnd: Double
        public var travelVndPerKm: Double
        /// Return trips home during the round (each counts the distance twice).
        public var tripsHome: Double
        public var months: Double
        public init(totalVnd: Double, monthlyAllowanceVnd: Double = 4_000_000, travelVndPerKm: Double = 2_000,
                    tripsHome: Double = 6, months: Double = 3) {
            self.totalVnd = totalVnd
            self.monthlyAllowanceVnd = monthlyAllowanceVnd
            self.travelVndPerKm = travelVndPerKm
            self.tripsHome = tripsHome
            self.months = months
        }

        /// The cost of one assignment, in VND.
        public func cost(workload: Double, distanceKm: Double) -> Double {
            (monthlyAllowanceVnd * months * workload + travelVndPerKm * 2 * distanceKm * tripsHome).rounded()
        }
    }

    /// Cadres placed farther than `commuteKm` from home need a bed in the host commune; a commune
    /// has `lodging_capacity` beds (communes.csv), else `defaultCapacity`.
    public struct Lodging: Sendable, Equatable {
        public var commuteKm: Double
        public var defaultCapacity: Int
        public init(commuteKm: Double = 40, defaultCapacity: Int = 4) {
            self.commuteKm = commuteKm
            self.defaultCapacity = defaultCapacity
        }
    }

    /// A commune gets no seconded team or at least `minimumSize` cadres, and at most
    /// `maximumCommunes` communes get a team.
    public struct Teams: Sendable, Equatable {
        public var minimumSize: Int
        public var maximumCommunes: Int?
        public init(minimumSize: Int = 2, maximumCommunes: Int? = nil) {
            self.minimumSize = minimumSize
            self.maximumCommunes = maximumCommunes
        }
    }

    /// Communes whose ethnic-minority share is at least `minimumShare` (and that name a language)
    /// get at least one cadre who speaks one of their languages; each commune left without one
    /// costs `weight` in stage 1, like a cadre missing below a minimum.
    public struct Language: Sendable, Equatable {
        public var minimumShare: Double
        public var weight: Double
        public init(minimumShare: Double = 0.3, weight: Double = 10) {
            self.minimumShare = minimumShare
            self.weight = weight
        }
    }

    /// Every department releases at least `floor` and at most `ceiling` of its headcount (the
    /// ceiling on top of its release cap); each cadre below a floor costs `weight` in stage 1.
    public struct Fairness: Sendable, Equatable {
        public var floor: Double
        public var ceiling: Double
        public var weight: Double
        public init(floor: Double = 0, ceiling: Double = 1, weight: Double = 10) {
            self.floor = floor
            self.ceiling = ceiling
            self.weight = weight
        }

        /// Cadres a department must release at least / may release at most.
        public struct Release: Sendable, Equatable {
            public var floor: Int
            public var ceiling: Int
        }

        public func bounds(headcount: Int) -> Release {
            let h = Double(max(0, headcount))
            return Release(floor: Int((floor * h - 1e-9).rounded(.up)), ceiling: Int((ceiling * h + 1e-9).rounded(.down)))
        }
    }

    public var budget: Budget?
    public var lodging: Lodging?
    public var teams: Teams?
    public var language: Language?
    public var fairness: Fairness?

    public init(budget: Budget? = nil, lodging: Lodging? = nil, teams: Teams? = nil, language: Language? = nil,
                fairness: Fairness? = nil) {
        self.budget = budget
        self.lodging = lodging
        self.teams = teams
        self.language = language
        self.fairness = fairness
    }

    /// The sections of `policy:` in scenario.yaml, one per rule.
    public static let keys = ["budget", "lodging", "teams", "language", "fairness"]

    /// True when no rule is on: the program is the core assignment.
    public var isEmpty: Bool { self == ProgrammeRules() }

    /// Rules that tie the whole plan together, so it cannot be split into independent parts.
    public var couplesParts: Bool { budget != nil || teams?.maximumCommunes != nil }
}
