import ArgumentParser
import Foundation

/// Reports an error thrown by a command's `run()`. ArgumentParser reports errors it finds while parsing with the
/// usage of the command being parsed, but errors thrown later with the root's (`Usage: kmix <subcommand>`); this
/// gives a usage error (`ValidationError`) the command's own usage, as parsing would: `Error: …`, `Usage: kmix
/// train …`, `See 'kmix train --help' for more information.`, exit status 64. Other errors are reported as
/// ArgumentParser reports them (one line, or the exit code of an `ExitCode`).
enum UsageFailure {
    static func exit(command: any ParsableCommand.Type, error: any Error) -> Never {
        guard let validation = error as? ValidationError, let path = path(to: command, from: KMixCommand.self) else {
            KMixCommand.exit(withError: error)
        }
        let usage = KMixCommand.usageString(for: command).replacingOccurrences(of: "\n", with: "\n       ")
        let text = "\(KMixCommand._errorPrefix)\(validation.message)\nUsage: \(usage)\n"
            + "  See '\(path.joined(separator: " ")) --help' for more information.\n"
        FileHandle.standardError.write(Data(text.utf8))
        Foundation.exit(ExitCode.validationFailure.rawValue)
    }

    /// The command names from `root` down to `command` (`["kmix", "plan", "preset"]`), nil when `command` is not in
    /// `root`'s tree.
    static func path(to command: any ParsableCommand.Type, from root: any ParsableCommand.Type) -> [String]? {
        if ObjectIdentifier(command) == ObjectIdentifier(root) { return [root._commandName] }
        for subcommand in root.configuration.subcommands {
            if let path = path(to: command, from: subcommand) { return [root._commandName] + path }
        }
        return nil
    }
}
