import Foundation
import KMix

extension ModelSummary {
    /// The human-readable report of `kmix inspect`.
    func report(name: String, folder: String) -> String {
        let c = configuration
        var lines = [
            "model         \(name)",
            "folder        \(folder)",
            "architecture  \(c.family.displayName) \(c.family.isDecoder ? "decoder" : "encoder") "
                + "(\(c.architectures.first ?? c.family.baseArchitecture)): \(c.layerCount) layers, hidden \(c.hiddenSize), "
                + "\(c.headCount) heads of \(c.headSize), feed-forward \(c.intermediateSize)",
            "vocabulary    \(c.vocabularySize) \(c.family.tokenizerKind) tokens, \(c.maxPositions) positions"
                + (c.family == .gpt2 ? "" : ", \(c.typeVocabularySize) token type\(c.typeVocabularySize == 1 ? "" : "s")"),
            "parameters    \(total.grouped) in all",
            "  embeddings  \(embeddings.grouped)",
            "  per layer   \(perLayer.grouped) (attention \(attentionPerLayer.grouped), feed-forward \(feedForwardPerLayer.grouped))",
            "  layers      \((perLayer * c.layerCount).grouped) in \(c.layerCount) layers",
            "  pooler      \(pooler == 0 ? "none" : pooler.grouped)",
            "",
            "attention heads: each head's slice of Q, K, V (rows of W and b) and O (columns of W)",
            "  head size \(c.headSize): Q \(headSlice.query.grouped), K \(headSlice.key.grouped), "
                + "V \(headSlice.value.grouped), O \(headSlice.output.grouped) = \(headSlice.total.grouped) per head",
            "",
        ]
        let cell = max(headSlice.total.grouped.count, 4) + 1
        let header = "layer" + (0..<c.headCount).map { "h\($0)".rightAligned(cell) }.joined()
        lines.append(header)
        for layer in 0..<c.layerCount {
            lines.append("L\(layer)".padding(4)
                + (0..<c.headCount).map { _ in headSlice.total.grouped.rightAligned(cell) }.joined())
        }
        return lines.joined(separator: "\n")
    }

    /// The JSON form of `kmix inspect --json` (keys sorted, one object).
    func json(name: String, folder: String) throws -> String {
        let c = configuration
        let object: [String: Any] = [
            "model": name, "folder": folder,
            "model_type": c.modelType, "family": c.family.rawValue, "layers": c.layerCount, "hidden_size": c.hiddenSize,
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
}
