import Foundation

/// Builds a safetensors file from F32 and I64 tensors.
///
/// The output is deterministic: it depends on the tensors and metadata, not on
/// the order they were added. The header lists `__metadata__` first (if not
/// empty), then the tensors sorted by name, every object's keys sorted, and is
/// padded with spaces to a multiple of 8 bytes. The data section holds the
/// 8-byte tensors (I64) first, then the 4-byte ones (F32), each group sorted
/// by name, as the reference implementation does, so every tensor is aligned
/// to its element size within the file.
public struct SafeTensorsWriter: Sendable {
    /// The `__metadata__` map written into the header.
    public var metadata: [String: String]

    private var entries: [String: Entry] = [:]

    /// One tensor waiting to be written.
    private struct Entry: Sendable {
        let dtype: SafeTensorsDType
        let shape: [Int]
        let bytes: [UInt8]
    }

    /// An empty writer whose file will carry `metadata`.
    public init(metadata: [String: String] = [:]) {
        self.metadata = metadata
    }

    /// Adds `tensor` as F32 under `name`.
    /// - Throws: `.duplicateTensor` or `.reservedTensorName`.
    public mutating func add(_ name: String, _ tensor: Tensor) throws {
        try add(name, shape: tensor.shape, floats: tensor.scalars)
    }

    /// Adds an F32 tensor of the given shape holding `floats` row-major.
    /// - Throws: `.duplicateTensor`, `.reservedTensorName`, `.invalidShape`
    ///   or `.elementCountMismatch`.
    public mutating func add(_ name: String, shape: [Int], floats: [Float]) throws {
        try check(name, shape: shape, count: floats.count)
        entries[name] = Entry(dtype: .f32, shape: shape, bytes: Self.littleEndianBytes(floats.map(\.bitPattern)))
    }

    /// Adds an I64 tensor of the given shape holding `int64s` row-major.
    /// - Throws: `.duplicateTensor`, `.reservedTensorName`, `.invalidShape`
    ///   or `.elementCountMismatch`.
    public mutating func add(_ name: String, shape: [Int], int64s: [Int64]) throws {
        try check(name, shape: shape, count: int64s.count)
        entries[name] = Entry(dtype: .i64, shape: shape, bytes: Self.littleEndianBytes(int64s))
    }

    /// The whole file: header length, header and data.
    public func encoded() -> [UInt8] {
        // Wider elements first, then by name: every tensor starts at a multiple of its element size.
        let layout = entries.sorted {
            ($0.value.dtype.byteSize, $1.key) > ($1.value.dtype.byteSize, $0.key)
        }
        var placed: [(name: String, entry: Entry, range: Range<Int>)] = []
        var end = 0
        for (name, entry) in layout {
            placed.append((name, entry, end..<(end + entry.bytes.count)))
            end += entry.bytes.count
        }
        var fields: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key < $1.key }
                .map { "\(JSONText.string($0.key)):\(JSONText.string($0.value))" }
            fields.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        for (name, entry, range) in placed.sorted(by: { $0.name < $1.name }) {
            let shape = entry.shape.map(String.init).joined(separator: ",")
            fields.append("\(JSONText.string(name)):{\"data_offsets\":[\(range.lowerBound),\(range.upperBound)],"
                + "\"dtype\":\"\(entry.dtype.rawValue)\",\"shape\":[\(shape)]}")
        }
        var header = Array("{\(fields.joined(separator: ","))}".utf8)
        header += [UInt8](repeating: UInt8(ascii: " "), count: (8 - header.count % 8) % 8)
        var file = Self.littleEndianBytes([UInt64(header.count)])
        file.reserveCapacity(8 + header.count + end)
        file += header
        for (_, entry, _) in placed {
            file += entry.bytes
        }
        return file
    }

    /// Writes the file to `url` atomically: into a temporary file in the same
    /// folder, flushed to disk, then renamed over `url`.
    /// - Throws: `.writeFailed`.
    public func write(to url: URL) throws {
        do {
            try AtomicFile.replace(url, with: encoded())
        } catch {
            throw SafeTensorsError.writeFailed(path: error.path, reason: error.reason)
        }
    }

    /// Checks that `name` is new and allowed and that `shape` holds `count` elements.
    private func check(_ name: String, shape: [Int], count: Int) throws {
        guard name != "__metadata__" else { throw SafeTensorsError.reservedTensorName(name: name) }
        guard entries[name] == nil else { throw SafeTensorsError.duplicateTensor(name: name) }
        var elements = 1
        for dimension in shape {
            let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
            guard dimension >= 0, !overflow else {
                throw SafeTensorsError.invalidShape(tensor: name, shape: shape)
            }
            elements = product
        }
        guard elements == count else {
            throw SafeTensorsError.elementCountMismatch(tensor: name, shape: shape, count: count)
        }
    }

    /// The values' bytes in little-endian order.
    private static func littleEndianBytes<Value: FixedWidthInteger>(_ values: [Value]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * MemoryLayout<Value>.size)
        for value in values {
            withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
        }
        return bytes
    }
}
