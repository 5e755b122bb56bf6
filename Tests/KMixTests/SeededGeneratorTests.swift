import Foundation
import Testing
@testable import KMix

/// The generator keeps its state inline (drawing allocates nothing) and its sequence and encoding unchanged.
struct SeededGeneratorTests {
    @Test func generatorKeepsItsSequenceAndEncoding() throws {
        var generator = SeededGenerator(seed: 42)
        // The sequence of the first implementation (state in an array), which saved runs depend on.
        #expect((0..<4).map { _ in generator.next() }
                == [1_546_998_764_402_558_742, 6_990_951_692_964_543_102, 12_544_586_762_248_559_009, 17_057_574_109_182_124_193])
        var parent = SeededGenerator(seed: 7)
        #expect(parent.split(stream: 3).state
                == [16_434_373_805_614_703_662, 4_419_849_900_543_320_750, 15_415_197_413_811_604_777, 18_096_103_585_414_759_228])
        let data = try JSONEncoder().encode(generator)
        #expect(String(decoding: data, as: UTF8.self).hasPrefix("{\"state\":["))
        #expect(try JSONDecoder().decode(SeededGenerator.self, from: data) == generator)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(SeededGenerator.self, from: Data("{\"state\":[1]}".utf8)) }
    }
}
