extension Tokenizer {
    /// Builds the tokenizer a configuration describes.
    ///
    /// A WordPiece tokenizer needs its unknown and padding tokens, and a beginning and an end token (from the
    /// post-processor, else `[CLS]` and `[SEP]`), in its vocabulary. A byte-level BPE one needs its unknown token
    /// only when it names one; its padding (`<pad>` unless named), beginning and end tokens (`<|endoftext|>` unless
    /// named or in the post-processor) are nil when the vocabulary lacks them.
    init(configuration: TokenizerConfiguration) throws(TokenizerError) {
        let source = configuration.source
        let largestID = max(configuration.vocabulary.map(\.id).max() ?? -1, configuration.addedTokens.map(\.id).max() ?? -1)
        guard largestID < 50_000_000 else {
            throw .invalidConfiguration(file: source, reason: "token id \(largestID) is implausibly large")
        }
        func required(_ token: String) throws(TokenizerError) -> Int32 {
            guard let id = configuration.id(of: token) else { throw .missingSpecialToken(file: source, token: token) }
            return id
        }

        let postProcessor: PostProcessor
        switch configuration.postProcessing {
        case .bert(let classToken, let separatorToken):
            postProcessor = .bert(
                classID: try required(classToken), classToken: classToken,
                separatorID: try required(separatorToken), separatorToken: separatorToken)
        case .template(let template):
            postProcessor = template
        }
        self.postProcessor = postProcessor

        switch configuration.model {
        case .wordPiece(let prefix, let maxInputCharsPerWord, let unknownToken):
            let unknownID = try required(unknownToken)
            model = .wordPiece(WordPiece(
                vocabulary: configuration.vocabulary, continuingSubwordPrefix: prefix, unknownID: unknownID,
                maxInputCharsPerWord: maxInputCharsPerWord))
            self.unknownID = unknownID
            padID = try required(configuration.padToken ?? "[PAD]")
            if let leading = postProcessor.leadingID {
                beginID = leading
            } else {
                beginID = try required(configuration.beginToken ?? "[CLS]")
            }
            if let trailing = postProcessor.trailingID {
                endOfTextID = trailing
            } else {
                endOfTextID = try required(configuration.endToken ?? "[SEP]")
            }
        case .bytePairs(let options):
            var unknownID: Int32?
            if let token = options.unknownToken {
                guard let id = configuration.vocabulary.last(where: { $0.token.utf8.elementsEqual(token.utf8) })?.id else {
                    throw .missingSpecialToken(file: source, token: token)
                }
                unknownID = id
            }
            model = .bytePairs(
                ByteLevelPreTokenizer(addPrefixSpace: options.addPrefixSpace, useRegex: options.useRegex),
                BytePairModel(
                    vocabulary: configuration.vocabulary, merges: options.merges, unknownID: unknownID,
                    fuseUnknown: options.fuseUnknown))
            self.unknownID = unknownID
            padID = configuration.id(of: configuration.padToken ?? "<pad>")
            beginID = postProcessor.leadingID ?? configuration.id(of: configuration.beginToken ?? "<|endoftext|>")
            endOfTextID = postProcessor.trailingID ?? configuration.id(of: configuration.endToken ?? "<|endoftext|>")
        }

        var tokensByID = [String?](repeating: nil, count: Int(largestID) + 1)
        for (token, id) in configuration.vocabulary { tokensByID[Int(id)] = token }
        for token in configuration.addedTokens { tokensByID[Int(token.id)] = token.content }
        self.tokensByID = tokensByID
        let specialContents = Set(configuration.addedTokens.filter(\.special).map { Array($0.content.utf8) })
        specialIDs = Set(tokensByID.indices.compactMap { id in
            tokensByID[id].map { specialContents.contains(Array($0.utf8)) } == true ? Int32(id) : nil
        })
        vocabularySize = tokensByID.count
        maxLength = configuration.maxLength
        normalizers = configuration.normalizers
        decoder = configuration.decoder

        let raw = configuration.addedTokens.filter { !$0.normalized }
        rawAddedTokens = AddedTokenSplitter(tokens: raw, patterns: raw.map { Array($0.content.unicodeScalars) })
        let normalized = configuration.addedTokens.filter(\.normalized)
        let normalizers = configuration.normalizers
        normalizedAddedTokens = AddedTokenSplitter(tokens: normalized, patterns: normalized.map { token in
            Self.normalize(ArraySlice(token.content.unicodeScalars), with: normalizers)
        })
    }
}
