import Foundation
import Synchronization
import Testing
@testable import KMix

/// Runs started within the same second get folders of their own.
@Suite struct RunFolderTests {
    @Test func aTakenNameGetsANumber() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-runs-\(UUID().uuidString)/runs")
        defer { try? FileManager.default.removeItem(at: parent.deletingLastPathComponent()) }
        let names = try (0..<3).map { _ in try RunFolder.create(in: parent, named: "tui-20260101-120000").lastPathComponent }
        #expect(names == ["tui-20260101-120000", "tui-20260101-120000-2", "tui-20260101-120000-3"])
    }

    @Test func runsCreatedAtOnceNeverShareAFolder() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-runs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: parent) }
        let created = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 16) { _ in
            if let folder = try? RunFolder.create(in: parent, named: "tui-x") {
                created.withLock { $0.append(folder.lastPathComponent) }
            }
        }
        let names = created.withLock { $0 }
        #expect(names.count == 16 && Set(names).count == 16)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).count == 16)
    }

    @Test func theNameIsTheStartToTheSecond() {
        var components = DateComponents()
        (components.year, components.month, components.day, components.hour, components.minute, components.second) = (2026, 3, 4, 5, 6, 7)
        let date = Calendar.current.date(from: components)!
        #expect(RunFolder.name(startedAt: date) == "tui-20260304-050607")
    }
}
