/// One layer's adapters as a layer pass uses them: the packed matrices and
/// the parameter values their ranges index (valid while the pass runs).
struct LayerAdapters {
    /// The packed per-head factors.
    let pack: LayerAdapterPack
    /// The parameter store's values.
    let values: UnsafePointer<Float>
}
