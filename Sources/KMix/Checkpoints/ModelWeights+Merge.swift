extension ModelWeights {
    /// These frozen weights with every adapter of `adapters` folded in (`AdapterSet.loraFactors` read against them,
    /// then `add`): the model a merged export writes and `kmix generate --run` runs.
    public func merging(_ adapters: AdapterSet) -> ModelWeights {
        var merged = self
        for layer in 0..<adapters.plan.shape.layerCount {
            let all = adapters.loraFactors(layer: layer, weights: self)
            for projection in Projection.allCases {
                if let factors = all[projection] { merged.add(factors, layer: layer, projection: projection) }
            }
        }
        return merged
    }

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

    /// Every tensor under its Hugging Face name for `family`, each prefixed with `prefix` (e.g. `bert.`); GPT-2's
    /// Conv1D weights go back to their input × output layout. RoBERTa's pooler is left out: it is the sequence
    /// classifier's `classifier.dense`, outside the prefixed model (`AdapterExport.headTensors`).
    public func huggingFaceTensors(family: ModelFamily, prefix: String) -> [(name: String, tensor: Tensor)] {
        let result = family == .gpt2 ? gpt2Tensors() : encoderTensors(pooler: family == .bert)
        return result.map { (prefix + $0.0, $0.1) }
    }

    private func encoderTensors(pooler includesPooler: Bool) -> [(String, Tensor)] {
        var result: [(String, Tensor)] = [
            ("embeddings.word_embeddings.weight", wordEmbeddings),
            ("embeddings.position_embeddings.weight", positionEmbeddings),
        ]
        if let tokenTypeEmbeddings { result.append(("embeddings.token_type_embeddings.weight", tokenTypeEmbeddings)) }
        if let embeddingNorm {
            result += [("embeddings.LayerNorm.weight", embeddingNorm.gamma), ("embeddings.LayerNorm.bias", embeddingNorm.beta)]
        }
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
        if includesPooler, let poolerWeight, let poolerBias {
            result += [("pooler.dense.weight", poolerWeight), ("pooler.dense.bias", poolerBias)]
        }
        return result
    }

    private func gpt2Tensors() -> [(String, Tensor)] {
        var result: [(String, Tensor)] = [("wte.weight", wordEmbeddings), ("wpe.weight", positionEmbeddings)]
        for (index, layer) in layers.enumerated() {
            let p = "h.\(index)."
            result += [
                (p + "ln_1.weight", layer.attentionNormGamma), (p + "ln_1.bias", layer.attentionNormBeta),
                (p + "attn.c_attn.weight", layer.qkvWeight.transposed()), (p + "attn.c_attn.bias", layer.qkvBias),
                (p + "attn.c_proj.weight", layer.attentionOutputWeight.transposed()),
                (p + "attn.c_proj.bias", layer.attentionOutputBias),
                (p + "ln_2.weight", layer.outputNormGamma), (p + "ln_2.bias", layer.outputNormBeta),
                (p + "mlp.c_fc.weight", layer.intermediateWeight.transposed()), (p + "mlp.c_fc.bias", layer.intermediateBias),
                (p + "mlp.c_proj.weight", layer.outputWeight.transposed()), (p + "mlp.c_proj.bias", layer.outputBias),
            ]
        }
        if let finalNorm { result += [("ln_f.weight", finalNorm.gamma), ("ln_f.bias", finalNorm.beta)] }
        return result
    }
}
