extension Int {
    /// The number with thousands separated by commas: `152,064`.
    public var grouped: String {
        let digits = Array(String(abs(self)))
        var out = self < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
