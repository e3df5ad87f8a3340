import CSV
import Foundation

extension ScenarioLoader {
    /// One CSV table as the planner's spreadsheet wrote it: the header and the non-blank rows,
    /// each with its physical line number in the file (header = line 1 unless blank lines precede it).
    struct CSVTable {
        struct Row {
            /// Line where the record starts.
            var line: Int
            /// Cells of the named columns, trimmed, line breaks inside a cell read as spaces;
            /// missing trailing cells read as "".
            var cells: [String: String]
            /// False when the row's shape is broken (already reported): its id is known, its values are not.
            var readable = true
            subscript(column: String) -> String { cells[column] ?? "" }
        }

        var file: String
        var table: Scenario.Table
        var rows: [Row]
        /// An unclosed quote swallowed later rows: the table's ids cannot be known.
        var swallowedRows = false

        /// Reads and checks the file's shape (encoding, separator, header). Returns nil, with the
        /// reasons in `diagnostics`, when the table cannot be read at all.
        static func read(_ path: String, file: String, table: Scenario.Table,
                         into diagnostics: inout [Diagnostic]) -> CSVTable? {
            func fail(_ message: String, line: Int? = nil, fix: String) -> CSVTable? {
                diagnostics.append(Diagnostic(file: file, line: line, message: message, fix: fix))
                return nil
            }
            let saveAs = "save it from the spreadsheet as 'CSV UTF-8 (Comma delimited)'"
            guard let data = FileManager.default.contents(atPath: path) else {
                return fail("cannot read the file", fix: "check that it is a readable file, not a folder")
            }
            if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
                return fail("the file is UTF-16 ('Unicode text'), not UTF-8", fix: saveAs)
            }
            guard var text = String(validating: data, as: UTF8.self) else {
                return fail("the file is not UTF-8 (another encoding such as Windows-1258 or TCVN3?)", fix: saveAs)
            }
            // Excel's "CSV UTF-8" starts with a byte-order mark: not part of the first column name.
            if text.hasPrefix("\u{FEFF}") { text.removeFirst() }

            let reader: CSVReader
            do { reader = try CSVReader(string: text, hasHeaderRow: false) } catch {
                return fail("cannot parse the file as CSV (\(error))", fix: saveAs)
            }
            // CSVReader does not report positions: count the line breaks each record consumed,
            // the one ending it plus those inside quoted cells.
            var records: [(line: Int, cells: [String])] = []
            var line = 1
            while let cells = reader.next() {
                records.append((line, cells))
                line += 1 + cells.reduce(0) { $0 + lineBreaks(in: $1) }
            }
            let nonBlank = records.filter { !$0.cells.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
            guard let header = nonBlank.first else {
                return fail("the file is empty",
                            fix: "add the header row: \(table.columns.joined(separator: ","))")
            }
            let names = header.cells.map { $0.trimmingCharacters(in: .whitespaces) }
            let expected = table.columns
            let known = expected + table.optionalColumns

            // A Vietnamese-locale spreadsheet separates with ';' (its decimal mark is the comma).
            if names.count == 1, let only = names.first {
                for (separator, name) in [(";", "semicolons"), ("\t", "tabs")] where only.contains(separator) {
                    return fail("columns are separated by \(name), not commas", line: header.line,
                                fix: "use comma as the separator: \(saveAs), or set the list separator to ',' in the regional settings")
                }
            }

            var usable = true
            var seen = Set<String>()
            let missing = expected.filter { !names.contains($0) }
            var explained = Set<String>()
            for name in names where !name.isEmpty {
                if !seen.insert(name).inserted {
                    diagnostics.append(Diagnostic(file: file, line: header.line, message: "column '\(name)' appears twice",
                                                  fix: "delete or rename one of the two columns"))
                    usable = false
                } else if !known.contains(name) {
                    if let guess = Vocabulary(missing + table.optionalColumns.filter { !names.contains($0) }).closest(to: name) {
                        explained.insert(guess)
                        diagnostics.append(Diagnostic(file: file, line: header.line,
                            message: "unknown column '\(name)': did you mean '\(guess)'?",
                            fix: "rename the column to '\(guess)'"))
                    } else {
                        diagnostics.append(Diagnostic(file: file, line: header.line, message: "unknown column '\(name)'",
                            fix: "delete the column; the columns of \(table.defaultFile) are \(expected.joined(separator: ", "))"
                                + (table.optionalColumns.isEmpty ? "" : ", and optionally \(table.optionalColumns.joined(separator: ", "))")))
                    }
                }
            }
            let unexplained = missing.filter { !explained.contains($0) }
            if !unexplained.isEmpty {
                let list = unexplained.map { "'\($0)'" }.joined(separator: ", ")
                diagnostics.append(Diagnostic(file: file, line: header.line,
                    message: "missing column\(unexplained.count == 1 ? "" : "s") \(list)",
                    fix: "add \(unexplained.count == 1 ? "it" : "them") to the header; the columns of \(table.defaultFile) are \(expected.joined(separator: ", "))"))
            }
            if !missing.isEmpty || !usable { return nil }

            // A quoted cell may span lines (Alt+Enter in a spreadsheet). An unclosed quote instead
            // leaves an odd number of quotes and swallows the rest of the file into the last record.
            let unclosedQuote = text.unicodeScalars.reduce(0) { $0 + ($1 == "\"" ? 1 : 0) } % 2 == 1
            var rows: [Row] = []
            var swallowedRows = false
            for (k, record) in nonBlank.enumerated().dropFirst() {
                var cells: [String: String] = [:]
                var stray: [String] = []
                var multiline: String?
                for (i, cell) in record.cells.enumerated() {
                    let lines = cell.split(whereSeparator: \.isNewline)
                    let value = lines.joined(separator: " ").trimmingCharacters(in: .whitespaces)
                    let name = names.indices.contains(i) ? names[i] : ""
                    if !name.isEmpty, known.contains(name) {
                        cells[name] = value
                        if lineBreaks(in: cell) > 0 { multiline = multiline ?? name }
                    } else if name.isEmpty, !value.isEmpty {
                        stray.append(value)
                    }
                }
                var row = Row(line: record.line, cells: cells)
                if !stray.isEmpty {
                    row.readable = false
                    diagnostics.append(Diagnostic(file: file, line: record.line,
                        message: "the row has \(record.cells.count) values but the header has \(names.count) columns (extra: '\(stray.joined(separator: "', '"))')",
                        fix: "put values that contain a comma in double quotes, e.g. \"Sở Tài chính, Lâm Đồng\", or delete the extra values"))
                } else if unclosedQuote, k == nonBlank.count - 1, let broken = multiline {
                    row.readable = false
                    swallowedRows = true
                    diagnostics.append(Diagnostic(file: file, line: record.line,
                        message: "a double quote in column \(broken) is never closed, so the rest of the file was read into this cell",
                        fix: "close the quote (\"…\") or delete it"))
                }
                rows.append(row)
            }
            return CSVTable(file: file, table: table, rows: rows, swallowedRows: swallowedRows)
        }

        /// Line breaks inside a cell: LF, CR LF, or a lone CR (old Mac files), as CSVReader splits them.
        static func lineBreaks(in cell: String) -> Int {
            var count = 0
            var afterCR = false
            for scalar in cell.unicodeScalars {
                if scalar == "\r" { count += 1 } else if scalar == "\n", !afterCR { count += 1 }
                afterCR = scalar == "\r"
            }
            return count
        }
    }
}
