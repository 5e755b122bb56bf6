/// One value for each of the three projections Kernel-mix adapts, Q, V and O.
///
/// A struct rather than a dictionary keyed by `Projection`: every projection always has its value, so reading
/// one needs no unwrapping and a missing key cannot happen.
public struct PerProjection<Value> {
    public var query: Value
    public var value: Value
    public var output: Value

    /// The three values.
    public init(query: Value, value: Value, output: Value) {
        self.query = query
        self.value = value
        self.output = output
    }

    /// The value `make` gives each projection, in the order Q, V, O.
    public init(_ make: (Projection) throws -> Value) rethrows {
        query = try make(.query)
        value = try make(.value)
        output = try make(.output)
    }

    /// The value of `projection`.
    public subscript(projection: Projection) -> Value {
        get {
            switch projection {
            case .query: return query
            case .value: return value
            case .output: return output
            }
        }
        set {
            switch projection {
            case .query: query = newValue
            case .value: value = newValue
            case .output: output = newValue
            }
        }
    }

    /// `transform` applied to each value.
    public func map<Other>(_ transform: (Value) throws -> Other) rethrows -> PerProjection<Other> {
        try PerProjection<Other>(query: transform(query), value: transform(value), output: transform(output))
    }

    /// The values in the order Q, V, O.
    public var all: [Value] { [query, value, output] }
}

extension PerProjection: Sendable where Value: Sendable {}
extension PerProjection: Equatable where Value: Equatable {}
extension PerProjection: Hashable where Value: Hashable {}
