import CSV
import CadrePlanCore
import Foundation

/// The three forms of a roster the department uses: a spreadsheet (`roster.csv`), a record for
/// tools (`roster.json`) and a document to read (`roster.md`).
public enum RosterWriters {
    /// All three files, ready for `AtomicOutput.write`.
    public static func files(_ roster: Roster, scenario: Scenario) throws -> [(name: String, data: Data)] {
        [
            ("roster.csv", Data(try csv(roster).utf8)),
            ("roster.json", try json(roster)),
            ("roster.md", Data(markdown(roster, scenario: scenario).utf8)),
        ]
    }

    public static let csvHeader = [
        "commune", "commune_name", "field", "cadre", "cadre_name", "department", "category",
        "level", "required_level", "years", "home_commune", "distance_km", "speaks_language", "pinned", "fit",
        "workload",
    ]

    /// One row per assignment, sorted by commune, field and cadre.
    public static func csv(_ roster: Roster) throws -> String {
        let writer = try CSVWriter(stream: .toMemory())
        try writer.write(row: csvHeader)
        for a in roster.assignments {
            try writer.write(row: [
                a.commune, a.communeName, a.field, a.cadre, a.cadreName, a.department, a.category,
                String(a.level), String(a.requiredLevel), Format.number(a.years, decimals: 1), a.homeCommune,
                Format.number(a.distanceKm, decimals: 1), a.speaksLanguage ? "yes" : "no",
                a.pinned ? "yes" : "no", Format.number(a.fit, decimals: 3), Format.number(a.workload, decimals: 2),
            ])
        }
        writer.stream.close()
        guard let data = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data,
            let text = String(data: data, encoding: .utf8)
        else { return "" }
        return text + "\n"
    }

    /// The roster with its solve status, stage objectives, bounds and gaps; keys in snake case.
    public static func json(_ roster: Roster) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var data = try encoder.encode(roster)
        data.append(0x0A)
        return data
    }
}

/// Number formatting independent of the machine's locale, so files are byte-identical everywhere.
public enum Format {
    public static func number(_ x: Double, decimals: Int) -> String {
        let s = String(format: "%.\(decimals)f", x)
        return s == "-" + String(format: "%.\(decimals)f", 0.0) ? String(format: "%.\(decimals)f", 0.0) : s
    }

    public static func percent(_ x: Double) -> String { number(x * 100, decimals: 1) + "%" }

    /// A relative gap: as a percentage, with two decimals when it is below 1 % but not zero, so
    /// that a plan stopped at 0.04 % does not read "gap 0.0%" beside "not proven".
    public static func gap(_ x: Double) -> String {
        x > 0 && x < 0.01 ? number(x * 100, decimals: 2) + "%" : percent(x)
    }
}
