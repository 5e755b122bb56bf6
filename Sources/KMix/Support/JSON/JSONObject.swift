/// A JSON object whose keys each appear once, read by key, with the JSON paths of its members.
///
/// Keys compare scalar for scalar (`"é"` and `"e\u{301}"` are different keys, as they are to a byte-comparing
/// reader). A key that appears twice is an error rather than a silent choice of one value, for the reason unknown
/// keys in kmix's formats are errors: never ignore part of what a file says.
public struct JSONObject: Sendable {
    /// The object's JSON path.
    public let path: String
    /// The members in file order.
    public let members: [JSONMember]
    private let index: [ExactKey: Int]

    /// The object of `members` at `path`.
    /// - Throws: `JSONReadError` at `path` when a key appears more than once.
    public init(members: [JSONMember], path: String) throws(JSONReadError) {
        var index: [ExactKey: Int] = [:]
        index.reserveCapacity(members.count)
        for (position, member) in members.enumerated() {
            guard index.updateValue(position, forKey: ExactKey(member.key)) == nil else {
                throw JSONReadError(path: path, reason: "the key '\(member.key)' appears more than once")
            }
        }
        self.path = path
        self.members = members
        self.index = index
    }

    /// The keys in file order.
    public var keys: [String] { members.map(\.key) }

    /// The member `key`, nil when absent.
    public subscript(key: String) -> JSONNode? {
        index[ExactKey(key)].map { JSONNode(members[$0].value, path: Self.path(of: key, in: path)) }
    }

    /// The member `key`, nil when absent or `null`.
    public func optional(_ key: String) -> JSONNode? { self[key]?.nonNull }

    /// The member `key`, which must be present.
    public func required(_ key: String) throws(JSONReadError) -> JSONNode {
        guard let node = self[key] else {
            throw JSONReadError(path: path, reason: "the required key '\(key)' is missing")
        }
        return node
    }

    /// Every member as a node, in file order.
    public var nodes: [(key: String, node: JSONNode)] {
        members.map { ($0.key, JSONNode($0.value, path: Self.path(of: $0.key, in: path))) }
    }

    /// Checks that every key is one of `allowed`.
    /// - Throws: `JSONReadError` at the first other key's path: `unknown key (expected one of a, b, c)`.
    public func allowOnly(_ allowed: Set<String>) throws(JSONReadError) {
        let unknown = members.first { member in !allowed.contains { $0.utf8.elementsEqual(member.key.utf8) } }
        guard let unknown else { return }
        throw JSONReadError(path: Self.path(of: unknown.key, in: path),
                            reason: "unknown key (expected one of \(allowed.sorted().joined(separator: ", ")))")
    }

    /// The path of member `key` of the object at `parent`: `$.layers`, or `$["layers.0.q"]` for a key that is
    /// not a plain name (letters, digits and `_`, not starting with a digit).
    public static func path(of key: String, in parent: String) -> String {
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9"), letters = UInt8(ascii: "a")...UInt8(ascii: "z")
        let isName = key.utf8.first.map { !digits.contains($0) } == true
            && key.utf8.allSatisfy { $0 == UInt8(ascii: "_") || digits.contains($0) || letters.contains($0 | 0x20) }
        return isName ? "\(parent).\(key)" : "\(parent)[\(JSONText.string(key))]"
    }
}

/// A key that hashes and compares by its UTF-8 bytes, not by canonical equivalence as `String` does.
private struct ExactKey: Hashable, Sendable {
    let key: String

    init(_ key: String) { self.key = key }

    static func == (lhs: ExactKey, rhs: ExactKey) -> Bool { lhs.key.utf8.elementsEqual(rhs.key.utf8) }

    func hash(into hasher: inout Hasher) {
        for byte in key.utf8 { hasher.combine(byte) }
    }
}
