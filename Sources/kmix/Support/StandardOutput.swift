import ArgumentParser
import Foundation
import Synchronization

/// Checked writes to standard output. A write that fails for a closed pipe (`kmix … | head`) ends the command
/// quietly, as Unix tools do; any other failure (a full disk, a read-only file) is an error naming its cause.
/// Output that may fail without stopping the work (training progress) uses `writeReporting`, whose first failure
/// `finish` reports when the command is done, so a run still saves what it trained.
enum StandardOutput {
    /// The exit status of a command whose reader went away: 128 + SIGPIPE, as shells report it.
    static let closedPipeStatus: Int32 = 128 + SIGPIPE

    private static let firstFailure = Mutex<Int32?>(nil)

    /// Writes `text`; throws `ExitCode(141)` when the reader has gone, a `CommandError` naming the cause otherwise.
    static func write(_ text: String) throws {
        let code = FileDescriptorWriter.write(Array(text.utf8), to: STDOUT_FILENO)
        guard code != 0 else { return }
        if code == EPIPE { throw ExitCode(closedPipeStatus) }
        throw CommandError("could not write standard output (\(String(cString: strerror(code))))")
    }

    /// Writes `text`, remembering the first failure for `finish` instead of throwing.
    static func writeReporting(_ text: String) {
        let code = FileDescriptorWriter.write(Array(text.utf8), to: STDOUT_FILENO)
        if code != 0 { firstFailure.withLock { $0 = $0 ?? code } }
    }

    /// When a `writeReporting` failed for another reason than a closed pipe, says so on standard error and exits
    /// with status 1.
    static func finish() {
        guard let code = firstFailure.withLock({ $0 }), code != EPIPE else { return }
        FileHandle.standardError.write(Data("Error: could not write standard output (\(String(cString: strerror(code))))\n".utf8))
        exit(1)
    }
}

/// `print` for this module: the same text, written with `StandardOutput.writeReporting`, so that every line a
/// command prints is checked (the standard library's `print` drops write errors).
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    StandardOutput.writeReporting(items.map { "\($0)" }.joined(separator: separator) + terminator)
}

/// Whole writes to a file descriptor.
enum FileDescriptorWriter {
    /// Writes every byte of `bytes` to `descriptor`, retrying short writes and interruptions; returns 0, or the
    /// errno of the failure.
    static func write(_ bytes: [UInt8], to descriptor: Int32) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return 0
    }
}
