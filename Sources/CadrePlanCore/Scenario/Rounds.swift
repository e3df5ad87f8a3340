/// One round of a year of rounds (`rounds:` in scenario.yaml): an id the tables refer to and
/// its dates.
public struct RoundSpec: Sendable, Equatable, Codable {
    public var id: String
    public var start: String
    public var end: String
    public init(id: String, start: String, end: String) {
        self.id = id
        self.start = start
        self.end = end
    }
}

/// What ties consecutive rounds together (`continuity:` in scenario.yaml). Service must not lapse
/// in the hot fields, someone who knows the files should hand them over, and nobody is away from
/// their own unit for too long.
public struct Continuity: Sendable, Equatable {
    /// Fields (land, social protection…) whose service a commune keeps from one round to the
    /// next: a need in such a field staffed in round r and asked for again in round r+1 gets at
    /// least one cadre in r+1 too, or the lapse costs `weight` in stage 1.
    public var hotFields: [String]
    /// Stage-1 penalty per lapse (and per missing handover), beside unmet need.
    public var weight: Double
    /// In hot fields, at least one of round r's cadres stays on into round r+1 in the same
    /// commune and field to hand over to the newcomers; a missing handover costs `weight`.
    public var handover: Bool
    /// Hard: no cadre is seconded in more than this many consecutive rounds; nil = no limit.
    public var maxConsecutiveRounds: Int?

    public init(hotFields: [String] = [], weight: Double = 5, handover: Bool = false, maxConsecutiveRounds: Int? = nil) {
        self.hotFields = hotFields
        self.weight = weight
        self.handover = handover
        self.maxConsecutiveRounds = maxConsecutiveRounds
    }
}

extension Scenario {
    /// True when scenario.yaml declares `rounds:`: the plan covers them all in one program.
    public var isMultiRound: Bool { !rounds.isEmpty }

    /// Round `id` as a single-round scenario: its dates, the needs with no round or this one, the
    /// cadres available in it (a cadre listing `rounds` is unavailable in the others), the
    /// pairs rules of every round or this one. Cadres keep their places, so index `c` is the
    /// same cadre in every round.
    public func single(round id: String) -> Scenario {
        var s = self
        if let spec = rounds.first(where: { $0.id == id }) { s.round = Round(start: spec.start, end: spec.end) }
        s.rounds = []
        s.continuity = nil
        s.needs = needs.filter { $0.round == nil || $0.round == id }.map { var n = $0; n.round = nil; return n }
        s.cadres = cadres.map {
            var c = $0
            if !c.rounds.isEmpty, !c.rounds.contains(id) { c.available = false }
            c.rounds = []
            return c
        }
        s.pairs = pairs.filter { $0.round == nil || $0.round == id }.map { var p = $0; p.round = nil; return p }
        return s
    }
}
