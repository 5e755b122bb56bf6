import Foundation

/// A fast, seedable random number generator (xoshiro256**, seeded by SplitMix64).
///
/// Everything random in kmix (initialisation, dropout masks, shuffling) draws
/// from generators of this type, so a seed reproduces a run exactly. Its
/// whole state is four words and can be saved and restored.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Equatable, Codable {
    /// The generator's state.
    public private(set) var state: [UInt64]

    /// A generator whose sequence is determined by `seed`.
    public init(seed: UInt64) {
        var mixer = seed
        state = (0..<4).map { _ in
            mixer &+= 0x9E37_79B9_7F4A_7C15
            var z = mixer
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotate(state[1] &* 5, 7) &* 9
        let shifted = state[1] << 17
        state[2] ^= state[0]
        state[3] ^= state[1]
        state[1] ^= state[2]
        state[0] ^= state[3]
        state[2] ^= shifted
        state[3] = rotate(state[3], 45)
        return result
    }

    /// A uniform float in [0, 1) with 24 random bits.
    public mutating func nextUnitFloat() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A standard normal value (Box–Muller, in double precision).
    public mutating func nextNormal() -> Double {
        let u1 = (Double(next() >> 11) + 0.5) * 0x1p-53
        let u2 = Double(next() >> 11) * 0x1p-53
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A generator for an independent stream (e.g. one per worker or per purpose),
    /// derived from this one's next output and `stream`.
    public mutating func split(stream: UInt64) -> SeededGenerator {
        SeededGenerator(seed: next() ^ (stream &* 0xD1B5_4A32_D192_ED03))
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
