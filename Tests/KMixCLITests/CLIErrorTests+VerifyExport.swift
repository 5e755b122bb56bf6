import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// `kmix verify-export` gives a verdict against `--tolerance` and exits non-zero when the export fails it.
extension CLIErrorTests {
    @Test func verifyExportPassesAnExportAndFailsATamperedOne() throws {
        let run = try exportableRun("verify-run")
        for format in ["peft", "merged", "kmix"] {
            let export = folder.appendingPathComponent("verify-\(format)")
            let exported = try KMixBinary.run(["export", "--run", run.path, "--format", format, "--out", export.path])
            try #require(exported.status == 0, "\(exported.error)")
            let passed = try KMixBinary.run(["verify-export", export.path, "--run", run.path, "--threads", "1"])
            #expect(passed.status == 0, "\(format): \(passed.error)")
            #expect(passed.output.hasPrefix("pass: max abs logit difference "), "\(format): \(passed.output)")
            #expect(passed.output.contains("over 16 dev examples"), "\(passed.output)")
        }

        let merged = folder.appendingPathComponent("verify-merged")
        try Self.shift("classifier.bias", of: merged.appendingPathComponent("model.safetensors"), by: 0.01)
        let failed = try KMixBinary.run(["verify-export", merged.path, "--run", run.path, "--threads", "1"])
        #expect(failed.status == 1, "\(failed.output)\(failed.error)")
        #expect(failed.output.hasPrefix("FAIL: max abs logit difference 0.01"), "\(failed.output)")
        let loose = try KMixBinary.run(["verify-export", merged.path, "--run", run.path, "--threads", "1", "--tolerance", "0.1"])
        #expect(loose.status == 0, "\(loose.output)\(loose.error)")
        #expect(loose.output.hasPrefix("pass: "), "\(loose.output)")
        try expectRefusedOption(["verify-export", merged.path, "--run", run.path, "--tolerance", "0"],
                                "--tolerance must be positive")
    }

    /// Rewrites the merged model `url` with `shift` added to the first value of the tensor `tensorName`.
    static func shift(_ tensorName: String, of url: URL, by shift: Float) throws {
        var writer = SafeTensorsWriter(metadata: ["format": "pt"])
        do {
            let file = try SafeTensorsFile(url: url)
            for name in file.tensorNames {
                var tensor = try file.tensor(name)
                if name == tensorName { tensor.scalars[0] += shift }
                try writer.add(name, tensor)
            }
        }
        let temporary = url.deletingLastPathComponent().appendingPathComponent("tampered.safetensors")
        try writer.write(to: temporary)
        try FileManager.default.removeItem(at: url)
        try FileManager.default.moveItem(at: temporary, to: url)
    }
}
