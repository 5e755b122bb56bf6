import KMix

/// A generation run's samples: for each of the fixed dev sources the run decodes after every evaluation
/// (`TrainingSetup.sampleCount`), the source, what the model wrote for it and the first reference, in a box titled
/// with the step they were written at. Long lines end in "…".
enum SamplesPanel {
    /// How many rows a sample takes.
    enum Form: Sendable, Equatable {
        /// Three rows: the source, the output and the reference, each across the panel.
        case full
        /// Two rows: the source and the reference side by side, then the output across the panel.
        case compact

        /// The rows of one sample.
        var rowsPerSample: Int { self == .full ? 3 : 2 }

        /// The panel's height, borders included.
        var height: Int { 2 + TrainingSetup.sampleCount * rowsPerSample }
    }

    /// The width of a row's label ("1 src ", "  out ").
    static let labelWidth = 6

    /// Draws `samples` into `box`, or `emptyMessage` when there are none yet.
    static func draw(into grid: inout CellGrid, _ samples: SampleReport?, form: Form, emptyMessage: String, in box: Rect,
                     glyphs: GlyphSet) {
        grid.box(box, title: samples.map { "Samples written at step \($0.step)" } ?? "Samples", glyphs: glyphs)
        let inner = Rect(x: box.x + 2, y: box.y + 1, width: box.width - 4, height: box.height - 2)
        guard let samples, !samples.samples.isEmpty else {
            let text = Format.truncate(emptyMessage, inner.width)
            grid.put(text, x: inner.x + max(0, (inner.width - text.cellWidth) / 2), y: inner.y + inner.height / 2,
                     style: Style(.muted), limit: inner.width)
            return
        }
        for (index, sample) in samples.samples.prefix(TrainingSetup.sampleCount).enumerated() {
            let y = inner.y + index * form.rowsPerSample
            let reference = sample.references.first ?? "(not recorded)"
            switch form {
            case .full:
                put(into: &grid, label: "\(index + 1) src", sample.source, .text, x: inner.x, y: y, width: inner.width)
                putOutput(into: &grid, sample.output, x: inner.x, y: y + 1, width: inner.width)
                put(into: &grid, label: "  ref", reference, .muted, x: inner.x, y: y + 2, width: inner.width)
            case .compact:
                let half = inner.width / 2
                put(into: &grid, label: "\(index + 1) src", sample.source, .text, x: inner.x, y: y, width: half - 1)
                put(into: &grid, label: "ref", reference, .muted, x: inner.x + half, y: y, width: inner.width - half,
                    labelWidth: 4)
                putOutput(into: &grid, sample.output, x: inner.x, y: y + 1, width: inner.width)
            }
        }
    }

    /// The model's output on one row, in bold; an empty output says so.
    private static func putOutput(into grid: inout CellGrid, _ output: String, x: Int, y: Int, width: Int) {
        let text = oneLine(output)
        guard !text.isEmpty else {
            put(into: &grid, label: "  out", "(nothing: the end of text came first)", .muted, x: x, y: y, width: width)
            return
        }
        put(into: &grid, label: "  out", text, .text, x: x, y: y, width: width, attributes: .bold)
    }

    /// `label` in muted text, then `text` cut with "…" to end within `width` cells of `x`.
    private static func put(into grid: inout CellGrid, label: String, _ text: String, _ role: ColorRole, x: Int, y: Int,
                            width: Int, labelWidth: Int = SamplesPanel.labelWidth, attributes: Attributes = []) {
        guard width > labelWidth else { return }
        grid.put(Format.fit(label, labelWidth), x: x, y: y, style: Style(.muted))
        grid.put(Format.truncate(oneLine(text), width - labelWidth), x: x + labelWidth, y: y,
                 style: Style(role, attributes: attributes))
    }

    /// `text` on one line: line breaks and tabs as spaces.
    static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }
}
