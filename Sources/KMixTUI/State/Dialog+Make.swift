import KMix

extension Dialog {
    /// The dialog of `kind` for `state`.
    public static func make(_ kind: Kind, for state: AppState) -> Dialog {
        switch kind {
        case .savePlan:
            return Dialog(kind: kind, title: "Save plan", lines: ["Write the plan as JSON (docs/plans.md)."],
                          fields: [DialogField(.path, state.planPath)])
        case .loadPlan:
            return Dialog(kind: kind, title: "Open plan", lines: ["Read a plan file made for this model."],
                          fields: [DialogField(.path, state.planPath)])
        case .target:
            return Dialog(kind: kind, title: "Target budget", lines: ["Parameters to aim for (empty: none)."],
                          fields: [DialogField(.target, state.target.map(String.init) ?? "")])
        case .preset:
            return Dialog(kind: kind, title: "Preset", lines: ["paper-nlu, paper-nlg, lora-rN, lora-qvo-rN, uniform-N, none"],
                          fields: [DialogField(.preset, "")])
        case .startTraining:
            let s = state.settings
            return Dialog(kind: kind, title: "Start training",
                          lines: ["\(state.data.name) data in \(state.dataDescription)"]
                              + (state.modelIsDecoder ? [Dialog.decoderTasks] : []) + [Dialog.runLengthRule, Dialog.reallocateRule],
                          fields: [DialogField(.data, state.data.fieldText(relativeTo: state.workingDirectory),
                                               completes: "data"),
                                   DialogField(.maxSteps, s.maxSteps.map(String.init) ?? ""),
                                   DialogField(.epochs, s.epochs.map(String.init) ?? ""),
                                   DialogField(.batchSize, String(s.batchSize)),
                                   DialogField(.learningRate, "\(s.learningRate)"),
                                   DialogField(.maxTrainRows, s.maxTrainRows.map(String.init) ?? ""),
                                   DialogField(.evaluateEvery, s.evaluateEvery.map(String.init) ?? ""),
                                   DialogField(.reallocate, s.reallocation?.settingsText ?? "")])
        case .openRun:
            return Dialog(kind: kind, title: "Open run", lines: ["A run folder: plan.json, metrics.jsonl, adapters.safetensors."],
                          fields: [DialogField(.runFolder, state.training.runFolder ?? "runs/")])
        case .export:
            return Dialog(kind: kind, title: "Export run", lines: exportLines(run: state.training.runFolder ?? "", format: .peft),
                          fields: [DialogField(.format, ExportFormat.peft.rawValue), DialogField(.output, "")])
        case .autoAllocate:
            let settings = AllocationSettings(for: state.plan)
            let evidence = HeadEvidence(signal: settings.signal)
            return Dialog(kind: kind, title: "Auto-allocate",
                          lines: ["Per-head ranks under a budget, by evidence on the first \(evidence.probeRows) training rows.",
                                  "\(DialogField.ID.signal.label): \(AllocationSignal.allCases.map(\.rawValue).joined(separator: ", ")).",
                                  "All but uniform first train the plan \(evidence.probeSteps) steps, then measure."],
                          fields: [DialogField(.budget, String(settings.budget)),
                                   DialogField(.signal, settings.signal.rawValue, completes: "auto"),
                                   DialogField(.projections, settings.projections.map(\.rawValue).joined(separator: ",")),
                                   DialogField(.minRank, String(settings.minRank)),
                                   DialogField(.maxRank, String(settings.maxRank))])
        case .confirmStop:
            let effect = state.training.status == .preparing ? "The run is still loading its data; stopping cancels it."
                : "The run stops after this step, evaluates and saves."
            return Dialog(kind: kind, title: "Stop training?", lines: [effect])
        case let .confirmOverwrite(path):
            return Dialog(kind: kind, title: "Overwrite \(path)?", lines: ["The file exists; saving the plan replaces it."])
        case .confirmQuit:
            var lines: [String] = []
            if state.training.status == .preparing {
                lines.append("The run is still loading its data; quitting cancels it.")
            } else if state.training.status.isActive {
                lines.append("Training is running; quitting stops it and saves the adapters.")
            }
            if state.hasUnsavedPlan {
                lines.append("The plan has changes that are not saved; quitting loses them (:save PATH keeps them).")
            }
            return Dialog(kind: kind, title: "Quit?", lines: lines)
        }
    }

    /// How the start-training dialog's Max steps and Epochs set the run's length (as `kmix train`'s `--max-steps`
    /// and `--epochs`: `RunLength`).
    static let runLengthRule = "Empty \(DialogField.ID.epochs.label): as many as \(DialogField.ID.maxSteps.label) needs, else 1."

    /// The tasks a decoder trains on, for the start-training dialog: the Data field takes either.
    static let decoderTasks = "\(DialogField.ID.data.label): e2e (write text from data) or sst2 (classify), or files."

    /// What the start-training dialog's Reallocate field takes (as `kmix train --reallocate`).
    static let reallocateRule = "\(DialogField.ID.reallocate.label): every=N,until=M[,min=R][,max=R], or empty for none."

    /// The export dialog's lines for `run`, naming the folder an empty Output means for `format` (nil: the
    /// Format field names none).
    static func exportLines(run: String, format: ExportFormat?) -> [String] {
        let output = ExportRequest.defaultOutput(run: run, suffix: format?.rawValue ?? "FORMAT")
        return ["Run \(run)", "\(DialogField.ID.format.label): \(ExportFormat.names)",
                "\(DialogField.ID.output.label) (empty: \(output))"]
    }
}
