/// What makes two plans the same plan for the adapters they describe, independently of how a plan file is laid out
/// and of its description and provenance: checkpoints record it so that a plan file that gains a field or changes
/// its whitespace still matches the checkpoints made with it.
extension AdapterPlan {
    /// A canonical text of the plan's identity: the model's shape, every rank, the initialisation, the dropout, the
    /// task head, whether the pooler trains, and `lora_alpha` (floats by their bit patterns). Frozen: its form
    /// never changes, so that its hash stays comparable across versions.
    var identityText: String {
        var lines = ["kmix-plan-identity 1",
                     "model \(shape.layerCount) \(shape.headCount) \(shape.hiddenSize)",
                     "init \(initialization.rawValue)",
                     "dropout \(String(dropout.bitPattern, radix: 16))",
                     "task_head \(taskHead.rawValue) train_pooler \(trainPooler)",
                     "lora_alpha \(loraAlpha.map { String($0.bitPattern, radix: 16) } ?? "none")"]
        for (index, layer) in layers.enumerated() {
            for projection in Projection.allCases {
                lines.append("layer \(index) \(projection.rawValue) \(layer.ranks(projection).map(String.init).joined(separator: ",")) "
                             + "shared \(layer.sharedRank(projection))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The SHA-256 of `identityText`: equal for plans equal in everything but description and provenance.
    public var identityHash: String { SHA256Digest.hex(Array(identityText.utf8)) }

    /// Whether `hash`, read from a checkpoint, names this plan: its `identityHash`, or, for checkpoints written before
    /// identities (`plan_sha256`), the hash of the plan file's text as kmix then wrote it (`version1Text`).
    func isIdentified(by hash: String?) -> Bool {
        guard let hash else { return false }
        return hash == identityHash || hash == SHA256Digest.hex(Array(version1Text.utf8))
    }

    /// The plan file's text exactly as kmix wrote it up to 2026-12-06, when checkpoints hashed that text. Frozen, and
    /// used only to recognise those checkpoints' hashes.
    var version1Text: String {
        func list(_ ranks: [Int]) -> String { "[" + ranks.map(String.init).joined(separator: ", ") + "]" }
        let layerTexts = layers.map { layer in
            let shared = Projection.allCases.map { "\"\($0.rawValue)\": \(layer.sharedRank($0))" }.joined(separator: ", ")
            return "    {\n"
                + Projection.allCases.map { "      \"\($0.rawValue)\": \(list(layer.ranks($0))),\n" }.joined()
                + "      \"shared\": {\(shared)}\n    }"
        }
        return """
        {
          "kmix_plan": 1,
          "model": {"layers": \(shape.layerCount), "heads": \(shape.headCount), "hidden_size": \(shape.hiddenSize)},
          "init": "\(initialization.rawValue)",
          "dropout": \(dropout),
          "task_head": "\(taskHead.rawValue)",
          "train_pooler": \(trainPooler),\(loraAlpha.map { "\n  \"lora_alpha\": \($0)," } ?? "")
          "layers": [
        \(layerTexts.joined(separator: ",\n"))
          ]
        }

        """
    }
}
