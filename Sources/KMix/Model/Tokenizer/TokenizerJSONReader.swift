import Foundation

/// Reads a Hugging Face tokenizer.json into a `TokenizerConfiguration`.
///
/// Supported: model `WordPiece`; normalizer `BertNormalizer`, a `Sequence` of them, or none; pre-tokenizer
/// `BertPreTokenizer` (alone or in a `Sequence`); post-processor `TemplateProcessing`, `BertProcessing` or none;
/// added tokens with all their options. Anything else is an `unsupportedComponent` error.
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
        let modelType = model["type"]?.stringValue ?? "model without a type"
        guard modelType == "WordPiece" else {
            throw .unsupportedComponent(file: source, component: "model", found: modelType, supported: ["WordPiece"])
        }
        guard let vocabularyMembers = model["vocab"]?.objectMembers else { throw .missingVocabulary(file: source) }
        guard !vocabularyMembers.isEmpty else { throw .emptyVocabulary(file: source) }

        var vocabulary: [(token: String, id: Int32)] = []
        vocabulary.reserveCapacity(vocabularyMembers.count)
        for member in vocabularyMembers {
            vocabulary.append((member.key, try tokenID(member.value, field: "model.vocab[\"\(member.key)\"]", source: source)))
        }
        var configuration = TokenizerConfiguration(
            source: source, vocabulary: vocabulary,
            normalizers: try normalizers(root["normalizer"] ?? .null, source: source))
        configuration.unknownToken = try string(model["unk_token"], default: "[UNK]", field: "model.unk_token", source: source)
        configuration.continuingSubwordPrefix = try string(
            model["continuing_subword_prefix"], default: "##", field: "model.continuing_subword_prefix", source: source)
        if let limit = model["max_input_chars_per_word"], !limit.isNull {
            guard let value = limit.intValue, value >= 0 else {
                throw .invalidConfiguration(file: source, reason: "model.max_input_chars_per_word is not a non-negative integer")
            }
            configuration.maxInputCharsPerWord = value
        }
        try checkPreTokenizer(root["pre_tokenizer"] ?? .null, source: source)
        try readPostProcessor(root["post_processor"] ?? .null, into: &configuration)
        configuration.addedTokens = try addedTokens(root["added_tokens"] ?? .null, source: source)
        if let maxLength = root["truncation"]?["max_length"]?.intValue {
            configuration.maxLength = maxLength
        }
        if let padToken = root["padding"]?["pad_token"]?.stringValue {
            configuration.padToken = padToken
        }
        return configuration
    }

    private static func tokenID(_ value: JSONValue, field: String, source: String) throws(TokenizerError) -> Int32 {
        guard let id = value.intValue, id >= 0, id <= Int(Int32.max) else {
            throw .invalidConfiguration(file: source, reason: "\(field) is not a token id")
        }
        return Int32(id)
    }

    private static func string(_ value: JSONValue?, default fallback: String, field: String, source: String) throws(TokenizerError) -> String {
        guard let value, !value.isNull else { return fallback }
        guard let string = value.stringValue else {
            throw .invalidConfiguration(file: source, reason: "\(field) is not a string")
        }
        return string
    }

    private static func bool(_ value: JSONValue?, default fallback: Bool, field: String, source: String) throws(TokenizerError) -> Bool {
        guard let value, !value.isNull else { return fallback }
        guard let flag = value.boolValue else {
            throw .invalidConfiguration(file: source, reason: "\(field) is not true or false")
        }
        return flag
    }

    private static func normalizers(_ value: JSONValue, source: String) throws(TokenizerError) -> [BertNormalizer] {
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

    private static func checkPreTokenizer(_ value: JSONValue, source: String) throws(TokenizerError) {
        let supported = ["BertPreTokenizer", "Sequence of BertPreTokenizer"]
        switch value["type"]?.stringValue {
        case "BertPreTokenizer":
            return
        case "Sequence":
            guard let members = value["pretokenizers"]?.arrayValue, !members.isEmpty else {
                throw .unsupportedComponent(file: source, component: "pre_tokenizer", found: "empty Sequence", supported: supported)
            }
            for member in members { try checkPreTokenizer(member, source: source) }
        case let type:
            let found = value.isNull ? "null (no pre-tokenizer)" : type ?? "without a type"
            throw .unsupportedComponent(file: source, component: "pre_tokenizer", found: found, supported: supported)
        }
    }

    private static func readPostProcessor(_ value: JSONValue, into configuration: inout TokenizerConfiguration) throws(TokenizerError) {
        let source = configuration.source
        if value.isNull {
            configuration.postProcessing = .template(.none)
            return
        }
        switch value["type"]?.stringValue {
        case "BertProcessing":
            guard let cls = value["cls"]?.arrayValue, cls.count == 2, let classToken = cls[0].stringValue,
                  let sep = value["sep"]?.arrayValue, sep.count == 2, let separatorToken = sep[0].stringValue else {
                throw .invalidConfiguration(file: source, reason: "BertProcessing needs cls and sep as [token, id]")
            }
            configuration.classToken = classToken
            configuration.separatorToken = separatorToken
            configuration.postProcessing = .template(.bert(
                classID: try tokenID(cls[1], field: "post_processor.cls", source: source), classToken: classToken,
                separatorID: try tokenID(sep[1], field: "post_processor.sep", source: source), separatorToken: separatorToken))
        case "TemplateProcessing":
            let specials = try templateSpecialTokens(value["special_tokens"], source: source)
            let single = try template(value["single"], specials: specials, field: "single", source: source)
            let pair = try template(value["pair"], specials: specials, field: "pair", source: source)
            if case .special(_, let tokens, _) = single.first, let first = tokens.first { configuration.classToken = first }
            if case .special(_, let tokens, _) = single.last, let last = tokens.last { configuration.separatorToken = last }
            configuration.postProcessing = .template(PostProcessor(single: single, pair: pair))
        case let type:
            throw .unsupportedComponent(
                file: source, component: "post_processor", found: type ?? "without a type",
                supported: ["TemplateProcessing", "BertProcessing", "none"])
        }
    }

    private static func templateSpecialTokens(
        _ value: JSONValue?, source: String
    ) throws(TokenizerError) -> [String: (ids: [Int32], tokens: [String])] {
        var result: [String: (ids: [Int32], tokens: [String])] = [:]
        for member in value?.objectMembers ?? [] {
            guard let idValues = member.value["ids"]?.arrayValue, let tokenValues = member.value["tokens"]?.arrayValue,
                  idValues.count == tokenValues.count else {
                throw .invalidConfiguration(file: source, reason: "post_processor.special_tokens[\"\(member.key)\"] needs ids and tokens of equal length")
            }
            var ids: [Int32] = []
            var tokens: [String] = []
            for (idValue, tokenValue) in zip(idValues, tokenValues) {
                ids.append(try tokenID(idValue, field: "post_processor.special_tokens[\"\(member.key)\"].ids", source: source))
                guard let token = tokenValue.stringValue else {
                    throw .invalidConfiguration(file: source, reason: "post_processor.special_tokens[\"\(member.key)\"].tokens holds a non-string")
                }
                tokens.append(token)
            }
            result[member.key] = (ids, tokens)
        }
        return result
    }

    private static func template(
        _ value: JSONValue?, specials: [String: (ids: [Int32], tokens: [String])], field: String, source: String
    ) throws(TokenizerError) -> [PostProcessor.Piece] {
        guard let elements = value?.arrayValue else {
            throw .invalidConfiguration(file: source, reason: "post_processor.\(field) is not a list of template pieces")
        }
        var pieces: [PostProcessor.Piece] = []
        for element in elements {
            if let special = element["SpecialToken"], let name = special["id"]?.stringValue {
                guard let entry = specials[name] else {
                    throw .invalidConfiguration(file: source, reason: "post_processor.\(field) uses \(name), which special_tokens does not define")
                }
                let typeID = try tokenID(special["type_id"] ?? .number(JSONNumber(0)), field: "post_processor.\(field) type_id", source: source)
                pieces.append(.special(ids: entry.ids, tokens: entry.tokens, typeID: typeID))
            } else if let sequence = element["Sequence"], let name = sequence["id"]?.stringValue, name == "A" || name == "B" {
                let typeID = try tokenID(sequence["type_id"] ?? .number(JSONNumber(0)), field: "post_processor.\(field) type_id", source: source)
                pieces.append(.sequence(index: name == "A" ? 0 : 1, typeID: typeID))
            } else {
                throw .invalidConfiguration(file: source, reason: "post_processor.\(field) holds a piece that is neither SpecialToken nor Sequence A/B")
            }
        }
        return pieces
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
                normalized: try bool(entry["normalized"], default: !special, field: "\(field).normalized", source: source)))
        }
        return tokens
    }
}
