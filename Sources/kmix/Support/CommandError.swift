/// A user-facing failure of a command: one sentence saying what is wrong and where.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
