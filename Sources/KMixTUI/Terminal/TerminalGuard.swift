import CNCursesW
import Glibc

/// Restores the terminal on every way out: normal exit, fatal signals and crashes.
enum TerminalGuard {
    /// Signals after which the terminal is restored and the signal delivered again with its default action.
    static let fatalSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]

    /// Installs the exit handler and the signal handlers; call once, after `initscr`.
    static func install() {
        atexit { kmix_restore_terminal() }
        for number in fatalSignals {
            signal(number) { received in
                kmix_restore_terminal()
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }
}
