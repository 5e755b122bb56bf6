import KMix

/// Starts `kmix`: first the right OpenBLAS kernel (see `BLASKernel`), then the command line; a
/// `$KMIX_THREADS` that is not a whole number of at least 1 is refused rather than ignored.
@main
enum Entry {
    static func main() {
        BLASKernel.ensureTunedKernel()
        if let problem = ThreadPolicy.environmentProblem { KMixCommand.exit(withError: EnvironmentError(message: problem)) }
        KMixCommand.main()
    }
}
