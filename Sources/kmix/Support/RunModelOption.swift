import ArgumentParser
import Foundation
import KMix

/// `--model MODEL` beside `--run RUN_DIR`: the run's base model where its `config.json` names a folder that is not on
/// this machine (a run trained elsewhere, e.g. by kmix_torch on a GPU server).
struct RunModelOption: ParsableArguments {
    @Option(name: .customLong("model"), help: ArgumentHelp(
        "The run's base model, when the folder its config.json names is not here (a run trained on another machine): "
            + "a folder, or a model id in kmix's or the Hugging Face cache. Refused when the run's checkpoints record "
            + "another base model.", valueName: "MODEL"))
    var model: String?

    /// The trained run in `folder`, on `--model` when given.
    func load(_ folder: String) throws -> TrainedRun {
        try TrainedRun.load(URL(fileURLWithPath: folder, isDirectory: true), model: model)
    }
}
