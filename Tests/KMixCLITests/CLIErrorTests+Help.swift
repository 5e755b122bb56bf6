import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// Help text: each option's default stated once.
extension CLIErrorTests {
    /// The help of `option` in `help` (its first line and the indented lines that continue it), on one line with
    /// single spaces.
    static func entry(of option: String, in help: String) -> String? {
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(option + " ") }) else {
            return nil
        }
        let rest = lines[(first + 1)...].prefix { $0.hasPrefix("      ") && !$0.trimmingCharacters(in: .whitespaces).hasPrefix("-") }
        return ([lines[first]] + rest).joined(separator: " ").split(separator: " ").joined(separator: " ")
    }

    @Test func helpStatesEachDefaultOnce() throws {
        for command in [["train"], ["eval"], ["predict"], ["verify-export"], ["probe"], ["embed"], ["plan", "init"]] {
            let result = try KMixBinary.run(command + ["--help"])
            try #require(result.status == 0, "\(command): \(result.error)")
            var options = 0
            for line in result.output.split(separator: "\n") where line.hasPrefix("  --") {
                let option = String(line.dropFirst(2).prefix { $0 != " " })
                let entry = try #require(Self.entry(of: option, in: result.output))
                #expect(entry.components(separatedBy: "(default").count <= 2, "\(command) \(option): \(entry)")
                options += 1
            }
            #expect(options > 2, "\(command): \(result.output)")
        }
        let threads = Self.entry(of: "--threads", in: try KMixBinary.run(["train", "--help"]).output)
        #expect(threads == "--threads <threads> Worker threads (default: $KMIX_THREADS, else one per core).")
    }
}
