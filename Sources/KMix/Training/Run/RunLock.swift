import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One writer per run folder: an advisory `flock` on `RUN_DIR/.kmix-lock`, which holds the writer's process id.
/// `kmix train` and `kmix-tui`'s trainer hold it while they write; readers (`eval`, `export`, `kmix-tui --run`)
/// do not take it. The lock ends with the process, however it ends, so a killed run never leaves a stale lock.
public final class RunLock: Sendable {
    /// The lock file's name in a run folder.
    public static let fileName = ".kmix-lock"

    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    /// Takes the lock of `folder`, which must exist, without waiting.
    /// - Throws: `RunStartError.busy` naming the process that holds it, `RunStartError.cannotWrite`.
    public static func acquire(_ folder: URL) throws -> RunLock {
        let path = folder.appendingPathComponent(fileName).path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else { throw RunStartError.cannotWrite(path: path, reason: MappedFile.message(errno)) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno
            let holder = Self.holder(descriptor)
            close(descriptor)
            if reason == EWOULDBLOCK { throw RunStartError.busy(path: folder.path, pid: holder) }
            throw RunStartError.cannotWrite(path: path, reason: MappedFile.message(reason))
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        return RunLock(descriptor: descriptor)
    }

    /// The process id the lock file names, if it names one.
    private static func holder(_ descriptor: Int32) -> Int32? {
        var bytes = [UInt8](repeating: 0, count: 32)
        let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: bytes.prefix(count), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
