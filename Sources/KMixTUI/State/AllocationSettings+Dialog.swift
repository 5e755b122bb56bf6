import Foundation
import KMix

extension AllocationSettings {
    /// Settings from the auto-allocate dialog for a model whose heads are `headSize` wide, or the first value that
    /// does not parse (named by its label).
    static func parse(_ dialog: Dialog, headSize: Int) -> Result<AllocationSettings, DialogRefusal> {
        func whole(_ id: DialogField.ID, from minimum: Int, to maximum: Int) -> Result<Int, DialogRefusal> {
            let text = dialog.value(id).replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "_", with: "")
            guard let value = Int(text), value >= minimum, value <= maximum else {
                let range = maximum == Int.max ? "of at least \(minimum)" : "from \(minimum) to \(maximum)"
                return .failure(DialogRefusal(message: "\(id.label) must be a whole number \(range)."))
            }
            return .success(value)
        }
        return Result {
            let budget = try whole(.budget, from: 1, to: Int.max).get()
            let name = dialog.value(.signal)
            guard let signal = AllocationSignal(rawValue: name.lowercased()) else {
                throw DialogRefusal(message: "Unknown signal '\(name)'" + Self.otherSignals(than: name, end: "."))
            }
            let projections = try Self.projections(dialog.value(.projections)).get()
            let minRank = try whole(.minRank, from: 0, to: headSize).get()
            let maxRank = try whole(.maxRank, from: max(1, minRank), to: headSize).get()
            return AllocationSettings(budget: budget, signal: signal, projections: projections, minRank: minRank, maxRank: maxRank)
        }.mapError { $0 as? DialogRefusal ?? DialogRefusal(message: "\($0)") }
    }

    /// What to say after "unknown signal `name`": the signal meant, else every signal and then `end`.
    static func otherSignals(than name: String, end: String = "") -> String {
        let names = AllocationSignal.allCases.map(\.rawValue)
        return ClosestName.suggestion(for: name, among: names) ?? "; the signals are " + names.joined(separator: ", ") + end
    }

    /// `text` as projections (`q,v,o`, any case, separated by commas or spaces), in Q, V, O order.
    private static func projections(_ text: String) -> Result<[Projection], DialogRefusal> {
        let names = text.lowercased().split { $0 == "," || $0 == " " }
        let chosen = names.compactMap { Projection(rawValue: String($0)) }
        guard !chosen.isEmpty, chosen.count == names.count else {
            return .failure(DialogRefusal(message: "\(DialogField.ID.projections.label) are some of q, v, o, separated by commas."))
        }
        return .success(Projection.allCases.filter(chosen.contains))
    }
}
