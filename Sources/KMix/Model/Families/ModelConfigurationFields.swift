import Foundation

/// Typed reads of `config.json` fields that name the field in every error.
struct ModelConfigurationFields {
    let json: JSONObject
    let path: String

    func string(_ field: String, default fallback: String? = nil) throws -> String {
        guard let value = json[field] else {
            if let fallback { return fallback }
            throw ModelError.missingConfigurationField(path: path, field: field)
        }
        guard let text = value.value.stringValue else {
            throw ModelError.invalidConfigurationField(path: path, field: field, reason: "it is not a string")
        }
        return text
    }

    func number(_ field: String, default fallback: Double? = nil) throws -> Double {
        guard let value = json[field] else {
            if let fallback { return fallback }
            throw ModelError.missingConfigurationField(path: path, field: field)
        }
        guard let number = value.value.numberValue?.double else {
            throw ModelError.invalidConfigurationField(path: path, field: field, reason: "it is not a number")
        }
        return number
    }

    /// A finite number greater than zero that stays greater than zero in Float (an epsilon).
    func positiveFloat(_ field: String, default fallback: Double) throws -> Float {
        let value = try number(field, default: fallback)
        guard value.isFinite, Float(value) > 0, Float(value).isFinite else {
            throw ModelError.invalidConfigurationField(path: path, field: field, reason: "\(value) is not a positive finite number")
        }
        return Float(value)
    }

    /// A dropout probability: at least 0 and below 1.
    func probability(_ field: String, default fallback: Double) throws -> Float {
        let value = try number(field, default: fallback)
        guard value >= 0, value < 1 else {
            throw ModelError.invalidConfigurationField(path: path, field: field, reason: "\(value) is not a probability in [0, 1)")
        }
        return Float(value)
    }

    func positiveInt(_ field: String, default fallback: Int? = nil) throws -> Int {
        let value = try number(field, default: fallback.map(Double.init))
        guard value == value.rounded(), value >= 1, value < 1e9 else {
            throw ModelError.invalidConfigurationField(path: path, field: field, reason: "\(value) is not a positive whole number")
        }
        return Int(value)
    }

    /// A whole number at least 0 (an id).
    func count(_ field: String, default fallback: Int) throws -> Int {
        let value = try number(field, default: Double(fallback))
        guard value == value.rounded(), value >= 0, value < 1e9 else {
            throw ModelError.invalidConfigurationField(path: path, field: field, reason: "\(value) is not a whole number ≥ 0")
        }
        return Int(value)
    }

    /// Token ids: one whole number ≥ 0 or a list of them; empty when the field is absent or null.
    func tokenIDs(_ field: String) throws -> [Int] {
        guard let value = json[field], !value.value.isNull else { return [] }
        let items = value.value.arrayValue ?? [value.value]
        return try items.map { item in
            guard let number = item.numberValue?.double, number == number.rounded(), number >= 0, number < 1e9 else {
                throw ModelError.invalidConfigurationField(path: path, field: field,
                                                           reason: "it is not a token id or a list of token ids")
            }
            return Int(number)
        }
    }

    /// A positive whole number, nil when the field is absent or null.
    func optionalPositiveInt(_ field: String) throws -> Int? {
        guard let value = json[field], !value.value.isNull else { return nil }
        return try positiveInt(field)
    }

    /// The activation a field names, refused naming the ones kmix implements.
    func activation(_ field: String, default fallback: String) throws -> HiddenActivation {
        let name = try string(field, default: fallback)
        guard let activation = HiddenActivation(configName: name) else {
            throw ModelError.invalidConfigurationField(
                path: path, field: field,
                reason: "'\(name)' is not supported; kmix implements 'gelu' (erf form) and 'gelu_new' (tanh form)")
        }
        return activation
    }

    /// Refuses a boolean option set to the value kmix does not implement (absent means the default).
    func refuse(_ field: String, ifTrue reason: String) throws {
        if try boolean(field) == true {
            throw ModelError.invalidConfigurationField(path: path, field: field, reason: "true is not supported; \(reason)")
        }
    }

    /// Refuses a boolean option set to false.
    func refuse(_ field: String, ifFalse reason: String) throws {
        if try boolean(field) == false {
            throw ModelError.invalidConfigurationField(path: path, field: field, reason: "false is not supported; \(reason)")
        }
    }

    private func boolean(_ field: String) throws -> Bool? {
        guard let value = json[field], !value.value.isNull else { return nil }
        guard let flag = value.value.boolValue else {
            throw ModelError.invalidConfigurationField(path: path, field: field, reason: "it is not true or false")
        }
        return flag
    }

    func labels() throws -> [Int: String] {
        guard let raw = json["id2label"] else { return [:] }
        guard let table = raw.value.objectMembers else {
            throw ModelError.invalidConfigurationField(path: path, field: "id2label", reason: "it is not an object")
        }
        var labels: [Int: String] = [:]
        for member in table {
            guard let index = Int(member.key), index >= 0, let name = member.value.stringValue else {
                throw ModelError.invalidConfigurationField(
                    path: path, field: "id2label", reason: "entry '\(member.key)' is not an index mapped to a name")
            }
            labels[index] = name
        }
        return labels
    }
}
