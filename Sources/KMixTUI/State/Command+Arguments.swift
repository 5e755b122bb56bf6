import Foundation
import KMix

/// Reading the `:` commands' arguments; each refusal is one sentence for the status bar.
extension Command {
    /// The refusal of a name that is no command.
    static func unknown(_ name: String) -> CommandError {
        CommandError("unknown command `\(name)`; try :help")
    }

    /// A whole number ≥ 0 (commas and underscores allowed) for `:command`.
    static func count(_ text: String, for command: String) throws(CommandError) -> Int {
        let digits = text.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "_", with: "")
        guard let value = Int(digits), value >= 0 else { throw CommandError("`:\(command)` takes a whole number, not `\(text)`") }
        return value
    }

    /// A target budget: a positive whole number, or nil for `none` (`off`).
    static func target(_ text: String) throws(CommandError) -> Int? {
        if ["none", "off"].contains(text.lowercased()) { return nil }
        guard let value = try? count(text, for: "target"), value > 0 else {
            throw CommandError("`:target` takes a positive whole number or none, not `\(text)`")
        }
        return value
    }

    /// `Q`, `V` or `O` (or `query`, `value`, `output`), any case.
    static func projection(_ text: String) throws(CommandError) -> Projection {
        switch text.lowercased() {
        case "q", "query": return .query
        case "v", "value": return .value
        case "o", "output": return .output
        default: throw CommandError("`:proj` takes Q, V or O, not `\(text)`")
        }
    }

    /// A preset by name (`AdapterPlan.Preset.names`), any case.
    static func preset(_ name: String) throws(CommandError) -> AdapterPlan.Preset {
        guard let preset = AdapterPlan.Preset(name: name.lowercased()) else {
            throw CommandError("unknown preset `\(name)`" + (AdapterPlan.Preset.suggestion(for: name)
                ?? "; try \(AdapterPlan.Preset.names.joined(separator: ", "))"))
        }
        return preset
    }

    /// A heat-map metric by its raw name, any case.
    static func metric(_ name: String) throws(CommandError) -> HeadMetric {
        guard let metric = HeadMetric(rawValue: name.lowercased()) else {
            throw CommandError("unknown metric `\(name)`; try \(HeadMetric.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return metric
    }

    /// An export format by name, any case.
    static func format(_ name: String) throws(CommandError) -> ExportFormat {
        guard let format = ExportFormat(rawValue: name.lowercased()) else {
            throw CommandError("unknown format `\(name)`; try \(ExportFormat.names)")
        }
        return format
    }
}
