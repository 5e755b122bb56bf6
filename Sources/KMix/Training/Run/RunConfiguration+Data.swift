import Foundation

extension RunConfiguration {
    /// The run's training and dev sets, read again from the files and columns it records: source/target pairs for a
    /// generation run, else labelled texts with its labels (in its class order).
    public func loadData() throws -> (train: TaskExamples, dev: TaskExamples?) {
        if let sourceColumn, let targetColumn {
            let columns = GenerationDataset.Columns(source: sourceColumn, target: targetColumn)
            let train = try GenerationDataset.load(URL(fileURLWithPath: trainFile), columns: columns, maxRows: maxTrainRows)
            let dev = try devFile.map { try GenerationDataset.load(URL(fileURLWithPath: $0), columns: columns) }
            return (.generation(train), dev.map { .generation($0) })
        }
        let labels = LabelSet.fixed(values: labelValues, names: labelNames)
        let train = try ClassificationDataset.load(
            URL(fileURLWithPath: trainFile), columns: ColumnSelection(text: textColumn, pair: pairColumn, label: labelColumn),
            labels: labels, maxRows: maxTrainRows)
        let dev = try devFile.map {
            try ClassificationDataset.load(
                URL(fileURLWithPath: $0), columns: ColumnSelection(text: devTextColumn, pair: pairColumn, label: labelColumn),
                labels: labels)
        }
        return (.classification(train), dev.map { .classification($0) })
    }

    /// The source/target pairs `kmix eval` scores a generation run on: the evaluation file it records, else its dev
    /// file; nil for a classification run or a run without either.
    public func loadEvaluationPairs() throws -> GenerationDataset? {
        guard let sourceColumn, let targetColumn, let file = evaluationFile ?? devFile else { return nil }
        return try GenerationDataset.load(URL(fileURLWithPath: file),
                                          columns: GenerationDataset.Columns(source: sourceColumn, target: targetColumn))
    }
}

extension RunConfiguration {
    /// The configuration of a run of `model` on `data`, read from `source` (its task and columns are recorded).
    public init(model: String, source: DataSource, data: LoadedData, maxLength: Int, maxTrainRows: Int?,
                parameters: TrainingParameters) {
        let pairs = source.pairColumns
        self.init(model: model, task: source.task?.name, trainFile: data.files.train, devFile: data.files.dev,
                  textColumn: pairs == nil ? source.columns.text : nil, pairColumn: source.columns.pair,
                  labelColumn: pairs == nil ? source.columns.label : nil,
                  devTextColumn: pairs == nil ? source.devColumns.text : nil, labelValues: data.train.labelValues,
                  labelNames: data.train.labelNames, maxLength: maxLength, maxTrainRows: maxTrainRows,
                  parameters: parameters)
        if let pairs {
            sourceColumn = pairs.source
            targetColumn = pairs.target
            evaluationFile = data.files.evaluation.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            record(decoding: .dataToText)
        }
    }
}
