import CBenchSupport

/// Marks each timed step for callgrind: its costs are written to a profile file of
/// their own (`callgrind.out.<pid>.<n>`). No-ops when not running under valgrind.
enum Callgrind {
    /// Forgets the costs counted so far.
    static func zero() { kmix_callgrind_zero() }

    /// Writes the costs counted since `zero()` to a profile file marked `reason`.
    static func dump(_ reason: String) { kmix_callgrind_dump(reason) }
}
