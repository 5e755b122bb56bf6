/// Why a safetensors file could not be read or written.
///
/// Every case that concerns a file carries its path, and every case that
/// concerns one tensor carries the tensor's name, so that `description` can
/// stand alone as a one-sentence error message.
public enum SafeTensorsError: Error, Equatable, CustomStringConvertible {
    /// No file exists at the path.
    case fileNotFound(path: String)
    /// The file exists but could not be opened or mapped.
    case unreadable(path: String, reason: String)
    /// The file is a Git LFS pointer, not the tensors it stands for.
    case gitLFSPointer(path: String)
    /// The file is shorter than the 8-byte header length.
    case tooSmall(path: String, size: Int)
    /// The declared header length exceeds the 100 MB the format allows.
    case headerTooLarge(path: String, length: UInt64)
    /// The declared header reaches past the end of the file.
    case headerTruncated(path: String, headerLength: Int, fileSize: Int)
    /// The header bytes are not valid UTF-8.
    case headerNotUTF8(path: String)
    /// The header is not valid JSON.
    case invalidHeaderJSON(path: String, reason: String)
    /// The header is valid JSON but its top level is not an object.
    case headerNotObject(path: String)
    /// `__metadata__` is not an object mapping strings to strings.
    case invalidMetadata(path: String, reason: String)
    /// A tensor's header entry is malformed.
    case invalidTensorEntry(path: String, tensor: String, reason: String)
    /// A tensor declares a dtype this reader does not know.
    case unknownDType(path: String, tensor: String, dtype: String)
    /// A tensor's element count or byte size overflows `Int`.
    case shapeOverflow(path: String, tensor: String, shape: [Int])
    /// A tensor's dtype and shape need `expected` bytes but its offsets span `actual`.
    case shapeMismatch(path: String, tensor: String, expected: Int, actual: Int)
    /// A tensor starts after the previous one ends (or the first after 0), leaving a gap.
    case offsetsNotContiguous(path: String, tensor: String, expectedBegin: Int, actualBegin: Int)
    /// A tensor starts before the previous one (in offset order) ends.
    case overlappingTensors(path: String, tensor: String, previous: String)
    /// The data section is shorter than the header's offsets require.
    case dataTruncated(path: String, expected: Int, actual: Int)
    /// The data section is longer than the header's offsets cover.
    case trailingBytes(path: String, expected: Int, actual: Int)
    /// The file has no tensor of that name.
    case tensorNotFound(path: String, tensor: String)
    /// The tensor's dtype cannot be read the way the caller asked (`wanted` says how).
    case wrongDType(path: String, tensor: String, dtype: SafeTensorsDType, wanted: String)
    /// A floating-point tensor holds NaN or an infinity (or an F64 beyond Float's range).
    case nonFinite(path: String, tensor: String, index: Int, value: Float)
    /// The writer already holds a tensor of that name.
    case duplicateTensor(name: String)
    /// The writer was given a name the format reserves (`__metadata__`).
    case reservedTensorName(name: String)
    /// The writer was given a shape with a negative dimension or an overflowing size.
    case invalidShape(tensor: String, shape: [Int])
    /// The writer was given a number of values that does not fill the shape.
    case elementCountMismatch(tensor: String, shape: [Int], count: Int)
    /// The file could not be written.
    case writeFailed(path: String, reason: String)

    /// One sentence naming the file and tensor involved and the likely cause.
    public var description: String { text.printable }

