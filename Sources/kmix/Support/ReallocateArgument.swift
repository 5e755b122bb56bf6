import ArgumentParser
import KMix

/// `--reallocate every=N,until=M[,min=R][,max=R][,signal=sensitivity]`: ranks that move during training.
enum ReallocateArgument {
    /// The reallocation `text` describes, or a usage error naming what is wrong.
    static func parse(_ text: String) throws -> Reallocation {
        var values: [String: String] = [:]
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, !pair[0].isEmpty, !pair[1].isEmpty else {
                throw ValidationError("--reallocate takes key=value pairs separated by commas (every=N,until=M), not '\(part)'")
            }
            guard ["every", "until", "min", "max", "signal"].contains(pair[0]) else {
                throw ValidationError("--reallocate has no setting '\(pair[0])'; the settings are every, until, min, max and signal")
            }
            guard values.updateValue(pair[1], forKey: pair[0]) == nil else {
                throw ValidationError("--reallocate gives '\(pair[0])' twice")
            }
        }
        func count(_ key: String, minimum: Int) throws -> Int? {
            guard let text = values[key] else { return nil }
            guard let value = Int(text), value >= minimum else {
                throw ValidationError("--reallocate \(key)=\(text): \(key) must be a whole number of at least \(minimum)")
            }
            return value
        }
        guard let every = try count("every", minimum: 1), let until = try count("until", minimum: 1) else {
            throw ValidationError("--reallocate needs every=N and until=M (reallocate after every N steps up to step M)")
        }
        if let signal = values["signal"], signal != "sensitivity" {
            throw ValidationError("--reallocate signal=\(signal): ranks move by sensitivity only (signal=sensitivity)")
        }
        let minRank = try count("min", minimum: 1) ?? 1
        let maxRank = try count("max", minimum: 1)
        if let maxRank, maxRank < minRank { throw ValidationError("--reallocate max=\(maxRank) is below min=\(minRank)") }
        return Reallocation(every: every, until: until, minRank: minRank, maxRank: maxRank)
    }
}
