import Foundation
import Testing
@testable import KMixTUI

/// Tab on a path argument (`:save`, `:open`, `:run`, `:export FMT DIR`) and editing in the middle of the line.
@Suite struct PathCompletionTests {
    /// A folder holding `runs/lora-42/`, `runs/nlu-42/`, `plan-a.json`, `plan-b.json` and `.hidden`.
    func workspace() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-paths-\(UUID().uuidString)")
        for folder in ["runs/lora-42", "runs/nlu-42"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        for file in ["plan-a.json", "plan-b.json", ".hidden"] {
            try Data("{}".utf8).write(to: root.appendingPathComponent(file))
        }
        return root.path
    }

    func prompt(_ text: String, _ edits: [LineEditor.Edit] = []) -> CommandPrompt {
        var prompt = CommandPrompt()
        for character in text { prompt.apply(.insert(character)) }
        for edit in edits { prompt.apply(edit) }
        return prompt
    }

    func tab(_ prompt: CommandPrompt, in directory: String, times: Int = 1) -> CommandPrompt {
        var prompt = prompt
        for _ in 0..<times { prompt = CommandCompletion.complete(prompt, in: Fixtures.state(), directory: directory) }
        return prompt
    }

    @Test func matchesListFoldersWithASlashAndHideDotFiles() throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(PathCompletion.matches("", in: root) == ["plan-a.json", "plan-b.json", "runs/"])
        #expect(PathCompletion.matches(".h", in: root) == [".hidden"])
        #expect(PathCompletion.matches("runs/l", in: root) == ["runs/lora-42/"])
        #expect(PathCompletion.matches(root + "/pl", in: "/") == [root + "/plan-a.json", root + "/plan-b.json"])
        #expect(PathCompletion.matches("missing/x", in: root).isEmpty)
    }

    @Test func tabCompletesPathArgumentsFolderByFolder() throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = tab(prompt("run ru"), in: root)
        #expect(folder.text == "run runs/", "one folder: completed with its slash, no space")
        let runs = tab(folder, in: root)
        #expect(runs.text == "run runs/")
        #expect(runs.candidates == ["runs/lora-42/", "runs/nlu-42/"])
        #expect(tab(folder, in: root, times: 2).text == "run runs/lora-42/")
        #expect(tab(prompt("save plan"), in: root).text == "save plan-", "the common start of two files")
        #expect(tab(prompt("open plan-b"), in: root).text == "open plan-b.json")
        #expect(tab(prompt("export peft ru"), in: root).text == "export peft runs/", "export's second argument is a folder")
        #expect(tab(prompt("export ru"), in: root).text == "export ru", "its first is a format")
    }

    @Test func tabCompletesTheWordBeforeTheCursorAndKeepsTheRest() throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let line = prompt("pres lora-r8", [.left, .left, .left, .left, .left, .left, .left, .left])
        #expect(line.line.cursor == 4)
        let completed = tab(line, in: root)
        #expect(completed.text == "preset  lora-r8")
        #expect(completed.line.cursor == 7)
    }

    @Test func theBarNamesPathCandidatesByTheirLastPart() {
        #expect(CommandLineBar.label("runs/lora-42/") == "lora-42/")
        #expect(CommandLineBar.label("plan-a.json") == "plan-a.json")
        #expect(CommandLineBar.label("/tmp/x.json") == "x.json")
    }

    @Test func editingInTheMiddleThroughTheReducer() {
        var state = Fixtures.state()
        _ = reduce(&state, .openCommandLine)
        for character in "rank 4" { _ = reduce(&state, .commandEdit(.insert(character))) }
        for edit: LineEditor.Edit in [.left, .deleteBackward, .insert("2"), .end] { _ = reduce(&state, .commandEdit(edit)) }
        #expect(state.commandLine?.text == "rank24")
        _ = reduce(&state, .commandEdit(.home))
        _ = reduce(&state, .commandEdit(.deleteBackward))
        #expect(state.commandLine != nil, "Backspace at the start of a line that is not empty keeps it open")
    }

    @Test func pathsWithSpacesAreQuotedAndCompletedInsideTheQuote() throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = (root as NSString).appendingPathComponent("my plans")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for file in ["a b.json", "c.json"] {
            try Data("{}".utf8).write(to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(file)))
        }
        let opened = tab(prompt("open my"), in: root)
        #expect(opened.text == "open \"my plans/", "a folder with a space: quote opened, left open")
        let listed = tab(opened, in: root)
        #expect(listed.candidates == ["my plans/a b.json", "my plans/c.json"])
        let first = tab(listed, in: root)
        #expect(first.text == "open \"my plans/a b.json\"", "a file closes the quote")
        #expect(tab(first, in: root).text == "open \"my plans/c.json\"")
        guard case let .openPlan(path)? = try CommandParser.actions(for: first.text, in: Fixtures.state()).first else {
            Issue.record("no openPlan")
            return
        }
        #expect(path == "my plans/a b.json")
        #expect(tab(prompt("open \"my plans/c"), in: root).text == "open \"my plans/c.json\"", "completed inside a typed quote")
    }
}
