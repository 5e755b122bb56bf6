import KMix

/// Starts `kmix-bench` on the right OpenBLAS kernel (see `BLASKernel`).
@main
enum Entry {
    static func main() {
        BLASKernel.ensureTunedKernel()
        KMixBench.main()
    }
}
