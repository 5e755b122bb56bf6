import Foundation
@testable import KMix

/// The tiny RoBERTa and GPT-2 of `Fixtures/families/` (made by `scripts/make_family_fixtures.py`) and their
/// reference outputs.
enum FamilyFixture {
    /// A fixture model folder: `tiny-roberta` or `tiny-gpt2`.
    static func folder(_ name: String) throws -> URL {
        try ProjectFiles.fixture("families/" + name)
    }

    /// The transformer of a fixture model folder, read from its `config.json` and `model.safetensors` (the
    /// tokenizer is not needed for ids).
    static func transformer(_ name: String) throws -> Transformer {
        let folder = try folder(name)
        let configuration = try ModelConfiguration.load(from: folder.appendingPathComponent("config.json"))
        let file = try SafeTensorsFile(url: folder.appendingPathComponent("model.safetensors"))
        let weights = try ModelWeights(configuration: configuration, source: file.url.path) { name in
            file.info(name) == nil ? nil : try file.tensor(name)
        }
        return Transformer(configuration: configuration, weights: weights)
    }

    /// A reference file of `families/`.
    static func reference(_ name: String) throws -> SafeTensorsFile {
        try SafeTensorsFile(url: ProjectFiles.fixture("families/\(name).safetensors"))
    }

    /// The packed batch of a reference's padded `input_ids` cut at its `lengths`, with each row's width.
    static func batch(_ reference: SafeTensorsFile) throws -> (batch: PackedBatch, width: Int) {
        let lengths = try reference.int64s("lengths").map { Int($0) }
        let ids = try reference.int64s("input_ids"), width = ids.count / lengths.count
        let rows = lengths.enumerated().map { row, length in ids[(row * width)..<(row * width + length)].map { Int32($0) } }
        return (PackedBatch(sequences: rows), width)
    }

    /// The largest |difference| between packed rows (`tokens x columns`) and a reference's padded rows.
    static func worstDifference(_ packed: [Float], _ padded: [Float], batch: PackedBatch, width: Int, columns: Int) -> Float {
        var worst: Float = 0
        for row in 0..<batch.count {
            for position in 0..<batch.lengths[row] {
                let mine = (batch.offsets[row] + position) * columns, theirs = (row * width + position) * columns
                for i in 0..<columns { worst = max(worst, abs(packed[mine + i] - padded[theirs + i])) }
            }
        }
        return worst
    }
}
