import Testing
@testable import KMix

/// `AdapterPlan.Preset.suggestion(for:)`: the closest preset name to a mistyped one, families with their number.
@Suite struct PresetSuggestionTests {
    @Test(arguments: [("paper-nlx", "paper-nlu"), ("paper-nlg ", "paper-nlg"), ("lora-8", "lora-r8"), ("lora-r16x", "lora-r16"),
                      ("LoRA-r4", "lora-r4"), ("uniform4", "uniform-4"), ("unifrom-2", "uniform-2"), ("unifrom", "uniform-N"),
                      ("nonee", "none")])
    func aCloseNameIsSuggested(typed: String, expected: String) {
        #expect(AdapterPlan.Preset.suggestion(for: typed) == "; did you mean '\(expected)'?")
    }

    @Test(arguments: ["xyz", "transformer", ""])
    func aDistantNameIsNot(typed: String) {
        #expect(AdapterPlan.Preset.suggestion(for: typed) == nil)
    }
}
