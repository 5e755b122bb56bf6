import KMix

/// Everything that can change the app state.
public enum Action: Sendable {
    /// Move the selection by layers and heads.
    case move(layers: Int, heads: Int)
    /// Add `delta` to the selected head's rank on the active projection.
    case changeRank(Int)
    /// Set the selected head's rank on the active projection.
    case setRank(Int)
    case cycleProjection
    case selectProjection(Projection)
    /// Copy the selected head's rank (active projection) to its layer, its head index in every layer, or every head.
    case applyToLayer, applyToHeadIndex, applyToAll
    /// Add `delta` to the selected layer's shared rank on the active projection.
    case changeSharedRank(Int)
    case applyPreset(AdapterPlan.Preset)
    case undo, redo
    /// Put the reallocating run's latest plan into the editor (one undo step).
    case takeRunPlan
    case setTarget(Int?)
    case cycleMetric
    case selectMetric(HeadMetric)
    /// Typing a rank: a digit, Backspace, Enter, Esc.
    case entryDigit(Character), entryBackspace, entrySubmit, entryCancel
    case showScreen(Screen)
    case toggleScreen
    case openHelp
    /// Show another page of the help overlay: `delta` pages on, wrapping.
    case helpPage(Int)
    case closeOverlay
    /// Open the `:` command line.
    case openCommandLine
    /// Editing the command line: a line edit (typing, deleting, moving the cursor), Tab, Up (-1) / Down (+1)
    /// through earlier lines.
    case commandEdit(LineEditor.Edit), commandComplete, commandHistory(Int)
    /// Run the command line's command, or close it.
    case commandSubmit, commandCancel
    case openDialog(Dialog.Kind)
    /// Editing the open dialog: a line edit in the focused field (y and n answer a question), other fields, Tab
    /// (completes a field that holds paths, else moves to the next field).
    case dialogEdit(LineEditor.Edit), dialogNextField, dialogPreviousField, dialogTab, dialogSubmit, dialogCancel
    /// Use `source` for training and the probe from now on, once its files are found.
    case chooseData(DataSource)
    /// The files of a chosen source were looked for; `startingRun` starts a run with these settings when found.
    case dataChecked(DataChoice, startingRun: TrainingSettings?)
    /// Training controls.
    case requestTraining, togglePause, requestStop, evaluateNow, saveNow
    /// A run's data are loaded and its folder created: its trainer starts next.
    case trainingPreparing(runFolder: String)
    /// The run could not start.
    case trainingFailedToStart(String)
    /// A stop or quit cancelled the run while it was preparing, before it wrote anything.
    case trainingCancelled
    /// The background trainer reported something.
    case trainingEvent(TrainingEvent)
    /// Events were dropped by the trainer's log.
    case trainingMissed(Int)
    /// Write the plan to the file at `path`.
    case savePlan(path: String)
    /// The file at `path` exists and is not the plan's own: ask before overwriting it.
    case askOverwrite(path: String)
    /// Read the plan in the file at `path`.
    case openPlan(path: String)
    /// A plan file was read.
    case planLoaded(AdapterPlan, path: String)
    /// A plan file was written.
    case planSaved(path: String)
    /// Show a message in the status bar.
    case notify(StatusMessage)
    case requestQuit
    /// Open the run-folder dialog (refused while training).
    case requestOpenRun
    /// Open the export dialog for the current run (refused while training or without a run).
    case requestExport
    /// Read the run folder at `path` (refused while training).
    case openRun(path: String)
    /// Export the current run as `format` into `output` (nil: `ExportRequest.defaultOutput`); refused while
    /// training or without a run.
    case exportRun(ExportFormat, output: String?)
    /// A run folder was read.
    case runOpened(OpenedRun)
    /// Follow the run folder at `path` while another process writes it, saying it has gone quiet after `quietAfter`
    /// seconds without a new line (nil: `QuietRule`'s threshold).
    case followRun(path: String, quietAfter: Double?)
    /// The run follower read the folder again.
    case followed(FollowReport)
    /// Run the head probe in the background (refused while it or training runs, or without data).
    case requestProbe
    /// The head probe finished.
    case probeFinished(HeadStatistics)
    /// The head probe could not run.
    case probeFailed(String)
    /// Load the next theme of `AppState.themeNames`.
    case cycleTheme
    /// Load the theme called `name` (a theme name or a path to a `.theme` file).
    case selectTheme(String)
    /// A theme was loaded and is now in use.
    case themeLoaded(String)
    /// Show fewer / more recent steps on the training charts.
    case narrowChartWindow, widenChartWindow
    /// An export was written: the request and the files in its folder.
    case exportFinished(ExportRequest, files: [String])
    /// Open the auto-allocate dialog (refused while training, probing or allocating, or without data).
    case requestAutoAllocate
    /// Measure evidence and allocate ranks with `settings` in the background (refused as `requestAutoAllocate` is).
    case autoAllocate(AllocationSettings)
    /// The allocation in the background has reached a new stage, said in one sentence.
    case allocationProgress(String)
    /// The allocation proposes a plan, shown against the current one until applied or discarded.
    case allocationFinished(AllocationProposal)
    /// The allocation could not be made.
    case allocationFailed(String)
    /// Make the proposed plan the current one (one undo step), or drop it.
    case applyProposal, discardProposal
    /// Show the runs screen listing `folder` (nil: the folder listed last, else `runs`).
    case showRuns(folder: String?)
    /// A run folder's runs were read.
    case runsRead(RunListing)
    /// The runs' folder could not be read.
    case runsReadFailed(folder: String, reason: String)
    /// On the runs screen: select or deselect the run under the cursor, open it, change the order, read the folder
    /// again.
    case toggleRunSelection, openListedRun, cycleRunSort, refreshRuns
}

/// Work the reducer asks the app to do outside the state.
public enum Effect: Sendable {
    case savePlan(AdapterPlan, path: String)
    case loadPlan(path: String)
    case startTraining(TrainingRequest)
    case pauseTraining, resumeTraining, stopTraining, evaluateNow, saveNow
    case openRun(path: String)
    /// Read the run folder at `path` in the background as it grows (then `.followed` after each read).
    case follow(path: String, quietAfter: Double?)
    case export(ExportRequest)
    case probe(ProbeRequest)
    /// Look for the files of `source` (then `.dataChecked`).
    case checkData(DataSource, startingRun: TrainingSettings?)
    /// Read the theme called `name` and draw with it.
    case loadTheme(String)
    /// Measure the evidence of `request` and allocate its budget (then `.allocationFinished` or `.allocationFailed`).
    case allocate(AllocationRequest)
    /// List the runs in the folder `folder` (then `.runsRead` or `.runsReadFailed`).
    case readRuns(folder: String)
    case quit
}
