extension ModelWeights {
    /// Adds `scaling · (B A)` to the weight of layer `layer`'s `projection` module and `scaling · bias` to its bias.
    public mutating func add(_ factors: LoRAFactors, scaling: Float = 1, layer: Int, projection: Projection) {
        let d = factors.width
        let delta = factors.product()
        var weight: [Float], bias: [Float], rowOffset: Int
        switch projection {
        case .query, .value:
            weight = layers[layer].qkvWeight.scalars
            bias = layers[layer].qkvBias.scalars
            rowOffset = projection == .query ? 0 : 2 * d
        case .output:
            weight = layers[layer].attentionOutputWeight.scalars
            bias = layers[layer].attentionOutputBias.scalars
            rowOffset = 0
        }
        for i in 0..<(d * d) { weight[rowOffset * d + i] += scaling * delta[i] }
        for i in 0..<d { bias[rowOffset + i] += scaling * factors.bias[i] }
        switch projection {
        case .query, .value:
            layers[layer].qkvWeight.scalars = weight
            layers[layer].qkvBias.scalars = bias
        case .output:
            layers[layer].attentionOutputWeight.scalars = weight
            layers[layer].attentionOutputBias.scalars = bias
        }
    }

    /// Every tensor under its Hugging Face BERT name, each prefixed with `prefix` (e.g. `bert.`).
    public func huggingFaceTensors(prefix: String) -> [(name: String, tensor: Tensor)] {
        var result: [(String, Tensor)] = [
            ("embeddings.word_embeddings.weight", wordEmbeddings),
            ("embeddings.position_embeddings.weight", positionEmbeddings),
            ("embeddings.token_type_embeddings.weight", tokenTypeEmbeddings),
            ("embeddings.LayerNorm.weight", embeddingNormGamma), ("embeddings.LayerNorm.bias", embeddingNormBeta),
        ]
        for (index, layer) in layers.enumerated() {
            let p = "encoder.layer.\(index).", d = layer.qkvBias.count / 3
            for (part, name) in ["query", "key", "value"].enumerated() {
                result.append((p + "attention.self.\(name).weight",
                               Tensor(shape: [d, d], scalars: Array(layer.qkvWeight.scalars[part * d * d..<(part + 1) * d * d]))))
                result.append((p + "attention.self.\(name).bias",
                               Tensor(shape: [d], scalars: Array(layer.qkvBias.scalars[part * d..<(part + 1) * d]))))
            }
            result += [
                (p + "attention.output.dense.weight", layer.attentionOutputWeight),
                (p + "attention.output.dense.bias", layer.attentionOutputBias),
                (p + "attention.output.LayerNorm.weight", layer.attentionNormGamma),
                (p + "attention.output.LayerNorm.bias", layer.attentionNormBeta),
                (p + "intermediate.dense.weight", layer.intermediateWeight),
                (p + "intermediate.dense.bias", layer.intermediateBias),
                (p + "output.dense.weight", layer.outputWeight), (p + "output.dense.bias", layer.outputBias),
                (p + "output.LayerNorm.weight", layer.outputNormGamma), (p + "output.LayerNorm.bias", layer.outputNormBeta),
            ]
        }
        if let poolerWeight, let poolerBias {
            result += [("pooler.dense.weight", poolerWeight), ("pooler.dense.bias", poolerBias)]
        }
        return result.map { (prefix + $0.0, $0.1) }
    }
}
