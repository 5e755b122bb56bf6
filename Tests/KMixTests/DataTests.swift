import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// Small data files written to a fresh temporary folder, removed when the value goes away.
private final class DataFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `contents` to `name` and returns its URL.
    func file(_ name: String, _ contents: String) throws -> URL {
        try bytes(name, Array(contents.utf8))
    }

    /// Writes `bytes` to `name` (creating its folders) and returns its URL.
    func bytes(_ name: String, _ bytes: [UInt8]) throws -> URL {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
        return file
    }
}

/// The binary label set most tests use.
private let binary = LabelSet.fixed(values: ["0", "1"])

/// Loads `contents` written as `name` with binary labels.
private func load(
    _ contents: String, as name: String = "data.tsv", columns: ColumnSelection = ColumnSelection(),
    labels: LabelSet = binary, maxRows: Int? = nil
) throws -> ClassificationDataset {
    let folder = try DataFolder()
    return try ClassificationDataset.load(
        folder.file(name, contents), columns: columns, labels: labels, maxRows: maxRows)
}

/// Expects loading `contents` written as `name` to throw `error(path)`, where `path` is the file's path.
private func expectError(
    _ contents: String, as name: String = "data.tsv", columns: ColumnSelection = ColumnSelection(),
    labels: LabelSet = binary, _ error: (String) -> DataError, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let folder = try DataFolder()
    let file = try folder.file(name, contents)
    #expect(throws: error(file.path), sourceLocation: sourceLocation) {
        try ClassificationDataset.load(file, columns: columns, labels: labels)
    }
}

/// The classification data layer: `--filter DataTests` runs all of it.
@Suite enum DataTests {}

