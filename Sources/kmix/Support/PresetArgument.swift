import ArgumentParser
import KMix

/// A plan preset named on the command line (`--preset NAME`, `kmix plan preset NAME`).
enum PresetArgument {
    /// The preset called `name`, or a usage error that suggests the closest name (or lists the presets).
    static func parse(_ name: String) throws -> AdapterPlan.Preset {
        if let preset = AdapterPlan.Preset(name: name) { return preset }
        throw ValidationError("unknown preset '\(name)'" + (AdapterPlan.Preset.suggestion(for: name)
            ?? "; the presets are \(AdapterPlan.Preset.names.joined(separator: ", "))"))
    }
}
