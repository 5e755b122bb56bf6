import Foundation
import KMixTestSupport
import Testing
@testable import KMix

// MARK: - Helpers

/// A fresh folder under the system temporary directory, removed when released.
private final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("kmix-safetensors-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes `bytes` to a file of that name in the folder and returns its URL.
    func file(_ bytes: [UInt8], named name: String = "test.safetensors") throws -> URL {
        let url = url.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }
}

/// The values' bytes in little-endian order.
private func littleEndian<Value: FixedWidthInteger>(_ values: [Value]) -> [UInt8] {
    values.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } }
}

/// A safetensors file: the header length (`declaredLength`, or the header's
/// true length), the header bytes, then `data`.
private func fileBytes(header: [UInt8], data: [UInt8] = [], declaredLength: UInt64? = nil) -> [UInt8] {
    littleEndian([declaredLength ?? UInt64(header.count)]) + header + data
}

/// A safetensors file with a textual header (see `fileBytes(header:data:declaredLength:)`).
private func fileBytes(_ header: String, data: [UInt8] = [], declaredLength: UInt64? = nil) -> [UInt8] {
    fileBytes(header: Array(header.utf8), data: data, declaredLength: declaredLength)
}

/// Writes `bytes` to a fresh file, opens it, and returns the error opening
/// threw (`nil` if it opened) with the path that errors name.
private func openingError(_ bytes: [UInt8]) throws -> (error: SafeTensorsError?, path: String) {
    let folder = try TemporaryFolder()
    let url = try folder.file(bytes)
    let path = url.path(percentEncoded: false)
    do {
        _ = try SafeTensorsFile(url: url)
        return (nil, path)
    } catch let error as SafeTensorsError {
        return (error, path)
    }
}

/// Writes `bytes` to a file in `folder` and opens it.
private func open(_ bytes: [UInt8], in folder: TemporaryFolder) throws -> SafeTensorsFile {
    try SafeTensorsFile(url: folder.file(bytes))
}

private extension SafeTensorsError {
    /// The case's name, for cases whose payload holds free text.
    var caseName: String {
        Mirror(reflecting: self).children.first?.label ?? "\(self)"
    }
}

// MARK: - Reader rules

