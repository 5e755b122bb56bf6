import Foundation
import KMixTestSupport
import Testing

/// The prose of every command's help: abstracts, discussions and option help, as `kmix --experimental-dump-help`
/// gives them before ArgumentParser lays them out in columns.
@Suite(.enabled(if: KMixBinary.isBuilt)) struct CLIHelpTests {
    /// Every help text of `command` and its subcommands, each with where it is (`kmix plan preset`, `--out`).
    static func texts(of command: [String: Any], path: String) -> [(place: String, text: String)] {
        var texts: [(String, String)] = []
        for key in ["abstract", "discussion"] {
            if let text = command[key] as? String { texts.append(("\(path) \(key)", text)) }
        }
        for argument in command["arguments"] as? [[String: Any]] ?? [] {
            let name = (argument["preferredName"] as? [String: Any])?["name"] as? String ?? argument["valueName"] as? String ?? "?"
            for key in ["abstract", "discussion"] {
                if let text = argument[key] as? String { texts.append(("\(path) \(name) \(key)", text)) }
            }
        }
        for subcommand in command["subcommands"] as? [[String: Any]] ?? [] {
            texts += Self.texts(of: subcommand, path: path + " " + (subcommand["commandName"] as? String ?? "?"))
        }
        return texts
    }

    @Test func helpProseHasNoRunsOfSpaces() throws {
        let result = try KMixBinary.run(["--experimental-dump-help"])
        try #require(result.status == 0, "\(result.error)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let root = try #require(json["command"] as? [String: Any])
        let texts = Self.texts(of: root, path: "kmix")
        #expect(texts.count > 100, "every command's texts: \(texts.count)")
        let runOfSpaces = try Regex(#"\S {2,}\S"#)
        for (place, text) in texts {
            #expect(text.firstMatch(of: runOfSpaces) == nil, "\(place): \(text)")
            #expect(!text.contains("\\"), "\(place) has no stray backslash (of a line continuation): \(text)")
            #expect(!text.contains("\n") || place.hasSuffix("discussion"), "\(place) is one line: \(text)")
            #expect(text.isEmpty || text.hasSuffix(".") || text.hasSuffix(")"), "\(place) ends a sentence: \(text)")
        }
    }
}
