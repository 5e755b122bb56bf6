/// Memory that grows to the largest size asked of it and is then reused, so
/// that passes over batches no larger than the largest seen allocate nothing.
///
/// Contents are not kept when the buffer grows, and new memory is not
/// initialised: every user writes what it reads. Growth leaves a quarter of
/// headroom, so a run of slowly growing batches reallocates rarely; memory that
/// is never touched does not count towards the resident set. Storage is
/// 64-byte aligned (one cache line, one AVX-512 register).
final class ReusableBuffer<Element: BitwiseCopyable> {
    /// The first element.
    private(set) var pointer: UnsafeMutablePointer<Element>
    /// Elements the buffer holds without growing.
    private(set) var capacity: Int

    /// An empty buffer (it allocates on first use).
    init() {
        capacity = 0
        pointer = Self.allocate(0)
    }

    deinit { UnsafeMutableRawPointer(pointer).deallocate() }

    /// The buffer's memory for at least `count` elements, grown when it is too small.
    @discardableResult
    func reserve(_ count: Int) -> UnsafeMutablePointer<Element> {
        if count > capacity {
            UnsafeMutableRawPointer(pointer).deallocate()
            capacity = count + count / 4
            pointer = Self.allocate(capacity)
        }
        return pointer
    }

    private static func allocate(_ count: Int) -> UnsafeMutablePointer<Element> {
        UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * MemoryLayout<Element>.stride, alignment: 64)
            .bindMemory(to: Element.self, capacity: count)
    }
}

extension ReusableBuffer where Element == Float {
    /// The buffer's memory for at least `count` elements, the first `count` set to 0.
    @discardableResult
    func zeroed(_ count: Int) -> UnsafeMutablePointer<Float> {
        let base = reserve(count)
        base.update(repeating: 0, count: count)
        return base
    }
}
