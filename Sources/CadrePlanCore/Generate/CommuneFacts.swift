import CSV
import Foundation

/// A problem with the generator's input, as `file:line: error: what — fix: how`.
public struct GeneratorError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String
    public var fix: String
    public init(file: String, line: Int? = nil, message: String, fix: String) {
        self.file = file
        self.line = line
        self.message = message
        self.fix = fix
    }
    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): error: \(message) — fix: \(fix)"
    }
}

/// One row of the public commune table (scenarios/sources/lam-dong-communes.csv): the real
/// facts about a unit, before anything is synthesised.
struct CommuneFact {
    var code: String
    var name: String
    var nameAscii: String
    var kind: CommuneKind
    var formerProvince: String
    var latitude: Double
    var longitude: Double
    var areaKm2: Double
    /// Old units merged into this one, with their type prefix ("Phường …", "Xã …", "Thị trấn …").
    var mergedFrom: [String]

    static let columns = ["code", "name", "name_ascii", "kind", "former_province", "lat", "lon", "area_km2", "merged_from"]

    static func read(_ path: String) throws(GeneratorError) -> [CommuneFact] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GeneratorError(file: path, message: "the commune facts file cannot be read",
                                 fix: "pass --facts scenarios/sources/lam-dong-communes.csv (run from the repository root)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw GeneratorError(file: path, message: "the file is not UTF-8 text", fix: "save it as UTF-8 CSV")
        }
        let reader: CSVReader
        do { reader = try CSVReader(string: text, hasHeaderRow: true) } catch {
            throw GeneratorError(file: path, line: 1, message: "the header row cannot be read",
                                 fix: "start the file with the header \(columns.joined(separator: ","))")
        }
        let header = reader.headerRow ?? []
        var column: [String: Int] = [:]
        for name in columns {
            guard let i = header.firstIndex(of: name) else {
                throw GeneratorError(file: path, line: 1, message: "column \(name) is missing",
                                     fix: "use the header \(columns.joined(separator: ","))")
            }
            column[name] = i
        }
        var facts: [CommuneFact] = []
        var line = 1
        while let row = reader.next() {
            line += 1
            func cell(_ name: String) -> String {
                guard let i = column[name], i < row.count else { return "" }
                return row[i].trimmingCharacters(in: .whitespaces)
            }
            func number(_ name: String) throws(GeneratorError) -> Double {
                guard let x = Double(cell(name)), x.isFinite else {
                    throw GeneratorError(file: path, line: line, message: "\(name) '\(cell(name))' is not a number",
                                         fix: "write a decimal number with a point, e.g. 11.94")
                }
                return x
            }
            guard let kind = CommuneKind(rawValue: cell("kind")) else {
                throw GeneratorError(file: path, line: line, message: "kind '\(cell("kind"))' is unknown",
                                     fix: "write commune, ward or special_zone")
            }
            let code = cell("code")
            guard code.count == 5, code.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw GeneratorError(file: path, line: line, message: "code '\(code)' is not a 5-digit GSO code",
                                     fix: "write the unit's official code, e.g. 24697")
            }
            facts.append(CommuneFact(
                code: code, name: cell("name"), nameAscii: cell("name_ascii"), kind: kind,
                formerProvince: cell("former_province"), latitude: try number("lat"),
                longitude: try number("lon"), areaKm2: try number("area_km2"),
                mergedFrom: cell("merged_from").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }))
        }
        if reader.error != nil {
            throw GeneratorError(file: path, line: line + 1, message: "the CSV cannot be parsed here",
                                 fix: "check the quoting of this row (RFC 4180)")
        }
        return facts
    }
}