@Suite struct SafeTensorsReaderRuleTests {
    @Test func missingFileIsNotFound() throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("absent.safetensors")
        #expect(throws: SafeTensorsError.fileNotFound(path: url.path(percentEncoded: false))) {
            try SafeTensorsFile(url: url)
        }
    }

    @Test func folderIsUnreadable() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.path(percentEncoded: false)
        #expect(throws: SafeTensorsError.unreadable(path: path, reason: "not a regular file")) {
            try SafeTensorsFile(url: folder.url)
        }
    }

    @Test func fileShorterThanEightBytesIsTooSmall() throws {
        let (error, path) = try openingError([1, 0, 0, 0, 0])
        #expect(error == .tooSmall(path: path, size: 5))
    }

    @Test func emptyFileIsTooSmall() throws {
        let (error, path) = try openingError([])
        #expect(error == .tooSmall(path: path, size: 0))
    }

    @Test func headerOverOneHundredMegabytesIsTooLarge() throws {
        let (error, path) = try openingError(fileBytes("{}", declaredLength: 100_000_001))
        #expect(error == .headerTooLarge(path: path, length: 100_000_001))
    }

    @Test func headerOfExactlyOneHundredMegabytesIsAllowedButTruncated() throws {
        let (error, path) = try openingError(fileBytes("{}", declaredLength: 100_000_000))
        #expect(error == .headerTruncated(path: path, headerLength: 100_000_000, fileSize: 10))
    }

    @Test func headerPastEndOfFileIsTruncated() throws {
        let (error, path) = try openingError(fileBytes("{}", declaredLength: 100))
        #expect(error == .headerTruncated(path: path, headerLength: 100, fileSize: 10))
    }

    @Test func gitLFSPointerIsDetectedBeforeTheHeaderLength() throws {
        let pointer = """
            version https://git-lfs.github.com/spec/v1
            oid sha256:53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
            size 90868376

            """
        let (error, path) = try openingError(Array(pointer.utf8))
        #expect(error == .gitLFSPointer(path: path))
        #expect(error?.description.contains("git lfs pull") == true)
    }

    @Test func headerThatIsNotUTF8IsRejected() throws {
        let header: [UInt8] = [0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D, 0x20]   // {"\xFF":1}
        let (error, path) = try openingError(fileBytes(header: header))
        #expect(error == .headerNotUTF8(path: path))
    }

    @Test func headerThatIsNotJSONIsRejected() throws {
        let (error, path) = try openingError(fileBytes(#"{"a":     "#))
        #expect(error?.caseName == "invalidHeaderJSON")
        #expect(error?.description.contains(path) == true)
    }

    @Test(arguments: ["[]      ", "5       ", #""x"     "#, "null    "])
    func headerThatIsNotAnObjectIsRejected(header: String) throws {
        let (error, path) = try openingError(fileBytes(header))
        #expect(error == .headerNotObject(path: path))
    }

    @Test(arguments: [
        #"{"__metadata__":{"format":1}}"#,
        #"{"__metadata__":{"format":null}}"#,
        #"{"__metadata__":{"format":["pt"]}}"#,
        #"{"__metadata__":"pt"}"#,
    ])
    func metadataThatIsNotStringToStringIsRejected(header: String) throws {
        let (error, path) = try openingError(fileBytes(header))
        #expect(error?.caseName == "invalidMetadata")
        #expect(error?.description.contains(path) == true)
    }

    @Test(arguments: [
        #"5"#,
        #"{"dtype":"F32","shape":[1]}"#,
        #"{"shape":[1],"data_offsets":[0,4]}"#,
        #"{"dtype":"F32","data_offsets":[0,4]}"#,
        #"{"dtype":"F32","shape":[1],"data_offsets":[0,4],"extra":1}"#,
        #"{"dtype":32,"shape":[1],"data_offsets":[0,4]}"#,
        #"{"dtype":"F32","shape":"1","data_offsets":[0,4]}"#,
        #"{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}"#,
        #"{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}"#,
        #"{"dtype":"F32","shape":[1.0],"data_offsets":[0,4]}"#,
        #"{"dtype":"F32","shape":[1e0],"data_offsets":[0,4]}"#,
        #"{"dtype":"F32","shape":[true],"data_offsets":[0,4]}"#,
        #"{"dtype":"F32","shape":[18446744073709551615],"data_offsets":[0,4]}"#,
        #"{"dtype":"F32","shape":[1],"data_offsets":[0]}"#,
        #"{"dtype":"F32","shape":[1],"data_offsets":[0,4,8]}"#,
        #"{"dtype":"F32","shape":[1],"data_offsets":{"begin":0,"end":4}}"#,
        #"{"dtype":"F32","shape":[1],"data_offsets":[0,"4"]}"#,
        #"{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}"#,
        #"{"dtype":"F32","shape":[1],"data_offsets":[4,0]}"#,
    ])
    func malformedTensorEntryIsRejected(entry: String) throws {
        let (error, path) = try openingError(fileBytes(#"{"w":\#(entry)}"#, data: [0, 0, 0, 0]))
        #expect(error?.caseName == "invalidTensorEntry")
        #expect(error?.description.contains(path) == true)
        #expect(error?.description.contains(#""w""#) == true)
    }

    @Test(arguments: ["F4", "F6_E2M3", "Q8_0", "f32", ""])
    func unknownDTypeIsRejected(dtype: String) throws {
        let header = #"{"w":{"dtype":"\#(dtype)","shape":[1],"data_offsets":[0,4]}}"#
        let (error, path) = try openingError(fileBytes(header, data: [0, 0, 0, 0]))
        #expect(error == .unknownDType(path: path, tensor: "w", dtype: dtype))
    }

    @Test func byteSizeDisagreeingWithOffsetsIsShapeMismatch() throws {
        let header = #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#
        let (error, path) = try openingError(fileBytes(header, data: [0, 0, 0, 0]))
        #expect(error == .shapeMismatch(path: path, tensor: "w", expected: 8, actual: 4))
    }

    @Test(arguments: [[4_611_686_018_427_387_904, 4], [4_294_967_296, 4_294_967_296]])
    func shapeWhoseByteSizeOverflowsIsRejected(shape: [Int]) throws {
        let header = #"{"w":{"dtype":"F32","shape":\#(shape),"data_offsets":[0,4]}}"#
        let (error, path) = try openingError(fileBytes(header, data: [0, 0, 0, 0]))
        #expect(error == .shapeOverflow(path: path, tensor: "w", shape: shape))
    }

    @Test func gapBetweenTensorsIsNotContiguous() throws {
        let header = #"""
            {"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},\#
            "b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}
            """#
        let (error, path) = try openingError(fileBytes(header, data: Array(repeating: 0, count: 12)))
        #expect(error == .offsetsNotContiguous(path: path, tensor: "b", expectedBegin: 4, actualBegin: 8))
    }

    @Test func firstTensorNotAtZeroIsNotContiguous() throws {
        let header = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        let (error, path) = try openingError(fileBytes(header, data: Array(repeating: 0, count: 8)))
        #expect(error == .offsetsNotContiguous(path: path, tensor: "a", expectedBegin: 0, actualBegin: 4))
    }

    @Test func overlappingTensorsAreRejected() throws {
        let header = #"""
            {"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},\#
            "b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}
            """#
        let (error, path) = try openingError(fileBytes(header, data: Array(repeating: 0, count: 12)))
        #expect(error == .overlappingTensors(path: path, tensor: "b", previous: "a"))
    }

    @Test func tensorsSharingOneRangeOverlap() throws {
        let header = #"""
            {"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},\#
            "b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}
            """#
        let (error, path) = try openingError(fileBytes(header, data: [0, 0, 0, 0]))
        #expect(error == .overlappingTensors(path: path, tensor: "b", previous: "a"))
    }

    @Test func dataShorterThanOffsetsIsTruncated() throws {
        let header = #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
        let (error, path) = try openingError(fileBytes(header, data: [0, 0, 0, 0]))
        #expect(error == .dataTruncated(path: path, expected: 8, actual: 4))
        #expect(error?.description.contains("truncated download") == true)
    }

    @Test func dataLongerThanOffsetsHasTrailingBytes() throws {
        let header = #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        let (error, path) = try openingError(fileBytes(header, data: Array(repeating: 0, count: 8)))
        #expect(error == .trailingBytes(path: path, expected: 4, actual: 8))
    }

    @Test func dataWithoutTensorsHasTrailingBytes() throws {
        let (error, path) = try openingError(fileBytes("{}", data: [0]))
        #expect(error == .trailingBytes(path: path, expected: 0, actual: 1))
    }
}

// MARK: - Reader on valid files

@Suite struct SafeTensorsReaderTests {
    @Test func fileWithoutTensorsOpens() throws {
        let folder = try TemporaryFolder()
        let file = try open(fileBytes("{}      "), in: folder)
        #expect(file.tensorNames.isEmpty)
        #expect(file.metadata.isEmpty)
    }

    @Test func headerMayBePaddedWithWhitespace() throws {
        let folder = try TemporaryFolder()
        let header = "\n {\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}   \t  "
        let file = try open(fileBytes(header, data: littleEndian([Float(1.5).bitPattern])), in: folder)
        #expect(file.metadata == ["format": "pt"])
        #expect(try file.tensor("w") == Tensor(shape: [], scalars: [1.5]))
    }

    @Test func infoDescribesTheEntryAndNamesAreSorted() throws {
        let folder = try TemporaryFolder()
        let header = #"""
            {"z":{"dtype":"I64","shape":[1],"data_offsets":[0,8]},\#
            "a":{"dtype":"F32","shape":[0,3],"data_offsets":[8,8]},\#
            "m":{"dtype":"F32","shape":[1,2],"data_offsets":[8,16]}}
            """#
        let file = try open(fileBytes(header, data: Array(repeating: 0, count: 16)), in: folder)
        #expect(file.tensorNames == ["a", "m", "z"])
        #expect(file.info("m") == SafeTensorInfo(name: "m", dtype: .f32, shape: [1, 2], dataOffsets: 8..<16))
        #expect(file.info("a")?.elementCount == 0)
        #expect(file.info("absent") == nil)
        #expect(try file.floats("a").isEmpty)
    }

    @Test func missingTensorIsNotFound() throws {
        let folder = try TemporaryFolder()
        let file = try open(fileBytes("{}      "), in: folder)
        let path = file.url.path(percentEncoded: false)
        #expect(throws: SafeTensorsError.tensorNotFound(path: path, tensor: "w")) { try file.floats("w") }
        #expect(throws: SafeTensorsError.tensorNotFound(path: path, tensor: "w")) { try file.int64s("w") }
        #expect(throws: SafeTensorsError.tensorNotFound(path: path, tensor: "w")) { try file.tensor("w") }
    }

    @Test func readingWithTheWrongKindOfDTypeIsRejected() throws {
        let folder = try TemporaryFolder()
        let header = #"""
            {"f":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},\#
            "i":{"dtype":"I64","shape":[1],"data_offsets":[4,12]},\#
            "u":{"dtype":"U64","shape":[1],"data_offsets":[12,20]}}
            """#
        let file = try open(fileBytes(header, data: Array(repeating: 0, count: 20)), in: folder)
        let path = file.url.path(percentEncoded: false)
        #expect(throws: SafeTensorsError.wrongDType(path: path, tensor: "i", dtype: .i64, wanted: "Float")) {
            try file.floats("i")
        }
        #expect(throws: SafeTensorsError.wrongDType(path: path, tensor: "i", dtype: .i64, wanted: "Float")) {
            try file.tensor("i")
        }
        #expect(throws: SafeTensorsError.wrongDType(path: path, tensor: "f", dtype: .f32, wanted: "Int64")) {
            try file.int64s("f")
        }
        #expect(throws: SafeTensorsError.wrongDType(path: path, tensor: "u", dtype: .u64, wanted: "Int64")) {
            try file.int64s("u")
        }
    }

    @Test func halfPrecisionIsConverted() throws {
        // Bytes as Python's safetensors writes float16 [1, -2.5, 65504, 2^-24, -0].
        let bits: [UInt16] = [0x3C00, 0xC100, 0x7BFF, 0x0001, 0x8000]
        let folder = try TemporaryFolder()
        let header = #"{"h":{"dtype":"F16","shape":[5],"data_offsets":[0,10]}}"#
        let values = try open(fileBytes(header, data: littleEndian(bits)), in: folder).floats("h")
        let expected: [Float] = [1, -2.5, 65504, 0x1p-24, -0.0]
        #expect(values.map(\.bitPattern) == expected.map(\.bitPattern))
    }

    @Test func nonFiniteWeightsAreRefusedNamingTheTensorAndTheElement() throws {
        let folder = try TemporaryFolder()
        let half = try open(fileBytes(#"{"h":{"dtype":"F16","shape":[3],"data_offsets":[0,6]}}"#,
                                      data: littleEndian([UInt16(0x3C00), 0x3C00, 0x7C00])), in: folder)
        #expect(throws: SafeTensorsError.nonFinite(path: half.url.path(percentEncoded: false), tensor: "h", index: 2,
                                                   value: .infinity)) { try half.floats("h") }
        let single = try open(fileBytes(#"{"f":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#,
                                        data: littleEndian([Float(1).bitPattern, Float.nan.bitPattern])), in: folder)
        #expect(throws: SafeTensorsError.self) { try single.floats("f") }
        let double = try open(fileBytes(#"{"d":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}"#,
                                        data: littleEndian([(-1e300).bitPattern])), in: folder)
        #expect(throws: SafeTensorsError.nonFinite(path: double.url.path(percentEncoded: false), tensor: "d", index: 0,
                                                   value: -.infinity)) { try double.floats("d") }
        let description = SafeTensorsError.nonFinite(path: "/m/w.safetensors", tensor: "x", index: 7, value: .nan)
            .description
        #expect(description.contains("\"x\"") && description.contains("/m/w.safetensors") && description.contains("7"))
    }

    @Test func bfloat16IsConverted() throws {
        // 1, -2.5, the largest finite bfloat16, the smallest subnormal, -0.
        let bits: [UInt16] = [0x3F80, 0xC020, 0x7F7F, 0x0001, 0x8000]
        let folder = try TemporaryFolder()
        let header = #"{"b":{"dtype":"BF16","shape":[5],"data_offsets":[0,10]}}"#
        let values = try open(fileBytes(header, data: littleEndian(bits)), in: folder).floats("b")
        let expected: [Float] = [1, -2.5, 0x1.FEp127, 0x1p-133, -0.0]
        #expect(values.map(\.bitPattern) == expected.map(\.bitPattern))
    }

    @Test func doublePrecisionIsRoundedToFloat() throws {
        let folder = try TemporaryFolder()
        let header = #"{"d":{"dtype":"F64","shape":[3],"data_offsets":[0,24]}}"#
        let data = littleEndian([0.1, -1e30, 1e-50].map(\.bitPattern))
        let values = try open(fileBytes(header, data: data), in: folder).floats("d")
        let expected: [Float] = [Float(0.1), Float(-1e30), 0]
        #expect(values.map(\.bitPattern) == expected.map(\.bitPattern))
    }

    @Test func integerDTypesAreWidened() throws {
        let folder = try TemporaryFolder()
        let header = #"""
            {"i32":{"dtype":"I32","shape":[2],"data_offsets":[0,8]},\#
            "u32":{"dtype":"U32","shape":[1],"data_offsets":[8,12]},\#
            "i16":{"dtype":"I16","shape":[2],"data_offsets":[12,16]},\#
            "u16":{"dtype":"U16","shape":[1],"data_offsets":[16,18]},\#
            "i8":{"dtype":"I8","shape":[2],"data_offsets":[18,20]},\#
            "u8":{"dtype":"U8","shape":[1],"data_offsets":[20,21]},\#
            "bool":{"dtype":"BOOL","shape":[2],"data_offsets":[21,23]},\#
            "i64":{"dtype":"I64","shape":[1],"data_offsets":[23,31]}}
            """#
        let data = littleEndian([Int32(-1), .max]) + littleEndian([UInt32.max])
            + littleEndian([Int16.min, 7]) + littleEndian([UInt16.max])
            + littleEndian([Int8.min, -1]) + [255] + [0, 1] + littleEndian([Int64.min])
        let file = try open(fileBytes(header, data: data), in: folder)
        #expect(try file.int64s("i32") == [-1, Int64(Int32.max)])
        #expect(try file.int64s("u32") == [Int64(UInt32.max)])
        #expect(try file.int64s("i16") == [Int64(Int16.min), 7])
        #expect(try file.int64s("u16") == [Int64(UInt16.max)])
        #expect(try file.int64s("i8") == [-128, -1])
        #expect(try file.int64s("u8") == [255])
        #expect(try file.int64s("bool") == [0, 1])
        #expect(try file.int64s("i64") == [Int64.min])
    }

    #if !(os(macOS) && arch(x86_64))
    @Test func halfConversionMatchesFloat16ForEveryBitPattern() {
        let mismatches = (UInt16.min...UInt16.max).filter { bits in
            let ours = HalfPrecision.float(fromF16: bits)
            let reference = Float(Float16(bitPattern: bits))
            return reference.isNaN ? !ours.isNaN : ours.bitPattern != reference.bitPattern
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) patterns differ, first \(Array(mismatches.prefix(4)))")
    }
    #endif

    @Test func everyErrorDescriptionIsOneSentenceNamingTheFile() {
        let path = "/models/v1.2/model.safetensors"
        let errors: [SafeTensorsError] = [
            .fileNotFound(path: path), .unreadable(path: path, reason: "Permission denied"),
            .gitLFSPointer(path: path), .tooSmall(path: path, size: 3),
            .headerTooLarge(path: path, length: 1 << 40),
            .headerTruncated(path: path, headerLength: 100, fileSize: 10), .headerNotUTF8(path: path),
            .invalidHeaderJSON(path: path, reason: "Unexpected end of file"), .headerNotObject(path: path),
            .invalidMetadata(path: path, reason: "it is not a JSON object"),
            .invalidTensorEntry(path: path, tensor: "w", reason: "shape is not an array"),
            .unknownDType(path: path, tensor: "w", dtype: "F4"),
            .shapeOverflow(path: path, tensor: "w", shape: [1 << 62, 4]),
            .shapeMismatch(path: path, tensor: "w", expected: 8, actual: 4),
            .offsetsNotContiguous(path: path, tensor: "w", expectedBegin: 4, actualBegin: 8),
            .overlappingTensors(path: path, tensor: "w", previous: "v"),
            .dataTruncated(path: path, expected: 8, actual: 4), .trailingBytes(path: path, expected: 4, actual: 8),
            .tensorNotFound(path: path, tensor: "w"),
            .wrongDType(path: path, tensor: "w", dtype: .i64, wanted: "Float"),
            .writeFailed(path: path, reason: "renaming the temporary file: No space left on device"),
        ]
        for error in errors {
            let text = error.description.replacingOccurrences(of: path, with: "PATH")
            #expect(text.contains("PATH"), "\(error)")
            #expect(text.hasSuffix("."), "\(error)")
            #expect(!text.dropLast().contains(". "), "\(error)")
        }
        let writerErrors: [SafeTensorsError] = [
            .duplicateTensor(name: "w"), .reservedTensorName(name: "__metadata__"),
            .invalidShape(tensor: "w", shape: [-1]), .elementCountMismatch(tensor: "w", shape: [2], count: 3),
        ]
        for error in writerErrors {
            #expect(error.description.hasSuffix("."), "\(error)")
            #expect(!error.description.dropLast().contains(". "), "\(error)")
        }
    }
}

// MARK: - Writer

@Suite struct SafeTensorsWriterTests {
    @Test func roundTripIsBitIdentical() throws {
        let special: [Float] = [
            0, -0.0, -.greatestFiniteMagnitude, .ulpOfOne, -1, 7,
            .leastNonzeroMagnitude, -.leastNormalMagnitude / 2, .greatestFiniteMagnitude, 1 / 3,
        ]
        let ids: [Int64] = [.min, -1, 0, 1, .max]
        let metadata = ["format": "pt", "note": "quote \" backslash \\ newline \n tab \t bell \u{7} é 東京"]
        var writer = SafeTensorsWriter(metadata: metadata)
        try writer.add("weights", shape: [2, 5], floats: special)
        try writer.add("ids", shape: [5], int64s: ids)
        try writer.add("empty", shape: [0, 7], floats: [])
        try writer.add("empty.ids", shape: [3, 0], int64s: [])
        try writer.add("scalar", Tensor(shape: [], scalars: [2.5]))
        try writer.add("odd", shape: [3], floats: [1, 2, 3])
        try writer.add("late.ids", shape: [1, 2], int64s: [42, -42])

        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("round.safetensors")
        try writer.write(to: url)
        let file = try SafeTensorsFile(url: url)

        #expect(file.metadata == metadata)
        #expect(file.tensorNames == ["empty", "empty.ids", "ids", "late.ids", "odd", "scalar", "weights"])
        #expect(try file.floats("weights").map(\.bitPattern) == special.map(\.bitPattern))
        #expect(file.info("weights")?.shape == [2, 5])
        #expect(try file.int64s("ids") == ids)
        #expect(try file.int64s("late.ids") == [42, -42])
        #expect(try file.tensor("empty") == Tensor(shape: [0, 7], scalars: []))
        #expect(try file.int64s("empty.ids").isEmpty)
        #expect(file.info("empty.ids")?.shape == [3, 0])
        #expect(try file.tensor("scalar") == Tensor(shape: [], scalars: [2.5]))
        #expect(try file.floats("odd") == [1, 2, 3])
        for name in file.tensorNames {
            let info = try #require(file.info(name))
            #expect(info.dataOffsets.lowerBound % info.dtype.byteSize == 0, "\(name) is not aligned")
        }
    }

    @Test func headerIsSortedPaddedAndStartsWithMetadata() throws {
        var writer = SafeTensorsWriter(metadata: ["format": "pt"])
        try writer.add("B", shape: [1], floats: [1])
        try writer.add("a", shape: [1], int64s: [1])
        let bytes = writer.encoded()
        let length = Int(bytes.prefix(8).reversed().reduce(0) { $0 << 8 | UInt64($1) })
        #expect(length % 8 == 0)
        let header = try #require(String(bytes: bytes[8..<(8 + length)], encoding: .utf8))
        let expected = #"{"__metadata__":{"format":"pt"},"B":{"data_offsets":[8,12],"dtype":"F32","shape":[1]},"#
            + #""a":{"data_offsets":[0,8],"dtype":"I64","shape":[1]}}"#
        #expect(header.trimmingCharacters(in: .whitespaces) == expected)
        #expect(header.count == length)
        #expect(bytes.count == 8 + length + 12)
    }

    @Test func emptyWriterProducesAValidFile() throws {
        let bytes = SafeTensorsWriter().encoded()
        #expect(bytes == littleEndian([UInt64(8)]) + Array("{}      ".utf8))
        let folder = try TemporaryFolder()
        #expect(try open(bytes, in: folder).tensorNames.isEmpty)
    }

    @Test func outputDoesNotDependOnTheOrderOfAdding() throws {
        var first = SafeTensorsWriter()
        try first.add("x", shape: [2], floats: [1, 2])
        try first.add("y", shape: [1], int64s: [3])
        try first.add("z", shape: [1], floats: [4])
        var second = SafeTensorsWriter()
        try second.add("z", shape: [1], floats: [4])
        try second.add("y", shape: [1], int64s: [3])
        try second.add("x", shape: [2], floats: [1, 2])
        #expect(first.encoded() == second.encoded())
    }

    @Test func duplicateNameIsRejected() throws {
        var writer = SafeTensorsWriter()
        try writer.add("w", shape: [1], floats: [1])
        #expect(throws: SafeTensorsError.duplicateTensor(name: "w")) {
            try writer.add("w", shape: [1], int64s: [1])
        }
        #expect(throws: SafeTensorsError.duplicateTensor(name: "w")) {
            try writer.add("w", Tensor(shape: [1], scalars: [2]))
        }
    }

    @Test func metadataKeyIsReservedAsTensorName() {
        var writer = SafeTensorsWriter()
        #expect(throws: SafeTensorsError.reservedTensorName(name: "__metadata__")) {
            try writer.add("__metadata__", shape: [1], floats: [1])
        }
    }

    @Test func shapeMustHoldTheValues() {
        var writer = SafeTensorsWriter()
        #expect(throws: SafeTensorsError.elementCountMismatch(tensor: "w", shape: [2, 2], count: 3)) {
            try writer.add("w", shape: [2, 2], floats: [1, 2, 3])
        }
        #expect(throws: SafeTensorsError.elementCountMismatch(tensor: "i", shape: [], count: 0)) {
            try writer.add("i", shape: [], int64s: [])
        }
    }

    @Test(arguments: [[-1, -2], [-2, 0], [Int.max, 2]])
    func negativeOrOverflowingShapeIsRejected(shape: [Int]) {
        var writer = SafeTensorsWriter()
        #expect(throws: SafeTensorsError.invalidShape(tensor: "w", shape: shape)) {
            try writer.add("w", shape: shape, floats: [1, 2])
        }
    }

    @Test func writeReplacesTheTargetAndLeavesNoTemporaryFile() throws {
        let folder = try TemporaryFolder()
        let url = try folder.file(Array("old content".utf8), named: "model.safetensors")
        var writer = SafeTensorsWriter()
        try writer.add("w", shape: [2], floats: [5, 6])
        try writer.write(to: url)
        #expect(try Array(Data(contentsOf: url)) == writer.encoded())
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path(percentEncoded: false))
            == ["model.safetensors"])
        #expect(try SafeTensorsFile(url: url).floats("w") == [5, 6])
    }

    @Test func writeIntoMissingFolderFails() throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("absent/model.safetensors")
        let error = #expect(throws: SafeTensorsError.self) { try SafeTensorsWriter().write(to: url) }
        #expect(error?.caseName == "writeFailed")
        #expect(error?.description.contains(url.path(percentEncoded: false)) == true)
    }
}

// MARK: - Real files

@Suite struct SafeTensorsRealFileTests {
    @Test(.enabled(if: TestModel.isAvailable, "needs the all-MiniLM-L6-v2 folder (see TestModel)"))
    func miniLMCheckpointReads() throws {
        let file = try SafeTensorsFile(url: TestModel.requireFolder().appendingPathComponent("model.safetensors"))
        #expect(file.tensorNames.count == 104)
        #expect(file.metadata == ["format": "pt"])
        let embeddings = try file.tensor("embeddings.word_embeddings.weight")
        #expect(embeddings.shape == [30522, 384])
        #expect(embeddings.scalars.allSatisfy { $0.isFinite })
        #expect(file.info("embeddings.position_ids")?.shape == [1, 512])
        #expect(try file.int64s("embeddings.position_ids") == Array(Int64(0)..<512))
        #expect(try file.tensor("encoder.layer.5.attention.self.query.weight").shape == [384, 384])
    }

    @Test func forwardFixtureReads() throws {
        let file = try SafeTensorsFile(url: ProjectFiles.fixture("minilm-forward.safetensors"))
        #expect(file.tensorNames.count == 9)
        #expect(file.metadata == ["format": "pt"])
        let ids = try file.int64s("batch.input_ids")
        #expect(file.info("batch.input_ids")?.shape == [8, 20])
        #expect(stride(from: 0, to: ids.count, by: 20).allSatisfy { ids[$0] == 101 })
        #expect(try file.int64s("batch.attention_mask").allSatisfy { $0 == 0 || $0 == 1 })
        #expect(try file.tensor("batch.last_hidden_state").shape == [8, 20, 384])
        let embeddings = try file.tensor("dev.mean_normalized")
        #expect(embeddings.shape == [872, 384])
        for row in 0..<872 {
            let norm = embeddings.scalars[(row * 384)..<((row + 1) * 384)].reduce(0) { $0 + $1 * $1 }
            #expect(abs(norm - 1) < 1e-4, "row \(row)")
        }
    }
}

/// Names read from files are quoted with their control characters escaped, so a message stays one line.
@Suite struct PrintableMessageTests {
    @Test func controlCharactersInNamesAreEscaped() {
        #expect("a\nb\tc\u{1B}d é".printable == "a\\nb\\tc\\u{1B}d é")
        #expect("plain".printable == "plain")
        let message = SafeTensorsError.tensorNotFound(path: "/m.safetensors", tensor: "w\nx").description
        #expect(!message.contains("\n") && message.contains("w\\nx"), "\(message)")
        #expect(!ExportError.invalid(path: "/p", reason: "it adapts a\nb").description.contains("\n"))
    }
}
