import ArgumentParser
import Dispatch
import Foundation
import KMix

/// `kmix watch RUN_DIR`: follows a run folder another process writes, printing its events as `kmix train` does.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Follow a run folder that another process (or machine) writes.",
        discussion: """
            Prints the run's header, then one line per new step, evaluation, samples or reallocation line of its \
            metrics.jsonl, in kmix train's format, reading the file by polling (network file systems work). Exits 0 \
            when the run has finished (its last step, its final evaluation and adapters saved at that step), 1 when \
            the folder vanishes. Without --quiet-after, the run counts as quiet after 3 times the median interval \
            of its last 20 steps, at least 30 s.
            """
    )

    @Argument(help: ArgumentHelp("The run folder.", valueName: "RUN_DIR"))
    var runFolder: String

    @Flag(help: "Print what the run has written so far and exit.")
    var once = false

    @Option(help: ArgumentHelp("Seconds between two reads of the folder (default 1).", valueName: "SECONDS"))
    var interval = 1.0

    @Option(help: ArgumentHelp("Say the run has gone quiet after this many seconds without a new line (default: 3 "
                               + "times the median step interval, at least 30).", valueName: "SECONDS"))
    var quietAfter: Double?

    func validate() throws {
        guard interval > 0, interval.isFinite else { throw ValidationError("--interval must be a positive number of seconds") }
        if let quietAfter, !(quietAfter > 0 && quietAfter.isFinite) {
            throw ValidationError("--quiet-after must be a positive number of seconds")
        }
    }

    func run() throws {
        let folder = URL(fileURLWithPath: runFolder, isDirectory: true)
        let signals = SignalWatch()
        if !Self.isFolder(folder) {
            if once || FileManager.default.fileExists(atPath: folder.path) {
                throw CommandError("\(runFolder) is not a folder")
            }
            // A run started elsewhere may not have reached this machine's copy yet.
            print("waiting for \(runFolder) to appear")
            while !Self.isFolder(folder) { try pause(signals) }
        }
        var watch = RunWatch(run: runFolder, follow: RunFollow(folder: folder, quietAfter: quietAfter))
        while true {
            let ended = try watch.poll(now: Double(DispatchTime.now().uptimeNanoseconds) / 1e9)
            if ended || once { return }
            try pause(signals)
        }
    }

    /// Waits `interval` seconds; exits with 128 + the signal's number on Ctrl-C or a termination request.
    private func pause(_ signals: SignalWatch) throws {
        let wake = Date().addingTimeInterval(interval)
        while Date() < wake {
            if let signal = signals.first { throw ExitCode(128 + signal) }
            Thread.sleep(forTimeInterval: min(0.1, interval))
        }
    }

    private static func isFolder(_ url: URL) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) && isFolder.boolValue
    }
}
