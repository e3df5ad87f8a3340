import CGLPK
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// GLPK's terminal output for the span of one call. GLPK prints to standard output, which
/// belongs to the CLI (reports may be piped), so its log is either silenced, sent to standard
/// error, or captured. The settings are thread-local in GLPK; `restore()` puts back the previous
/// on/off state and removes our hook (GLPK offers no way to read a hook someone else installed).
struct TerminalSession {
    enum Mode {
        case quiet
        case standardError
        /// Collect the text, e.g. to quote GLPK's reason when a file cannot be written.
        case capture(OutputCapture)
    }

    private let previous: Int32
    private let installedHook: Bool

    init(_ mode: Mode) {
        switch mode {
        case .quiet:
            previous = glp_term_out(GLP_OFF)
            installedHook = false
        case .standardError:
            previous = glp_term_out(GLP_ON)
            glp_term_hook(writeToStandardError, nil)
            installedHook = true
        case .capture(let output):
            previous = glp_term_out(GLP_ON)
            glp_term_hook(appendToCapture, Unmanaged.passUnretained(output).toOpaque())
            installedHook = true
        }
    }

    func restore() {
        if installedHook { glp_term_hook(nil, nil) }
        _ = glp_term_out(previous)
    }
}

/// Text GLPK printed while a `TerminalSession` in `.capture` mode was open. Must outlive the session.
final class OutputCapture {
    var text = ""

    /// The reason in GLPK's "Unable to create 'path' - reason" or "Write error on 'path' - reason".
    var failureReason: String? {
        for line in text.split(separator: "\n").reversed() where line.contains("Unable to") || line.contains("error") {
            if let dash = line.ranges(of: " - ").last {
                return String(line[dash.upperBound...])
            }
            return String(line)
        }
        return nil
    }
}

// Returning non-zero tells GLPK the text was handled, so it does not also print it to stdout.
private func writeToStandardError(_ info: UnsafeMutableRawPointer?, _ text: UnsafePointer<CChar>?) -> Int32 {
    if let text { _ = write(2, text, strlen(text)) }
    return 1
}

private func appendToCapture(_ info: UnsafeMutableRawPointer?, _ text: UnsafePointer<CChar>?) -> Int32 {
    if let info, let text {
        Unmanaged<OutputCapture>.fromOpaque(info).takeUnretainedValue().text += String(cString: text)
    }
    return 1
}
