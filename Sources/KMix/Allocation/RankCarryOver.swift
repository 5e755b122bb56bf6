/// How a run's parameters carry over when its plan changes between two steps (a reallocation): which parameter of
/// the old `AdapterSet` each parameter of the new one continues, read off both plans' `ProjectionLayout`s.
///
/// For every layer, projection and head, `kept` lists the old head's rank rows (0-based within the head, in
/// order) that the new head's first ranks continue; its later ranks are new. A head's bias continues when the head
/// had and has rank; O's layer bias when the layer had and has O ranks; the shared terms, whose ranks do not
/// change, row for row; the task head by name.
struct RankCarryOver {
    /// `kept[layer][projection][head]`: the old rank rows the new head keeps, in order.
    let kept: [PerProjection<[[Int]]>]

    /// Where an entry sits, independently of where its head's rows start.
    private struct Place: Hashable {
        let matrix: ProjectionLayout.Matrix
        let head: Int?
        let isShared: Bool
        /// The row within the head's block (or within the shared rows); 0 for biases.
        let row: Int
        let column: Int
    }

    /// For each parameter of `new`, the index of the parameter of `old` it continues, or nil for a new one.
    func sources(from old: AdapterSet, to new: AdapterSet) -> [Int?] {
        var sources = [Int?](repeating: nil, count: new.store.count)
        for layer in new.layouts.indices {
            for projection in Projection.allCases {
                let before = old.layouts[layer].projections[projection], after = new.layouts[layer].projections[projection]
                var places: [Place: Int] = [:]
                before.forEachEntry { places[Self.place(of: $0, in: before)] = $0.source }
                after.forEachEntry { entry in
                    guard let place = oldPlace(of: entry, in: after, layer: layer, projection: projection) else { return }
                    sources[entry.source] = places[place]
                }
            }
        }
        for entry in new.store.entries where entry.name.hasPrefix("head.") {
            guard let previous = old.store.entry(entry.name), previous.shape == entry.shape else { continue }
            for offset in 0..<entry.range.count { sources[entry.range.lowerBound + offset] = previous.range.lowerBound + offset }
        }
        return sources
    }

    /// `entry`'s place in the layout it belongs to.
    private static func place(of entry: ProjectionLayout.Entry, in layout: ProjectionLayout) -> Place {
        var row = entry.matrix == .bias ? 0 : entry.row
        if entry.isShared { row -= layout.kernelRank } else if let head = entry.head, entry.matrix != .bias { row -= layout.offsets[head] }
        return Place(matrix: entry.matrix, head: entry.head, isShared: entry.isShared, row: row, column: entry.column)
    }

    /// The place in the old layout that a new entry continues, or nil when it is new.
    private func oldPlace(of entry: ProjectionLayout.Entry, in layout: ProjectionLayout, layer: Int,
                          projection: Projection) -> Place? {
        let place = Self.place(of: entry, in: layout)
        guard !entry.isShared, let head = entry.head else { return place }
        let rows = kept[layer][projection][head]
        if entry.matrix == .bias { return rows.isEmpty ? nil : place }
        guard place.row < rows.count else { return nil }
        return Place(matrix: place.matrix, head: head, isShared: false, row: rows[place.row], column: place.column)
    }
}
