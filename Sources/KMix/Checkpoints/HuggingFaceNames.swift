/// Where a family's adapted projections and task head live in its Hugging Face model: the one place the PEFT
/// export, the merged export, `ExportedModel` and `PEFTImport` read the family's names and layouts from
/// (`docs/formats.md`).
///
/// BERT (`BertForSequenceClassification`) and RoBERTa (`RobertaForSequenceClassification`) have one `Linear` per
/// projection; GPT-2 (`GPT2LMHeadModel`) has the fused `Conv1D` `c_attn` whose output rows are Q, K and V, so its
/// query and value adapters are one module.
struct HuggingFaceNames: Sendable {
    /// Which rows of which frozen matrix a module's output is.
    enum Matrix: Sendable {
        /// The stacked query, key and value weight (`3d x d`) and bias.
        case queryKeyValue
        /// The attention output projection (`d x d`) and its bias.
        case attentionOutput
    }

    /// One adapted module of a layer: its name, the rows of the frozen matrix it computes, and the projections
    /// whose adapters it holds with the first of its output rows each one writes.
    struct Module: Sendable {
        let name: String
        let matrix: Matrix
        /// The first row of `matrix` the module's output starts at, and its output width.
        let firstRow: Int
        let outputWidth: Int
        let parts: [(projection: Projection, row: Int)]
    }

    let family: ModelFamily

    /// The base model's prefix in a task model's checkpoint: `bert.`, `roberta.`, `transformer.`.
    var modelPrefix: String { family == .gpt2 ? "transformer." : family.rawValue + "." }

    /// The task model an export is: `config.json`'s `architectures` entry.
    var architecture: String {
        switch family {
        case .bert: return "BertForSequenceClassification"
        case .roberta: return "RobertaForSequenceClassification"
        case .gpt2: return "GPT2LMHeadModel"
        }
    }

    /// PEFT's `task_type`.
    var taskType: String { family.isDecoder ? "CAUSAL_LM" : "SEQ_CLS" }

    /// Whether the adapted modules store their weight input × output (GPT-2's `Conv1D`; PEFT's `fan_in_fan_out`).
    var fanInFanOut: Bool { family == .gpt2 }

    /// Whether the export carries a sequence classifier (the `pooler` task head).
    var classifies: Bool { !family.isDecoder }

    /// The classifier's weight and bias names (kmix's `head.classifier`): `classifier.` or RoBERTa's
    /// `classifier.out_proj.`, each followed by `weight`/`bias`.
    var classifierPrefix: String { family == .roberta ? "classifier.out_proj." : "classifier." }

    /// The pooler's names (kmix's `head.pooler`): BERT's `bert.pooler.dense.`, RoBERTa's `classifier.dense.`.
    var poolerPrefix: String { family == .roberta ? "classifier.dense." : "bert.pooler.dense." }

    /// Whether the pooler is part of the `classifier` module PEFT saves (RoBERTa), so that an export writes it
    /// whether or not the plan trains it.
    var poolerIsInClassifier: Bool { family == .roberta }

    /// PEFT's `modules_to_save`: `classifier`, plus `bert.pooler.dense` when BERT's pooler is trained; none for GPT-2.
    func modulesToSave(trainedPooler: Bool) -> [String]? {
        switch family {
        case .bert: return trainedPooler ? ["classifier", "bert.pooler.dense"] : ["classifier"]
        case .roberta: return ["classifier"]
        case .gpt2: return nil
        }
    }

    /// The modules of layer `layer` that can hold adapters, for hidden width `d`, in the order an export writes them.
    func modules(layer: Int, hiddenSize d: Int) -> [Module] {
        switch family {
        case .bert, .roberta:
            let p = "\(modelPrefix)encoder.layer.\(layer).attention."
            return [
                Module(name: p + "self.query", matrix: .queryKeyValue, firstRow: 0, outputWidth: d, parts: [(.query, 0)]),
                Module(name: p + "self.value", matrix: .queryKeyValue, firstRow: 2 * d, outputWidth: d, parts: [(.value, 0)]),
                Module(name: p + "output.dense", matrix: .attentionOutput, firstRow: 0, outputWidth: d, parts: [(.output, 0)]),
            ]
        case .gpt2:
            let p = "transformer.h.\(layer).attn."
            return [
                Module(name: p + "c_attn", matrix: .queryKeyValue, firstRow: 0, outputWidth: 3 * d,
                       parts: [(.query, 0), (.value, 2 * d)]),
                Module(name: p + "c_proj", matrix: .attentionOutput, firstRow: 0, outputWidth: d, parts: [(.output, 0)]),
            ]
        }
    }
}
