import Foundation
import Testing
@testable import KMix

/// Broken byte-level BPE folders are refused in one sentence that names the file and the line or field.
@Suite struct BPETokenizerErrorTests {
    static let vocabulary = #"{"a": 0, "b": 1, "ab": 2, "<|endoftext|>": 3, "Ġ": 4}"#
    static let merges = "#version: 0.2\na b\n"

    /// A small byte-level BPE tokenizer.json; `replacing` swaps top-level members, `model` members of the model.
    static func tokenizerJSON(replacing overrides: [String: String] = [:], model: [String: String] = [:]) -> String {
        var modelMembers: [String: String] = [
            "type": #""BPE""#, "dropout": "null", "unk_token": "null", "continuing_subword_prefix": "null",
            "end_of_word_suffix": "null", "fuse_unk": "false", "byte_fallback": "false", "ignore_merges": "false",
            "vocab": vocabulary, "merges": #"[["a", "b"]]"#,
        ]
        for (key, value) in model { modelMembers[key] = value }
        var members: [String: String] = [
            "added_tokens": #"[{"id": 3, "content": "<|endoftext|>", "normalized": false, "special": true}]"#,
            "normalizer": "null", "post_processor": "null",
            "pre_tokenizer": #"{"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true}"#,
            "decoder": #"{"type": "ByteLevel"}"#,
            "model": "{" + modelMembers.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}",
        ]
        for (key, value) in overrides { members[key] = value }
        return "{" + members.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
    }

    /// The error of loading a folder that holds `files`, with the folder's path.
    static func loadError(_ files: [String: String]) throws -> (error: TokenizerError?, folder: String) {
        let folder = try TokenizerTests.folder(with: files)
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            _ = try Tokenizer.load(folder: folder)
            return (nil, folder.path)
        } catch {
            return (error, folder.path)
        }
    }

    @Test func theSmallFilesLoad() throws {
        let fromFiles = try TokenizerTests.folder(with: ["vocab.json": Self.vocabulary, "merges.txt": Self.merges])
        let fromJSON = try TokenizerTests.folder(with: ["tokenizer.json": Self.tokenizerJSON()])
        defer {
            try? FileManager.default.removeItem(at: fromFiles)
            try? FileManager.default.removeItem(at: fromJSON)
        }
        for folder in [fromFiles, fromJSON] {
            let tokenizer = try Tokenizer.load(folder: folder)
            #expect(tokenizer.encode("ab ba<|endoftext|>").ids == [2, 4, 1, 0, 3])
            #expect(tokenizer.decode([2, 4, 1, 0, 3], skipSpecialTokens: true) == "ab ba")
        }
    }

    @Test func vocabularyWithoutMerges() throws {
        let (error, folder) = try Self.loadError(["vocab.json": Self.vocabulary])
        #expect(error == .missingTokenizerFile(folder: folder, found: "vocab.json", missing: "merges.txt"))
        #expect(error?.description == "The folder \(folder) has vocab.json but no merges.txt, so its byte-pair tokenizer cannot be loaded.")
        let (other, otherFolder) = try Self.loadError(["merges.txt": Self.merges, "vocab.txt": "[UNK]\n"])
        #expect(other == .missingTokenizerFile(folder: otherFolder, found: "merges.txt", missing: "vocab.json"))
    }

    @Test func mergeOfATokenNotInTheVocabulary() throws {
        for (line, token) in [("a zz", "zz"), ("Ġ b", "Ġb"), ("\"q\" a", "\"q\"")] {
            let (error, folder) = try Self.loadError(["vocab.json": Self.vocabulary, "merges.txt": "#version: 0.2\na b\n\(line)\n"])
            let file = folder + "/merges.txt"
            #expect(error == .unknownMergeToken(file: file, location: "line 3", token: token, vocabulary: "vocab.json"))
            #expect(error?.description.hasPrefix("\(file) line 3 needs the token ") == true)
            #expect(error?.description.hasSuffix(", which vocab.json does not contain.") == true)
        }
        let (quoted, folder) = try Self.loadError(["vocab.json": Self.vocabulary, "merges.txt": "a \"q\"\n"])
        #expect(quoted?.description == "\(folder)/merges.txt line 1 needs the token \"\\\"q\\\"\", which vocab.json does not contain.")
        let json = Self.tokenizerJSON(model: ["merges": #"["a b", ["a", "c"]]"#])
        let (inJSON, jsonFolder) = try Self.loadError(["tokenizer.json": json])
        #expect(inJSON == .unknownMergeToken(
            file: jsonFolder + "/tokenizer.json", location: "model.merges[1]", token: "c", vocabulary: "model.vocab"))
    }

    @Test func mergeLinesThatAreNotTwoTokens() throws {
        for (merges, line) in [("a b\nab\n", 2), ("a b c\n", 1), ("a  b\n", 1), ("a b\n\nb a\n", 2), ("#version: 0.2\n\n", 2)] {
            let (error, folder) = try Self.loadError(["vocab.json": Self.vocabulary, "merges.txt": merges])
            #expect(error == .malformedMerge(file: folder + "/merges.txt", location: "line \(line)"), "\(merges.debugDescription)")
            #expect(error?.description == "\(folder)/merges.txt line \(line) is not a merge: a merge is exactly two tokens.")
        }
        for merges in [#"["a b c"]"#, #"[["a"]]"#, #"[["a", 1]]"#, "[3]"] {
            let (error, folder) = try Self.loadError(["tokenizer.json": Self.tokenizerJSON(model: ["merges": merges])])
            #expect(error == .malformedMerge(file: folder + "/tokenizer.json", location: "model.merges[0]"), "\(merges)")
        }
        let (crlf, _) = try Self.loadError(["vocab.json": Self.vocabulary, "merges.txt": "#version: 0.2\r\na b\r\n"])
        #expect(crlf == nil)
    }

    @Test func vocabularyThatIsNotAnObjectOfIDs() throws {
        let cases = [
            ("[1, 2]", "its top level is an array, not an object"),
            (#"{"a": 0, "b": "1"}"#, #""b" maps to a string, not to a token id"#),
            (#"{"a": -1}"#, #""a" maps to -1, not to a token id"#),
            (#"{"a": 1.5}"#, #""a" maps to 1.5, not to a token id"#),
        ]
        for (vocabulary, reason) in cases {
            let (error, folder) = try Self.loadError(["vocab.json": vocabulary, "merges.txt": "#version: 0.2\n"])
            #expect(error == .notAVocabulary(file: folder + "/vocab.json", reason: reason), "\(vocabulary)")
            #expect(error?.description == "\(folder)/vocab.json is not a vocabulary of token ids: \(reason).")
        }
        let (invalid, _) = try Self.loadError(["vocab.json": "{\"a\": ", "merges.txt": ""])
        guard case .invalidJSON = invalid else {
            Issue.record("got \(String(describing: invalid))")
            return
        }
    }

    @Test func unsupportedSetupsAreNamed() throws {
        let cases: [(json: String, component: String, found: String)] = [
            (Self.tokenizerJSON(replacing: ["pre_tokenizer": #"{"type": "Whitespace"}"#]), "pre_tokenizer", "Whitespace"),
            (Self.tokenizerJSON(replacing: ["pre_tokenizer": "null"]), "pre_tokenizer", "null (no pre-tokenizer)"),
            (Self.tokenizerJSON(replacing: ["pre_tokenizer": #"{"type": "Sequence", "pretokenizers": []}"#]), "pre_tokenizer", "Sequence"),
            (Self.tokenizerJSON(replacing: ["decoder": #"{"type": "Metaspace"}"#]), "decoder", "Metaspace"),
            (Self.tokenizerJSON(model: ["dropout": "0.1"]), "model.dropout", "0.1"),
            (Self.tokenizerJSON(model: ["byte_fallback": "true"]), "model.byte_fallback", "true"),
            (Self.tokenizerJSON(model: ["ignore_merges": "true"]), "model.ignore_merges", "true"),
            (Self.tokenizerJSON(model: ["continuing_subword_prefix": "\"##\""]), "model.continuing_subword_prefix", "\"##\""),
            (Self.tokenizerJSON(model: ["end_of_word_suffix": #""</w>""#]), "model.end_of_word_suffix", "\"</w>\""),
        ]
        for item in cases {
            let (error, folder) = try Self.loadError(["tokenizer.json": item.json])
            guard case .unsupportedComponent(let file, let component, let found, let supported) = error else {
                Issue.record("\(item.component): got \(String(describing: error))")
                continue
            }
            #expect(file == folder + "/tokenizer.json" && component == item.component && found == item.found)
            #expect(!supported.isEmpty)
            #expect(error?.description.hasPrefix("\(file) uses the \(item.component) \(item.found), which is not supported") == true)
        }
        for dropout in ["null", "0", "0.0"] {
            #expect(try Self.loadError(["tokenizer.json": Self.tokenizerJSON(model: ["dropout": dropout])]).error == nil)
        }
        let (wrongClass, folder) = try Self.loadError([
            "vocab.json": Self.vocabulary, "merges.txt": Self.merges, "tokenizer_config.json": #"{"tokenizer_class": "BartTokenizer"}"#,
        ])
        #expect(wrongClass?.description == "\(folder)/tokenizer_config.json uses the tokenizer_class BartTokenizer, which is not supported "
            + "(supported: GPT2Tokenizer, GPT2TokenizerFast, RobertaTokenizer, RobertaTokenizerFast).")
    }

    @Test func missingSpecialTokens() throws {
        let (roberta, folder) = try Self.loadError([
            "vocab.json": Self.vocabulary, "merges.txt": Self.merges, "tokenizer_config.json": #"{"tokenizer_class": "RobertaTokenizer"}"#,
        ])
        #expect(roberta == .missingSpecialToken(file: folder + "/vocab.json", token: "<s>"))
        let (unknown, jsonFolder) = try Self.loadError(["tokenizer.json": Self.tokenizerJSON(model: ["unk_token": #""<unk>""#])])
        #expect(unknown == .missingSpecialToken(file: jsonFolder + "/tokenizer.json", token: "<unk>"))
    }
}
