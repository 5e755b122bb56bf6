#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// @unchecked Sendable: `bytes` is immutable after init and the mapping is PROT_READ, so sharing it across threads is safe.
/// A whole file mapped read-only into memory, unmapped when released.
///
/// An empty file has an empty buffer and no mapping (`mmap` rejects length 0).
final class MappedFile: @unchecked Sendable {
    /// The file's bytes.
    let bytes: UnsafeRawBufferPointer

    /// Maps the file at `path`.
    /// - Throws: `SafeTensorsError.fileNotFound` or `.unreadable`.
    init(path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw code == ENOENT
                ? SafeTensorsError.fileNotFound(path: path)
                : SafeTensorsError.unreadable(path: path, reason: Self.message(code))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw SafeTensorsError.unreadable(path: path, reason: Self.message(errno))
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw SafeTensorsError.unreadable(path: path, reason: "not a regular file")
        }
        let size = Int(status.st_size)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), base != MAP_FAILED else {
            throw SafeTensorsError.unreadable(path: path, reason: Self.message(errno))
        }
        bytes = UnsafeRawBufferPointer(start: base, count: size)
    }

    /// Lets the system drop the memory pages that lie wholly inside `range` (byte offsets):
    /// they stop counting towards the process's resident memory and are read from the file
    /// again if touched. The contents seen through `bytes` do not change.
    func releasePages(in range: Range<Int>) {
        guard let base = bytes.baseAddress, !range.isEmpty else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let first = (range.lowerBound + page - 1) / page * page, end = range.upperBound / page * page
        guard first < end else { return }
        madvise(UnsafeMutableRawPointer(mutating: base + first), end - first, Int32(MADV_DONTNEED))
    }

    deinit {
        if let base = bytes.baseAddress {
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        }
    }

    /// The C library's message for an `errno` value.
    static func message(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
