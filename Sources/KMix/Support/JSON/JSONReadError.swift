/// A JSON value that is not what a format needs, and where it is: a JSON path such as `$.layers[2].q[5]`.
public struct JSONReadError: Error, Equatable, CustomStringConvertible {
    /// The path of the value (or of the object that lacks a key): `$` is the root, `.key` or `["key"]` a member,
    /// `[i]` an element.
    public let path: String
    /// What is wrong, e.g. `expected a whole number, found 1.5`.
    public let reason: String

    /// The error `reason` at `path`.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `at $.layers[2].q[5]: expected a whole number, found 1.5`.
    public var description: String { "at \(path): \(reason)" }
}
