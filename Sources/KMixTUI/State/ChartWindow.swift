/// The time window of the training charts: how many recent steps they show (nil: all).
public enum ChartWindow {
    /// The window sizes `<` and `>` step through, in steps.
    public static let sizes = [10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000]

    /// The next smaller window than `window` for a run at step `latest`: from "all", the largest size below `latest`.
    public static func narrower(than window: Int?, latest: Int) -> Int {
        let limit = window ?? max(latest, sizes[0] + 1)
        return sizes.last { $0 < limit } ?? sizes[0]
    }

    /// The next larger window than `window`; nil ("all") once it would cover every step up to `latest`.
    public static func wider(than window: Int?, latest: Int) -> Int? {
        guard let window, let next = sizes.first(where: { $0 > window }), next < latest else { return nil }
        return next
    }

    /// The points of `points` within the last `window` steps up to `latest`.
    public static func clip(_ points: [CurvePoint], to window: Int?, latest: Int) -> [CurvePoint] {
        guard let window else { return points }
        let start = Double(latest - window)
        return points.filter { $0.x > start }
    }

    /// The chart title's note: "all steps" or "last N steps".
    public static func label(_ window: Int?) -> String {
        window.map { "last \(Format.count($0)) steps" } ?? "all steps"
    }
}
