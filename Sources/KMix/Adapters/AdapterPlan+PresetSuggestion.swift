extension AdapterPlan.Preset {
    /// `"; did you mean 'NAME'?"` for the preset name closest to a mistyped `name` (`ClosestName`), nil when none is
    /// close. The families `lora-rN` and `uniform-N` are offered with the number `name` holds, so that `lora-8`
    /// suggests `lora-r8` and `uniform4` suggests `uniform-4`; without a number, as `lora-rN` and `uniform-N`.
    public static func suggestion(for name: String) -> String? {
        let number = String(name.filter(\.isASCII).filter(\.isNumber))
        let families = number.isEmpty ? ["lora-rN", "lora-qvo-rN", "uniform-N"]
            : ["lora-r\(number)", "lora-qvo-r\(number)", "uniform-\(number)"].filter { Self(name: $0) != nil }
        return ClosestName.suggestion(for: name, among: ["paper-nlu", "paper-nlg", "none", "lora-r8"] + families)
    }
}
