import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// The hand-written backward pass against central finite differences on a tiny random model.
///
/// Float32 throughout, so the check is on each tensor's whole gradient:
/// ‖analytic − numeric‖ ≤ 1e-3 ‖numeric‖ (the float32 bound) plus the
/// rounding floor of the numeric estimate. The numeric gradient is the
/// fourth-order central difference (8(f(x+h) − f(x−h)) − (f(x+2h) − f(x−2h))) / 12h.
/// Its error has two parts that pull the step opposite ways: truncation,
/// O(h⁴), large for strongly curved tensors; and float32 rounding of the loss,
/// O(ε/h), large for tensors with tiny gradients. Each tensor is therefore
/// checked at the steps 0.03, 0.01 and 0.003 and passes if one of them agrees:
/// a wrong gradient disagrees at every step. The rounding floor is what no step
/// removes: each of the difference's evaluations is rounded to half an ulp of
/// the loss (weights 8, 8, 1, 1, so 0.75 ulp/h per coordinate), doubled for the
/// rounding inside the float32 forward pass. It matters only for tensors whose
/// gradient is itself that small (e.g. a rank-1 head's B with ‖g‖ ≈ 3e-3, whose
/// numeric estimates move by 5e-6 when the products' rounding changes).
@Suite struct GradientCheckTests {
    static let steps: [Float] = [0.03, 0.01, 0.003]

    /// The fourth-order central difference of `f` along one coordinate, with step `h`.
    static func derivative(step h: Float, _ f: (Float) -> Float) -> Float {
        (8 * (f(h) - f(-h)) - (f(2 * h) - f(-2 * h))) / (12 * h)
    }

    /// ‖analytic − numeric‖ / (‖numeric‖ + floor / 1e-3) over `indices`, the best over
    /// `steps`, where floor is the rounding floor described above: ≤ 1e-3 means
    /// ‖analytic − numeric‖ ≤ 1e-3 ‖numeric‖ + floor. `f(i, offset)` is the objective
    /// with coordinate i shifted by offset.
    static func relativeError(analytic: (Int) -> Float, indices: Range<Int>, _ f: (Int, Float) -> Float) -> Float {
        let ulp = f(indices.lowerBound, 0).ulp
        return steps.map { h in
            var difference: Float = 0, reference: Float = 0
            for i in indices {
                let numeric = derivative(step: h) { f(i, $0) }
                difference += (analytic(i) - numeric) * (analytic(i) - numeric)
                reference += numeric * numeric
            }
            let floor = 1.5 * ulp / h * Float(indices.count).squareRoot()
            return difference.squareRoot() / max(reference.squareRoot() + floor / 1e-3, 1e-10)
        }.min()!
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
            errors[entry.name] = Self.relativeError(analytic: { analytic[$0] }, indices: entry.range) { i, offset in
                let saved = model.adapters.store.values[i]
                defer { model.adapters.store.values[i] = saved }
                model.adapters.store.values[i] = saved + offset
                return model.lossAndGradient(batch: TinyModel.batch, labels: TinyModel.labels, dropout: dropout).loss
            }
        }
        return errors
    }

    @Test(arguments: AdapterPlan.TaskHead.allCases)
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

    /// `lora_alpha` 3 scales the shared terms by 3 (rank 1) and 1.5 (rank 2); every gradient stays exact.
    @Test func sharedScalingKeepsEveryGradientExact() throws {
        var plan = TinyModel.raggedPlan()
        let unscaled = try classifier(plan).lossAndGradient(batch: TinyModel.batch, labels: TinyModel.labels, dropout: nil).loss
        plan.loraAlpha = 3
        let model = try classifier(plan)
        let dropout = DropoutSource(hiddenRate: 0.1, attentionRate: 0.1, adapterRate: 0.1,
                                    generator: SeededGenerator(seed: 5))
        let scaled = model.lossAndGradient(batch: TinyModel.batch, labels: TinyModel.labels, dropout: nil).loss
        #expect(abs(scaled - unscaled) > 1e-4, "the scale changes the loss: \(scaled) against \(unscaled)")
        for (name, error) in relativeErrors(model, dropout: dropout).sorted(by: { $0.key < $1.key }) {
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
        let store = adapters.store
        func withLayerAdapters<Result>(_ body: (LayerAdapters) -> Result) -> Result {
            store.values.withUnsafeBufferPointer { values in
                var pack = LayerAdapterPack(layout: adapters.layouts[0])
                pack.refill(from: values.baseAddress!)
                return body(LayerAdapters(pack: pack, values: values.baseAddress!))
            }
        }
        func objective(_ x: [Float]) -> Float {
            var hidden = x
            var dropout: DropoutSource? = DropoutSource(hiddenRate: 0.1, attentionRate: 0.1, adapterRate: 0.1,
                                                        generator: dropoutSeed)
            withLayerAdapters { layerAdapters in
                hidden.withUnsafeMutableBufferPointer { h in
                    LayerPass().forward(encoder.weights.layers[0], configuration: encoder.configuration, batch: batch,
                                        hidden: h.baseAddress!, adapters: layerAdapters, dropout: &dropout)
                }
            }
            return zip(hidden, weights).reduce(0) { $0 + $1.0 * $1.1 }
        }
        var hidden = input
        var dropout: DropoutSource? = DropoutSource(hiddenRate: 0.1, attentionRate: 0.1, adapterRate: 0.1,
                                                    generator: dropoutSeed)
        let pass = LayerPass()
        var gradient = weights
        var parameterGradient = [Float](repeating: 0, count: adapters.store.count)
        withLayerAdapters { layerAdapters in
            hidden.withUnsafeMutableBufferPointer { h in
                pass.forward(encoder.weights.layers[0], configuration: encoder.configuration, batch: batch,
                             hidden: h.baseAddress!, adapters: layerAdapters, dropout: &dropout)
            }
            gradient.withUnsafeMutableBufferPointer { g in
                parameterGradient.withUnsafeMutableBufferPointer { p in
                    pass.backward(encoder.weights.layers[0], configuration: encoder.configuration, batch: batch,
                                  gradient: g.baseAddress!, adapters: layerAdapters, gradients: p.baseAddress!,
                                  needsInputGradient: true)
                }
            }
        }
        let error = Self.relativeError(analytic: { gradient[$0] }, indices: input.indices) { i, offset in
            var shifted = input
            shifted[i] += offset
            return objective(shifted)
        }
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
