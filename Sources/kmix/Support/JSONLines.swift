import KMix

/// The JSON Lines records kmix writes, built directly for speed.
enum JSONLines {
    /// One `kmix embed` record.
    static func embeddingLine(index: Int, result: Embedder.Output, pooling: Pooling) -> String {
        var line = "{\"index\": \(index), \"input_ids\": [" + result.inputIDs.map(String.init).joined(separator: ", ") + "], "
        if pooling == .none {
            let width = result.values.columns
            let rows = (0..<result.values.rows).map { row in
                numbers(result.values.scalars[(row * width)..<((row + 1) * width)])
            }
            line += "\"last_hidden_state\": [" + rows.joined(separator: ", ") + "]}"
        } else {
            line += "\"embedding\": " + numbers(result.values.scalars[...]) + "}"
        }
        return line
    }

    /// A JSON array of floats, each in its shortest form that reads back exactly.
    static func numbers(_ values: ArraySlice<Float>) -> String {
        "[" + values.map { "\($0)" }.joined(separator: ", ") + "]"
    }
}
