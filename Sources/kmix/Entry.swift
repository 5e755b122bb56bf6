import ArgumentParser
import Foundation
import KMix

/// Starts `kmix`: first the right OpenBLAS kernel (see `BLASKernel`), then the command line; a
/// `$KMIX_THREADS` that is not a whole number of at least 1 is refused rather than ignored. An error thrown while
/// a command runs is reported with that command's usage (`UsageFailure`), not the root's.
@main
enum Entry {
    static func main() {
        BLASKernel.ensureTunedKernel()
        signal(SIGPIPE, SIG_IGN)
        if let problem = ThreadPolicy.environmentProblem { KMixCommand.exit(withError: EnvironmentError(message: problem)) }
        var command: any ParsableCommand
        do { command = try KMixCommand.parseAsRoot() } catch { KMixCommand.exit(withError: error) }
        do { try command.run() } catch { UsageFailure.exit(command: type(of: command), error: error) }
        StandardOutput.finish()
    }
}
