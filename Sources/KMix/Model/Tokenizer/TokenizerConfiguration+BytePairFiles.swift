import Foundation

extension TokenizerConfiguration {
    /// The byte-pair tokenizer of vocab.json and merges.txt, in the layout tokenizer_config.json's
    /// `tokenizer_class` names: GPT-2's (`GPT2Tokenizer`, `GPT2TokenizerFast`, or none) recognises its
    /// `<|endoftext|>` (`bos_token`, `eos_token`, `unk_token`) in the text and adds no special tokens; RoBERTa's
    /// (`RobertaTokenizer`, `RobertaTokenizerFast`) recognises `<s>`, `<pad>`, `</s>`, `<unk>` and `<mask>` (which
    /// takes the spaces before it, like RoBERTa's tokenizer.json) and wraps texts as `<s> A </s></s> B </s>`.
    /// Special tokens the vocabulary lacks are not recognised; `add_prefix_space` defaults to false.
    static func fromBytePairFiles(
        vocabulary data: Data, vocabularySource: String, merges mergesData: Data, mergesSource: String,
        tokenizerConfig config: TokenizerConfigFile
    ) throws(TokenizerError) -> TokenizerConfiguration {
        let entries = try vocabularyEntries(data, source: vocabularySource)
        let lookup = BytePairVocabulary(entries, name: "vocab.json")
        let lines = try mergeLines(mergesData, source: mergesSource)
        let merges = try lookup.merges(lines.map { $0.pair }, file: mergesSource) { "line \(lines[$0].number)" }
        let options = BytePairOptions(merges: merges, addPrefixSpace: try config.flag("add_prefix_space") ?? false)
        var configuration = bytePairs(source: vocabularySource, vocabulary: entries, options: options)
        switch try config.string("tokenizer_class") {
        case nil, "GPT2Tokenizer", "GPT2TokenizerFast":
            let names = ["bos_token", "eos_token", "unk_token"].map { config.token($0) ?? "<|endoftext|>" }
            configuration.addSpecialTokens(names + (config.token("pad_token").map { [$0] } ?? []))
            configuration.beginToken = names[0]
            configuration.endToken = names[1]
            configuration.padToken = config.token("pad_token")
        case "RobertaTokenizer", "RobertaTokenizerFast":
            let begin = config.token("bos_token") ?? "<s>", end = config.token("eos_token") ?? "</s>"
            let classToken = config.token("cls_token") ?? "<s>", separator = config.token("sep_token") ?? "</s>"
            let pad = config.token("pad_token") ?? "<pad>", mask = config.token("mask_token") ?? "<mask>"
            let maskStrips = config.tokenFlag("mask_token", "lstrip") ?? true
            configuration.addSpecialTokens(
                [begin, pad, end, config.token("unk_token") ?? "<unk>", classToken, separator, mask],
                leftStripping: maskStrips ? [mask] : [])
            guard let classID = configuration.id(of: classToken) else {
                throw .missingSpecialToken(file: vocabularySource, token: classToken)
            }
            guard let separatorID = configuration.id(of: separator) else {
                throw .missingSpecialToken(file: vocabularySource, token: separator)
            }
            configuration.postProcessing = .template(.roberta(
                classID: classID, classToken: classToken, separatorID: separatorID, separatorToken: separator))
            configuration.beginToken = begin
            configuration.endToken = end
            configuration.padToken = pad
        case let other?:
            throw .unsupportedComponent(
                file: config.source, component: "tokenizer_class", found: other,
                supported: ["GPT2Tokenizer", "GPT2TokenizerFast", "RobertaTokenizer", "RobertaTokenizerFast"])
        }
        return configuration
    }

    /// A byte-level BPE configuration without added tokens, to be completed by its reader.
    static func bytePairs(
        source: String, vocabulary: [(token: String, id: Int32)], options: BytePairOptions
    ) -> TokenizerConfiguration {
        TokenizerConfiguration(
            source: source, vocabulary: vocabulary, normalizers: [], model: .bytePairs(options),
            postProcessing: .template(.none), decoder: .byteLevel)
    }

    /// Takes the names of the padding, beginning and end tokens from tokenizer_config.json, where tokenizer.json
    /// does not give them.
    mutating func takeSpecialNames(from config: TokenizerConfigFile) {
        padToken = padToken ?? config.token("pad_token")
        beginToken = beginToken ?? config.token("bos_token")
        endToken = endToken ?? config.token("eos_token")
    }

    /// The entries of vocab.json, a JSON object from each token to its id.
    private static func vocabularyEntries(_ data: Data, source: String) throws(TokenizerError) -> [(token: String, id: Int32)] {
        let root: JSONValue
        do {
            root = try JSONValue.parse(data)
        } catch {
            throw .invalidJSON(file: source, reason: error.description)
        }
        guard let members = root.objectMembers else {
            throw .notAVocabulary(file: source, reason: "its top level is \(root.kindDescription), not an object")
        }
        guard !members.isEmpty else { throw .emptyVocabulary(file: source) }
        var entries: [(token: String, id: Int32)] = []
        entries.reserveCapacity(members.count)
        for member in members {
            guard let id = member.value.intValue, id >= 0, id <= Int(Int32.max) else {
                throw .notAVocabulary(
                    file: source,
                    reason: "\(TokenizerError.quoted(member.key)) maps to \(member.value.kindDescription), not to a token id")
            }
            entries.append((member.key, Int32(id)))
        }
        return entries
    }

    /// The merges of merges.txt with their line numbers: one "left right" a line, in rank order; lines that start
    /// with "#version" are skipped, as `tokenizers` does (which also refuses empty lines).
    private static func mergeLines(
        _ data: Data, source: String
    ) throws(TokenizerError) -> [(pair: (left: String, right: String), number: Int)] {
        var lines = [UInt8](data).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        var merges: [(pair: (left: String, right: String), number: Int)] = []
        merges.reserveCapacity(lines.count)
        for (index, var line) in lines.enumerated() {
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            guard let text = String(validating: line, as: UTF8.self) else {
                throw .invalidConfiguration(file: source, reason: "line \(index + 1) is not UTF-8 text")
            }
            if text.utf8.starts(with: "#version".utf8) { continue }
            guard let pair = BytePairVocabulary.splitMerge(text) else {
                throw .malformedMerge(file: source, location: "line \(index + 1)")
            }
            merges.append((pair, index + 1))
        }
        return merges
    }
}
