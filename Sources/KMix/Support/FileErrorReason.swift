import Foundation

/// Why a file operation failed, in the system's words ("Is a directory", "Permission denied", "No such file or
/// directory") rather than Foundation's "The operation could not be completed. (NSCocoaErrorDomain error 512.)",
/// which is all its `localizedDescription` says on Linux for many errors.
public enum FileErrorReason {
    /// The C library's message for the POSIX error behind `error` (itself or the error it wraps), else its
    /// localized description.
    public static func of(_ error: any Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? any Error
        guard let code = posixCode(error) ?? underlying.flatMap(posixCode) else { return error.localizedDescription }
        return MappedFile.message(code)
    }

    /// The `errno` value of a POSIX error, whether Swift's `POSIXError` or an `NSError` of its domain.
    private static func posixCode(_ error: any Error) -> Int32? {
        if let posix = error as? POSIXError { return posix.code.rawValue }
        let error = error as NSError
        return error.domain == NSPOSIXErrorDomain ? Int32(error.code) : nil
    }
}
