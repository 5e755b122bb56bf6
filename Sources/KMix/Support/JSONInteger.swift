import Foundation

/// Reads integers out of `JSONSerialization` results.
enum JSONInteger {
    /// The value as an `Int` if it is a JSON integer literal that fits; `nil`
    /// for booleans, fractions, exponents and anything else.
    static func signed(_ value: Any) -> Int? {
        // JSONSerialization gives every number as an NSNumber; its objCType tells
        // integer literals ("i", "q", …) from floating ones ("d") and booleans ("c").
        guard let number = value as? NSNumber, !(number is NSDecimalNumber) else { return nil }
        switch String(cString: number.objCType) {
        case "s", "i", "l", "q":
            return Int(exactly: number.int64Value)
        case "S", "I", "L", "Q":
            let integer = number.uint64Value
            return integer <= UInt64(Int.max) ? Int(integer) : nil
        default:
            return nil
        }
    }

    /// The value as an `Int` if it is a JSON integer literal that fits and is not negative.
    static func nonNegative(_ value: Any) -> Int? {
        guard let integer = signed(value), integer >= 0 else { return nil }
        return integer
    }
}
