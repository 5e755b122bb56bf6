import ArgumentParser

/// `--model MODEL`, shared by the commands that run a model.
struct ModelOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A Hugging Face model folder, or a model id in kmix's or the Hugging Face cache.",
        valueName: "MODEL"))
    var model: String?
}
