/// Temporary memory for the adapter paths of one worker, shared by its layers' paths.
final class AdapterScratch {
    /// A path input's dropped copy, `rows x d`.
    let dropped = ReusableBuffer<Float>()
    /// The gradient of a dropped input, `rows x d`.
    let inputGradient = ReusableBuffer<Float>()
    /// The gradient of a path's low-rank activation, `rows x rank`.
    let lowGradient = ReusableBuffer<Float>()
    /// The gradients of a path's `down` and `up` matrices (`rank x d`) and of its bias (`d`).
    let down = ReusableBuffer<Float>()
    let up = ReusableBuffer<Float>()
    let bias = ReusableBuffer<Float>()
}
