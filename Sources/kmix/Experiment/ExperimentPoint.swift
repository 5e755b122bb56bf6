import Foundation
import KMix

/// One point of an experiment's grid, one run: a value of every `[grid]` option, with `[base]`'s settings.
struct ExperimentPoint {
    /// The run's folder name: each grid option and its value (`plan-paper-nlu_lr-0.001_seed-42`).
    let name: String
    /// The name without the seed (`all` when the grid varies only the seed).
    let group: String
    /// The parts of the name, each a grid option and its part (`lr`, `lr-0.001`), in naming order.
    let nameParts: [(option: String, text: String)]
    /// Every setting of the point, `[base]`'s then the grid's, each with its value.
    let settings: [(setting: ExperimentSpec.Setting, value: TOMLLite.Value)]
    /// Its plan, nil for `kmix train`'s default.
    let plan: PlanChoice?

    /// The plan as the spec writes it (the default preset's name when it names none).
    var planText: String {
        settings.first { $0.setting.name == "plan" }?.value.text ?? TrainingDefaults.preset.name
    }

    /// The value of the option `name`, when the point sets it.
    func value(of name: String) -> (setting: ExperimentSpec.Setting, value: TOMLLite.Value)? {
        settings.first { $0.setting.name == name }
    }
}

extension ExperimentSpec {
    /// The grid's cross product, the first grid option (in naming order) changing slowest.
    /// - Throws: `CommandError` naming the place of a plan that is not a preset, a plan file or an `auto:` spec, or
    ///   of two values of an option that would give runs the same name.
    func points() throws -> [ExperimentPoint] {
        var plans: [String: PlanChoice] = [:]
        for setting in base + grid where setting.name == "plan" {
            for value in setting.values {
                do { plans[value.text] = try PlanChoice.parse(value.text, folder: folder) } catch {
                    throw CommandError("\(setting.place(value, file: file)): \(error.reason)")
                }
            }
        }
        func label(_ setting: Setting, _ value: TOMLLite.Value) -> String {
            Self.sanitized(setting.name == "plan" ? plans[value.text]!.label : value.text)
        }
        for setting in grid {
            var seen: [String: TOMLLite.Value] = [:]
            for value in setting.values {
                if let earlier = seen.updateValue(value, forKey: label(setting, value)) {
                    throw CommandError("\(setting.place(value, file: file)): it gives its runs the same name as \(earlier.literal) "
                        + "('\(setting.name)-\(label(setting, value))'); give each value once, and plan files different names")
                }
            }
        }
        var combinations: [[TOMLLite.Value]] = [[]]
        for setting in grid { combinations = combinations.flatMap { prefix in setting.values.map { prefix + [$0] } } }
        let baseSettings = base.map { ($0, $0.values[0]) }
        return combinations.map { values in
            let chosen = Array(zip(grid, values))
            let parts = chosen.map { (option: $0.0.name, text: "\($0.0.name)-\(label($0.0, $0.1))") }
            let group = parts.filter { $0.option != "seed" }.map(\.text)
            let settings = baseSettings + chosen
            let plan = settings.first { $0.0.name == "plan" }.map { plans[$0.1.text]! }
            return ExperimentPoint(name: parts.map(\.text).joined(separator: "_"),
                                   group: group.isEmpty ? "all" : group.joined(separator: "_"), nameParts: parts,
                                   settings: settings, plan: plan)
        }
    }

    /// `text` as part of a folder name: letters, digits, `.`, `+` and `-` kept, every run of other characters one `-`.
    static func sanitized(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            let kept = scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || ".+-".unicodeScalars.contains(scalar))
            if kept { result.unicodeScalars.append(scalar) } else if !result.hasSuffix("-") { result += "-" }
        }
        return result.isEmpty ? "empty" : result
    }
}
