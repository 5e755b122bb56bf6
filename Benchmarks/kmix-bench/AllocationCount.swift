import CBenchSupport

/// Heap allocations made while a block runs, in every thread of the process
/// (counted by the malloc interposer in `CBenchSupport`).
struct AllocationCount: Equatable {
    var calls: UInt64 = 0
    var bytes: UInt64 = 0

    /// Whether allocations are being counted (the interposer is linked and in use).
    static var isAvailable: Bool { kmix_allocation_counter_installed() }

    /// Runs `body` and returns what it allocated.
    static func during(_ body: () throws -> Void) rethrows -> AllocationCount {
        let before = kmix_allocation_read()
        kmix_allocation_counting(true)
        defer { kmix_allocation_counting(false) }
        try body()
        kmix_allocation_counting(false)
        let after = kmix_allocation_read()
        return AllocationCount(calls: after.calls - before.calls, bytes: after.bytes - before.bytes)
    }

    static func + (left: AllocationCount, right: AllocationCount) -> AllocationCount {
        AllocationCount(calls: left.calls + right.calls, bytes: left.bytes + right.bytes)
    }
}
