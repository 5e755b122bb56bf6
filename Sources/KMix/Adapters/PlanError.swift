/// Why a plan could not be read or does not fit the model.
public enum PlanError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read or is not JSON.
    case unreadable(source: String, reason: String)
    /// The first problem found, at a JSON path such as `$.layers[2].q[5]`.
    case invalid(source: String, location: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(source, reason):
            return "the plan \(source) cannot be read: \(reason)"
        case let .invalid(source, location, reason):
            return "the plan \(source) is invalid at \(location): \(reason)"
        }
    }
}
