import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// `config.json` of each family is read by its own field names, and a value kmix cannot honour (a width that
/// heads do not divide, an activation or an attention option it does not implement, a model type it does not
/// know) is refused in one sentence naming the file and the field.
@Suite struct FamilyConfigurationTests {
    static var gpt2: [String: Any] { RandomGPT2(layers: 2, heads: 2, headSize: 4).configurationJSON }

    func configuration(_ json: [String: Any]) throws -> ModelConfiguration {
        let text = try JSONSerialization.data(withJSONObject: json)
        return try ModelConfiguration(json: JSONNode(parsing: text).object(), path: "/models/m/config.json")
    }

    func refusal(_ json: [String: Any]) -> String {
        do {
            _ = try configuration(json)
        } catch {
            return "\(error)"
        }
        Issue.record("\(json) was accepted")
        return ""
    }

    @Test func gpt2FieldsAreReadWithTheirDefaults() throws {
        let c = try configuration(Self.gpt2)
        #expect(c.family == .gpt2 && c.hiddenSize == 8 && c.headCount == 2 && c.layerCount == 2)
        #expect(c.intermediateSize == 32 && c.maxPositions == 16 && c.positionOffset == 0 && c.typeVocabularySize == 1)
        #expect(c.activation == .geluTanh && c.layerNormEpsilon == 1e-5)
        var inner = Self.gpt2
        inner["n_inner"] = 20
        #expect(try configuration(inner).intermediateSize == 20)
    }

    @Test func robertaPositionsStartAfterThePaddingIndex() throws {
        var json = TinyModel.configurationJSON
        json["model_type"] = "roberta"
        json["max_position_embeddings"] = 16
        json["pad_token_id"] = 1
        json.removeValue(forKey: "type_vocab_size")
        let c = try configuration(json)
        #expect(c.family == .roberta && c.positionOffset == 2 && c.maxPositions == 14 && c.positionTableRows == 16)
        #expect(c.typeVocabularySize == 1 && c.layerNormEpsilon == 1e-5)
    }

    @Test func aWidthTheHeadsDoNotDivideIsRefusedNamingGPT2sFields() {
        var json = Self.gpt2
        json["n_head"] = 3
        let message = refusal(json)
        #expect(message.contains("config.json") && message.contains("n_head") && message.contains("n_embd 8"), "\(message)")
    }

    @Test(arguments: [
        ("activation_function", "\"relu\""), ("scale_attn_by_inverse_layer_idx", "true"),
        ("add_cross_attention", "true"), ("scale_attn_weights", "false"), ("n_positions", "0"),
        ("resid_pdrop", "1"), ("layer_norm_epsilon", "0"), ("n_inner", "-4"),
    ])
    func gpt2ValuesKmixCannotHonourAreRefusedNamingTheField(field: String, value: String) throws {
        var json = Self.gpt2
        json[field] = try JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed)
        let message = refusal(json)
        #expect(message.contains("config.json") && message.contains(field), "\(message)")
    }

    @Test func anUnsupportedModelTypeIsRefusedNamingTheFamiliesKmixSupports() {
        var json = Self.gpt2
        json["model_type"] = "t5"
        let message = refusal(json)
        #expect(message.contains("'t5'") && message.contains("GPT-2 ('gpt2')") && message.contains("RoBERTa ('roberta')"),
                "\(message)")
    }

    @Test func robertaPositionTablesTooSmallForItsOffsetAreRefused() {
        var json = TinyModel.configurationJSON
        json["model_type"] = "roberta"
        json["max_position_embeddings"] = 2
        let message = refusal(json)
        #expect(message.contains("max_position_embeddings"), "\(message)")
    }
}
