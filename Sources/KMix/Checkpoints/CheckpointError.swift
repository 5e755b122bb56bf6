/// Why a checkpoint cannot be written, found or used; every case names the file.
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
    /// A file of the checkpoint is missing.
    case missingFile(folder: String, file: String)
    /// A file is not what kmix writes.
    case invalid(path: String, reason: String)
    /// A tensor is missing, extra, or of the wrong shape.
    case tensorMismatch(path: String, tensor: String, reason: String)
    /// The plan hash in the tensors' metadata differs from the plan in `adapter_config.json`.
    case planMismatch(path: String)
    /// The checkpoint was made for another base model.
    case otherBaseModel(path: String, expected: String)
    /// The run folder has no complete checkpoint.
    case noCheckpoint(folder: String)

    public var description: String { text.printable }

    private var text: String {
        switch self {
        case let .missingFile(folder, file):
            return "the checkpoint \(folder) has no \(file); it is incomplete or not a kmix checkpoint"
        case let .invalid(path, reason):
            return "\(path) is not a valid kmix checkpoint file: \(reason)"
        case let .tensorMismatch(path, tensor, reason):
            return "\(path): tensor '\(tensor)' \(reason); it does not fit the checkpoint's plan"
        case let .planMismatch(path):
            return "\(path) was written for another plan than the one in its adapter_config.json (the plan hashes differ)"
        case let .otherBaseModel(path, expected):
            return "\(path) was made for another base model than \(expected) (the base model hashes differ)"
        case let .noCheckpoint(folder):
            return "the run folder \(folder) has no complete checkpoint under checkpoints/"
        }
    }
}
