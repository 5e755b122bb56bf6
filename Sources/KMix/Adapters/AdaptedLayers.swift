/// Kernel-mix adapters for every layer of a forward pass: each layer's packed factors (nil for a layer without
/// adapters) and the parameter values they read, which must outlive the pass.
struct AdaptedLayers: Sendable {
    let packs: [LayerAdapterPack?]
    let values: SharedPointer

    /// Layer `index`'s adapters, or nil when it has none.
    func layer(_ index: Int) -> LayerAdapters? {
        packs[index].map { LayerAdapters(pack: $0, values: UnsafePointer(values.base)) }
    }
}

extension AdapterSet {
    /// Each layer's pack (nil for a layer without adapters) refilled with the store's current values.
    func refilledPacks() -> [LayerAdapterPack?] {
        var packs = layouts.map { $0.isAdapted ? LayerAdapterPack(layout: $0) : nil }
        store.values.withUnsafeBufferPointer { values in
            for layer in packs.indices { packs[layer]?.refill(from: values.baseAddress!) }
        }
        return packs
    }

    /// Calls `body` with the adapters of every layer over the store's current values.
    func withAdaptedLayers<Result>(_ body: (AdaptedLayers) -> Result) -> Result {
        let packs = refilledPacks()
        return store.values.withUnsafeBufferPointer { values in
            let shared = SharedPointer(UnsafeMutablePointer(mutating: values.baseAddress!))
            return body(AdaptedLayers(packs: packs, values: shared))
        }
    }
}
