/// What a run uses when the user leaves a setting out, in `kmix train` and `kmix-tui` alike.
///
/// Chosen by a sweep on held-out training rows, never on the dev set (`docs/training.md`, Defaults;
/// `Benchmarks/studies/default-lr/`): on the SST-2 sample kmix ships, both initialisations (`houlsby` and `lora`)
/// share a flat optimum from 2e-3 to 4e-3 at one and two epochs, and 2e-3 is its lower end; the authors' 2e-4 —
/// tuned for many epochs of RoBERTa — left a one-epoch run at the majority label.
public enum TrainingDefaults {
    /// The plan a run trains when none is named.
    public static let preset = AdapterPlan.Preset.paperNLU
    /// The plan a generation run (a decoder writing targets) trains when none is named: the authors' NLG budget.
    public static let generationPreset = AdapterPlan.Preset.paperNLG
    /// The peak learning rate, for every plan.
    public static let learningRate: Float = 2e-3
    /// Passes over the training rows when neither epochs nor a step limit is given.
    public static let epochs = 1
    /// Sentences per batch.
    public static let batchSize = 32
}
