/// A raw pointer that parallel workers may share.
///
/// `@unchecked Sendable` because the pointer itself is only an address: the
/// code that hands it to workers guarantees that they write disjoint elements
/// and that the memory outlives them (the workers are joined before the
/// buffer is released).
public struct SharedPointer: @unchecked Sendable {
    /// The shared address.
    public let base: UnsafeMutablePointer<Float>

    /// Wraps `base` for use by parallel workers.
    public init(_ base: UnsafeMutablePointer<Float>) { self.base = base }
}
