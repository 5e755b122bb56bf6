/// The examples of one data file, read for the task they serve: labelled texts or source/target pairs.
public enum TaskExamples: Sendable {
    case classification(ClassificationDataset)
    case generation(GenerationDataset)

    /// The number of examples.
    public var count: Int {
        switch self {
        case .classification(let dataset): dataset.count
        case .generation(let dataset): dataset.examples.count
        }
    }

    /// The file they came from.
    public var source: String {
        switch self {
        case .classification(let dataset): dataset.source
        case .generation(let dataset): dataset.source
        }
    }

    /// The labelled texts, when the task is a classification.
    public var classification: ClassificationDataset? {
        if case .classification(let dataset) = self { return dataset }
        return nil
    }

    /// The source/target pairs, when the task is a generation.
    public var generation: GenerationDataset? {
        if case .generation(let dataset) = self { return dataset }
        return nil
    }

    /// The label values as written in the data, in class order (none for a generation task).
    public var labelValues: [String] { classification?.labelValues ?? [] }
    /// The labels' display names, in class order (none for a generation task).
    public var labelNames: [String] { classification?.labelNames ?? [] }
}
