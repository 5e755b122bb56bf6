import Foundation
import Testing
@testable import KMix
@testable import KMixTUI

/// `config.toml`, themes and `metrics.jsonl` read alike with `\n`, `\r\n` or `\r` line ends (a CRLF file was one
/// line to Swift's `split(separator: "\n")`: a parse error or a silently empty theme).
@Suite struct LineEndTests {
    @Test func textLinesEndAtEveryKindOfLineEnd() {
        #expect("a\nb\r\nc\rd".textLines == ["a", "b", "c", "d"])
        #expect("a\r\n\r\nb\r\n".textLines == ["a", "", "b", ""])
        #expect("".textLines == [""])
        #expect("é\r\n東京".textLines == ["é", "東京"])
    }

    @Test func configurationWithCRLFReadsAsWithLF() throws {
        let unix = try TUIConfig.parse(ConfigTests.sample, file: "config.toml")
        var windows = try TUIConfig.parse(ConfigTests.sample.replacingOccurrences(of: "\n", with: "\r\n"), file: "config.toml")
        windows.file = unix.file
        #expect(windows == unix)
    }

    @Test func themeWithCRLFReadsAsWithLF() throws {
        let text = "text = 252\n# c\naccent = bright-cyan bold\n"
        let unix = try ThemeFile.parse(text, name: "t", file: "t.theme")
        #expect(try ThemeFile.parse(text.replacingOccurrences(of: "\n", with: "\r\n"), name: "t", file: "t.theme") == unix)
        #expect(try ThemeFile.parse(text.replacingOccurrences(of: "\n", with: "\r"), name: "t", file: "t.theme") == unix)
    }
}
