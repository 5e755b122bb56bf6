import Foundation
import KMixTestSupport
import Testing
@testable import KMix
@testable import KMixTUI

/// The fuzz of `FuzzTests` for what only `kmix-tui` reads: theme files and a run's `metrics.jsonl`. Each mutant
/// parses or is refused in one line.
@Suite struct ThemeFuzzTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func everyMutantParsesOrIsRefusedInOneLine() throws {
        let theme = [UInt8](try Data(contentsOf: Self.root.appendingPathComponent("Themes/dark.theme")))
        let metrics = Array(("{\"event\": \"start\", \"total_steps\": 4}\n"
            + (1...4).map { "{\"event\": \"step\", \"step\": \($0), \"loss\": 0.\($0), \"lr\": 0.001}\n" }.joined()
            + "{\"event\": \"eval\", \"step\": 4, \"accuracy\": 0.75, \"loss\": 0.5}\n").utf8)
        var generator = SeededGenerator(seed: 20_261_206)
        var count = 0
        for _ in 0..<1_000 {
            let text = String(decoding: Mutator.mutate(theme, using: &generator), as: UTF8.self)
            do { _ = try ThemeFile.parse(text, name: "dark", file: "dark.theme") } catch {
                #expect(!"\(error)".contains("\n"), "\(error)")
            }
            let log = String(decoding: Mutator.mutate(metrics, using: &generator), as: UTF8.self)
            do { _ = try MetricsLog.parse(log, path: "metrics.jsonl") } catch {
                #expect(!"\(error)".contains("\n"), "\(error)")
            }
            count += 2
        }
        print("fuzz: \(count) mutants of a theme and a metrics.jsonl")
    }
}
