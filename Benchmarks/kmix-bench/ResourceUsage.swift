import Foundation

/// The process's resource use, read from /proc.
enum ResourceUsage {
    /// The one-minute load average, nil where /proc is unavailable.
    static func loadAverage() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        return text.split(separator: " ").first.flatMap { Double($0) }
    }

}
