import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// A model folder whose tokenizer gives ids or token types past the model's tables is refused at load, in one
/// sentence naming the numbers; sentence pairs on a model with one token type are refused before encoding.
@Suite struct ModelConsistencyTests {
    @Test func aVocabularyLargerThanTheEmbeddingTableIsRefused() throws {
        let model = try TinyFolders.temporaryModel()
        defer { try? FileManager.default.removeItem(at: model) }
        let vocabulary = model.appendingPathComponent("vocab.txt")
        try (String(contentsOf: vocabulary, encoding: .utf8) + "extra\nwords\n").write(to: vocabulary, atomically: true, encoding: .utf8)
        let count = try String(contentsOf: vocabulary, encoding: .utf8).split(separator: "\n").count
        #expect(throws: ModelError.tokenizerExceedsModel(folder: model.path, what: "token ids", tokenizer: count - 1, model: 20,
                                                         field: "vocab_size")) {
            try PretrainedModel.load(folder: model)
        }
        let message = "\(ModelError.tokenizerExceedsModel(folder: "/m", what: "token ids", tokenizer: 21, model: 20, field: "vocab_size"))"
        #expect(message == "the tokenizer of /m gives token ids up to 21, but its config.json's vocab_size is 20, so the model has no row for them")
    }

    @Test func pairsOnAModelWithOneTokenTypeAreRefused() throws {
        let model = try TinyFolders.temporaryModel()
        defer { try? FileManager.default.removeItem(at: model) }
        let configuration = model.appendingPathComponent("config.json")
        var json = TinyModel.configurationJSON
        json["type_vocab_size"] = 1
        try JSONSerialization.data(withJSONObject: json).write(to: configuration)
        var tensors = SafeTensorsWriter()
        for (name, tensor) in TinyModel.tensors().sorted(by: { $0.key < $1.key }) {
            let kept = name == "embeddings.token_type_embeddings.weight" ? Tensor(shape: [1, 8], scalars: Array(tensor.scalars.prefix(8))) : tensor
            try tensors.add(name, shape: kept.shape, floats: kept.scalars)
        }
        try tensors.write(to: model.appendingPathComponent("model.safetensors"))
        let loaded = try PretrainedModel.load(folder: model)
        let single = ClassificationDataset(examples: [ClassificationExample(text: "good film", label: 0, line: 2)], labelValues: ["0", "1"], source: "s")
        #expect(try loaded.encode(single, maxLength: nil).count == 1)
        let pairs = ClassificationDataset(examples: [ClassificationExample(text: "good", pair: "film", label: 0, line: 2)],
                                          labelValues: ["0", "1"], source: "p")
        #expect(throws: ModelError.tokenizerExceedsModel(folder: model.path, what: "token type ids for sentence pairs",
                                                         tokenizer: 1, model: 1, field: "type_vocab_size")) {
            try loaded.encode(pairs, maxLength: nil)
        }
    }

    @Test(.enabled(if: TestModel.isAvailable))
    func aTokenizerTemplateWithATypeIdPastTheTableIsRefused() throws {
        let real = try TestModel.requireFolder()
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-type-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: copy) }
        for name in ["config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json"] {
            try FileManager.default.createSymbolicLink(at: copy.appendingPathComponent(name),
                                                       withDestinationURL: real.appendingPathComponent(name))
        }
        let text = try String(contentsOf: real.appendingPathComponent("tokenizer.json"), encoding: .utf8)
        try text.replacingOccurrences(of: "{\"SpecialToken\":{\"id\":\"[CLS]\",\"type_id\":0}}",
                                      with: "{\"SpecialToken\":{\"id\":\"[CLS]\",\"type_id\":5}}")
            .replacingOccurrences(of: "{\"SpecialToken\": {\"id\": \"[CLS]\", \"type_id\": 0}}",
                                  with: "{\"SpecialToken\": {\"id\": \"[CLS]\", \"type_id\": 5}}")
            .write(to: copy.appendingPathComponent("tokenizer.json"), atomically: true, encoding: .utf8)
        #expect(throws: ModelError.tokenizerExceedsModel(folder: copy.path, what: "token type ids", tokenizer: 5, model: 2,
                                                         field: "type_vocab_size")) {
            try PretrainedModel.load(folder: copy)
        }
    }
}
