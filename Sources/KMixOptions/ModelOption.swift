import ArgumentParser

/// `--model MODEL`, shared by the commands that run a model.
public struct ModelOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A Hugging Face model folder, or a model id in kmix's or the Hugging Face cache.",
        valueName: "MODEL"))
    public var model: String?

    /// No model given (ArgumentParser fills it in).
    public init() {}
}
