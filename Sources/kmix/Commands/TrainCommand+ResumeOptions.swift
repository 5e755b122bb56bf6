extension TrainCommand {
    /// The options given with `--resume` that a resumed run cannot use: its plan, data, model and
    /// training settings are those of its `config.json` and checkpoint, so a different value would be
    /// ignored. An option counts as given when it is set or differs from its default (a value equal to
    /// the default cannot be told from none). `--eval-every`, `--save-every`, `--keep-last` and
    /// `--keep-best` may change. The defaults are read from a parse of a fresh command line, so they stay
    /// those the options declare.
    func optionsFixedOnResume() throws -> [String] {
        let fresh = try Self.parse(["--out", "-", "--preset", "none"])
        let data = dataOptions
        let given: [(String, Bool)] = [
            ("--model", modelOption.model != nil), ("--preset", preset != nil), ("--plan", plan != nil),
            ("--task", data.task != nil), ("--train", data.train != nil), ("--dev", data.dev != nil),
            ("--data", data.data != nil), ("--text-column", data.textColumn != nil),
            ("--pair-column", data.pairColumn != nil), ("--label-column", data.labelColumn != nil),
            ("--dev-text-column", data.devTextColumn != nil), ("--max-train-rows", data.maxTrainRows != nil),
            ("--epochs", epochs != nil), ("--max-steps", maxSteps != nil),
            ("--batch-size", batchSize != fresh.batchSize), ("--lr", lr != fresh.lr),
            ("--weight-decay", weightDecay != fresh.weightDecay), ("--beta1", beta1 != fresh.beta1),
            ("--beta2", beta2 != fresh.beta2), ("--epsilon", epsilon != fresh.epsilon),
            ("--warmup", warmup != fresh.warmup), ("--clip-norm", clipNorm != fresh.clipNorm),
            ("--seed", seed != fresh.seed), ("--max-length", maxLength != nil),
            ("--bucket-batches", bucketBatches != fresh.bucketBatches), ("--threads", threads.count != nil),
            ("--reallocate", reallocate != nil), ("--source-column", data.sourceColumn != nil),
            ("--target-column", data.targetColumn != nil), ("--label-smoothing", labelSmoothing != nil),
            ("--beams", decoding.beams != nil), ("--length-penalty", decoding.lengthPenalty != nil),
            ("--no-repeat-ngram", decoding.noRepeatNGram != nil), ("--max-new-tokens", decoding.maxNewTokens != nil),
        ]
        return given.filter(\.1).map(\.0)
    }
}