    private var text: String {
        switch self {
        case let .fileNotFound(path):
            "safetensors file \(path) does not exist; check the path or download the weights."
        case let .unreadable(path, reason):
            "cannot read safetensors file \(path) (\(reason)); check that it is a regular file you may read."
        case let .gitLFSPointer(path):
            "\(path) is a Git LFS pointer, not the weights themselves; run `git lfs pull` in its repository or download the real file."
        case let .tooSmall(path, size):
            "\(path) has only \(size) bytes, too few for a safetensors file; it is probably empty or a truncated download."
        case let .headerTooLarge(path, length):
            "\(path) declares a \(length)-byte header, over the format's 100 MB limit; it is probably not a safetensors file."
        case let .headerTruncated(path, headerLength, fileSize):
            "\(path) declares a \(headerLength)-byte header but has only \(fileSize) bytes in all; it is probably a truncated download."
        case let .headerNotUTF8(path):
            "the header of \(path) is not valid UTF-8; the file is corrupt or not a safetensors file."
        case let .invalidHeaderJSON(path, reason):
            "the header of \(path) is not valid JSON (\(reason)); the file is corrupt or not a safetensors file."
        case let .headerNotObject(path):
            "the header of \(path) is JSON but not an object; the file was not written by a safetensors writer."
        case let .invalidMetadata(path, reason):
            "the __metadata__ of \(path) is invalid (\(reason)); the tool that wrote it does not follow the format, which allows only strings mapped to strings."
        case let .invalidTensorEntry(path, tensor, reason):
            "tensor \"\(tensor)\" in \(path) has a malformed header entry (\(reason)); the tool that wrote the file does not follow the format."
        case let .unknownDType(path, tensor, dtype):
            "tensor \"\(tensor)\" in \(path) has dtype \"\(dtype)\", which kmix cannot read; convert the checkpoint to F32, F16 or BF16."
        case let .shapeOverflow(path, tensor, shape):
            "tensor \"\(tensor)\" in \(path) has shape \(shape), too large to address; the header is corrupt."
        case let .shapeMismatch(path, tensor, expected, actual):
            "tensor \"\(tensor)\" in \(path) needs \(expected) bytes for its dtype and shape but its data_offsets span \(actual); the header is corrupt."
        case let .offsetsNotContiguous(path, tensor, expectedBegin, actualBegin):
            "tensor \"\(tensor)\" in \(path) starts at data byte \(actualBegin) where \(expectedBegin) was expected, leaving a gap; the header's data_offsets are corrupt."
        case let .overlappingTensors(path, tensor, previous):
            "tensor \"\(tensor)\" in \(path) overlaps tensor \"\(previous)\" in the data section; the header's data_offsets are corrupt."
        case let .dataTruncated(path, expected, actual):
            "the data section of \(path) has \(actual) bytes but its header describes \(expected); it is probably a truncated download."
        case let .trailingBytes(path, expected, actual):
            "the data section of \(path) has \(actual) bytes but its header describes only \(expected); the file is corrupt or something was appended to it."
        case let .tensorNotFound(path, tensor):
            "\(path) has no tensor named \"\(tensor)\"; the checkpoint is probably of a different model or uses a different naming prefix."
        case let .wrongDType(path, tensor, dtype, wanted):
            "tensor \"\(tensor)\" in \(path) has dtype \(dtype.rawValue), which cannot be read as \(wanted); the checkpoint does not match what the model expects."
        case let .nonFinite(path, tensor, index, value):
            "tensor \"\(tensor)\" in \(path) holds \(value) at element \(index); weights must be finite numbers, so the file is corrupt or the training that wrote it diverged."
        case let .duplicateTensor(name):
            "the safetensors writer already holds a tensor named \"\(name)\"; each tensor name must be unique within a file."
        case let .reservedTensorName(name):
            "\"\(name)\" cannot name a tensor because the safetensors format reserves it for the file's metadata."
        case let .invalidShape(tensor, shape):
            "tensor \"\(tensor)\" has shape \(shape), which has a negative dimension or is too large; the caller built a wrong shape."
        case let .elementCountMismatch(tensor, shape, count):
            "tensor \"\(tensor)\" has shape \(shape) but \(count) values were given; the shape and the data disagree."
        case let .writeFailed(path, reason):
            "cannot write safetensors file \(path) (\(reason)); check that its folder exists, is writable and has free space."
        }
    }
}
