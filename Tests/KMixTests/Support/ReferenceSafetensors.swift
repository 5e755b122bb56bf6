import Foundation

/// A minimal reader for the integer tensors of the shared reference fixtures (`../shared/fixtures/*.safetensors`),
/// so tokenizer tests do not depend on the project's safetensors reader.
struct ReferenceSafetensors {
    /// Why the file could not be read.
    struct FormatError: Error, CustomStringConvertible {
        /// What was wrong.
        var description: String
    }

    private let data: Data
    private let header: [String: Any]
    private let dataStart: Int

    /// Reads the header of the file at `url`.
    init(url: URL) throws {
        data = try Data(contentsOf: url)
        guard data.count >= 8 else { throw FormatError(description: "\(url.path) is shorter than a safetensors header") }
        let headerLength = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        guard 8 + headerLength <= data.count,
              let header = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<(8 + headerLength))) as? [String: Any] else {
            throw FormatError(description: "\(url.path) has no valid safetensors header")
        }
        self.header = header
        self.dataStart = 8 + headerLength
    }

    /// The shape and the values of the I64 tensor `name`.
    func int64Tensor(_ name: String) throws -> (shape: [Int], values: [Int64]) {
        guard let entry = header[name] as? [String: Any], entry["dtype"] as? String == "I64",
              let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int], offsets.count == 2 else {
            throw FormatError(description: "no I64 tensor \(name)")
        }
        let bytes = data.subdata(in: (dataStart + offsets[0])..<(dataStart + offsets[1]))
        let values = bytes.withUnsafeBytes { raw in
            (0..<(bytes.count / 8)).map { Int64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self)) }
        }
        guard values.count == shape.reduce(1, *) else { throw FormatError(description: "\(name) has the wrong size") }
        return (shape, values)
    }
}
