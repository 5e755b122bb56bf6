import Foundation

extension TokenizerConfiguration {
    /// Reads vocab.txt (one token per line, id = line number) with the BERT options of tokenizer_config.json.
    static func fromVocabularyText(
        _ data: Data, source: String, tokenizerConfig: TokenizerConfigFile
    ) throws(TokenizerError) -> TokenizerConfiguration {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        let vocabulary = lines.map { line in
            var scalars = String(decoding: line, as: UTF8.self).unicodeScalars
            while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
            return String(scalars)
        }
        let lowercase = try tokenizerConfig.flag("do_lower_case") ?? true
        return try bert(
            vocabulary: vocabulary, source: source, lowercase: lowercase,
            stripAccents: tokenizerConfig.flag("strip_accents"),
            handleChineseCharacters: tokenizerConfig.flag("tokenize_chinese_chars") ?? true, cleanText: true,
            maxInputCharsPerWord: 100, unknownToken: tokenizerConfig.token("unk_token") ?? "[UNK]",
            classToken: tokenizerConfig.token("cls_token") ?? "[CLS]",
            separatorToken: tokenizerConfig.token("sep_token") ?? "[SEP]",
            padToken: tokenizerConfig.token("pad_token") ?? "[PAD]",
            maskToken: tokenizerConfig.token("mask_token") ?? "[MASK]")
    }
}
