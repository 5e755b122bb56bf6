import Testing
@testable import KMix

/// The export formats and default folders `kmix export` and kmix-tui share.
@Suite struct ExportFormatTests {
    @Test func theDefaultFolderIsNamedAfterTheRunAndTheFormat() {
        #expect(ExportFormat.peft.defaultFolder(run: "runs/nlu") == "exports/nlu-peft")
        #expect(ExportFormat.kmix.defaultFolder(run: "runs/nlu/") == "exports/nlu-kmix")
        #expect(ExportFormat.merged.defaultFolder(run: "/tmp/a/../b") == "exports/b-merged")
        #expect(ExportFormat.defaultFolder(run: "runs/nlu", suffix: "FORMAT") == "exports/nlu-FORMAT")
        #expect(ExportFormat.names == "kmix, peft, merged")
    }
}
