import Foundation

extension RunConfiguration {
    /// The run's training and dev sets, read again from the files and columns it records,
    /// with its labels (in its class order).
    public func loadData() throws -> (train: ClassificationDataset, dev: ClassificationDataset?) {
        let labels = LabelSet.fixed(values: labelValues, names: labelNames)
        let train = try ClassificationDataset.load(
            URL(fileURLWithPath: trainFile), columns: ColumnSelection(text: textColumn, pair: pairColumn, label: labelColumn),
            labels: labels, maxRows: maxTrainRows)
        let dev = try devFile.map {
            try ClassificationDataset.load(
                URL(fileURLWithPath: $0), columns: ColumnSelection(text: devTextColumn, pair: pairColumn, label: labelColumn),
                labels: labels)
        }
        return (train, dev)
    }
}

extension RunConfiguration {
    /// The configuration of a run of `model` on `data`, read from `source` (its task and columns are recorded).
    public init(model: String, source: DataSource, data: LoadedData, maxLength: Int, maxTrainRows: Int?,
                parameters: TrainingParameters) {
        self.init(model: model, task: source.task?.name, trainFile: data.files.train, devFile: data.files.dev,
                  textColumn: source.columns.text, pairColumn: source.columns.pair, labelColumn: source.columns.label,
                  devTextColumn: source.devColumns.text, labelValues: data.train.labelValues,
                  labelNames: data.train.labelNames, maxLength: maxLength, maxTrainRows: maxTrainRows,
                  parameters: parameters)
    }
}
