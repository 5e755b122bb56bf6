import Foundation

/// Reads a Hugging Face tokenizer.json into a `TokenizerConfiguration`.
///
/// Supported: models `WordPiece` (with the `BertPreTokenizer`, alone or in a `Sequence`) and `BPE` (with the
/// `ByteLevel` pre-tokenizer; no dropout, byte fallback, ignored merges, or subword prefix or suffix); normalizer
/// `BertNormalizer`, a `Sequence` of them, or none; post-processors `TemplateProcessing`, `BertProcessing`,
/// `RobertaProcessing`, `ByteLevel` or none; decoders `WordPiece`, `ByteLevel` or none; added tokens with all
/// their options. Anything else is an `unsupportedComponent` error naming the field.
enum TokenizerJSONReader {
    /// Parses `data`, the contents of the file `source`.
    static func read(_ data: Data, source: String) throws(TokenizerError) -> TokenizerConfiguration {
        let root: JSONValue
        do {
            root = try JSONValue.parse(data)
        } catch {
            throw .invalidJSON(file: source, reason: error.description)
        }
        return try read(root: root, source: source)
    }

    /// Reads the parsed document `root` of the file `source`.
    static func read(root: JSONValue, source: String) throws(TokenizerError) -> TokenizerConfiguration {
        guard root.objectMembers != nil else {
            throw .invalidConfiguration(file: source, reason: "the top level is not a JSON object")
        }
        guard let model = root["model"], !model.isNull else { throw .missingVocabulary(file: source) }
        var configuration: TokenizerConfiguration
        switch model["type"]?.stringValue {
        case "WordPiece":
            configuration = try wordPiece(model, root: root, source: source)
        case "BPE":
            configuration = try bytePairs(model, root: root, source: source)
        case let type:
            throw .unsupportedComponent(
                file: source, component: "model", found: type ?? "model without a type", supported: ["WordPiece", "BPE"])
        }
        try readPostProcessor(root["post_processor"] ?? .null, into: &configuration)
        configuration.addedTokens = try addedTokens(root["added_tokens"] ?? .null, source: source)
        configuration.decoder = try decoder(root["decoder"] ?? .null, source: source)
        if let maxLength = root["truncation"]?["max_length"]?.intValue {
            configuration.maxLength = maxLength
        }
        if let padToken = root["padding"]?["pad_token"]?.stringValue {
            configuration.padToken = padToken
        }
        return configuration
    }

    /// The entries of `model.vocab`, an object from each token to its id.
    static func vocabulary(_ model: JSONValue, source: String) throws(TokenizerError) -> [(token: String, id: Int32)] {
        guard let members = model["vocab"]?.objectMembers else { throw .missingVocabulary(file: source) }
        guard !members.isEmpty else { throw .emptyVocabulary(file: source) }
        var vocabulary: [(token: String, id: Int32)] = []
        vocabulary.reserveCapacity(members.count)
        for member in members {
            vocabulary.append((member.key, try tokenID(member.value, field: "model.vocab[\"\(member.key)\"]", source: source)))
        }
        return vocabulary
    }

    static func tokenID(_ value: JSONValue, field: String, source: String) throws(TokenizerError) -> Int32 {
        guard let id = value.intValue, id >= 0, id <= Int(Int32.max) else {
            throw .invalidConfiguration(file: source, reason: "\(field) is not a token id")
        }
        return Int32(id)
    }

    static func string(_ value: JSONValue?, default fallback: String, field: String, source: String) throws(TokenizerError) -> String {
        guard let value, !value.isNull else { return fallback }
        guard let string = value.stringValue else {
            throw .invalidConfiguration(file: source, reason: "\(field) is not a string")
        }
        return string
    }

    static func bool(_ value: JSONValue?, default fallback: Bool, field: String, source: String) throws(TokenizerError) -> Bool {
        guard let value, !value.isNull else { return fallback }
        guard let flag = value.boolValue else {
            throw .invalidConfiguration(file: source, reason: "\(field) is not true or false")
        }
        return flag
    }

    static func normalizers(_ value: JSONValue, source: String) throws(TokenizerError) -> [BertNormalizer] {
        let supported = ["BertNormalizer", "Sequence of BertNormalizer"]
        if value.isNull { return [] }
        switch value["type"]?.stringValue {
        case "BertNormalizer":
            let lowercase = try bool(value["lowercase"], default: true, field: "normalizer.lowercase", source: source)
            return [BertNormalizer(
                cleanText: try bool(value["clean_text"], default: true, field: "normalizer.clean_text", source: source),
                handleChineseCharacters: try bool(
                    value["handle_chinese_chars"], default: true, field: "normalizer.handle_chinese_chars", source: source),
                stripAccents: try bool(value["strip_accents"], default: lowercase, field: "normalizer.strip_accents", source: source),
                lowercase: lowercase)]
        case "Sequence":
            guard let members = value["normalizers"]?.arrayValue else {
                throw .invalidConfiguration(file: source, reason: "the Sequence normalizer has no normalizers list")
            }
            var result: [BertNormalizer] = []
            for member in members {
                guard !member.isNull else {
                    throw .unsupportedComponent(file: source, component: "normalizer", found: "null in a Sequence", supported: supported)
                }
                result += try normalizers(member, source: source)
            }
            return result
        case let type:
            throw .unsupportedComponent(file: source, component: "normalizer", found: type ?? "without a type", supported: supported)
        }
    }

    private static func addedTokens(_ value: JSONValue, source: String) throws(TokenizerError) -> [AddedToken] {
        if value.isNull { return [] }
        guard let entries = value.arrayValue else {
            throw .invalidConfiguration(file: source, reason: "added_tokens is not a list")
        }
        var tokens: [AddedToken] = []
        for (index, entry) in entries.enumerated() {
            let field = "added_tokens[\(index)]"
            guard let content = entry["content"]?.stringValue, let idValue = entry["id"] else {
                throw .invalidConfiguration(file: source, reason: "\(field) needs a content string and an id")
            }
            guard !content.isEmpty else { continue }
            let special = try bool(entry["special"], default: false, field: "\(field).special", source: source)
            tokens.append(AddedToken(
                content: content,
                id: try tokenID(idValue, field: "\(field).id", source: source),
                singleWord: try bool(entry["single_word"], default: false, field: "\(field).single_word", source: source),
                leftStrip: try bool(entry["lstrip"], default: false, field: "\(field).lstrip", source: source),
                rightStrip: try bool(entry["rstrip"], default: false, field: "\(field).rstrip", source: source),
                normalized: try bool(entry["normalized"], default: !special, field: "\(field).normalized", source: source),
                special: special))
        }
        return tokens
    }
}
