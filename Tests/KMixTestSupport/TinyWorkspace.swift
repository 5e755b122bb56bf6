import Foundation
import KMix

/// The tiny random model's vocabulary and a labelled data set it can learn: label 1 when the sentence contains
/// "good", else 0. (The model and a training set-up on it are in `KMixTests`, `TinyWorkspace+Training.swift`.)
public enum TinyWorkspace {
    /// The words of the data set.
    public static let words = ["good", "bad", "film", "plot", "the", "a", "very", "dull", "fun", "long", "short", "and", "not"]

    /// The tokenizer's vocabulary, one token per model word-embedding row.
    public static let vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + words + ["x", "y"]

    /// `count` sentences of 2–7 words drawn with `seed`.
    public static func dataset(_ count: Int, seed: UInt64) -> ClassificationDataset {
        var generator = SeededGenerator(seed: seed)
        let examples = (0..<count).map { index -> ClassificationExample in
            let length = 2 + Int(generator.next() % 6)
            let sentence = (0..<length).map { _ in words[Int(generator.next() % UInt64(words.count))] }
            return ClassificationExample(text: sentence.joined(separator: " "), pair: nil,
                                         label: sentence.contains("good") ? 1 : 0, line: index + 2)
        }
        return ClassificationDataset(examples: examples, labelValues: ["0", "1"], labelNames: ["no", "yes"],
                                     source: "tiny")
    }
}
