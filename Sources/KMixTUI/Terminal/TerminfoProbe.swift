import CNCursesW
import Foundation

extension ColorSetup {
    /// The setup for `mode` on this process's terminal, reading terminfo entries through ncurses. Main thread only.
    public static func detect(mode: ColorMode,
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws(ColorSetupError) -> ColorSetup {
        precondition(Thread.isMainThread, "ncurses is used from the main thread only")
        return try detect(mode: mode, environment: environment) { name in
            var colors: Int32 = 0, rgb: Int32 = 0
            guard kmix_terminfo_colors(name, &colors, &rgb) != 0 else { return nil }
            return TerminfoColors(colors: Int(colors), hasRGB: rgb != 0)
        }
    }
}
