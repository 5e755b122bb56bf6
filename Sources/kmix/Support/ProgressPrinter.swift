import Foundation
import KMix

/// Shows training events: on a terminal, one progress line rewritten in place
/// (step/total, loss, lr, tokens/s, ETA) with other events above it; otherwise
/// plain lines, a step line every `plainEvery` steps. The start of the run says
/// which of `--max-steps` and `--epochs` ends it. Every line starts with `prefix`, and step lines end with
/// `status` (`kmix experiment run` puts the run's place in the experiment and the experiment's ETA there). Writes go
/// straight to the file descriptor (unbuffered), so lines appear as they happen.
final class ProgressPrinter {
    private let isTerminal = isatty(STDOUT_FILENO) == 1
    private let plainEvery: Int
    private let maxSteps: Int?
    private let prefix: String
    private let status: (StepReport) -> String
    private var smoothedLoss: Float?
    /// The run's class names, from its start.
    private var labelNames: [String] = []

    /// A printer for a run given `maxSteps` (nil: none).
    init(maxSteps: Int?, plainEvery: Int = 20, prefix: String = "", status: @escaping (StepReport) -> String = { _ in "" }) {
        self.maxSteps = maxSteps
        self.plainEvery = plainEvery
        self.prefix = prefix
        self.status = status
    }

    func show(_ event: TrainingEvent) {
        let line = (isTerminal ? "\r\u{1B}[K" : "") + prefix
        switch event {
        case let .step(report):
            smoothedLoss = smoothedLoss.map { 0.95 * $0 + 0.05 * report.loss } ?? report.loss
            if isTerminal {
                write(line + bar(report) + status(report))
            } else if report.step % plainEvery == 0 || report.step == report.totalSteps || report.step == 1 {
                write(line + event.description + status(report) + "\n")
            }
        case .headNorms:
            break
        case let .started(start):
            labelNames = start.labelNames
            write(line + Self.description(of: start, maxSteps: maxSteps) + "\n")
        case let .finished(summary):
            write(line + event.description + "\n")
            if let finding = summary.finalEvaluation?.majorityFinding(labelNames: labelNames) {
                write(prefix + "warning: \(finding); try a higher --lr, more --epochs or more training rows (docs/training.md)\n")
            }
        default:
            write(line + event.description + "\n")
        }
    }

    /// The first line of a run's progress: its steps and which limit ends it, e.g. `training 30 steps (--max-steps
    /// 30; 3 epochs of 313 rows at batch 32), 153,312 trainable parameters`.
    static func description(of start: TrainingStart, maxSteps: Int?) -> String {
        let epochs = start.epochs == 1 ? "1 epoch" : "\(start.epochs) epochs"
        let limit = maxSteps == start.totalSteps ? "--max-steps \(start.totalSteps); \(epochs)" : "--epochs \(start.epochs)"
        return "training \(start.totalSteps) steps (\(limit) of \(start.examples.grouped) rows at batch \(start.batchSize)), "
            + "\(start.trainableParameters.grouped) trainable parameters"
    }

    private func bar(_ r: StepReport) -> String {
        let width = 24, filled = Int(Double(width) * Double(r.step) / Double(max(1, r.totalSteps)))
        let remaining = r.elapsed / Double(r.step) * Double(r.totalSteps - r.step)
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
            + "\(r.step)/\(r.totalSteps)  loss " + String(format: "%.4f", smoothedLoss ?? r.loss)
            + "  lr " + String(format: "%.2e", r.learningRate) + "  " + String(format: "%.0f", r.tokensPerSecond)
            + " tok/s  ETA " + Self.duration(remaining)
    }

    private func write(_ text: String) { StandardOutput.writeReporting(text) }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
