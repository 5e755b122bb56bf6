import Foundation

extension AppState {
    /// The status the runs screen shows for `run`: running while it is this app's run in progress, else what its
    /// files say.
    public func status(of run: RunSummary) -> RunStatus {
        guard training.status.isActive, let folder = training.runFolder, resolved(folder) == resolved(run.path) else {
            return run.status
        }
        return .running
    }

    /// `path` made absolute against the working directory and standardized.
    private func resolved(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : ((workingDirectory ?? FileManager.default.currentDirectoryPath) as NSString)
            .appendingPathComponent(path)
        return URL(fileURLWithPath: absolute).standardizedFileURL.path
    }

    /// The colour of `run` in the runs screen's charts and its mark in the table: the series of its place among the
    /// runs selected, or the first series for the run under the cursor when none is (nil: not in the charts).
    public func runColor(_ run: RunSummary) -> ColorRole? {
        if let index = runs.selected.firstIndex(of: run.path) { return ColorRole.series[index % ColorRole.series.count] }
        return runs.selected.isEmpty && runs.current?.path == run.path ? ColorRole.series[0] : nil
    }
}
