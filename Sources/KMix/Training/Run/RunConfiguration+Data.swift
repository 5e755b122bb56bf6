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
