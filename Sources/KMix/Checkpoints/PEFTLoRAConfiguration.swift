import Foundation

/// What kmix reads of a PEFT `adapter_config.json`: the LoRA ranks and scalings
/// and the adapted modules.
struct PEFTLoRAConfiguration {
    let path: String
    /// `target_modules` as written (nil when absent).
    let targets: [String]?
    let rank: Int
    let alpha: Double
    let rankPattern: [String: Int]
    let alphaPattern: [String: Double]
    let rsLoRA: Bool

    init(url: URL) throws {
        path = url.path
        guard let data = FileManager.default.contents(atPath: url.path),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ExportError.invalid(path: url.path, reason: "the file is missing or not a JSON object")
        }
        guard json["peft_type"] as? String == "LORA" else {
            throw ExportError.invalid(path: url.path, reason: "peft_type is not LORA")
        }
        guard let rank = json["r"] as? Int, rank > 0, let alpha = (json["lora_alpha"] as? NSNumber)?.doubleValue else {
            throw ExportError.invalid(path: url.path, reason: "r must be a positive whole number and lora_alpha a number")
        }
        if json["use_dora"] as? Bool == true {
            throw ExportError.invalid(path: url.path, reason: "it is a DoRA adapter (use_dora), which kmix cannot import")
        }
        if json["fan_in_fan_out"] as? Bool == true {
            throw ExportError.invalid(path: url.path, reason: "fan_in_fan_out is set, which BERT's Linear layers never need")
        }
        targets = json["target_modules"] as? [String]
        self.rank = rank
        self.alpha = alpha
        rankPattern = (json["rank_pattern"] as? [String: Any] ?? [:]).compactMapValues { $0 as? Int }
        alphaPattern = (json["alpha_pattern"] as? [String: Any] ?? [:]).compactMapValues { ($0 as? NSNumber)?.doubleValue }
        rsLoRA = json["use_rslora"] as? Bool == true
    }

    /// `query`, `value`, or a full module name ending in one of them.
    static func isQueryOrValue(_ target: String) -> Bool {
        ["query", "value"].contains { target == $0 || target.hasSuffix("." + $0) }
    }

    /// The entry of `pattern` for `module`: PEFT's rule, a key matches a module name equal to it or ending in `.key`.
    static func lookup<Value>(_ pattern: [String: Value], module: String) -> Value? {
        pattern.keys.sorted(by: { $0.count > $1.count })
            .first { module == $0 || module.hasSuffix("." + $0) }.flatMap { pattern[$0] }
    }

    /// The rank `adapter_config.json` gives `module`.
    func rank(module: String) -> Int { Self.lookup(rankPattern, module: module) ?? rank }

    /// The scaling of `module`'s LoRA of rank `rank`: α/r (α/√r with rsLoRA).
    func scaling(module: String, rank: Int) -> Double {
        let alpha = Self.lookup(alphaPattern, module: module) ?? self.alpha
        return rsLoRA ? alpha / Double(rank).squareRoot() : alpha / Double(rank)
    }
}
