extension TokenizerJSONReader {
    static func readPostProcessor(_ value: JSONValue, into configuration: inout TokenizerConfiguration) throws(TokenizerError) {
        let source = configuration.source
        if value.isNull {
            configuration.postProcessing = .template(.none)
            return
        }
        switch value["type"]?.stringValue {
        case "BertProcessing", "RobertaProcessing":
            guard let cls = value["cls"]?.arrayValue, cls.count == 2, let classToken = cls[0].stringValue,
                  let sep = value["sep"]?.arrayValue, sep.count == 2, let separatorToken = sep[0].stringValue else {
                throw .invalidConfiguration(
                    file: source, reason: "\(value["type"]?.stringValue ?? "") needs cls and sep as [token, id]")
            }
            let classID = try tokenID(cls[1], field: "post_processor.cls", source: source)
            let separatorID = try tokenID(sep[1], field: "post_processor.sep", source: source)
            let make = value["type"]?.stringValue == "BertProcessing" ? PostProcessor.bert : PostProcessor.roberta
            configuration.postProcessing = .template(make(classID, classToken, separatorID, separatorToken))
        case "ByteLevel":
            configuration.postProcessing = .template(.none)
        case "TemplateProcessing":
            let specials = try templateSpecialTokens(value["special_tokens"], source: source)
            let single = try template(value["single"], specials: specials, field: "single", source: source)
            let pair = try template(value["pair"], specials: specials, field: "pair", source: source)
            configuration.postProcessing = .template(PostProcessor(single: single, pair: pair))
        case let type:
            throw .unsupportedComponent(
                file: source, component: "post_processor", found: type ?? "without a type",
                supported: ["TemplateProcessing", "BertProcessing", "RobertaProcessing", "ByteLevel", "none"])
        }
    }

    static func decoder(_ value: JSONValue, source: String) throws(TokenizerError) -> TokenDecoder {
        if value.isNull { return .none }
        switch value["type"]?.stringValue {
        case "WordPiece":
            return .wordPiece(
                prefix: try string(value["prefix"], default: "##", field: "decoder.prefix", source: source),
                cleanup: try bool(value["cleanup"], default: true, field: "decoder.cleanup", source: source))
        case "ByteLevel":
            return .byteLevel
        case let type:
            throw .unsupportedComponent(
                file: source, component: "decoder", found: type ?? "without a type", supported: ["WordPiece", "ByteLevel", "none"])
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
}
