import Foundation

/// A pretrained model loaded from a Hugging Face folder: configuration,
/// tokenizer and encoder weights.
public struct PretrainedModel: Sendable {
    /// The folder the model came from.
    public let folder: URL
    /// The parsed `config.json`.
    public let configuration: ModelConfiguration
    /// The tokenizer from `tokenizer.json` or `vocab.txt`.
    public let tokenizer: Tokenizer
    /// The encoder with the checkpoint's weights.
    public let encoder: Transformer
    /// The Hugging Face hub id the model was fetched as (`ORG/NAME`), nil when the folder does not say
    /// (`ModelIdentity.hubID(of:nameOrPath:home:)`: `kmix_model.json`, the kmix or hub cache layout, else an id-like
    /// `_name_or_path`). PEFT exports name the base model by it.
    public let hubID: String?

    /// The name to show for the model: its hub id, else its folder's name.
    public var displayName: String { hubID ?? folder.lastPathComponent }

    /// A model from its parts; `hubID` as `ModelIdentity` finds it (nil: unknown).
    init(folder: URL, configuration: ModelConfiguration, tokenizer: Tokenizer, encoder: Transformer,
         hubID: String? = nil) {
        self.folder = folder
        self.configuration = configuration
        self.tokenizer = tokenizer
        self.encoder = encoder
        self.hubID = hubID
    }

    /// Loads the model that `reference` names (a folder, or a model id in
    /// kmix's or the Hugging Face cache; nil for the default model).
    public static func load(_ reference: String?, locator: ModelLocator = ModelLocator()) throws -> PretrainedModel {
        try load(folder: locator.locate(reference), home: locator.home)
    }

    /// Loads the model in `folder`; `home` is the kmix cache whose layout names the model's hub id.
    public static func load(folder: URL, home: KMixHome = .fromEnvironment()) throws -> PretrainedModel {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw ModelError.modelNotFound(reference: folder.path, searched: [folder.path], hint: "no such folder")
        }
        let configuration = try ModelConfiguration.load(from: folder.appendingPathComponent("config.json"))
        let weightsURL = folder.appendingPathComponent("model.safetensors")
        guard FileManager.default.fileExists(atPath: weightsURL.path) else {
            throw ModelError.missingFile(folder: folder.path, file: "model.safetensors")
        }
        let file = try SafeTensorsFile(url: weightsURL)
        let weights = try ModelWeights(configuration: configuration, source: weightsURL.path) { name in
            guard file.info(name) != nil else { return nil }
            defer { file.releaseMemory(of: name) }
            return try file.tensor(name)
        }
        let tokenizer = try Tokenizer.load(folder: folder)
        try checkTables(folder: folder, configuration: configuration, tokenizer: tokenizer)
        return PretrainedModel(folder: folder, configuration: configuration, tokenizer: tokenizer,
                               encoder: Transformer(configuration: configuration, weights: weights),
                               hubID: ModelIdentity.hubID(of: folder, nameOrPath: configuration.nameOrPath, home: home))
    }

    /// Refuses a tokenizer whose token ids or single-text token type ids reach past the model's embedding tables.
    private static func checkTables(folder: URL, configuration: ModelConfiguration, tokenizer: Tokenizer) throws {
        if tokenizer.vocabularySize > configuration.vocabularySize {
            throw ModelError.tokenizerExceedsModel(folder: folder.path, what: "token ids", tokenizer: tokenizer.vocabularySize - 1,
                                                   model: configuration.vocabularySize, field: "vocab_size")
        }
        if tokenizer.largestTypeID(pairs: false) >= configuration.typeVocabularySize {
            throw ModelError.tokenizerExceedsModel(folder: folder.path, what: "token type ids",
                                                   tokenizer: tokenizer.largestTypeID(pairs: false),
                                                   model: configuration.typeVocabularySize, field: "type_vocab_size")
        }
    }

    /// Refuses sentence pairs when the tokenizer's pair template gives token type ids the model has no row for
    /// (a model with one token type).
    public func checkPairs() throws {
        let largest = tokenizer.largestTypeID(pairs: true)
        guard largest < configuration.typeVocabularySize else {
            throw ModelError.tokenizerExceedsModel(folder: folder.path, what: "token type ids for sentence pairs",
                                                   tokenizer: largest, model: configuration.typeVocabularySize,
                                                   field: "type_vocab_size")
        }
    }

    /// `dataset` encoded for this model: truncated to `maxLength` tokens (at most the model's positions), sentence
    /// pairs refused when the model has no token type for their second texts (`checkPairs`).
    public func encode(_ dataset: ClassificationDataset, maxLength: Int?) throws -> EncodedDataset {
        if dataset.examples.contains(where: { $0.pair != nil }) { try checkPairs() }
        return EncodedDataset(dataset, tokenizer: tokenizer,
                              maxLength: min(maxLength ?? configuration.maxPositions, configuration.maxPositions))
    }

    /// `examples` encoded for this model within `maxLength` tokens (at most the model's positions): labelled texts
    /// as `encode(_:maxLength:)` does, source/target pairs as `GenerationSequence` lays them out.
    /// - Throws: `KernelMixLanguageModel.SetupError.notADecoder` for pairs on an encoder, `DataError.sourceTooLong`,
    ///   and the errors of encoding labelled texts.
    public func encode(_ examples: TaskExamples, maxLength: Int?) throws -> EncodedDataset {
        let limit = min(maxLength ?? configuration.maxPositions, configuration.maxPositions)
        switch examples {
        case .classification(let dataset):
            return try encode(dataset, maxLength: limit)
        case .generation(let dataset):
            guard configuration.family.isDecoder, let endOfText = tokenizer.endOfTextID else {
                throw KernelMixLanguageModel.SetupError.notADecoder(configuration.family)
            }
            return try EncodedDataset(dataset, tokenizer: tokenizer, endOfText: endOfText, maxLength: limit)
        }
    }

    /// Tokenises `texts` (truncated to `maxLength` tokens, at most the model's
    /// positions) and packs them into one batch.
    public func pack(_ texts: [String], maxLength: Int? = nil) -> PackedBatch {
        let limit = min(maxLength ?? configuration.maxPositions, configuration.maxPositions)
        let encodings = texts.map { tokenizer.encode($0, maxLength: limit) }
        return PackedBatch(sequences: encodings.map(\.ids), typeIDs: encodings.map(\.typeIDs))
    }
}

extension PretrainedModel {
    /// The task head a classifier on this model uses unless its plan says otherwise: the checkpoint's pooler when
    /// it has one (BERT, or a RoBERTa sequence classifier's `classifier.dense`), else the last token for a causal
    /// decoder (the only one that sees the whole text) and the first token for an encoder.
    public var defaultTaskHead: AdapterPlan.TaskHead {
        if encoder.weights.poolerWeight != nil { return .pooler }
        return configuration.family.isCausal ? .last : .cls
    }

    /// `preset`'s plan for this model, with the model's default task head.
    /// - Throws: `PlanError.presetDoesNotFit` when a rank is larger than the model allows.
    public func plan(preset: AdapterPlan.Preset) throws(PlanError) -> AdapterPlan {
        var plan = try preset.plan(for: AdapterPlan.ModelShape(configuration))
        plan.taskHead = defaultTaskHead
        return plan
    }
}
