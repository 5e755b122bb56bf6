import Foundation
import Testing
@testable import KMix

@Suite struct ElementwiseTests {
    /// Evenly spaced points over [low, high].
    private func grid(_ low: Double, _ high: Double, count: Int = 200_001) -> [Float] {
        (0..<count).map { Float(low + (high - low) * Double($0) / Double(count - 1)) }
    }

    @Test func expIsWithinTwoUlpOfDoublePrecision() {
        var worst: Double = 0
        for x in grid(-87, 88) {
            let exact = Foundation.exp(Double(x))
            let ulp = Double(Float(exact).ulp)
            worst = max(worst, abs(Double(Elementwise.exp(x)) - exact) / ulp)
        }
        #expect(worst <= 2, "worst error \(worst) ulp")
        #expect(Elementwise.exp(-100) == 0)
        #expect(Elementwise.exp(-.infinity) == 0)
        #expect(Elementwise.exp(0) == 1)
    }

    @Test func erfIsWithinFiveTenMillionthsOfDoublePrecision() {
        var worst: Double = 0
        for x in grid(-6, 6) {
            worst = max(worst, abs(Double(Elementwise.erf(x)) - Foundation.erf(Double(x))))
        }
        #expect(worst <= 5e-7, "worst error \(worst)")
    }

    @Test func geluMatchesTheErfDefinition() {
        var worst: Double = 0
        for x in grid(-10, 10, count: 20_001) {
            let d = Double(x)
            let exact = 0.5 * d * (1 + Foundation.erf(d / 2.0.squareRoot()))
            worst = max(worst, abs(Double(Elementwise.gelu(x)) - exact) / max(1, abs(exact)))
        }
        #expect(worst <= 1e-6, "worst error \(worst)")
    }

    @Test func tanhIsWithinTwoTenMillionthsOfDoublePrecision() {
        var worst: Double = 0
        for x in grid(-20, 20, count: 40_001) {
            worst = max(worst, abs(Double(Elementwise.tanh(x)) - Foundation.tanh(Double(x))))
        }
        #expect(worst <= 2e-7, "worst error \(worst)")
    }

    @Test func geluTanhAndItsDerivativeMatchTheirDefinitions() {
        var worst: Double = 0, worstDerivative: Double = 0
        let c = (2 / Double.pi).squareRoot()
        func gelu(_ d: Double) -> Double { 0.5 * d * (1 + Foundation.tanh(c * (d + 0.044715 * d * d * d))) }
        for x in grid(-10, 10, count: 20_001) {
            let d = Double(x), exact = gelu(d)
            worst = max(worst, abs(Double(Elementwise.geluTanh(x)) - exact) / max(1, abs(exact)))
            let slope = (gelu(d + 1e-6) - gelu(d - 1e-6)) / 2e-6
            worstDerivative = max(worstDerivative, abs(Double(Elementwise.geluTanhDerivative(x)) - slope))
        }
        #expect(worst <= 1e-6, "worst error \(worst)")
        #expect(worstDerivative <= 1e-5, "worst derivative error \(worstDerivative)")
    }

    @Test func softmaxRowsSumToOneAndMatchDefinition() {
        var x: [Float] = [1, 2, 3, 99, -1, -1, -1, 99]   // 2 rows of 3, stride 4
        x.withUnsafeMutableBufferPointer {
            Softmax.rows($0.baseAddress!, rows: 2, width: 3, stride: 4, scale: 0.5)
        }
        let e = [0.5, 1.0, 1.5].map { Foundation.exp($0) }
        let total = e.reduce(0, +)
        for i in 0..<3 { #expect(abs(Double(x[i]) - e[i] / total) < 1e-7) }
        #expect(x[3] == 99 && x[7] == 99, "padding columns untouched")
        for i in 4..<7 { #expect(abs(x[i] - 1.0 / 3) < 1e-7) }
    }

    @Test func layerNormMatchesDefinition() {
        var x: [Float] = [1, 2, 3, 4, 10, 10, 10, 10]
        let gamma: [Float] = [1, 2, 1, 1], beta: [Float] = [0, 0, 1, 0]
        x.withUnsafeMutableBufferPointer {
            LayerNorm.apply($0.baseAddress!, rows: 2, width: 4, gamma: gamma, beta: beta, epsilon: 1e-12)
        }
        let sd = (1.25 as Double).squareRoot()
        let expected = [-1.5 / sd, -0.5 / sd * 2, 0.5 / sd + 1, 1.5 / sd]
        for i in 0..<4 { #expect(abs(Double(x[i]) - expected[i]) < 1e-6) }
        #expect(Array(x[4...]) == [0, 0, 1, 0], "a constant row normalises to beta")
    }
}
