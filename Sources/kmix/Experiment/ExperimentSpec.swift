import Foundation
import KMix

/// An experiment spec (`docs/experiments.md`): `[base]` sets `kmix train` options for every run, `[grid]` lists
/// values of options whose cross product gives the runs. Reading it checks its structure, option names and value
/// types; every refusal names the file, the line and the option.
struct ExperimentSpec {
    /// One option the spec sets: in `[base]` one value, in `[grid]` a list.
    struct Setting {
        let name: String
        let values: [TOMLLite.Value]
        let line: Int
        let inGrid: Bool
        let kind: SpecOption.Kind

        /// Where `value` is set, for errors: `spec.toml:7: [grid] lr = -1`.
        func place(_ value: TOMLLite.Value, file: String) -> String {
            "\(file):\(line): [\(inGrid ? "grid" : "base")] \(name) = \(value.literal)"
        }
    }

    /// The spec file as given.
    let file: String
    /// The folder relative paths in it are relative to.
    let folder: URL
    /// `[base]`'s settings, in file order.
    let base: [Setting]
    /// `[grid]`'s settings in the order they name runs: `plan` first, then the others by name, `seed` last.
    let grid: [Setting]

    /// Reads and checks the spec at `path`.
    /// - Throws: `ConfigError` naming the file, line and option; `CommandError` for a file that cannot be read.
    static func load(_ path: String) throws -> ExperimentSpec {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandError(FileManager.default.fileExists(atPath: path) ? "cannot read \(path)" : "\(path) does not exist")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, line: 0, reason: "it is not UTF-8 text")
        }
        var base: [Setting] = [], grid: [Setting] = []
        for entry in try TOMLLite.parse(text, file: path, accepting: [.floats, .arrays]) {
            func fail(_ reason: String) -> ConfigError { ConfigError(file: path, line: entry.line, reason: reason) }
            let table: String
            switch entry.table {
            case "base", "grid": table = "[\(entry.table)]"
            case "": throw fail("'\(entry.key)' is outside a table; set kmix train options in [base] or [grid]")
            default: throw fail("unknown table [\(entry.table)]; a spec has [base] and [grid]")
            }
            if let reason = SpecOption.decidedByRunner[entry.key] {
                throw fail("\(table) '\(entry.key)' is decided by kmix experiment: \(reason)")
            }
            guard let kind = SpecOption.kinds[entry.key] else {
                throw fail("\(table) '\(entry.key)' is not an option of kmix train"
                    + (ClosestName.suggestion(for: entry.key, among: Array(SpecOption.kinds.keys)) ?? ""))
            }
            let values: [TOMLLite.Value]
            if entry.table == "grid" {
                guard case let .array(list) = entry.value else {
                    throw fail("[grid] '\(entry.key)' is \(entry.value.literal), not a list; write [\(entry.value.literal)] or set it in [base]")
                }
                guard !list.isEmpty else { throw fail("[grid] '\(entry.key)' is an empty list; give it at least one value") }
                values = list
            } else {
                if case .array = entry.value { throw fail("[base] '\(entry.key)' is a list; lists of values go in [grid]") }
                values = [entry.value]
            }
            for value in values where !kind.accepts(value) {
                throw fail("\(table) '\(entry.key)' takes \(kind.expected), not \(value.literal)")
            }
            let setting = Setting(name: entry.key, values: values, line: entry.line, inGrid: entry.table == "grid", kind: kind)
            if entry.table == "grid" { grid.append(setting) } else { base.append(setting) }
        }
        for setting in grid {
            if let other = base.first(where: { $0.name == setting.name }) {
                throw ConfigError(file: path, line: setting.line,
                                  reason: "[grid] '\(setting.name)' is also set in [base] (line \(other.line)); set it in one of them")
            }
        }
        guard !grid.isEmpty else {
            throw ConfigError(file: path, line: 0, reason: "the [grid] table is missing or empty; give it at least one option with a list of values")
        }
        func rank(_ name: String) -> Int { name == "plan" ? 0 : name == "seed" ? 2 : 1 }
        return ExperimentSpec(file: path, folder: URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL,
                              base: base, grid: grid.sorted { (rank($0.name), $0.name) < (rank($1.name), $1.name) })
    }
}

extension SpecOption.Kind {
    /// Whether `value` is of this kind.
    func accepts(_ value: TOMLLite.Value) -> Bool {
        switch (self, value) {
        case (.text, .string), (.path, .string), (.model, .string), (.plan, .string), (.integer, .integer), (.number, .integer),
             (.number, .float), (.flag, .boolean):
            true
        default:
            false
        }
    }
}

extension TOMLLite.Value {
    /// The value as a spec writes it, for messages: `"paper-nlu"`, `42`, `0.001`, `true`.
    var literal: String {
        switch self {
        case let .string(text): JSONText.string(text)
        case .array(let values): "[" + values.map(\.literal).joined(separator: ", ") + "]"
        default: text
        }
    }

    /// The value as an option's argument: a string as it is, a number in decimal (`1e-3` as `0.001`), a boolean as
    /// `true` or `false`.
    var text: String {
        switch self {
        case let .string(text): text
        case let .integer(number): String(number)
        case let .float(number): number.description
        case let .boolean(flag): flag ? "true" : "false"
        case .array: literal
        }
    }
}
