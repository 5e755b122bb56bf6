import Foundation

/// The options of a model folder's tokenizer_config.json, as the tokenizer readers use them (none when the
/// folder has no such file).
struct TokenizerConfigFile {
    /// The file, for error messages.
    let source: String
    private let options: JSONValue

    /// No options: the folder has no tokenizer_config.json at `source`.
    init(source: String) {
        self.source = source
        options = .object([])
    }

    /// The options in `data`, the contents of `source`.
    init(data: Data, source: String) throws(TokenizerError) {
        self.source = source
        do {
            options = try JSONValue.parse(data)
        } catch {
            throw .invalidJSON(file: source, reason: error.description)
        }
        guard options.objectMembers != nil else {
            throw .invalidConfiguration(file: source, reason: "the top level is not a JSON object")
        }
    }

    /// The flag `key`, nil when absent or null.
    func flag(_ key: String) throws(TokenizerError) -> Bool? {
        guard let value = options[key], !value.isNull else { return nil }
        guard let flag = value.boolValue else {
            throw .invalidConfiguration(file: source, reason: "\(key) is not true or false")
        }
        return flag
    }

    /// The special token named by `key`, written as a string or as an added token's `{"content": …}`; nil when
    /// absent or null.
    func token(_ key: String) -> String? {
        options[key]?.stringValue ?? options[key]?["content"]?.stringValue
    }

    /// The option `flag` (such as `lstrip`) of the special token `key` when it is written as an added token.
    func tokenFlag(_ key: String, _ flag: String) -> Bool? {
        options[key]?[flag]?.boolValue
    }

    /// The string `key`, nil when absent or null.
    func string(_ key: String) throws(TokenizerError) -> String? {
        guard let value = options[key], !value.isNull else { return nil }
        guard let string = value.stringValue else {
            throw .invalidConfiguration(file: source, reason: "\(key) is not a string")
        }
        return string
    }
}
