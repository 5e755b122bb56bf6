extension Int {
    /// `self × other`, or `Int.max` when the product overflows (both factors not negative): for counts that come
    /// from user options, such as epochs × steps per epoch.
    func saturatingMultiplied(by other: Int) -> Int {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? .max : product
    }

    /// `self ÷ divisor` rounded up, without the overflow of `(self + divisor - 1) / divisor` for a huge divisor.
    func dividedRoundingUp(by divisor: Int) -> Int {
        self / divisor + (self % divisor == 0 ? 0 : 1)
    }
}
