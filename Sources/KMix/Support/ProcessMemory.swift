import Foundation

/// The process's memory use, read from /proc.
public enum ProcessMemory {
    /// Peak resident set size in MiB (VmHWM), 0 where /proc is unavailable.
    public static func peakResidentMiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kib = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kib / 1024
    }
}
