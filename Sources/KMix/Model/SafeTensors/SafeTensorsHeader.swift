import Foundation

/// The parsed and validated JSON header of a safetensors file.
struct SafeTensorsHeader {
    /// The `__metadata__` object, empty if absent.
    let metadata: [String: String]
    /// Every tensor's entry, by name.
    let tensors: [String: SafeTensorInfo]

    /// Parses `bytes` (the header, without its length prefix) and checks the
    /// entries against each other and against a data section of `dataSize` bytes.
    /// - Throws: `SafeTensorsError` naming `path` for the first rule broken.
    init(bytes: UnsafeRawBufferPointer, dataSize: Int, path: String) throws {
        let object = try Self.jsonObject(bytes, path: path)
        var metadata: [String: String] = [:]
        var tensors: [String: SafeTensorInfo] = [:]
        for (key, node) in object.nodes {
            if key == "__metadata__" {
                metadata = try Self.metadata(node, path: path)
            } else {
                tensors[key] = try Self.entry(key, node, path: path)
            }
        }
        try Self.checkLayout(Array(tensors.values), dataSize: dataSize, path: path)
        self.metadata = metadata
        self.tensors = tensors
    }

    /// The header's top-level JSON object.
    private static func jsonObject(_ bytes: UnsafeRawBufferPointer, path: String) throws -> JSONObject {
        // Decoding replaces invalid sequences, so valid UTF-8 is exactly what survives unchanged.
        guard String(decoding: bytes, as: UTF8.self).utf8.elementsEqual(bytes) else {
            throw SafeTensorsError.headerNotUTF8(path: path)
        }
        let root: JSONValue
        do { root = try JSONValue.parse(Array(bytes)) } catch {
            throw SafeTensorsError.invalidHeaderJSON(path: path, reason: error.description)
        }
        guard case .object(let members) = root else { throw SafeTensorsError.headerNotObject(path: path) }
        do { return try JSONObject(members: members, path: "$") } catch {
            throw SafeTensorsError.invalidHeaderJSON(path: path, reason: error.description)
        }
    }

    /// The `__metadata__` value as a string-to-string map.
    private static func metadata(_ node: JSONNode, path: String) throws -> [String: String] {
        let object: JSONObject
        do { object = try node.object() } catch { throw SafeTensorsError.invalidMetadata(path: path, reason: error.reason) }
        var metadata: [String: String] = [:]
        for member in object.members {
            guard let string = member.value.stringValue else {
                throw SafeTensorsError.invalidMetadata(path: path, reason: "the value of \"\(member.key)\" is not a string")
            }
            metadata[member.key] = string
        }
        return metadata
    }

    /// One tensor's entry, checked on its own: its keys, dtype, shape,
    /// offsets, and that the offsets span exactly the bytes the shape needs.
    private static func entry(_ name: String, _ node: JSONNode, path: String) throws -> SafeTensorInfo {
        func malformed(_ reason: String) -> SafeTensorsError {
            .invalidTensorEntry(path: path, tensor: name, reason: reason)
        }
        let object: JSONObject
        do { object = try node.object() } catch { throw malformed(error.reason) }
        let required = ["data_offsets", "dtype", "shape"]
        if let missing = required.first(where: { object[$0] == nil }) {
            throw malformed("the key \"\(missing)\" is missing")
        }
        if let extra = object.keys.sorted().first(where: { !required.contains($0) }) {
            throw malformed("the key \"\(extra)\" is not allowed")
        }
        guard let dtypeName = object["dtype"]?.value.stringValue else { throw malformed("dtype is not a string") }
        guard let dtype = SafeTensorsDType(rawValue: dtypeName) else {
            throw SafeTensorsError.unknownDType(path: path, tensor: name, dtype: dtypeName)
        }
        guard let shapeValues = object["shape"]?.value.arrayValue else { throw malformed("shape is not an array") }
        let shape = shapeValues.compactMap(Self.nonNegativeInteger)
        guard shape.count == shapeValues.count else {
            throw malformed("shape has an element that is not a non-negative integer")
        }
        guard let offsetValues = object["data_offsets"]?.value.arrayValue, offsetValues.count == 2 else {
            throw malformed("data_offsets is not an array of two elements")
        }
        let offsets = offsetValues.compactMap(Self.nonNegativeInteger)
        guard offsets.count == 2 else { throw malformed("data_offsets has an element that is not a non-negative integer") }
        guard offsets[0] <= offsets[1] else { throw malformed("data_offsets begins after it ends") }
        let info = SafeTensorInfo(name: name, dtype: dtype, shape: shape, dataOffsets: offsets[0]..<offsets[1])
        let size = try byteSize(info, path: path)
        guard size == info.dataOffsets.count else {
            throw SafeTensorsError.shapeMismatch(path: path, tensor: name, expected: size, actual: info.dataOffsets.count)
        }
        return info
    }

    /// The value as an `Int` when it is an integer literal that fits and is not negative.
    private static func nonNegativeInteger(_ value: JSONValue) -> Int? {
        value.intValue.flatMap { $0 >= 0 ? $0 : nil }
    }

    /// The bytes the tensor's dtype and shape need, checked for overflow.
    private static func byteSize(_ info: SafeTensorInfo, path: String) throws -> Int {
        var size = info.dtype.byteSize
        for dimension in info.shape {
            let (product, overflow) = size.multipliedReportingOverflow(by: dimension)
            guard !overflow else {
                throw SafeTensorsError.shapeOverflow(path: path, tensor: info.name, shape: info.shape)
            }
            size = product
        }
        return size
    }

    /// Checks that the tensors, in offset order, tile the data section
    /// exactly: from 0, without gaps or overlaps, to its last byte.
    private static func checkLayout(_ tensors: [SafeTensorInfo], dataSize: Int, path: String) throws {
        let ordered = tensors.sorted {
            ($0.dataOffsets.lowerBound, $0.dataOffsets.upperBound, $0.name)
                < ($1.dataOffsets.lowerBound, $1.dataOffsets.upperBound, $1.name)
        }
        var end = 0
        var previous: String?
        for info in ordered {
            let begin = info.dataOffsets.lowerBound
            if begin > end {
                throw SafeTensorsError.offsetsNotContiguous(path: path, tensor: info.name, expectedBegin: end, actualBegin: begin)
            }
            if begin < end, let previous {
                throw SafeTensorsError.overlappingTensors(path: path, tensor: info.name, previous: previous)
            }
            end = info.dataOffsets.upperBound
            previous = info.name
        }
        if end > dataSize {
            throw SafeTensorsError.dataTruncated(path: path, expected: end, actual: dataSize)
        }
        if end < dataSize {
            throw SafeTensorsError.trailingBytes(path: path, expected: end, actual: dataSize)
        }
    }
}
