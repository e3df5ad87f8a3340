import CadrePlanCore
import Foundation

/// Ctrl-C for the commands that write files, so that they all behave alike: a Ctrl-C that ends
/// the process exits 130 with `quitMessage`, and only before any output was touched. Once
/// `AtomicOutput` starts writing, Ctrl-C is ignored and the writes run to their renames, so the
/// output is the earlier file(s) or a complete new set, never a half-written one.
///
/// What the first Ctrl-C does depends on the command. In `solve` it only asks the search to stop
/// (`flag`): the best plan found so far is still worth writing, and a second Ctrl-C quits. In
/// `export` it quits at once: a program cut short is worth nothing, and a stage-2 program over an
/// unfinished stage 1 would fix unmet need at a value that is not its optimum.
///
/// A plain signal handler writes a byte to a pipe (the self-pipe trick) that a dispatch source
/// reads. The dispatch signal source used before needs SIGINT ignored process-wide; in testing it
/// missed some Ctrl-Cs, and the search ran on.
final class Interrupt {
    /// Raised by a Ctrl-C that does not quit; read by the solver's callback on another thread.
    let flag = Flag()

    /// - Parameters:
    ///   - quitMessage: what the planner reads when Ctrl-C ends the process, e.g. that nothing
    ///     was written.
    ///   - firstStopsOnly: the first Ctrl-C only raises `flag` and a second one quits (`solve`);
    ///     when false, the first one quits (`export`).
    init(quitMessage: String, firstStopsOnly: Bool = true) {
        var fds: [Int32] = [-1, -1]
        // Without a pipe Ctrl-C keeps its default action: the process ends and writes nothing.
        guard pipe(&fds) == 0 else { return }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        _ = fcntl(readEnd, F_SETFL, O_NONBLOCK)
        _ = fcntl(writeEnd, F_SETFL, O_NONBLOCK)  // the handler must never block
        let source = DispatchSource.makeReadSource(fileDescriptor: readEnd, queue: .global())
        source.setEventHandler { [flag] in
            var bytes = [UInt8](repeating: 0, count: 16)
            let count = read(readEnd, &bytes, bytes.count)
            for _ in 0..<max(0, count) {
                if flag.value || !firstStopsOnly {
                    AtomicOutput.interruptGate.exitIfOpen(status: 130, message: quitMessage)
                }
                flag.set()
            }
        }
        source.resume()
        // Kept for the life of the process, like the handler: the command may drop its Interrupt
        // long before its last write.
        interruptSource = source
        interruptPipe = writeEnd
        // BSD semantics on Linux and macOS: the handler stays installed and system calls restart.
        signal(SIGINT, onInterrupt)
        // A parent may hand down SIGINT blocked (test runners do): unblock it on this thread,
        // the one that does the work, so that the handler runs. Dispatch's threads block it.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Raised once by the signal handler, read by the solver's callback on another thread.
    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var raised = false
        func set() { lock.withLock { raised = true } }
        var value: Bool { lock.withLock { raised } }
    }
}

/// Write end of the Ctrl-C pipe: set once before the handler is installed, then only read.
nonisolated(unsafe) private var interruptPipe: Int32 = -1
/// The reader of the pipe: set once, never read.
nonisolated(unsafe) private var interruptSource: (any DispatchSourceRead)?

/// The SIGINT handler: only write(2), which is async-signal-safe.
private func onInterrupt(_: Int32) {
    var byte: UInt8 = 1
    _ = write(interruptPipe, &byte, 1)
}
