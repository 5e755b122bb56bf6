import Foundation

/// What kmix reads of a PEFT `adapter_config.json`: the LoRA ranks and scalings
/// and the adapted modules.
struct PEFTLoRAConfiguration {
    let path: String
    /// `target_modules` as a list of names (nil when absent or, as PEFT also allows, one regular expression).
    let targets: [String]?
    let rank: Int
    let alpha: Double
    let rankPattern: [String: Int]
    let alphaPattern: [String: Double]
    let rsLoRA: Bool

    /// Reads `url`, an adapter of a `family` model: `fan_in_fan_out` must be false for BERT's and RoBERTa's `Linear`
    /// layers (GPT-2's `Conv1D` layers take either; PEFT sets it for them).
    init(url: URL, family: ModelFamily) throws {
        path = url.path
        func fail(_ reason: String) -> ExportError { .invalid(path: url.path, reason: reason) }
        guard let data = FileManager.default.contents(atPath: url.path) else { throw fail("the file is missing") }
        let json: JSONObject
        do { json = try JSONNode(parsing: data).object() } catch let error as JSONSyntaxError {
            throw fail("it is not valid JSON (\(error.location))")
        } catch let error as JSONReadError {
            throw fail(error.description)
        }
        guard json["peft_type"]?.value.stringValue == "LORA" else { throw fail("peft_type is not LORA") }
        guard let rank = json["r"]?.value.intValue, rank > 0, let alpha = json["lora_alpha"]?.value.numberValue?.double else {
            throw fail("r must be a positive whole number and lora_alpha a number")
        }
        if json["use_dora"]?.value.boolValue == true {
            throw fail("it is a DoRA adapter (use_dora), which kmix cannot import")
        }
        if json["fan_in_fan_out"]?.value.boolValue == true && family != .gpt2 {
            throw fail("fan_in_fan_out is set, which \(family.displayName)'s Linear layers never need")
        }
        targets = try? json.optional("target_modules")?.array().map { try $0.string() }
        self.rank = rank
        self.alpha = alpha
        rankPattern = Self.table(json["rank_pattern"]) { $0.intValue }
        alphaPattern = Self.table(json["alpha_pattern"]) { $0.numberValue?.double }
        rsLoRA = json["use_rslora"]?.value.boolValue == true
        if let bad = ([("lora_alpha", alpha)] + alphaPattern.sorted { $0.key < $1.key }.map { ("alpha_pattern's \($0.key)", $0.value) })
            .first(where: { !Self.isUsableAlpha($0.1) }) {
            throw fail("\(bad.0) is \(bad.1); it must be a positive number that float32 holds (at least 1.2e-38, below 3.4e38)")
        }
        if let bad = rankPattern.sorted(by: { $0.key < $1.key }).first(where: { $0.value < 1 }) {
            throw fail("rank_pattern's \(bad.key) is \(bad.value); ranks must be at least 1")
        }
    }

    /// Whether `alpha` is a scaling float32 computes with: positive, normal and finite.
    static func isUsableAlpha(_ alpha: Double) -> Bool {
        alpha >= Double(Float.leastNormalMagnitude) && Float(alpha).isFinite
    }

    /// The members of the object `node` whose values `read` accepts (none when `node` is absent or not an object).
    private static func table<Value>(_ node: JSONNode?, _ read: (JSONValue) -> Value?) -> [String: Value] {
        var table: [String: Value] = [:]
        for member in node?.value.objectMembers ?? [] {
            if let value = read(member.value) { table[member.key] = value }
        }
        return table
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
