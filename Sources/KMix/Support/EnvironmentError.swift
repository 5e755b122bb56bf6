/// An environment variable kmix cannot use, explained in one sentence.
public struct EnvironmentError: Error, CustomStringConvertible, Sendable {
    /// What is wrong, naming the variable and its value.
    public let message: String

    /// The error `message` describes.
    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}
