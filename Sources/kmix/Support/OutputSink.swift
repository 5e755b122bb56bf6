import Foundation

/// Where a command writes its output as it goes: standard output, or a file written under a temporary name in its
/// folder and renamed into place by `finish`, so that a command that fails or is stopped leaves no half-written
/// file. Every write is checked and its failure named (`No space left on device`, `Read-only file system`…).
final class OutputSink {
    private let path: String?
    private let temporary: String?
    private var descriptor: Int32 = -1

    /// A sink for `path`, or standard output when nil.
    init(path: String?) throws {
        self.path = path
        guard let path else {
            temporary = nil
            return
        }
        try OutputFile.check(path, option: "--output")
        let url = URL(fileURLWithPath: path)
        let name = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        temporary = name
        descriptor = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Self.failure(path, errno) }
    }

    deinit {
        if let temporary, descriptor >= 0 {
            close(descriptor)
            unlink(temporary)
        }
    }

    /// Appends `text`.
    func write(_ text: String) throws {
        guard let path else { return try StandardOutput.write(text) }
        let code = FileDescriptorWriter.write(Array(text.utf8), to: descriptor)
        if code != 0 { throw Self.failure(path, code) }
    }

    /// Makes the file whole: synced, closed and renamed to its path.
    func finish() throws {
        guard let path, let temporary else { return }
        if fsync(descriptor) != 0 { throw Self.failure(path, errno) }
        let closed = close(descriptor)
        descriptor = -1
        guard closed == 0 else {
            unlink(temporary)
            throw Self.failure(path, errno)
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw Self.failure(path, code)
        }
    }

    private static func failure(_ path: String, _ code: Int32) -> CommandError {
        CommandError("could not write \(path) (\(String(cString: strerror(code))))")
    }
}
