/// Why a plan could not be read or does not fit the model.
public enum PlanError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read or is not JSON.
    case unreadable(source: String, reason: String)
    /// The first problem found, at a JSON path such as `$.layers[2].q[5]`.
    case invalid(source: String, location: String, reason: String)
    /// A preset gives a rank the model does not allow (its heads or its hidden size are too small).
    case presetDoesNotFit(preset: String, violation: AdapterPlan.RankViolation)

    public var description: String {
        switch self {
        case let .unreadable(source, reason):
            return "the plan \(source) cannot be read: \(reason)"
        case let .invalid(source, location, reason):
            return "the plan \(source) is invalid at \(location): \(reason)"
        case let .presetDoesNotFit(preset, violation):
            let limit = violation.head == nil ? "hidden size is \(violation.limit)"
                : "heads have \(violation.limit) dimensions"
            return "preset \(preset) gives \(violation.head == nil ? "shared" : "heads") rank \(violation.rank), "
                + "but this model's \(limit)"
        }
    }
}
