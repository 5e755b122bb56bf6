import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// `kmix export` offers the formats and the default folder of kmix-tui's `E`: `--format kmix|peft|merged`, and
/// without `--out` the new folder `exports/<run>-<format>`, never over an existing one.
extension CLIErrorTests {
    @Test func exportWritesEachFormatIntoItsDefaultFolder() throws {
        let run = try exportableRun("default-out")
        let work = folder.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let expected = ["kmix": ["adapters.safetensors", "config.json", "plan.json"],
                        "peft": ["adapter_config.json", "adapter_model.safetensors"],
                        "merged": ["config.json", "model.safetensors", "vocab.txt"]]
        for (format, files) in expected.sorted(by: { $0.key < $1.key }) {
            let result = try KMixBinary.run(["export", "--run", run.path, "--format", format], directory: work)
            #expect(result.status == 0, "\(format): \(result.error)")
            let out = work.appendingPathComponent("exports/default-out-\(format)")
            #expect(result.output == "wrote a \(format) export of \(run.path) to exports/default-out-\(format)\n", "\(result.output)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == files, "\(format)")
        }
        let config = work.appendingPathComponent("exports/default-out-kmix/config.json")
        let before = try Data(contentsOf: config)
        let again = try KMixBinary.run(["export", "--run", run.path, "--format", "kmix"], directory: work)
        #expect(again.status == 1)
        #expect(again.error == "Error: exports/default-out-kmix exists already; choose a new output folder with --out "
                + "(nothing was overwritten)\n", "\(again.error)")
        #expect(try Data(contentsOf: config) == before)
        let reread = try KMixBinary.run(["eval", "--run", work.appendingPathComponent("exports/default-out-kmix").path])
        #expect(reread.status == 0, "a kmix export is a run folder: \(reread.error)")
    }
}
