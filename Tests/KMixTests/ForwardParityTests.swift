import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// The encoder against PyTorch/transformers outputs saved in `Fixtures/minilm-forward.*`
/// (made by `scripts/make_fixtures.py`).
@Suite(.enabled(if: TestModel.isAvailable))
struct ForwardParityTests {
    let model: PretrainedModel
    let fixture: SafeTensorsFile

    init() throws {
        model = try PretrainedModel.load(folder: try TestModel.requireFolder())
        fixture = try SafeTensorsFile(url: ProjectFiles.fixture("minilm-forward.safetensors"))
    }

    /// The fixture's rows of padded ids, cut at each row's length.
    private func rows(_ name: String, lengths: [Int]) throws -> [[Int32]] {
        let ids = try fixture.int64s(name), width = ids.count / lengths.count
        return lengths.enumerated().map { row, length in
            ids[(row * width)..<(row * width + length)].map { Int32($0) }
        }
    }

    @Test func lastHiddenStateMatchesTransformersWithinOneTenThousandth() throws {
        let mask = try fixture.int64s("batch.attention_mask")
        let width = mask.count / 8
        let lengths = (0..<8).map { row in mask[(row * width)..<((row + 1) * width)].reduce(0) { $0 + Int($1) } }
        let ids = try rows("batch.input_ids", lengths: lengths)
        let types = try rows("batch.token_type_ids", lengths: lengths)
        let batch = PackedBatch(sequences: ids, typeIDs: types)
        let hidden = model.encoder.hiddenStates(for: batch)
        let expected = try fixture.floats("batch.last_hidden_state")
        let d = model.configuration.hiddenSize
        var worst: Float = 0
        for row in 0..<8 {
            for position in 0..<lengths[row] {
                let mine = (batch.offsets[row] + position) * d, theirs = (row * width + position) * d
                for i in 0..<d { worst = max(worst, abs(hidden.scalars[mine + i] - expected[theirs + i])) }
            }
        }
        #expect(worst <= 1e-4, "max |difference| \(worst)")
        let cls = Pooling.cls.pool(hidden, batch: batch, normalize: false)
        let expectedCLS = try fixture.floats("batch.cls")
        #expect(zip(cls.scalars, expectedCLS).map { abs($0 - $1) }.max()! <= 1e-4)
    }

    @Test func devSentenceEmbeddingsMatchSentenceTransformersWithinOneHundredThousandth() throws {
        let texts = try DevSentences.load()
        #expect(texts.count == 872)
        let lengths = try fixture.int64s("dev.lengths").map { Int($0) }
        let expectedIDs = try rows("dev.input_ids", lengths: lengths)
        let outputs = try Embedder(model: model, pooling: .mean, normalize: true, batchSize: 32).embed(texts)
        #expect(outputs.map(\.inputIDs) == expectedIDs)
        let expected = try fixture.floats("dev.mean_normalized")
        let d = model.configuration.hiddenSize
        var worst: Float = 0
        for (row, output) in outputs.enumerated() {
            for i in 0..<d { worst = max(worst, abs(output.values.scalars[i] - expected[row * d + i])) }
        }
        #expect(worst <= 1e-5, "max |difference| \(worst)")
    }
}

/// The `sentence` column of the shipped SST-2 dev sample, in file order.
enum DevSentences {
    static func load() throws -> [String] {
        let text = try String(contentsOf: ProjectFiles.sst2("dev.tsv"), encoding: .utf8)
        let rows = text.split(separator: "\n")
        let header = rows[0].split(separator: "\t")
        let column = try #require(header.firstIndex(of: "sentence"))
        return rows.dropFirst().map { String($0.split(separator: "\t", omittingEmptySubsequences: false)[column]) }
    }
}
