/// The classes of a data set: the label values a file may hold and the class index each stands for.
public enum LabelSet: Sendable, Equatable {
    /// Exactly these label values, in class-index order, with optional display names (the values when nil).
    ///
    /// A value outside the list is an error. Read a dev file with `train.labels` so that its indices match.
    case fixed(values: [String], names: [String]? = nil)
    /// The distinct label values of the file itself, sorted: numerically when all are integers, else as text.
    case inferred
}

extension LabelSet {
    /// Checks a fixed set: not empty, no value twice, one name per value.
    func validate(file: String) throws(DataError) {
        guard case .fixed(let values, let names) = self else { return }
        guard !values.isEmpty else { throw .emptyLabelSet(file: file) }
        var seen = Set<String>()
        for value in values where !seen.insert(value).inserted {
            throw .duplicateLabel(file: file, value: value)
        }
        if let names, names.count != values.count {
            throw .labelNamesMismatch(file: file, valueCount: values.count, nameCount: names.count)
        }
    }

    /// The label values and display names this set gives the raw labels of a file, and each row's class index.
    ///
    /// `rawLabels` are the label fields in file order, `lines` the line each comes from.
    func assign(_ rawLabels: [String], lines: [Int], file: String) throws(DataError)
        -> (values: [String], names: [String], indices: [Int]) {
        let values: [String]
        let names: [String]
        switch self {
        case .fixed(let fixedValues, let fixedNames):
            values = fixedValues
            names = fixedNames ?? fixedValues
        case .inferred:
            values = Self.sorted(Set(rawLabels))
            names = values
        }
        let indexOf = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($0.element, $0.offset) })
        var indices: [Int] = []
        indices.reserveCapacity(rawLabels.count)
        for (row, raw) in rawLabels.enumerated() {
            guard let index = indexOf[raw] else {
                throw .unknownLabel(file: file, line: lines[row], value: raw, allowed: values)
            }
            indices.append(index)
        }
        return (values, names, indices)
    }

    /// Distinct label values in class order: by integer value when all are integers, else by text.
    static func sorted(_ distinct: Set<String>) -> [String] {
        let integers = distinct.compactMap { value in Int(value).map { (value, $0) } }
        guard integers.count == distinct.count else { return distinct.sorted() }
        return integers.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.map(\.0)
    }
}
