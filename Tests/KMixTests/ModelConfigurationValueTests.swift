import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// A model folder whose `config.json` or tokenizer files hold values of the right shape but unusable (a zero
/// epsilon, a dropout of 1, an activation that is a number, a flag that is a string) is refused at load in one
/// sentence naming the file and the field; a vocabulary saved with a byte-order mark loads as without one.
@Suite struct ModelConfigurationValueTests {
    /// The message of loading the tiny model with `field` set to `value`, a JSON fragment.
    func refusal(setting field: String, to value: String) throws -> String {
        let model = try TinyFolders.temporaryModel()
        defer { try? FileManager.default.removeItem(at: model) }
        var json = TinyModel.configurationJSON
        json[field] = try JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed)
        try JSONSerialization.data(withJSONObject: json).write(to: model.appendingPathComponent("config.json"))
        do {
            _ = try PretrainedModel.load(folder: model)
        } catch {
            return "\(error)"
        }
        Issue.record("\(field) = \(value) was accepted")
        return ""
    }

    @Test(arguments: [
        ("layer_norm_eps", "0"), ("layer_norm_eps", "-1e-12"), ("layer_norm_eps", "1e-50"),
        ("hidden_dropout_prob", "1"), ("hidden_dropout_prob", "-0.1"), ("attention_probs_dropout_prob", "1.5"),
        ("hidden_act", "3"), ("position_embedding_type", "false"),
    ])
    func unusableValuesAreRefusedNamingTheField(field: String, value: String) throws {
        let message = try refusal(setting: field, to: value)
        #expect(message.contains("config.json") && message.contains(field), "\(message)")
    }

    @Test func aConfigurationThatIsAFolderIsRefused() throws {
        let model = try TinyFolders.temporaryModel()
        defer { try? FileManager.default.removeItem(at: model) }
        let configuration = model.appendingPathComponent("config.json")
        try FileManager.default.removeItem(at: configuration)
        try FileManager.default.createDirectory(at: configuration, withIntermediateDirectories: false)
        #expect(throws: ModelError.invalidConfiguration(path: configuration.path, reason: "it is a folder, not a file")) {
            try PretrainedModel.load(folder: model)
        }
    }

    @Test func aVocabularyWithAByteOrderMarkLoadsAsWithout() throws {
        let model = try TinyFolders.temporaryModel()
        defer { try? FileManager.default.removeItem(at: model) }
        let plain = try PretrainedModel.load(folder: model)
        let vocabulary = model.appendingPathComponent("vocab.txt")
        try (Data([0xEF, 0xBB, 0xBF]) + Data(contentsOf: vocabulary)).write(to: vocabulary)
        let marked = try PretrainedModel.load(folder: model)
        let text = TinyWorkspace.dataset(4, seed: 1).examples.map(\.text).joined(separator: " ")
        #expect(marked.tokenizer.encode(text).ids == plain.tokenizer.encode(text).ids)
        #expect(marked.tokenizer.encode("[PAD]").ids == plain.tokenizer.encode("[PAD]").ids)
    }

    @Test(arguments: ["do_lower_case", "strip_accents", "tokenize_chinese_chars"])
    func aTokenizerFlagThatIsNotABooleanIsRefused(flag: String) throws {
        let model = try TinyFolders.temporaryModel()
        defer { try? FileManager.default.removeItem(at: model) }
        let options = model.appendingPathComponent("tokenizer_config.json")
        try Data(#"{"\#(flag)": "yes"}"#.utf8).write(to: options)
        #expect(throws: TokenizerError.invalidConfiguration(file: options.path, reason: "\(flag) is not true or false")) {
            try PretrainedModel.load(folder: model)
        }
        try Data(#"{"\#(flag)": null}"#.utf8).write(to: options)
        _ = try PretrainedModel.load(folder: model)
    }
}
