import ArgumentParser
import Foundation
import KMix

/// `kmix inspect [MODEL]`: architecture, parameter counts, and the heads table.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a model's architecture, parameter counts and attention heads."
    )

    @Argument(help: ArgumentHelp(
        "A model folder or id (default: \(ModelLocator.defaultModelID)).", valueName: "MODEL"))
    var model: String?

    @Flag(help: "Print JSON instead of tables.")
    var json = false

    func run() throws {
        let loaded = try PretrainedModel.load(model)
        let summary = ModelSummary(loaded)
        print(json ? try summary.json(name: loaded.displayName, folder: loaded.folder.path)
                   : summary.report(name: loaded.displayName, folder: loaded.folder.path))
    }
}
