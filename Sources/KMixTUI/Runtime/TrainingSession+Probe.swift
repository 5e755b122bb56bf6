import Foundation
import KMix

extension TrainingSession {
    /// Runs the head probe of `request` on `jobs`: the run's adapters and classifier, or the frozen model with a
    /// freshly initialised classifier (as `kmix probe` does), on the first dev batches.
    public func probe(_ request: ProbeRequest, jobs: BackgroundJobs) {
        let model = self.model
        jobs.run {
            do {
                var small = RunRequest(plan: AdapterPlan(preset: .none, shape: AdapterPlan.ModelShape(model.configuration)),
                                       data: request.data)
                small.maxTrainRows = request.batches * request.batchSize
                let staged = try RunStarter.stage(small, model: model)
                let train = staged.train, dev = staged.dev
                let classifier: KernelMixClassifier
                if let folder = request.runFolder {
                    let run = try TrainedRun.load(URL(fileURLWithPath: folder, isDirectory: true), model: model.folder.path)
                    classifier = try run.classifier()
                } else {
                    let plan = AdapterPlan(preset: .none, shape: AdapterPlan.ModelShape(model.configuration))
                    var adapters = AdapterSet(plan: plan, labelCount: staged.configuration.labelValues.count)
                    var generator = SeededGenerator(seed: 42)
                    adapters.initialize(using: &generator)
                    classifier = try KernelMixClassifier(encoder: model.encoder, adapters: adapters)
                }
                return .probeFinished(HeadProbe.run(classifier, on: dev ?? train, batchSize: request.batchSize,
                                                    batchLimit: request.batches))
            } catch {
                return .probeFailed("\(error)")
            }
        }
    }
}
