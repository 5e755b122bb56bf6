extension TokenizerJSONReader {
    /// A `WordPiece` model with its normalizers and `BertPreTokenizer`.
    static func wordPiece(_ model: JSONValue, root: JSONValue, source: String) throws(TokenizerError) -> TokenizerConfiguration {
        var configuration = TokenizerConfiguration.wordPiece(
            source: source, vocabulary: try vocabulary(model, source: source),
            normalizers: try normalizers(root["normalizer"] ?? .null, source: source))
        let unknownToken = try string(model["unk_token"], default: "[UNK]", field: "model.unk_token", source: source)
        let prefix = try string(
            model["continuing_subword_prefix"], default: "##", field: "model.continuing_subword_prefix", source: source)
        var maxInputCharsPerWord = 100
        if let limit = model["max_input_chars_per_word"], !limit.isNull {
            guard let value = limit.intValue, value >= 0 else {
                throw .invalidConfiguration(file: source, reason: "model.max_input_chars_per_word is not a non-negative integer")
            }
            maxInputCharsPerWord = value
        }
        configuration.model = .wordPiece(
            continuingSubwordPrefix: prefix, maxInputCharsPerWord: maxInputCharsPerWord, unknownToken: unknownToken)
        try checkBertPreTokenizer(root["pre_tokenizer"] ?? .null, source: source)
        return configuration
    }

    /// A byte-level `BPE` model with its merges, its normalizers and its `ByteLevel` pre-tokenizer.
    static func bytePairs(_ model: JSONValue, root: JSONValue, source: String) throws(TokenizerError) -> TokenizerConfiguration {
        let entries = try vocabulary(model, source: source)
        try checkBytePairOptions(model, source: source)
        let pairs = try mergePairs(model["merges"], source: source)
        let merges = try BytePairVocabulary(entries, name: "model.vocab")
            .merges(pairs.map { $0.pair }, file: source) { "model.merges[\(pairs[$0].index)]" }
        var options = TokenizerConfiguration.BytePairOptions(merges: merges)
        if let unknown = model["unk_token"], !unknown.isNull {
            options.unknownToken = try string(unknown, default: "", field: "model.unk_token", source: source)
        }
        options.fuseUnknown = try bool(model["fuse_unk"], default: false, field: "model.fuse_unk", source: source)
        let preTokenizer = root["pre_tokenizer"] ?? .null
        guard preTokenizer["type"]?.stringValue == "ByteLevel" else {
            let found = preTokenizer.isNull ? "null (no pre-tokenizer)" : preTokenizer["type"]?.stringValue ?? "without a type"
            throw .unsupportedComponent(file: source, component: "pre_tokenizer", found: found, supported: ["ByteLevel"])
        }
        options.addPrefixSpace = try bool(
            preTokenizer["add_prefix_space"], default: true, field: "pre_tokenizer.add_prefix_space", source: source)
        options.useRegex = try bool(preTokenizer["use_regex"], default: true, field: "pre_tokenizer.use_regex", source: source)
        var configuration = TokenizerConfiguration.bytePairs(source: source, vocabulary: entries, options: options)
        configuration.normalizers = try normalizers(root["normalizer"] ?? .null, source: source)
        return configuration
    }

    /// Refuses the BPE options that change what the merges give: dropout, byte fallback, ignored merges, a prefix
    /// for continuing subwords or a suffix for word ends.
    private static func checkBytePairOptions(_ model: JSONValue, source: String) throws(TokenizerError) {
        if let dropout = model["dropout"], !dropout.isNull, dropout.numberValue?.double != 0 {
            throw .unsupportedComponent(
                file: source, component: "model.dropout", found: dropout.numberValue?.literal ?? dropout.kindDescription,
                supported: ["null", "0"])
        }
        for flag in ["byte_fallback", "ignore_merges"]
        where try bool(model[flag], default: false, field: "model.\(flag)", source: source) {
            throw .unsupportedComponent(file: source, component: "model.\(flag)", found: "true", supported: ["false"])
        }
        for affix in ["continuing_subword_prefix", "end_of_word_suffix"] {
            let value = try string(model[affix], default: "", field: "model.\(affix)", source: source)
            guard value.isEmpty else {
                throw .unsupportedComponent(
                    file: source, component: "model.\(affix)", found: TokenizerError.quoted(value), supported: ["null", "\"\""])
            }
        }
    }

    /// The pairs of `model.merges`, each "left right" (lines starting with "#version" skipped, as `tokenizers`
    /// does) or `["left", "right"]`, with their index in the list.
    private static func mergePairs(
        _ value: JSONValue?, source: String
    ) throws(TokenizerError) -> [(pair: (left: String, right: String), index: Int)] {
        guard let elements = value?.arrayValue else {
            throw .invalidConfiguration(file: source, reason: "model.merges is not a list")
        }
        var pairs: [(pair: (left: String, right: String), index: Int)] = []
        pairs.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            if let text = element.stringValue {
                if text.utf8.starts(with: "#version".utf8) { continue }
                guard let pair = BytePairVocabulary.splitMerge(text) else {
                    throw .malformedMerge(file: source, location: "model.merges[\(index)]")
                }
                pairs.append((pair, index))
            } else if let tokens = element.arrayValue, tokens.count == 2,
                      let left = tokens[0].stringValue, let right = tokens[1].stringValue {
                pairs.append(((left, right), index))
            } else {
                throw .malformedMerge(file: source, location: "model.merges[\(index)]")
            }
        }
        return pairs
    }

    private static func checkBertPreTokenizer(_ value: JSONValue, source: String) throws(TokenizerError) {
        let supported = ["BertPreTokenizer", "Sequence of BertPreTokenizer"]
        switch value["type"]?.stringValue {
        case "BertPreTokenizer":
            return
        case "Sequence":
            guard let members = value["pretokenizers"]?.arrayValue, !members.isEmpty else {
                throw .unsupportedComponent(file: source, component: "pre_tokenizer", found: "empty Sequence", supported: supported)
            }
            for member in members { try checkBertPreTokenizer(member, source: source) }
        case let type:
            let found = value.isNull ? "null (no pre-tokenizer)" : type ?? "without a type"
            throw .unsupportedComponent(file: source, component: "pre_tokenizer", found: found, supported: supported)
        }
    }
}
