import Foundation
import KMix

extension ModelSummary {
    /// The human-readable report of `kmix inspect`.
    func report(name: String, folder: String) -> String {
        let c = configuration
        var lines = [
            "model         \(name)",
            "folder        \(folder)",
            "architecture  BERT (\(c.architectures.first ?? "BertModel")): \(c.layerCount) layers, hidden \(c.hiddenSize), "
                + "\(c.headCount) heads of \(c.headSize), feed-forward \(c.intermediateSize)",
            "vocabulary    \(c.vocabularySize) WordPiece tokens, \(c.maxPositions) positions, \(c.typeVocabularySize) token types",
            "parameters    \(grouped(total)) in all",
            "  embeddings  \(grouped(embeddings))",
            "  per layer   \(grouped(perLayer)) (attention \(grouped(attentionPerLayer)), feed-forward \(grouped(feedForwardPerLayer)))",
            "  encoder     \(grouped(perLayer * c.layerCount)) in \(c.layerCount) layers",
            "  pooler      \(pooler == 0 ? "none" : grouped(pooler))",
            "",
            "attention heads: each head's slice of Q, K, V (rows of W and b) and O (columns of W)",
            "  head size \(c.headSize): Q \(grouped(headSlice.query)), K \(grouped(headSlice.key)), "
                + "V \(grouped(headSlice.value)), O \(grouped(headSlice.output)) = \(grouped(headSlice.total)) per head",
            "",
        ]
        let cell = max(grouped(headSlice.total).count, 4) + 1
        let header = "layer" + (0..<c.headCount).map { pad("h\($0)", cell) }.joined()
        lines.append(header)
        for layer in 0..<c.layerCount {
            lines.append(pad("L\(layer)", 5, left: true)
                + (0..<c.headCount).map { _ in pad(grouped(headSlice.total), cell) }.joined())
        }
        return lines.joined(separator: "\n")
    }

    /// The JSON form of `kmix inspect --json` (keys sorted, one object).
    func json(name: String, folder: String) throws -> String {
        let c = configuration
        let object: [String: Any] = [
            "model": name, "folder": folder,
            "model_type": c.modelType, "layers": c.layerCount, "hidden_size": c.hiddenSize,
            "heads": c.headCount, "head_size": c.headSize, "intermediate_size": c.intermediateSize,
            "vocab_size": c.vocabularySize, "max_positions": c.maxPositions,
            "parameters": [
                "total": total, "embeddings": embeddings, "per_layer": perLayer,
                "attention_per_layer": attentionPerLayer, "feed_forward_per_layer": feedForwardPerLayer,
                "pooler": pooler,
            ],
            "head_slice": [
                "q": headSlice.query, "k": headSlice.key, "v": headSlice.value, "o": headSlice.output,
                "total": headSlice.total,
            ],
            "heads_table": (0..<c.layerCount).map { _ in [Int](repeating: headSlice.total, count: c.headCount) },
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
        return String(decoding: data, as: UTF8.self)
    }

    private func grouped(_ value: Int) -> String {
        let digits = Array(String(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }

    private func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return left ? text + fill : fill + text
    }
}
