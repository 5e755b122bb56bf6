import ArgumentParser
import KMix

/// The headless kmix command line.

struct KMixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kmix",
        abstract: "Design and train kernel-wise (Kernel-mix) adapters on pretrained transformers.",
        version: KMixVersion.current,
        subcommands: [InspectCommand.self, EmbedCommand.self, PlanCommand.self, TrainCommand.self, EvalCommand.self,
                      PredictCommand.self, GenerateCommand.self, ProbeCommand.self, WatchCommand.self, ExperimentCommand.self, ExportCommand.self, ImportCommand.self, VerifyExportCommand.self,
                      FetchModelCommand.self]
    )
}