extension DataTests {
    /// Reading TSV, CSV and JSON Lines files, and every way they can be wrong.
    @Suite struct Loading {
        @Test func tsvPicksColumnsByNameAndKeepsQuotesAndEmptyTexts() throws {
            let data = try load("label\tsentence\n1\tit 's \"great\"\n0\t\n")
            #expect(data.examples == [
                ClassificationExample(text: "it 's \"great\"", label: 1, line: 2),
                ClassificationExample(text: "", label: 0, line: 3),
            ])
            #expect(data.labelValues == ["0", "1"] && data.labelNames == ["0", "1"])
            let reversed = try load("sentence\tlabel\nfine\t1\n")
            #expect(reversed.examples == [ClassificationExample(text: "fine", label: 1, line: 2)])
        }

        @Test func lineEndingsDoNotChangeTheExamples() throws {
            let rows = ["label\tsentence", "0\tone \"a\"", "1\ttwo , b", "0\tthree"]
            let lf = try load(rows.joined(separator: "\n") + "\n")
            #expect(lf.count == 3 && lf.examples.map(\.line) == [2, 3, 4])
            for text in [
                rows.joined(separator: "\r\n") + "\r\n",
                rows.joined(separator: "\r") + "\r",
                rows[0] + "\r\n" + rows[1] + "\r" + rows[2] + "\n" + rows[3] + "\r\n",
                rows.joined(separator: "\n"),
                rows.joined(separator: "\r\n"),
                rows.joined(separator: "\r"),
                "\u{FEFF}" + rows.joined(separator: "\n"),
            ] {
                #expect(try load(text).examples == lf.examples, "\(text.debugDescription)")
            }
        }

        @Test func columnsAreChosenByNameWithDefaults() throws {
            let text = "id\tcontent\ttext\tlabel\n7\tfrom content\tfrom text\t1\n"
            #expect(try load(text).examples[0].text == "from content")
            #expect(try load(text, columns: ColumnSelection(text: "text")).examples[0].text == "from text")
            let pairs = try load("sentence1\tsentence2\tgold\na\tb\t1\n", columns: ColumnSelection(pair: "sentence2", label: "gold"))
            #expect(pairs.examples == [ClassificationExample(text: "a", pair: "b", label: 1, line: 2)])
        }

        @Test func missingColumnsAreReportedWithTheHeader() throws {
            try expectError("label\tsentence\n0\ta\n", columns: ColumnSelection(text: "review")) {
                .missingColumn(file: $0, line: 1, column: "review", available: ["label", "sentence"])
            }
            try expectError("gold\tsentence\n0\ta\n") {
                .missingColumn(file: $0, line: 1, column: "label", available: ["gold", "sentence"])
            }
            try expectError("label\treview\n0\ta\n") {
                .noTextColumn(file: $0, line: 1, candidates: ["sentence", "content", "text", "sentence1"],
                              available: ["label", "review"])
            }
            try expectError("label\tsentence\tlabel\n0\ta\t1\n") { .duplicateColumn(file: $0, line: 1, column: "label") }
        }

        @Test func rowsMustHaveExactlyTheHeadersFields() throws {
            try expectError("label\tsentence\n0\ta\n1\n") { .wrongFieldCount(file: $0, line: 3, found: 1, expected: 2) }
            try expectError("label\tsentence\r\n0\ta\tb\r\n") { .wrongFieldCount(file: $0, line: 2, found: 3, expected: 2) }
            try expectError("label\tsentence\n0\ta\n\n1\tb\n") { .blankLine(file: $0, line: 3) }
            try expectError("label\tsentence\n0\ta\n\n1\tb\n\n") { .blankLine(file: $0, line: 3) }
            try expectError("\nlabel\tsentence\n0\ta\n") { .blankLine(file: $0, line: 1) }
        }

        @Test func blankLinesAtTheEndAreIgnored() throws {
            for end in ["\n\n", "\n\n\n", "\r\n\r\n", "\r\r", "\n\r\n"] {
                let tsv = try load("label\tsentence\n0\ta\n1\t" + end)
                #expect(tsv.examples == [ClassificationExample(text: "a", label: 0, line: 2),
                                         ClassificationExample(text: "", label: 1, line: 3)])
                let csv = try load("text,label\n\"a\n\",0\nb,1" + end, as: "data.csv")
                #expect(csv.examples == [ClassificationExample(text: "a\n", label: 0, line: 2),
                                         ClassificationExample(text: "b", label: 1, line: 4)])
                let jsonl = try load("{\"text\": \"a\", \"label\": 1}" + end, as: "data.jsonl")
                #expect(jsonl.examples == [ClassificationExample(text: "a", label: 1, line: 1)])
            }
            try expectError("label\tsentence\n\n\n") { .noExamples(file: $0) }
            try expectError("\n\n", as: "data.jsonl") { .emptyFile(file: $0) }
        }

        @Test func emptyAndHeaderOnlyFilesAreReported() throws {
            for name in ["data.tsv", "data.csv", "data.jsonl"] {
                try expectError("", as: name) { .emptyFile(file: $0) }
            }
            try expectError("label\tsentence\n") { .noExamples(file: $0) }
            try expectError("label\tsentence") { .noExamples(file: $0) }
            try expectError("label,sentence\r\n", as: "data.csv") { .noExamples(file: $0) }
        }

        @Test func filesThatCannotBeReadAreReported() throws {
            let folder = try DataFolder()
            let missing = folder.url.appendingPathComponent("absent.tsv")
            #expect(throws: DataError.missingFile(file: missing.path)) {
                try ClassificationDataset.load(missing, labels: binary)
            }
            let directory = folder.url.appendingPathComponent("folder.tsv")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            #expect(throws: DataError.unreadableFile(file: directory.path, reason: "it is a folder")) {
                try ClassificationDataset.load(directory, labels: binary)
            }
            let latin1 = try folder.bytes("latin1.tsv", Array("label\tsentence\n0\tok\n1\tcaf".utf8) + [0xE9, 0x0A])
            #expect(throws: DataError.notUTF8(file: latin1.path, line: 3)) {
                try ClassificationDataset.load(latin1, labels: binary)
            }
            let text = try folder.file("data.txt", "label\tsentence\n0\ta\n")
            #expect(throws: DataError.unsupportedExtension(file: text.path, extension: "txt",
                                                           supported: ["tsv", "csv", "jsonl", "json"])) {
                try ClassificationDataset.load(text, labels: binary)
            }
            #expect(try ClassificationDataset.load(text, format: .tsv, labels: binary).count == 1)
        }

        @Test func labelsOutsideAFixedSetAreReported() throws {
            try expectError("label\tsentence\n0\ta\n2\tb\n") {
                .unknownLabel(file: $0, line: 3, value: "2", allowed: ["0", "1"])
            }
            try expectError("label\tsentence\n0\ta\n", labels: .fixed(values: [])) { .emptyLabelSet(file: $0) }
            try expectError("label\tsentence\n0\ta\n", labels: .fixed(values: ["0", "1", "0"])) {
                .duplicateLabel(file: $0, value: "0")
            }
            try expectError("label\tsentence\n0\ta\n", labels: .fixed(values: ["0", "1"], names: ["bad"])) {
                .labelNamesMismatch(file: $0, valueCount: 2, nameCount: 1)
            }
        }

        @Test func inferredLabelsSortNumericallyOnlyWhenAllAreIntegers() throws {
            let numbers = try load("label\ttext\n10\ta\n9\tb\n-1\tc\n10\td\n", labels: .inferred)
            #expect(numbers.labelValues == ["-1", "9", "10"] && numbers.examples.map(\.label) == [2, 1, 0, 2])
            let words = try load("label\ttext\npos\ta\nneg\tb\n10\tc\n", labels: .inferred)
            #expect(words.labelValues == ["10", "neg", "pos"] && words.examples.map(\.label) == [2, 1, 0])
        }

        @Test func aDevFileReadWithTheTrainLabelsGetsTheSameIndices() throws {
            let train = try load("label\tsentence\nyes\ta\nno\tb\n",
                                 labels: .fixed(values: ["no", "yes"], names: ["negative", "positive"]))
            #expect(train.labelNames == ["negative", "positive"])
            let dev = try load("content\tlabel\nc\tyes\n", labels: train.labels)
            #expect(dev.examples.map(\.label) == [1] && dev.labelNames == train.labelNames)
        }

        @Test func maxRowsKeepsTheFirstRowsAndReadsNoFurther() throws {
            let data = try load("label\ttext\n0\ta\n1\tb\n0\tc\n1\tbroken\textra\n", maxRows: 2)
            #expect(data.examples.map(\.text) == ["a", "b"])
        }

        @Test func csvFollowsRFC4180() throws {
            let text = "text,label,note\r\n"
                + "\"a, b\",1,x\r\n"
                + "\"she said \"\"hi\"\"\",0,\r\n"
                + "\"two\nlines\",1,\"\"\n"
                + "\"crlf\r\ninside\",0,y\r"
                + "plain,1,z"
            let data = try load(text, as: "data.csv")
            #expect(data.examples == [
                ClassificationExample(text: "a, b", label: 1, line: 2),
                ClassificationExample(text: "she said \"hi\"", label: 0, line: 3),
                ClassificationExample(text: "two\nlines", label: 1, line: 4),
                ClassificationExample(text: "crlf\r\ninside", label: 0, line: 6),
                ClassificationExample(text: "plain", label: 1, line: 8),
            ])
            #expect(try load("text,label,note\nx,1,\n", as: "data.csv").count == 1)
        }

        @Test func emptyLabelsAreReported() throws {
            try expectError("label\tsentence\n0\ta\n\tb\n1\tc\n", labels: .inferred) { .emptyLabel(file: $0, line: 3) }
            try expectError("label\tsentence\n0\ta\n\tb\n") { .emptyLabel(file: $0, line: 3) }
            try expectError("text,label\na,1\nb,\n", as: "data.csv", labels: .inferred) { .emptyLabel(file: $0, line: 3) }
            try expectError("{\"text\": \"a\", \"label\": \"\"}\n", as: "data.jsonl", labels: .inferred) {
                .emptyLabel(file: $0, line: 1)
            }
            #expect(DataError.emptyLabel(file: "d.tsv", line: 3).description == "Line 3 of d.tsv has an empty label.")
        }

        @Test func csvErrorsNameTheirLines() throws {
            try expectError("text,label\n\"a\nb\",1\nc\n", as: "data.csv") {
                .wrongFieldCount(file: $0, line: 4, found: 1, expected: 2)
            }
            try expectError("text,label\nx,1\n\"open,1\ny,0\n", as: "data.csv") { .unterminatedQuote(file: $0, line: 3) }
            try expectError("text,label\nsay \"hi\",1\n", as: "data.csv") { .strayQuote(file: $0, line: 2) }
            try expectError("text,label\n\"hi\"there,1\n", as: "data.csv") { .strayQuote(file: $0, line: 2) }
            try expectError("text,label\na,1\r\n\r\nb,0\n", as: "data.csv") { .blankLine(file: $0, line: 3) }
            try expectError("text,text\na,1\n", as: "data.csv") { .duplicateColumn(file: $0, line: 1, column: "text") }
        }

        @Test func jsonLinesTakeStringAndIntegerLabels() throws {
            let text = "{\"text\": \"a \\\"b\\\"\", \"label\": 1, \"id\": 5}\r\n{\"label\": \"0\", \"text\": \"\"}\r{\"text\": \"c\", \"label\": 1}"
            let data = try load(text, as: "data.jsonl")
            #expect(data.examples == [
                ClassificationExample(text: "a \"b\"", label: 1, line: 1),
                ClassificationExample(text: "", label: 0, line: 2),
                ClassificationExample(text: "c", label: 1, line: 3),
            ])
            let json = try load("{\"premise\": \"p\", \"hypothesis\": \"h\", \"label\": 0}\n", as: "data.json",
                                columns: ColumnSelection(text: "premise", pair: "hypothesis"))
            #expect(json.examples == [ClassificationExample(text: "p", pair: "h", label: 0, line: 1)])
        }

        @Test func jsonLinesErrorsNameTheirLines() throws {
            try expectError("{\"text\": \"a\", \"label\": 1}\n{\"text\": \"b\", \"label\": 0\n", as: "data.jsonl") {
                .malformedJSON(file: $0, line: 2)
            }
            try expectError("[\"a\", 1]\n", as: "data.jsonl") { .malformedJSON(file: $0, line: 1) }
            try expectError("{\"text\": \"a\", \"label\": 1}\n\n{\"text\": \"b\", \"label\": 0}\n\n", as: "data.jsonl") {
                .blankLine(file: $0, line: 2)
            }
            try expectError("{\"text\": \"a\", \"label\": 1}\n{\"text\": \"b\"}\n", as: "data.jsonl") {
                .missingField(file: $0, line: 2, column: "label")
            }
            try expectError("{\"text\": \"a\", \"label\": 1.5}\n", as: "data.jsonl") {
                .invalidFieldType(file: $0, line: 1, column: "label", expected: "a string or an integer")
            }
            try expectError("{\"text\": \"a\", \"label\": true}\n", as: "data.jsonl") {
                .invalidFieldType(file: $0, line: 1, column: "label", expected: "a string or an integer")
            }
            try expectError("{\"text\": 3, \"label\": 1}\n", as: "data.jsonl") {
                .invalidFieldType(file: $0, line: 1, column: "text", expected: "a string")
            }
            try expectError("{\"review\": \"a\", \"label\": 1}\n", as: "data.jsonl") {
                .noTextColumn(file: $0, line: 1, candidates: ColumnSelection.defaultTextColumns, available: ["label", "review"])
            }
        }

        @Test func errorsAreOneSentenceNamingFileAndLine() {
            #expect(DataError.wrongFieldCount(file: "d.tsv", line: 7, found: 3, expected: 2).description
                == "Line 7 of d.tsv has 3 fields but the header has 2.")
            #expect(DataError.unknownLabel(file: "d.tsv", line: 4, value: "2", allowed: ["0", "1"]).description
                == "Line 4 of d.tsv has the label '2', which is not one of '0', '1'.")
            #expect(DataError.unterminatedQuote(file: "d.csv", line: 3).description
                == "The quoted field starting on line 3 of d.csv is never closed.")
            #expect(DataError.unsupportedExtension(file: "d", extension: "", supported: ["tsv", "csv"]).description
                == "The data file d has no extension, which names no supported format (supported: '.tsv', '.csv').")
        }

        @Test func aHeaderlessFileIsToldItNeedsAHeaderRowOrATextColumnName() throws {
            let folder = try DataFolder()
            let file = try folder.file("d.tsv", "a gorgeous movie\t1\nbleak\t0\n")
            let error = #expect(throws: DataError.self) { try ClassificationDataset.load(file, labels: binary) }
            #expect(error?.description == "The header on line 1 of \(file.path) has none of the text columns 'sentence', "
                    + "'content', 'text', 'sentence1' (columns: 'a gorgeous movie', '1'): the first line must be a header row "
                    + "naming the columns, and a text column named otherwise must be given by name (--text-column).")
        }
    }

    }

    /// Locating task data, and reading the SST-2 sample shipped in `Datasets/sst2/`.
    extension DataTests { @Suite struct Tasks {
        /// The repository's `Datasets/` folder (beside `Tests/`, two folders above this file's).
        static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Datasets", isDirectory: true)
        static let sst2Train = shipped.appendingPathComponent("sst2/train.tsv")
        static let sst2Dev = shipped.appendingPathComponent("sst2/dev.tsv")

        @Test func locateSearchesTheExplicitFolderOnlyElseTheDefaultsInOrder() throws {
            let folder = try DataFolder()
            let project = folder.url.appendingPathComponent("project", isDirectory: true)
            try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
            let preset = TaskPreset.sst2
            let environment = ["KMIX_DATA": folder.url.appendingPathComponent("custom").path]
            let sample = folder.url.appendingPathComponent("sample", isDirectory: true)
            func locate(_ explicit: URL? = nil) throws(DataError) -> TaskFiles {
                try preset.locate(dataFolder: explicit, environment: environment, currentDirectory: project, shippedData: sample)
            }
            let searched = [environment["KMIX_DATA"]!, project.appendingPathComponent("data").path, sample.path]
            #expect(throws: DataError.taskDataNotFound(task: "sst2", files: ["sst2/train.tsv", "sst2/dev.tsv"],
                                                       searched: searched)) { try locate() }
            for (place, shipped) in [("sample/sst2", true), ("project/data/SST-2", false), ("custom/sst2", false)] {
                _ = try folder.file(place + "/train.tsv", "label\tsentence\n0\ta\n")
                _ = try folder.file(place + "/dev.tsv", "label\tcontent\n1\tb\n")
                let found = try locate()
                #expect(found.train.path == folder.url.appendingPathComponent(place + "/train.tsv").path)
                #expect(found.isShippedSample == shipped)
            }
            let explicit = folder.url.appendingPathComponent("elsewhere")
            #expect(throws: DataError.taskDataNotFound(task: "sst2", files: ["sst2/train.tsv", "sst2/dev.tsv"],
                                                       searched: [explicit.path])) { try locate(explicit) }
            let direct = try locate(folder.url.appendingPathComponent("custom/sst2"))
            #expect(direct.dev.path == folder.url.appendingPathComponent("custom/sst2/dev.tsv").path && !direct.isShippedSample)
            let message = "\(DataError.taskDataNotFound(task: "sst2", files: ["sst2/train.tsv"], searched: ["/x"]))"
            #expect(message.hasSuffix("the full data set comes from GLUE's SST-2 download (gluebenchmark.com/tasks)."))
        }

        @Test func theTaskReadsGLUEsLayoutAndOthersByHeaderName() throws {
            let folder = try DataFolder()
            _ = try folder.file("glue/SST-2/train.tsv", "sentence\tlabel\na\t0\nb\t1\n")
            _ = try folder.file("glue/SST-2/dev.tsv", "sentence\tlabel\nc\t1\n")
            _ = try folder.file("other/sst2/train.tsv", "label\tsentence\n0\ta\n1\tb\n")
            _ = try folder.file("other/sst2/dev.tsv", "label\tcontent\n1\tc\n")
            for place in ["glue", "other"] {
                let loaded = try DataSource(.task(.sst2, folder: folder.url.appendingPathComponent(place).path)).load()
                #expect(loaded.train.classification!.examples.map(\.text) == ["a", "b"] && loaded.train.classification!.examples.map(\.label) == [0, 1])
                #expect(loaded.dev?.classification?.examples.map(\.text) == ["c"] && loaded.dev?.labelNames == ["negative", "positive"])
            }
        }

        @Test func explicitColumnsWinOverTheTasksDefaults() throws {
            let folder = try DataFolder()
            _ = try folder.file("sst2/train.tsv", "sentence\treview\tlabel\na\tA\t0\n")
            let dev = try folder.file("sst2/dev.tsv", "sentence\treview\tlabel\nc\tC\t1\n")
            let origin = DataSource.Origin.task(.sst2, folder: folder.url.path)
            let loaded = try DataSource(origin, devColumns: ColumnSelection(text: "review")).load()
            #expect(loaded.train.classification!.examples.map(\.text) == ["a"] && loaded.dev?.classification?.examples.map(\.text) == ["C"])
            #expect(throws: DataError.missingColumn(file: dev.path, line: 1, column: "content", available: ["sentence", "review", "label"])) {
                try DataSource(origin, columns: ColumnSelection(text: "review"), devColumns: ColumnSelection(text: "content")).load()
            }
        }

        @Test func theShippedSampleIsFoundBesideTheProgram() throws {
            #expect(TaskPreset.shippedDataFolder?.standardizedFileURL == Self.shipped.standardizedFileURL)
            let files = try TaskPreset.sst2.locate(dataFolder: nil, environment: [:],
                                                   currentDirectory: URL(fileURLWithPath: "/nonexistent"))
            #expect(files.isShippedSample && files.train.standardizedFileURL == Self.sst2Train.standardizedFileURL)
        }

        @Test func theShippedTrainingSampleIsGLUEsFirstEightThousandRows() throws {
            let train = try ClassificationDataset.load(Self.sst2Train, labels: TaskPreset.sst2.labels!)
            #expect(train.count == 8_000)
            #expect(train.labelValues == ["0", "1"] && train.labelNames == ["negative", "positive"])
            #expect(train.examples.first == ClassificationExample(
                text: "hide new secretions from the parental units", label: 0, line: 2))
            #expect(Set(train.examples.map(\.label)) == [0, 1])
            let first = try ClassificationDataset.load(Self.sst2Train, labels: TaskPreset.sst2.labels!, maxRows: 2_000)
            #expect(first.count == 2_000 && first.examples == Array(train.examples.prefix(2_000)))
        }

        @Test func theShippedDevSetIsGLUEsWholeDevSet() throws {
            let dev = try ClassificationDataset.load(Self.sst2Dev, labels: .inferred)
            #expect(dev.count == 872 && dev.labelValues == ["0", "1"])
            #expect(dev.examples.filter { $0.label == 1 }.count == 444)
            #expect(dev.examples.first == ClassificationExample(text: "one long string of cliches .", label: 0, line: 2))
            #expect(dev.examples.last == ClassificationExample(
                text: "an effectively creepy , fear-inducing -lrb- not fear-reducing -rrb- film from japanese director "
                    + "hideo nakata , who takes the superstitious curse on chain letters and actually applies it .",
                label: 1, line: 873))
            let preset = try DataSource(.task(.sst2, folder: Self.shipped.path)).load(maxTrainRows: 16_000)
            #expect(preset.train.count == 8_000 && preset.dev?.classification?.examples == dev.examples)
        }
    }

    }

    /// Batch order, padding cost and packed batches of encoded examples.
    extension DataTests { @Suite struct Batching {
        /// 1,000 pseudo-random lengths from 3 to 66.
        static let lengths: [Int] = {
            var generator = SeededGenerator(seed: 11)
            return (0..<1_000).map { _ in 3 + Int(generator.next() % 64) }
        }()

        @Test func trainingBatchesAreDeterministicPerSeedAndChangeEveryEpoch() {
            let schedule = BatchSchedule(lengths: Self.lengths, batchSize: 8, seed: 42, bucketBatches: 5)
            let epoch0 = schedule.trainingBatches(epoch: 0)
            #expect(epoch0 == BatchSchedule(lengths: Self.lengths, batchSize: 8, seed: 42, bucketBatches: 5).trainingBatches(epoch: 0))
            #expect(epoch0 != schedule.trainingBatches(epoch: 1))
            #expect(epoch0 != BatchSchedule(lengths: Self.lengths, batchSize: 8, seed: 43, bucketBatches: 5).trainingBatches(epoch: 0))
            #expect(schedule.trainingBatches(epoch: 1) != BatchSchedule(
                lengths: Self.lengths, batchSize: 8, seed: 43, bucketBatches: 5).trainingBatches(epoch: 0),
                "neighbouring seeds do not share epochs")
        }

        @Test(arguments: [1, 7, 8, 32, 2_000])
        func everyExampleComesOncePerEpochInFullBatchesOfSimilarLength(batchSize: Int) {
            let schedule = BatchSchedule(lengths: Self.lengths, batchSize: batchSize, seed: 3, bucketBatches: 5)
            for epoch in 0..<3 {
                let batches = schedule.trainingBatches(epoch: epoch)
                #expect(batches.flatMap { $0 }.sorted() == Array(Self.lengths.indices))
                #expect(batches.filter { $0.count != batchSize }.map(\.count)
                    == (Self.lengths.count % batchSize == 0 ? [] : [Self.lengths.count % batchSize]))
                #expect(batches.allSatisfy { batch in
                    zip(batch, batch.dropFirst()).allSatisfy { (Self.lengths[$0], $0) < (Self.lengths[$1], $1) }
                })
            }
        }

        @Test func evaluationBatchesAreSortedByLengthWithoutShuffling() {
            let lengths = [5, 3, 5, 1, 3]
            let schedule = BatchSchedule(lengths: lengths, batchSize: 2, seed: 0)
            #expect(schedule.evaluationBatches() == [[3, 1], [4, 0], [2]])
            #expect(PaddingCost(batches: schedule.evaluationBatches(), lengths: lengths)
                == PaddingCost(batches: [[3, 1], [4, 0], [2]], lengths: lengths))
        }

        @Test func paddingCostCountsTheLongestSequenceOfEachBatch() {
            let cost = PaddingCost(batches: [[0, 1], [2]], lengths: [2, 6, 4])
            #expect(cost.realTokens == 12 && cost.paddedTokens == 16 && cost.wasteFraction == 0.25)
            #expect(PaddingCost(batches: [], lengths: []).wasteFraction == 0)
        }

        @Test func seededShuffleIsAFixedPermutation() {
            var generator = SeededGenerator(seed: 1)
            var items = Array(0..<10)
            items.seededShuffle(using: &generator)
            #expect(items.sorted() == Array(0..<10) && items != Array(0..<10))
            var again = SeededGenerator(seed: 1)
            var same = Array(0..<10)
            same.seededShuffle(using: &again)
            #expect(same == items && again == generator)
        }

        @Test func encodedExamplesMakePackedBatchesWithTheirLabels() throws {
            let tokenizer = try Tokenizer(vocabulary: ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "a", "b", "c"])
            let dataset = ClassificationDataset(examples: [
                ClassificationExample(text: "a b", label: 1, line: 2),
                ClassificationExample(text: "c", pair: "a", label: 0, line: 3),
                ClassificationExample(text: "a b c a b c", label: 1, line: 4),
            ], labelValues: ["0", "1"], source: "memory")
            let encoded = EncodedDataset(dataset, tokenizer: tokenizer, maxLength: 5)
            #expect(encoded.lengths == [4, 5, 5] && encoded.labels == [1, 0, 1])
            let batch = encoded.batch([1, 0])
            #expect(batch.indices == [1, 0] && batch.labels == [0, 1])
            #expect(batch.batch == PackedBatch(sequences: [[2, 6, 3, 4, 3], [2, 4, 5, 3]],
                                               typeIDs: [[0, 0, 0, 1, 1], [0, 0, 0, 0]]))
            #expect(encoded.ids[2] == [2, 4, 5, 6, 3])
        }

        @Test(.enabled(if: TestModel.isAvailable))
        func bucketingKeepsPaddingUnderFivePercentOnSST2Train() throws {
            let tokenizer = try Tokenizer.load(folder: try TestModel.requireFolder())
            let train = try ClassificationDataset.load(DataTests.Tasks.sst2Train, labels: TaskPreset.sst2.labels!)
            let lengths = EncodedDataset(train, tokenizer: tokenizer, maxLength: 128).lengths
            let schedule = BatchSchedule(lengths: lengths, batchSize: 32, seed: 0)
            for epoch in 0..<2 {
                let cost = PaddingCost(batches: schedule.trainingBatches(epoch: epoch), lengths: lengths)
                #expect(cost.realTokens == lengths.reduce(0, +))
                #expect(cost.wasteFraction < 0.05, "padding \(cost.wasteFraction)")
            }
            #expect(PaddingCost(batches: schedule.evaluationBatches(), lengths: lengths).wasteFraction < 0.01)
        }
    }
}
