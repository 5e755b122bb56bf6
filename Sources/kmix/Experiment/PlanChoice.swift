import Foundation
import KMix

/// A spec's `plan` value: a preset name, a plan file (relative to the spec's folder), or `auto:KEY=VALUE,…`, the
/// allocation `kmix plan auto` makes with those options (`auto:signal=importance,budget-like=paper-nlu`).
enum PlanChoice {
    case preset(String)
    case file(URL)
    /// The spec after `auto:`, and the `kmix plan auto` options it gives, in order (a `base` plan file's path
    /// resolved).
    case auto(spec: String, options: [(option: String, value: String)])

    /// The keys an `auto:` spec takes: `kmix plan auto`'s options but the data, model, seed and threads (the run's).
    static let autoKeys = ["signal", "budget", "budget-like", "base", "projections", "min-rank", "max-rank", "probe-rows",
                           "probe-steps"]

    /// The plan `text` names, relative paths taken in `folder`.
    /// - Throws: `PlanChoiceError` saying what is wrong (the caller names the place).
    static func parse(_ text: String, folder: URL) throws(PlanChoiceError) -> PlanChoice {
        if text.hasPrefix("auto:") { return try auto(String(text.dropFirst(5)), folder: folder) }
        if AdapterPlan.Preset(name: text) != nil { return .preset(text) }
        let url = URL(fileURLWithPath: text, relativeTo: folder).standardizedFileURL
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue { return .file(url) }
        throw PlanChoiceError("it is not a preset, a plan file or an auto: spec"
            + (AdapterPlan.Preset.suggestion(for: text) ?? " (no file \(url.path); the presets are "
                + AdapterPlan.Preset.names.joined(separator: ", ") + ")"))
    }

    /// `signal=importance,budget-like=paper-nlu`: pairs separated by commas; a piece without `=` continues the value
    /// before it, so that `projections=q,v` keeps its comma.
    private static func auto(_ text: String, folder: URL) throws(PlanChoiceError) -> PlanChoice {
        guard !text.isEmpty else { throw PlanChoiceError("the auto: spec is empty; give at least signal=SIGNAL and budget=N or budget-like=PRESET") }
        var pairs: [(option: String, value: String)] = []
        for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let equals = piece.firstIndex(of: "=") else {
                guard !pairs.isEmpty, !piece.isEmpty else { throw PlanChoiceError("'\(piece)' in the auto: spec is not KEY=VALUE") }
                pairs[pairs.count - 1].value += "," + piece
                continue
            }
            let key = String(piece[..<equals]), value = String(piece[piece.index(after: equals)...])
            guard autoKeys.contains(key) else {
                throw PlanChoiceError("'\(key)' is not a key of an auto: plan" + (ClosestName.suggestion(for: key, among: autoKeys)
                    ?? "; the keys are \(autoKeys.joined(separator: ", "))"))
            }
            guard !pairs.contains(where: { $0.option == key }) else { throw PlanChoiceError("the auto: spec sets '\(key)' twice") }
            let resolved = key == "base" && AdapterPlan.Preset(name: value) == nil
                ? URL(fileURLWithPath: value, relativeTo: folder).standardizedFileURL.path : value
            pairs.append((key, resolved))
        }
        return .auto(spec: text, options: pairs)
    }

    /// The plan's part of a run's name: the preset, the plan file's name without `.json`, or `auto-` and the spec.
    var label: String {
        switch self {
        case let .preset(name): name
        case let .file(url): url.deletingPathExtension().lastPathComponent
        case let .auto(spec, _): "auto-" + spec
        }
    }

    /// `kmix train`'s plan arguments; an `auto:` plan is read from `autoFile`, where the runner writes it.
    func trainArguments(autoFile: URL) -> [String] {
        switch self {
        case let .preset(name): ["--preset=\(name)"]
        case let .file(url): ["--plan=\(url.path)"]
        case .auto: ["--plan=\(autoFile.path)"]
        }
    }

    /// `kmix plan auto`'s arguments for the spec's keys (nil for a preset or a plan file).
    var autoArguments: [String]? {
        guard case let .auto(_, options) = self else { return nil }
        return options.map { "--\($0.option)=\($0.value)" }
    }
}

/// Why a `plan` value is refused, without its place.
struct PlanChoiceError: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
