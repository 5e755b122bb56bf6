import KMix

/// Starts `kmix-tui`: first the right OpenBLAS kernel (see `BLASKernel`), then the command line.
@main
enum Entry {
    static func main() {
        BLASKernel.ensureTunedKernel()
        TUICommand.main()
    }
}
