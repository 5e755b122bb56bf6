import COpenBLAS
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Which OpenBLAS kernel runs, and a fix for CPUs that OpenBLAS does not recognise.
///
/// Debian's OpenBLAS 0.3.21 picks its kernel at load time by CPU model; on
/// newer CPUs (e.g. Xeon model 207) it falls back to the generic `Prescott`
/// kernel, which runs sgemm 4-5x slower than the AVX-512 (`SkylakeX`) or
/// AVX2 (`Haswell`) kernels the CPU supports. The kernel can only be chosen
/// by `OPENBLAS_CORETYPE` before the library loads, so kmix's programs call
/// `ensureTunedKernel()` first: it re-executes the process with that variable
/// set when OpenBLAS fell back. A value already in the environment is never changed.
public enum BLASKernel {
    /// The kernel OpenBLAS is using, e.g. `SkylakeX`.
    public static var coreName: String { String(cString: openblas_get_corename()) }

    /// OpenBLAS's build description (version and options).
    public static var configuration: String { String(cString: openblas_get_config()) }

    /// Kernels OpenBLAS uses when it does not recognise a CPU.
    static let genericCores: Set<String> = ["Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Atom", "Sandybridge"]

    /// The best kernel this OpenBLAS build has for a CPU with these feature flags
    /// (`/proc/cpuinfo` names), or nil when none beats the generic ones.
    static func preferredCore(flags: Set<String>) -> String? {
        if flags.isSuperset(of: ["avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd"]) { return "SkylakeX" }
        if flags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }

    /// The CPU's feature flags from `/proc/cpuinfo` (empty where it is unavailable).
    static func cpuFlags() -> Set<String> {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
              let colon = line.firstIndex(of: ":") else { return [] }
        return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    }

    /// Re-executes this process with `OPENBLAS_CORETYPE` set when OpenBLAS
    /// fell back to a generic kernel on a CPU that supports a faster one.
    /// Returns normally when nothing needs doing (or re-execution fails).
    public static func ensureTunedKernel() {
        let environment = ProcessInfo.processInfo.environment
        guard environment["OPENBLAS_CORETYPE"] == nil, environment["KMIX_BLAS_REEXEC"] == nil,
              genericCores.contains(coreName), let core = preferredCore(flags: cpuFlags()) else { return }
        setenv("OPENBLAS_CORETYPE", core, 1)
        setenv("KMIX_BLAS_REEXEC", "1", 1)
        let arguments = CommandLine.arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", arguments)
    }
}
