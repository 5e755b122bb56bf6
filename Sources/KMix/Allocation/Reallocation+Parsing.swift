import Foundation

extension Reallocation {
    /// The reallocation `text` describes: `every=N,until=M[,min=R][,max=R][,signal=sensitivity]`, as `kmix train
    /// --reallocate` and `kmix-tui`'s train dialog take it (min defaults to 1, max to the head size).
    /// - Throws: `ReallocationSyntaxError`, naming what is wrong.
    public init(parsing text: String) throws(ReallocationSyntaxError) {
        var values: [String: String] = [:]
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, !pair[0].isEmpty, !pair[1].isEmpty else {
                throw ReallocationSyntaxError("takes key=value pairs separated by commas (every=N,until=M), not '\(part)'")
            }
            guard ["every", "until", "min", "max", "signal"].contains(pair[0]) else {
                throw ReallocationSyntaxError("has no setting '\(pair[0])'; the settings are every, until, min, max and signal")
            }
            guard values.updateValue(pair[1], forKey: pair[0]) == nil else {
                throw ReallocationSyntaxError("gives '\(pair[0])' twice")
            }
        }
        func count(_ key: String, minimum: Int) throws(ReallocationSyntaxError) -> Int? {
            guard let text = values[key] else { return nil }
            guard let value = Int(text), value >= minimum else {
                throw ReallocationSyntaxError("\(key)=\(text): \(key) must be a whole number of at least \(minimum)")
            }
            return value
        }
        guard let every = try count("every", minimum: 1), let until = try count("until", minimum: 1) else {
            throw ReallocationSyntaxError("needs every=N and until=M (reallocate after every N steps up to step M)")
        }
        if let signal = values["signal"], signal != "sensitivity" {
            throw ReallocationSyntaxError("signal=\(signal): ranks move by sensitivity only (signal=sensitivity)")
        }
        let minRank = try count("min", minimum: 1) ?? 1
        let maxRank = try count("max", minimum: 1)
        if let maxRank, maxRank < minRank { throw ReallocationSyntaxError("max=\(maxRank) is below min=\(minRank)") }
        self.init(every: every, until: until, minRank: minRank, maxRank: maxRank)
    }
}

/// Why a reallocation's settings text cannot be read: the rest of a sentence whose subject is the setting as the
/// user knows it (`--reallocate`, a dialog's field).
public struct ReallocationSyntaxError: Error, Equatable, CustomStringConvertible {
    /// What is wrong, after the subject: "needs every=N and until=M (…)".
    public let reason: String

    init(_ reason: String) {
        self.reason = reason
    }

    /// The sentence with `subject` named first: "--reallocate needs every=N and until=M (…)".
    public func message(subject: String) -> String { "\(subject) \(reason)" }

    public var description: String { message(subject: "the reallocation") }
}
