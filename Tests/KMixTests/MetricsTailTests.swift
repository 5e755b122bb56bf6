import Foundation
import Testing
@testable import KMix

/// `MetricsTail` reads a `metrics.jsonl` another process appends to: each complete line once, a half-written line
/// once completed, a garbage line as one warning, a rewritten file again from its start without repeats.
@Suite struct MetricsTailTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-tail-\(UUID().uuidString)")
    var file: URL { folder.appendingPathComponent("metrics.jsonl") }

    static func step(_ step: Int, elapsed: Double = 1) -> String {
        "{\"event\": \"step\", \"step\": \(step), \"epoch\": \(Double(step) / 10), \"loss\": 0.5, \"lr\": 0.001, "
            + "\"tokens_per_second\": 100.0, \"elapsed\": \(elapsed)}\n"
    }

    func append(_ text: String) throws {
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    func steps(_ poll: MetricsTail.Poll) -> [Int] { poll.lines.compactMap { $0.record["step"]?.intValue } }

    @Test func aHalfWrittenLineIsReadOnceCompleted() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try (Self.step(1) + String(Self.step(2).prefix(30))).write(to: file, atomically: false, encoding: .utf8)
        var tail = MetricsTail(folder: folder)
        let first = tail.poll()
        #expect(steps(first) == [1] && first.warnings.isEmpty && first.fileExists)
        #expect(steps(tail.poll()).isEmpty, "the half line waits")
        try append(String(Self.step(2).dropFirst(30)) + Self.step(3))
        let second = tail.poll()
        #expect(steps(second) == [2, 3] && second.warnings.isEmpty)
        #expect(second.lines.map(\.number) == [2, 3])
        #expect(tail.poll().lines.isEmpty)
    }

    @Test func aGarbageLineIsOneWarningAndSkipped() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try (Self.step(1) + "{\"event\": \"step\", oops\n" + Self.step(2)).write(to: file, atomically: false, encoding: .utf8)
        var tail = MetricsTail(folder: folder)
        let poll = tail.poll()
        #expect(steps(poll) == [1, 2])
        #expect(poll.warnings == ["\(file.path) line 2 is not a JSON object; skipped"])
        try append(Self.step(3))
        let next = tail.poll()
        #expect(steps(next) == [3] && next.warnings.isEmpty, "the warning is given once")
    }

    @Test func aReplacedFileIsReadAgainWithoutRepeats() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try (1...4).map { Self.step($0) }.joined().write(to: file, atomically: false, encoding: .utf8)
        var tail = MetricsTail(folder: folder)
        #expect(steps(tail.poll()) == [1, 2, 3, 4])
        // A resume from step 2 rewrites the history atomically (a new inode), then appends steps 3 and 4 again.
        try ((1...2).map { Self.step($0) }.joined()).write(to: file, atomically: true, encoding: .utf8)
        let rewound = tail.poll()
        #expect(rewound.restarted && rewound.lines.isEmpty, "steps 1 and 2 were shown already")
        try append(Self.step(3, elapsed: 9) + Self.step(4, elapsed: 10))
        #expect(steps(tail.poll()) == [3, 4], "the resumed run's steps are new lines")
        #expect(tail.poll().lines.isEmpty)
    }

    /// A tail that has read the lines of steps 1 and 2 of a file written in place.
    func tailAfterTwoSteps() throws -> MetricsTail {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try (Self.step(1) + Self.step(2)).write(to: file, atomically: false, encoding: .utf8)
        var tail = MetricsTail(folder: folder)
        #expect(steps(tail.poll()) == [1, 2])
        return tail
    }

    @Test func aFileRewrittenInPlaceIsNoticedByItsLastLine() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        var tail = try tailAfterTwoSteps()
        // Same inode, longer than before (as a synced copy may show it): the last line read is not where it was.
        let handle = try FileHandle(forWritingTo: file)
        try handle.write(contentsOf: Data((Self.step(1) + Self.step(2, elapsed: 7) + Self.step(3)).utf8))
        try handle.close()
        let poll = tail.poll()
        #expect(poll.restarted && steps(poll) == [2, 3])
    }

    @Test func aTruncatedFileIsReadAgain() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        var tail = try tailAfterTwoSteps()
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: 0)
        try handle.close()
        let emptied = tail.poll()
        #expect(emptied.restarted && emptied.lines.isEmpty)
        try append(Self.step(1) + Self.step(2, elapsed: 3))
        #expect(steps(tail.poll()) == [2], "step 1's line is the one shown; step 2's differs")
    }

    @Test func aMissingFileThenCreatedAndAVanishedFolder() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var tail = MetricsTail(folder: folder)
        let none = tail.poll()
        #expect(none.folderExists && !none.fileExists && none.lines.isEmpty)
        try Self.step(1).write(to: file, atomically: false, encoding: .utf8)
        let created = tail.poll()
        #expect(created.fileExists && steps(created) == [1] && !created.restarted)
        try FileManager.default.removeItem(at: folder)
        #expect(!tail.poll().folderExists)
    }
}
