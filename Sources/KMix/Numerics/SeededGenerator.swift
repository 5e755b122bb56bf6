import Foundation

/// A fast, seedable random number generator (xoshiro256**, seeded by SplitMix64).
///
/// Everything random in kmix (initialisation, dropout masks, shuffling) draws
/// from generators of this type, so a seed reproduces a run exactly. Its
/// whole state is four words, kept inline (drawing allocates nothing), and can
/// be saved and restored; it encodes as `{"state": [four words]}`.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Equatable, Codable {
    private var s0, s1, s2, s3: UInt64

    /// The generator's state.
    public var state: [UInt64] { [s0, s1, s2, s3] }

    /// A generator whose sequence is determined by `seed`.
    public init(seed: UInt64) {
        var mixer = seed
        func mix() -> UInt64 {
            mixer &+= 0x9E37_79B9_7F4A_7C15
            var z = mixer
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = mix()
        s1 = mix()
        s2 = mix()
        s3 = mix()
    }

    private enum CodingKeys: String, CodingKey { case state }

    /// Reads a generator from `{"state": [four words]}`.
    public init(from decoder: any Decoder) throws {
        let words = try decoder.container(keyedBy: CodingKeys.self).decode([UInt64].self, forKey: .state)
        guard words.count == 4 else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [CodingKeys.state],
                                                    debugDescription: "a generator state has four words"))
        }
        (s0, s1, s2, s3) = (words[0], words[1], words[2], words[3])
    }

    /// Writes the generator as `{"state": [four words]}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(state, forKey: .state)
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotate(s1 &* 5, 7) &* 9
        let shifted = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= shifted
        s3 = rotate(s3, 45)
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
