import KMix

extension Reallocation {
    /// The settings as the train dialog's Reallocate field (and `kmix train --reallocate`) takes them, those at
    /// their defaults left out: `every=10,until=40`, `every=10,until=40,min=2,max=8`.
    var settingsText: String {
        "every=\(every),until=\(until)" + (minRank == 1 ? "" : ",min=\(minRank)") + (maxRank.map { ",max=\($0)" } ?? "")
    }
}
