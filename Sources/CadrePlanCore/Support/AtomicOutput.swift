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

    /// Writes `files` (file name → contents) into `folder`, creating it if needed. A name may
    /// name a subfolder (`r1/roster.csv`), which is created too. Returns the paths written, in
    /// the order given.
    @discardableResult
    public static func write(_ files: [(name: String, data: Data)], into folder: String) throws(Failure) -> [String] {
        interruptGate.close()
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: folder, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw Failure(path: folder, reason: "it is a file, not a folder") }
        } else {
            if let reason = makeFolder(folder) {
                throw Failure(path: folder, reason: "the folder cannot be created (\(reason))")
            }
        }
        let base = URL(fileURLWithPath: folder)
        let token = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt64(Date().timeIntervalSince1970 * 1e6))"
        var staged: [(temp: URL, final: URL)] = []
        func cleanUp() { for s in staged { try? fm.removeItem(at: s.temp) } }
        for file in files {
            let final = base.appendingPathComponent(file.name)
            let parent = final.deletingLastPathComponent()
            let temp = parent.appendingPathComponent(".\(final.lastPathComponent).\(token).tmp")
            if parent.path != base.path, !fm.fileExists(atPath: parent.path), let reason = makeFolder(parent.path) {
                cleanUp()
                throw Failure(path: parent.path, reason: "the folder cannot be created (\(reason))")
            }
            if let reason = regularFileProblem(final.path) ?? writeNew(file.data, to: temp.path) {
                cleanUp()
                try? fm.removeItem(at: temp)
                throw Failure(path: final.path, reason: reason)
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
        interruptGate.close()
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure(path: path, reason: "the folder \(folder) does not exist")
        }
        if let reason = regularFileProblem(path) { throw Failure(path: path, reason: reason) }
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

    /// Whether this process may still end itself on Ctrl-C. A command that quits on Ctrl-C asks
    /// here (`exitIfOpen`), and every `write` and `replace` closes the gate before its first
    /// temporary file; both happen under one lock. So an interrupt either ends the process before
    /// any file was touched or waits until the writes run to their renames: it can never leave a
    /// temporary file behind or a set of files half renamed, whichever command is writing.
    public static let interruptGate = InterruptGate()

    public final class InterruptGate: @unchecked Sendable {
        private let lock = NSLock()
        private var open = true

        /// From now on the process finishes its writes; it stays closed.
        func close() { lock.withLock { open = false } }

        /// Prints `message` on standard error and ends the process with `status` if no write has
        /// begun; otherwise returns. The lock is held until the end, so that no write begins meanwhile.
        public func exitIfOpen(status: Int32, message: String) {
            lock.lock()
            defer { lock.unlock() }
            guard open else { return }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            _exit(status)
        }
    }

    // The helpers below call the system directly because they report its own reason for a
    // failure ("No space left on device", "File too large", "Read-only file system"…), where
    // Foundation on Linux often says only "error 512".

    /// Why `path` must not be replaced: it exists and is a folder or a device (`--out /dev/null`
    /// run as root would otherwise put a plain file in place of the device), or nil.
    static func regularFileProblem(_ path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG, S_IFLNK: return nil
        case S_IFDIR: return "it is a folder, not a file"
        default: return "it is a device or another special file, not a plain file"
        }
    }

    /// `mkdir -p`, returning the system's reason on failure.
    static func makeFolder(_ path: String) -> String? {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + part
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: prefix, isDirectory: &isDirectory) {
                if isDirectory.boolValue { continue }
                return "\(prefix) is a file, not a folder"
            }
            if mkdir(prefix, 0o755) != 0, errno != EEXIST { return String(cString: strerror(errno)) }
        }
        return nil
    }

    /// Writes `data` to a new file and flushes it to the disk, so that the rename that follows
    /// never publishes a file whose blocks are not on the disk yet; the system's reason on failure.
    static func writeNew(_ data: Data, to path: String) -> String? {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        var failure: String?
        data.withUnsafeBytes { raw in
            guard let start = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let n = systemWrite(fd, start + offset, raw.count - offset)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else {
                    failure = String(cString: strerror(n < 0 ? errno : EIO))
                    return
                }
                offset += n
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        if close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        return failure
    }
}

/// write(2); outside `AtomicOutput`, whose own `write` would shadow it.
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }
