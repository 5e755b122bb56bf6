import Foundation
import KMix

/// Where a run's examples come from.
public enum TrainingData: Sendable {
    /// The SST-2 preset, found under `$KMIX_DATA`, `./data` or `../shared/data`.
    case sst2
    /// A training file and an optional dev file.
    case files(train: String, dev: String?)

    /// The task's display name.
    public var name: String {
        switch self {
        case .sst2: return "SST-2"
        case .files: return "custom task"
        }
    }

    /// Whether the files exist, and where they are or how to provide them.
    public func availability() -> (found: Bool, description: String) {
        switch self {
        case .sst2:
            do {
                let files = try TaskPreset.sst2.locate(dataFolder: nil)
                return (true, "(\(files.train.deletingLastPathComponent().path))")
            } catch {
                return (false, "not found; set KMIX_DATA to a folder holding sst2/train.tsv and sst2/dev.tsv, or pass --train FILE --dev FILE")
            }
        case let .files(train, dev):
            let missing = ([train] + (dev.map { [$0] } ?? [])).filter { !FileManager.default.fileExists(atPath: $0) }
            return missing.isEmpty ? (true, "(\(train))") : (false, "missing \(missing.joined(separator: ", "))")
        }
    }

    /// The encoded training and dev sets for `model`.
    func load(model: PretrainedModel, maxTrainRows: Int?, maxLength: Int) throws -> (EncodedDataset, EncodedDataset?) {
        let train: ClassificationDataset, dev: ClassificationDataset?
        switch self {
        case .sst2:
            (train, dev) = try TaskPreset.sst2.load(dataFolder: nil, maxTrainRows: maxTrainRows)
        case let .files(trainFile, devFile):
            train = try ClassificationDataset.load(URL(fileURLWithPath: trainFile), labels: .inferred, maxRows: maxTrainRows)
            dev = try devFile.map { try ClassificationDataset.load(URL(fileURLWithPath: $0), labels: train.labels) }
        }
        let limit = min(maxLength, model.configuration.maxPositions)
        return (EncodedDataset(train, tokenizer: model.tokenizer, maxLength: limit),
                dev.map { EncodedDataset($0, tokenizer: model.tokenizer, maxLength: limit) })
    }
}
