import Testing
@testable import KMix

@Suite struct OptimizerTests {
    /// Three AdamW steps with changing learning rates, compared with values printed by
    /// `torch.optim.AdamW(lr, betas=(0.9, 0.98), eps=1e-6)` with weight decay 0.1 on the
    /// weight group and 0 on the bias group (torch 2.15).
    @Test func adamWMatchesPyTorch() {
        var store = ParameterStore()
        store.append("layers.0.q.shared.A", shape: [4])
        store.append("layers.0.o.b", shape: [2])
        var parameters: [Float] = [0.5, -1.0, 2.0, 0.25, 0.1, -0.2]
        var optimizer = AdamW(settings: OptimizerSettings(learningRate: 1e-2), store: store)
        let gradients: [[Float]] = [[0.3, -0.1, 0.05, 1.0, 0.2, -0.4],
                                    [-0.2, 0.3, 0.0, 0.5, 0.1, 0.1],
                                    [0.1, 0.1, -0.3, -0.2, -0.3, 0.05]]
        for (gradient, rate) in zip(gradients, [Float(1e-2), 5e-3, 2e-3]) {
            optimizer.update(&parameters, gradient: gradient, learningRate: rate)
        }
        let expected: [Float] = [0.48787355422973633, -0.9918828010559082, 1.984323501586914, 0.2337067425251007,
                                 0.08548908680677414, -0.18707109987735748]
        for (mine, theirs) in zip(parameters, expected) { #expect(abs(mine - theirs) <= 1e-6) }
        #expect(optimizer.step == 3)
    }

    @Test func clippingMatchesPyTorch() {
        var gradient: [Float] = [3, 4]
        #expect(GradientClipping.clip(&gradient, maxNorm: 1) == 5)
        #expect(abs(gradient[0] - 0.5999999046325684) <= 1e-7 && abs(gradient[1] - 0.7999998331069946) <= 1e-7)
        var small: [Float] = [0.3, 0.4]
        GradientClipping.clip(&small, maxNorm: 1)
        #expect(small == [0.3, 0.4])
    }

    @Test func scheduleWarmsUpThenDecaysToZero() {
        let schedule = LearningRateSchedule(peak: 1e-3, totalSteps: 100, warmupFraction: 0.06)
        #expect(schedule.warmupSteps == 6)
        #expect(schedule.rate(at: 0) == 0)
        #expect(abs(schedule.rate(at: 3) - 5e-4) < 1e-9)
        #expect(schedule.rate(at: 6) == 1e-3)
        #expect(abs(schedule.rate(at: 53) - 5e-4) < 1e-9)
        #expect(schedule.rate(at: 100) == 0)
    }
}
