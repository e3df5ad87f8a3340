import Foundation

/// Writes a set of files so that a reader never sees a half-written one: every file goes to a
/// temporary sibling first and is renamed into place only when all of them were written.
/// An earlier roster therefore survives any failure (full disk, interrupt, bad folder).
public enum AtomicOutput {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String {
            "cannot write \(path): \(reason) — fix: choose a folder you can write to (--out) and check free disk space"
        }
    }

    /// Writes `files` (file name → contents) into `folder`, creating it if needed.
    /// Returns the paths written, in the order given.
    @discardableResult
    public static func write(_ files: [(name: String, data: Data)], into folder: String) throws(Failure) -> [String] {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: folder, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw Failure(path: folder, reason: "it is a file, not a folder") }
        } else {
            do { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw Failure(path: folder, reason: "the folder cannot be created (\(error.localizedDescription))")
            }
        }
        let base = URL(fileURLWithPath: folder)
        let token = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt64(Date().timeIntervalSince1970 * 1e6))"
        var staged: [(temp: URL, final: URL)] = []
        func cleanUp() { for s in staged { try? fm.removeItem(at: s.temp) } }
        for file in files {
            let final = base.appendingPathComponent(file.name)
            let temp = base.appendingPathComponent(".\(file.name).\(token).tmp")
            do { try file.data.write(to: temp) } catch {
                cleanUp()
                try? fm.removeItem(at: temp)
                throw Failure(path: final.path, reason: error.localizedDescription)
            }
            staged.append((temp, final))
        }
        for s in staged {
            // rename(2) replaces the old file in one step on the same file system.
            if rename(s.temp.path, s.final.path) != 0 {
                let reason = String(cString: strerror(errno))
                cleanUp()
                throw Failure(path: s.final.path, reason: reason)
            }
        }
        return staged.map(\.final.path)
    }

    /// For writers that insist on a path (GLPK's exporters): `produce` writes to a temporary
    /// sibling of `path`, which then replaces `path` in one step.
    public static func replace(_ path: String, produce: (String) throws -> Void) throws(Failure) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure(path: path, reason: "the folder \(folder) does not exist")
        }
        let temp = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp").path
        do { try produce(temp) } catch {
            try? FileManager.default.removeItem(atPath: temp)
            throw Failure(path: path, reason: "\(error)")
        }
        if rename(temp, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temp)
            throw Failure(path: path, reason: reason)
        }
    }
}
