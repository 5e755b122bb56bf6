/// The labelled examples of one data file, with the labels their class indices stand for.
public struct ClassificationDataset: Sendable {
    /// The examples, in file order.
    public var examples: [ClassificationExample]
    /// The label values as the file writes them (such as "0" and "1"), in class-index order.
    public var labelValues: [String]
    /// The display name of each class (such as "negative" and "positive"), in class-index order.
    public var labelNames: [String]
    /// Where the examples come from: the file's path.
    public var source: String

    /// A data set of `examples` whose class indices stand for `labelValues`, displayed as `labelNames`
    /// (the values themselves when nil).
    /// - Precondition: `labelNames`, when given, has one name per value.
    public init(examples: [ClassificationExample], labelValues: [String], labelNames: [String]? = nil, source: String) {
        precondition(labelNames == nil || labelNames!.count == labelValues.count, "one label name per label value")
        self.examples = examples
        self.labelValues = labelValues
        self.labelNames = labelNames ?? labelValues
        self.source = source
    }

    /// The fixed label set of this data set: read a dev or test file with it so that its class indices match.
    public var labels: LabelSet { .fixed(values: labelValues, names: labelNames) }

    /// The number of examples.
    public var count: Int { examples.count }
}
