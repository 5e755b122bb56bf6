import Testing
@testable import KMix

/// Buffers and dropout masks that grow to the largest size asked for and are then reused.
struct ReusableBufferTests {
    @Test func reusableBufferGrowsOnlyWhenTooSmall() {
        let buffer = ReusableBuffer<Float>()
        let first = buffer.reserve(100)
        #expect(buffer.capacity >= 100)
        #expect(Int(bitPattern: first) % 64 == 0, "64-byte aligned")
        #expect(buffer.reserve(100) == first && buffer.reserve(50) == first)
        let grown = buffer.zeroed(1000)
        #expect(buffer.capacity >= 1000)
        #expect((0..<1000).allSatisfy { grown[$0] == 0 })
    }

    @Test func maskBufferDrawsWhatDropoutMaskDraws() {
        var source: DropoutSource? = DropoutSource(hiddenRate: 0.1, attentionRate: 0.2, adapterRate: 0.3,
                                                   generator: SeededGenerator(seed: 4))
        var reference = source!
        let buffer = MaskBuffer()
        for count in [1, 7, 1000] {
            buffer.draw(count, rate: 0.3, from: &source)
            let expected = reference.mask(count: count, rate: 0.3)
            #expect(buffer.isActive && buffer.scale == expected.scale)
            #expect(Array(UnsafeBufferPointer(start: buffer.kept!, count: count)) == expected.kept)
        }
        buffer.draw(10, rate: 0, from: &source)
        #expect(!buffer.isActive && buffer.kept == nil)
        var none: DropoutSource?
        buffer.draw(10, rate: 0.5, from: &none)
        #expect(!buffer.isActive)
        #expect(source!.generator == reference.generator, "a rate of 0 draws nothing")
    }
}
