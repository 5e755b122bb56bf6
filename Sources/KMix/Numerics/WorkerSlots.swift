/// One result slot per parallel worker.
///
/// `@unchecked Sendable` because each worker writes only the slot of its own
/// index, and the slots are read only after `ThreadPolicy.forEachWorker` has
/// joined every worker.
public final class WorkerSlots<Value>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Value?>

    /// `count` empty slots.
    public init(_ count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        _ = storage.deinitialize()
        storage.deallocate()
    }

    /// The value of slot `index` (set by worker `index`).
    public subscript(index: Int) -> Value? {
        get { storage[index] }
        set { storage[index] = newValue }
    }

    /// Every slot's value, in index order.
    /// - Precondition: every slot was filled.
    public var values: [Value] { storage.map { $0! } }
}
