import Foundation
import Glibc

/// tmux could not be started.
enum TmuxError: Error {
    case spawnFailed
}

/// A private tmux server with one session, for driving the real binary.
struct Tmux {
    let socket: String
    let session = "e2e"

    /// A server of its own, so that tests in one process do not share it.
    init() {
        socket = "kmix-e2e-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
    }

    /// Runs tmux with `arguments` on the private server and returns its standard output.
    ///
    /// Spawned with `posix_spawn` and reaped with `waitpid`; output goes through a file, because a server started
    /// by the command would hold a pipe open for ever.
    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket)-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: output) }
        let quoted = (["tmux", "-L", socket] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let command = quoted.joined(separator: " ") + " >'\(output.path)' 2>/dev/null </dev/null"
        var pid: pid_t = 0
        let words: [String] = ["/bin/sh", "-c", command]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        guard posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ) == 0 else { throw TmuxError.spawnFailed }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    }

    /// Starts a `width` × `height` session running a plain shell with the prompt `e2e$ ` in `folder`, with
    /// `XDG_CONFIG_HOME` inside `folder` so that no user config or theme changes what the test sees; `KMIX_HOME`
    /// passes through, so that the programs find the model where the tests do.
    func start(width: Int, height: Int, folder: URL) throws {
        let kmixHome = ProcessInfo.processInfo.environment["KMIX_HOME"].map { " KMIX_HOME='\($0)'" } ?? ""
        try run(["new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", "-c", folder.path,
                 "env -i PATH=/usr/bin:/bin HOME=\(NSHomeDirectory())\(kmixHome) XDG_CONFIG_HOME=\(folder.path)/config "
                     + "TERM=tmux-256color LANG=C.UTF-8 PS1='e2e$ ' sh"])
    }

    /// Starts a session (see `start`) and waits for the shell's prompt.
    func startShell(width: Int, height: Int, folder: URL) throws {
        try start(width: width, height: height, folder: folder)
        _ = try wait { $0.contains("e2e$") }
    }

    /// Types `keys` (tmux key names, or literal text when `literal`).
    func send(_ keys: String..., literal: Bool = false) throws {
        try run(["send-keys", "-t", session] + (literal ? ["-l"] : []) + keys)
    }

    /// The visible pane as text; with `escapes`, with the SGR sequences of its colours and attributes.
    func capture(escapes: Bool = false) throws -> String {
        try run(["capture-pane", "-p"] + (escapes ? ["-e"] : []) + ["-t", session])
    }

    /// Captures until `condition` holds or `seconds` pass; returns the last capture.
    func wait(seconds: Double = 20, until condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var screen = try capture()
        while !condition(screen), Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            screen = try capture()
        }
        return screen
    }

    /// Stops the private server.
    func kill() {
        _ = try? run(["kill-server"])
    }
}
