import Foundation
import Testing
@testable import KMix

/// Source/target pairs read by column name from the shipped E2E files and from small files of each format, with
/// one-sentence refusals of a missing column, an empty target and an empty file.
@Suite struct GenerationDataTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-generation-data-\(UUID().uuidString)")

    init() throws { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }

    func file(_ name: String, _ text: String) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test func theShippedE2ESetsReadAsTheChallengeCountsThem() throws {
        let dev = try GenerationDataset.load(ProjectFiles.e2e("devset.csv"), columns: .e2e)
        let test = try GenerationDataset.load(ProjectFiles.e2e("testset_w_refs.csv"), columns: .e2e)
        #expect(dev.examples.count == 4_672 && dev.referencesBySource.count == 547)
        #expect(test.examples.count == 4_693 && test.referencesBySource.count == 630)
        #expect(dev.examples[0].source == "name[Alimentum], area[city centre], familyFriendly[no]")
        #expect(dev.examples[0].target == "There is a place in the city centre, Alimentum, that is not family-friendly.")
        #expect(test.referencesBySource.map(\.references.count).reduce(0, +) == 4_693)
    }

    @Test func everyFormatIsReadByColumnName() throws {
        let csv = try file("a.csv", "ref,mr\n\"Two, words\",\"name[A]\"\nthree,name[B]\nfour,name[A]\n")
        let tsv = try file("a.tsv", "mr\tref\tother\nname[A]\tTwo, words\tx\nname[B]\tthree\ty\nname[A]\tfour\tz\n")
        let jsonl = try file("a.jsonl", """
            {"ref": "Two, words", "mr": "name[A]"}
            {"mr": "name[B]", "ref": "three"}
            {"mr": "name[A]", "ref": "four"}

            """)
        for url in [csv, tsv, jsonl] {
            let data = try GenerationDataset.load(url, columns: .e2e)
            #expect(data.examples.map(\.target) == ["Two, words", "three", "four"], "\(url.lastPathComponent)")
            #expect(data.referencesBySource.map(\.source) == ["name[A]", "name[B]"])
            #expect(data.referencesBySource[0].references == ["Two, words", "four"])
        }
        let custom = try GenerationDataset.load(tsv, columns: .init(source: "other", target: "ref"), maxRows: 2)
        #expect(custom.examples.map(\.source) == ["x", "y"])
    }

    @Test func aMissingColumnAnEmptyTargetAndNoExamplesAreRefusedNamingTheFile() throws {
        let missing = try file("missing.csv", "mr,text\nname[A],hello\n")
        #expect(throws: DataError.missingColumn(file: missing.path, line: 1, column: "ref", available: ["mr", "text"])) {
            try GenerationDataset.load(missing, columns: .e2e)
        }
        let empty = try file("empty.csv", "mr,ref\nname[A],hello\nname[B],\n")
        #expect(throws: DataError.emptyText(file: empty.path, line: 3, column: "ref")) {
            try GenerationDataset.load(empty, columns: .e2e)
        }
        #expect("\(DataError.emptyText(file: empty.path, line: 3, column: "ref"))".contains("Line 3 of \(empty.path)"))
        let header = try file("header.csv", "mr,ref\n")
        #expect(throws: DataError.noExamples(file: header.path)) { try GenerationDataset.load(header, columns: .e2e) }
    }
}
