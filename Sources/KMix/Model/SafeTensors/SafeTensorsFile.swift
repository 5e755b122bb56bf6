import Foundation

/// A safetensors file, memory-mapped read-only and validated when opened.
///
/// Opening checks the whole header against the format (see `init(url:)`), so
/// the accessors only fail for a missing name or an unsuitable dtype. Tensor
/// data are read from the mapping on each call and copied out.
public final class SafeTensorsFile: Sendable {
    /// The file's location.
    public let url: URL
    /// The header's `__metadata__` map, empty if the file has none.
    public let metadata: [String: String]

    private let mapping: MappedFile
    private let dataStart: Int
    private let tensors: [String: SafeTensorInfo]

    /// Maps the file at `url` and validates it.
    ///
    /// The checks, each with its own `SafeTensorsError` case: not a Git LFS
    /// pointer; at least 8 bytes; a header length of at most 100 MB that fits
    /// in the file; a UTF-8 JSON object header (trailing spaces allowed);
    /// `__metadata__` mapping strings to strings; every other entry holding
    /// exactly a known `dtype`, a `shape` of non-negative integers and
    /// `data_offsets` `[begin, end]` with `begin <= end`, spanning exactly the
    /// bytes its dtype and shape need; and the tensors, in offset order,
    /// covering the data section from 0 to its end without gaps or overlaps.
    /// - Throws: `SafeTensorsError` for the first check that fails.
    public init(url: URL) throws {
        let path = url.path(percentEncoded: false)
        let mapping = try MappedFile(path: path)
        let bytes = mapping.bytes
        if bytes.starts(with: "version https://git-lfs".utf8) {
            throw SafeTensorsError.gitLFSPointer(path: path)
        }
        guard bytes.count >= 8 else {
            throw SafeTensorsError.tooSmall(path: path, size: bytes.count)
        }
        let declared = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
        guard declared <= 100_000_000 else {
            throw SafeTensorsError.headerTooLarge(path: path, length: declared)
        }
        let headerLength = Int(declared)
        guard 8 + headerLength <= bytes.count else {
            throw SafeTensorsError.headerTruncated(path: path, headerLength: headerLength, fileSize: bytes.count)
        }
        let dataStart = 8 + headerLength
        let header = try SafeTensorsHeader(
            bytes: UnsafeRawBufferPointer(rebasing: bytes[8..<dataStart]),
            dataSize: bytes.count - dataStart,
            path: path)
        self.url = url
        self.metadata = header.metadata
        self.mapping = mapping
        self.dataStart = dataStart
        self.tensors = header.tensors
    }

    /// The names of all tensors, sorted.
    public var tensorNames: [String] { tensors.keys.sorted() }

    /// The header entry of the tensor `name`, or `nil` if there is none.
    public func info(_ name: String) -> SafeTensorInfo? {
        tensors[name]
    }

    /// The elements of a floating-point tensor as `Float`, row-major.
    ///
    /// F32 is copied bit for bit; F16, BF16 and F64 are converted (F64 rounds
    /// to nearest).
    /// Every element must be a finite number (an F64 beyond Float's range is not): weights that hold NaN or an
    /// infinity make every output that uses them meaningless.
    /// - Throws: `.tensorNotFound`, `.wrongDType` for any other dtype, `.nonFinite`.
    public func floats(_ name: String) throws -> [Float] {
        let info = try lookUp(name)
        let values: [Float]
        switch info.dtype {
        case .f32: values = elements(info, as: UInt32.self) { Float(bitPattern: $0) }
        case .f16: values = elements(info, as: UInt16.self, HalfPrecision.float(fromF16:))
        case .bf16: values = elements(info, as: UInt16.self, HalfPrecision.float(fromBF16:))
        case .f64: values = elements(info, as: UInt64.self) { Float(Double(bitPattern: $0)) }
        default: throw wrongDType(info, wanted: "Float")
        }
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw SafeTensorsError.nonFinite(path: url.path(percentEncoded: false), tensor: name, index: index,
                                             value: values[index])
        }
        return values
    }

    /// The floating-point tensor `name` with its shape (see `floats(_:)`).
    public func tensor(_ name: String) throws -> Tensor {
        let info = try lookUp(name)
        return Tensor(shape: info.shape, scalars: try floats(name))
    }

    /// Lets the system drop the file pages that hold tensor `name` from memory, after it was copied
    /// out: loading a model tensor by tensor then needs little more memory than the copies.
    /// Reading the tensor again still works (the pages are read from the file again).
    public func releaseMemory(of name: String) {
        guard let info = tensors[name] else { return }
        mapping.releasePages(in: (dataStart + info.dataOffsets.lowerBound)..<(dataStart + info.dataOffsets.upperBound))
    }

    /// The elements of an integer tensor widened to `Int64`, row-major.
    ///
    /// Reads I64, I32, I16, I8, U32, U16, U8 and BOOL (as 0 or 1).
    /// - Throws: `.tensorNotFound`, or `.wrongDType` for floating-point
    ///   dtypes and for U64, whose values need not fit in `Int64`.
    public func int64s(_ name: String) throws -> [Int64] {
        let info = try lookUp(name)
        switch info.dtype {
        case .i64: return elements(info, as: Int64.self) { $0 }
        case .i32: return elements(info, as: Int32.self) { Int64($0) }
        case .i16: return elements(info, as: Int16.self) { Int64($0) }
        case .i8: return elements(info, as: Int8.self) { Int64($0) }
        case .u32: return elements(info, as: UInt32.self) { Int64($0) }
        case .u16: return elements(info, as: UInt16.self) { Int64($0) }
        case .u8, .bool: return elements(info, as: UInt8.self) { Int64($0) }
        default: throw wrongDType(info, wanted: "Int64")
        }
    }

    /// The header entry of `name`, or `.tensorNotFound`.
    private func lookUp(_ name: String) throws -> SafeTensorInfo {
        guard let info = tensors[name] else {
            throw SafeTensorsError.tensorNotFound(path: url.path(percentEncoded: false), tensor: name)
        }
        return info
    }

    /// The error for reading `info`'s tensor as `wanted`.
    private func wrongDType(_ info: SafeTensorInfo, wanted: String) -> SafeTensorsError {
        .wrongDType(path: url.path(percentEncoded: false), tensor: info.name, dtype: info.dtype, wanted: wanted)
    }

    /// The tensor's little-endian elements of type `Raw`, each transformed.
    /// Loads are unaligned because the format does not guarantee alignment.
    private func elements<Raw: FixedWidthInteger, Element>(
        _ info: SafeTensorInfo, as raw: Raw.Type, _ transform: (Raw) -> Element
    ) -> [Element] {
        let stride = MemoryLayout<Raw>.size
        let count = info.dataOffsets.count / stride
        let start = dataStart + info.dataOffsets.lowerBound
        let bytes = mapping.bytes
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count {
                let value = bytes.loadUnaligned(fromByteOffset: start + index * stride, as: Raw.self)
                (buffer.baseAddress! + index).initialize(to: transform(Raw(littleEndian: value)))
            }
            initialized = count
        }
    }
}
