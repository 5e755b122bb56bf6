import Foundation
import Testing
@testable import KMix

/// A misspelled preset is refused with the closest name, by `kmix train` and `kmix plan`.
extension CLIErrorTests {
    @Test func aMisspelledPresetSuggestsTheClosestName() throws {
        let train = ["train", "--task", "sst2", "--out", folder.appendingPathComponent("r").path]
        try expectRefusedOption(train + ["--preset", "paper-nlx"], "unknown preset 'paper-nlx'; did you mean 'paper-nlu'?")
        try expectRefusedOption(["plan", "preset", "lora-8"], "unknown preset 'lora-8'; did you mean 'lora-r8'?")
        try expectRefusedOption(["plan", "init", "--preset", "uniform4", "--out", folder.appendingPathComponent("p.json").path],
                                "unknown preset 'uniform4'; did you mean 'uniform-4'?")
        try expectRefusedOption(["plan", "preset", "xyz"],
                                "unknown preset 'xyz'; the presets are paper-nlu, paper-nlg, lora-r8, lora-rN, lora-qvo-rN, uniform-N, none")
    }
}
