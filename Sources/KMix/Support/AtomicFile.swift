import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file could not be written; `reason` names the step and the system's message.
public struct FileWriteError: Error, Equatable, CustomStringConvertible {
    /// The file that was to be written.
    public let path: String
    /// The step that failed and why.
    public let reason: String

    public var description: String { "could not write \(path) (\(reason))" }
}

/// Replaces files so that readers see either the old or the new content, never a part.
enum AtomicFile {
    /// Writes `bytes` to a temporary file beside `url`, flushes it to disk and
    /// renames it over `url`; the temporary file is removed on failure.
    /// - Throws: `FileWriteError` naming the file and the step that failed.
    static func replace(_ url: URL, with bytes: [UInt8]) throws(FileWriteError) {
        let path = url.path(percentEncoded: false)
        let folder = url.deletingLastPathComponent().path(percentEncoded: false)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
            .path(percentEncoded: false)
        func failure(_ step: String, _ code: Int32) -> FileWriteError {
            FileWriteError(path: path, reason: "\(step): \(MappedFile.message(code))")
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("creating a temporary file in \(folder)", errno) }
        do throws(FileWriteError) {
            try writeAll(bytes, to: descriptor, failure: failure)
            guard fsync(descriptor) == 0 else { throw failure("flushing to disk", errno) }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        guard close(descriptor) == 0 else {
            let code = errno
            unlink(temporary)
            throw failure("closing", code)
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw failure("renaming the temporary file", code)
        }
        syncFolder(folder)
    }

    /// Writes every byte, retrying short writes and interruptions.
    private static func writeAll(
        _ bytes: [UInt8], to descriptor: Int32, failure: (String, Int32) -> FileWriteError
    ) throws(FileWriteError) {
        let code: Int32? = bytes.withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                let result = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result < 0 {
                    guard errno == EINTR else { return errno }
                } else {
                    written += result
                }
            }
            return nil
        }
        if let code { throw failure("writing", code) }
    }

    /// Flushes the folder's entry list so the rename survives a crash. The new
    /// content is already in place, so a failure here is not reported.
    static func syncFolder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
