import ArgumentParser
import Foundation
import KMix

extension EvalCommand {
    /// Decodes and scores the generation run in `folder` on its evaluation file (or `--dev`), prints the scores and
    /// writes the outputs, references and scores to `folder/eval/`.
    func evaluateGeneration(_ folder: URL) throws {
        if textColumn != nil || labelColumn != nil {
            throw CommandError("--text-column and --label-column are a classifier run's; a generation run reads its "
                               + "source and target columns")
        }
        let trained = try TrainedRun.load(folder, model: runOptions.runModel.model)
        let configuration = trained.configuration
        let pairs: GenerationDataset
        if let dev {
            pairs = try GenerationDataset.load(URL(fileURLWithPath: dev), columns: GenerationDataset.Columns(
                source: configuration.sourceColumn!, target: configuration.targetColumn!))
        } else if let recorded = try configuration.loadEvaluationPairs() {
            pairs = recorded
        } else {
            throw CommandError("the run \(runOptions.runFolder) records no evaluation or dev file; pass --dev FILE")
        }
        let settings = decoding.applied(to: configuration.decoding ?? .dataToText)
        let evaluation = try GenerationEvaluation.run(
            trained, on: pairs, settings: settings, maxSources: maxSources, batchSize: runOptions.batchSize,
            workers: runOptions.threads.workers) { written, total in
                FileHandle.standardError.write(Data("\rdecoding: \(written)/\(total) sources".utf8))
            }
        FileHandle.standardError.write(Data("\n".utf8))
        let name = URL(fileURLWithPath: pairs.source).deletingPathExtension().lastPathComponent
        let written = try evaluation.write(into: folder.appendingPathComponent("eval", isDirectory: true), name: name)
        let s = evaluation.scores
        print(String(format: "BLEU %.4f  NIST %.4f  ROUGE-L %.4f  CIDEr %.4f  (METEOR not computed)", s.bleu, s.nist,
                     s.rougeL, s.cider))
        print(String(format: "target loss %.4f  perplexity %.3f  (%d pairs)", evaluation.loss, evaluation.perplexity,
                     evaluation.pairs))
        print(String(format: "%d sources of %@ decoded in %.1f s (beams %d, length penalty %g, no-repeat n-gram %d, "
                     + "max new tokens %d)", evaluation.sources.count, pairs.source, evaluation.decodingSeconds,
                     settings.beams, settings.lengthPenalty, settings.noRepeatNGramSize, settings.maxNewTokens))
        print("wrote " + written.map(\.path).joined(separator: ", "))
    }
}
