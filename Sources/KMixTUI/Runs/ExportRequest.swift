import KMix

/// A request to export the run in `run` as `format` (`KMix.ExportFormat`) into the new folder `output`.
public struct ExportRequest: Sendable, Equatable {
    public let run: String
    public let format: ExportFormat
    public let output: String

    public init(run: String, format: ExportFormat, output: String) {
        self.run = run
        self.format = format
        self.output = output
    }

    /// `exports/<run-name>-<format>`, as `kmix export` without `--out` (`ExportFormat.defaultFolder`).
    public static func defaultOutput(run: String, format: ExportFormat) -> String {
        format.defaultFolder(run: run)
    }

    /// `exports/<run-name>-<suffix>`, for the export dialog while its Format names no format.
    static func defaultOutput(run: String, suffix: String) -> String {
        ExportFormat.defaultFolder(run: run, suffix: suffix)
    }
}
