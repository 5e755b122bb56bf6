import Foundation

/// Number and time formatting shared by the views.
public enum Format {
    /// `46656` → `46,656`.
    public static func count(_ value: Int) -> String {
        let digits = String(abs(value))
        var grouped = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// `22713216` → `22.7M`, `46656` → `46.7k`.
    public static func compact(_ value: Int) -> String {
        let magnitude = Double(abs(value))
        let sign = value < 0 ? "-" : ""
        if magnitude >= 1e9 { return sign + String(format: "%.1fG", magnitude / 1e9) }
        if magnitude >= 1e6 { return sign + String(format: "%.1fM", magnitude / 1e6) }
        if magnitude >= 1e4 { return sign + String(format: "%.1fk", magnitude / 1e3) }
        return sign + String(Int(magnitude))
    }

    /// A perplexity in a few characters: two decimals below 10,000 (`12.18`), else compact (`80.4M`); a value
    /// too large for that in exponent form (`3.1e+19`).
    public static func perplexity(_ value: Double) -> String {
        if value < 1e4 { return String(format: "%.2f", value) }
        return value < 1e15 ? compact(Int(value.rounded())) : String(format: "%.1e", value)
    }

    /// Every how many slots of `slot` cells a label of up to `widest` characters can stand with a space after it:
    /// 1 when every label fits its own slot, else 2, 3, … Labels are then drawn at slots 0, step, 2·step, …, an
    /// even axis on which no number seems to be missing.
    public static func labelStep(widest: Int, slot: Int) -> Int {
        guard slot > 0 else { return 1 }
        var step = 1
        while step * slot < widest + 1 { step += 1 }
        return step
    }

    /// A short axis label: at most about 5 characters.
    public static func tick(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude == 0 { return "0" }
        if magnitude >= 10_000 { return compact(Int(value.rounded())) }
        if magnitude >= 1000 { return count(Int(value.rounded())) }
        if magnitude >= 100 || value == value.rounded() { return String(Int(value.rounded())) }
        if magnitude >= 1 { return String(format: "%.1f", value) }
        if magnitude >= 0.01 { return String(format: "%.2f", value) }
        if magnitude >= 0.001 { return String(format: "%.3f", value) }
        return String(format: "%.0e", value)
    }

    /// An axis label for `value` on an axis whose ticks are `step` apart: just enough decimals to tell ticks apart.
    public static func tick(_ value: Double, step: Double) -> String {
        guard step > 0, step < 1, abs(value) < 10_000 else { return tick(value) }
        var decimals = Int((-log10(step) - 1e-9).rounded(.up))
        let scaled = step * pow(10, Double(decimals))
        if abs(scaled - scaled.rounded()) > 1e-6 { decimals += 1 }
        decimals = min(6, decimals)
        return String(format: "%.\(decimals)f", value)
    }

    /// `65` → `1m05s`.
    public static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total >= 3600 { return String(format: "%dh%02dm", total / 3600, total % 3600 / 60) }
        if total >= 60 { return String(format: "%dm%02ds", total / 60, total % 60) }
        return "\(total)s"
    }

    /// `text` padded with spaces, or cut with "…" (`truncate`), to exactly `width` cells.
    public static func fit(_ text: String, _ width: Int) -> String {
        let cut = truncate(text, max(0, width))
        return cut + String(repeating: " ", count: max(0, width - cut.cellWidth))
    }
}
