import Foundation
import Testing
@testable import KMix

/// The hand-written backward pass against central finite differences on a tiny random model.
///
/// Float32 throughout, so the check is on each tensor's whole gradient:
/// ‖analytic − numeric‖ / ‖numeric‖ ≤ 1e-3 (the float32 bound). The
/// numeric gradient is the fourth-order central difference
/// (8(f(x+h) − f(x−h)) − (f(x+2h) − f(x−2h))) / 12h with h = 0.01: its
/// truncation error is O(h⁴), so a step large enough to keep float32
/// rounding small is still accurate.
@Suite struct GradientCheckTests {
    static let step: Float = 0.01

    /// The fourth-order central difference of `f` along one coordinate.
    static func derivative(_ f: (Float) -> Float) -> Float {
        let h = step
        return (8 * (f(h) - f(-h)) - (f(2 * h) - f(-2 * h))) / (12 * h)
    }

    /// A classifier on the tiny model with adapters drawn large enough (×0.3) to matter.
    func classifier(_ plan: AdapterPlan) throws -> KernelMixClassifier {
        let encoder = try TinyModel.encoder()
        var adapters = AdapterSet(plan: plan, labelCount: 3,
                                  pooler: (encoder.weights.poolerWeight!, encoder.weights.poolerBias!))
        var generator = SeededGenerator(seed: 11)
        for entry in adapters.store.entries where !entry.name.hasPrefix("head.pooler") {
            for i in entry.range { adapters.store.values[i] = Float(generator.nextNormal() * 0.3) }
        }
        return try KernelMixClassifier(encoder: encoder, adapters: adapters)
    }

    /// Relative error of the analytic gradient of every tensor, by name.
    func relativeErrors(_ model: KernelMixClassifier, dropout: DropoutSource?) -> [String: Float] {
        let analytic = model.lossAndGradient(batch: TinyModel.batch, labels: TinyModel.labels, dropout: dropout).gradient
        var errors: [String: Float] = [:]
        for entry in model.adapters.store.entries {
            var difference: Float = 0, reference: Float = 0
            for i in entry.range {
                let saved = model.adapters.store.values[i]
                let numeric = Self.derivative { offset in
                    model.adapters.store.values[i] = saved + offset
                    return model.lossAndGradient(batch: TinyModel.batch, labels: TinyModel.labels, dropout: dropout).loss
                }
                model.adapters.store.values[i] = saved
                difference += (analytic[i] - numeric) * (analytic[i] - numeric)
                reference += numeric * numeric
            }
            errors[entry.name] = (difference / max(reference, 1e-20)).squareRoot()
        }
        return errors
    }

    @Test(arguments: [AdapterPlan.TaskHead.pooler, .cls, .mean])
    func everyAdapterTensorMatchesFiniteDifferences(head: AdapterPlan.TaskHead) throws {
        let model = try classifier(TinyModel.raggedPlan(head: head))
        let errors = relativeErrors(model, dropout: nil)
        let kinds = Set(errors.keys.map { $0.split(separator: ".").dropFirst(2).prefix(2).joined(separator: ".") })
        #expect(errors.count == model.adapters.store.entries.count)
        #expect(kinds.isSuperset(of: ["q.heads", "v.heads", "o.heads", "q.shared", "v.shared", "o.shared", "o.B", "o.b"]))
        for (name, error) in errors.sorted(by: { $0.key < $1.key }) {
            #expect(error <= 1e-3, "\(name): relative error \(error)")
        }
    }

    @Test func gradientsHoldWithDropoutMasksFixedBySeed() throws {
        let model = try classifier(TinyModel.raggedPlan())
        let dropout = DropoutSource(hiddenRate: 0.1, attentionRate: 0.1, adapterRate: 0.1,
                                    generator: SeededGenerator(seed: 5))
        let plain = model.lossAndGradient(batch: TinyModel.batch, labels: TinyModel.labels, dropout: nil).loss
        let dropped = model.lossAndGradient(batch: TinyModel.batch, labels: TinyModel.labels, dropout: dropout).loss
        #expect(plain != dropped, "dropout changes the loss")
        for (name, error) in relativeErrors(model, dropout: dropout).sorted(by: { $0.key < $1.key }) {
            #expect(error <= 1e-3, "\(name): relative error \(error)")
        }
    }

    @Test func layerInputGradientMatchesFiniteDifferences() throws {
        let encoder = try TinyModel.encoder()
        let plan = TinyModel.raggedPlan()
        var adapters = AdapterSet(plan: plan, labelCount: 3)
        var generator = SeededGenerator(seed: 3)
        for i in adapters.store.values.indices { adapters.store.values[i] = Float(generator.nextNormal() * 0.3) }
        let batch = TinyModel.batch, d = 8
        let input = (0..<(batch.tokenCount * d)).map { _ in Float(generator.nextNormal()) }
        let weights = (0..<(batch.tokenCount * d)).map { _ in Float(generator.nextNormal()) }
        let dropoutSeed = SeededGenerator(seed: 9)
        func objective(_ x: [Float]) -> Float {
            var hidden = x
            var dropout: DropoutSource? = DropoutSource(hiddenRate: 0.1, attentionRate: 0.1, adapterRate: 0.1,
                                                        generator: dropoutSeed)
            LayerPass().forward(encoder.weights.layers[0], configuration: encoder.configuration, batch: batch,
                                hidden: &hidden, adapters: adapters, layerIndex: 0, dropout: &dropout)
            return zip(hidden, weights).reduce(0) { $0 + $1.0 * $1.1 }
        }
        var hidden = input
        var dropout: DropoutSource? = DropoutSource(hiddenRate: 0.1, attentionRate: 0.1, adapterRate: 0.1,
                                                    generator: dropoutSeed)
        let pass = LayerPass()
        pass.forward(encoder.weights.layers[0], configuration: encoder.configuration, batch: batch, hidden: &hidden,
                     adapters: adapters, layerIndex: 0, dropout: &dropout)
        var gradient = weights
        var parameterGradient = [Float](repeating: 0, count: adapters.store.count)
        pass.backward(encoder.weights.layers[0], configuration: encoder.configuration, batch: batch,
                      gradient: &gradient, adapters: adapters, gradients: &parameterGradient, needsInputGradient: true)
        var difference: Float = 0, reference: Float = 0
        for i in input.indices {
            let numeric = Self.derivative { offset in
                var shifted = input
                shifted[i] += offset
                return objective(shifted)
            }
            difference += (gradient[i] - numeric) * (gradient[i] - numeric)
            reference += numeric * numeric
        }
        let error = (difference / reference).squareRoot()
        #expect(error <= 1e-3, "input gradient relative error \(error)")
    }

    @Test func noBackwardRunsBelowTheLowestAdaptedLayer() throws {
        var plan = TinyModel.raggedPlan()
        plan.layers[0] = AdapterPlan.LayerBudget(headCount: 2, rank: { _ in 0 }, shared: { _ in 0 })
        let model = try classifier(plan)
        #expect(model.adapters.lowestAdaptedLayer == 1)
        for (name, error) in relativeErrors(model, dropout: nil) {
            #expect(error <= 1e-3, "\(name): relative error \(error)")
        }
    }
}
