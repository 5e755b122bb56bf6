/// Memory that the layer passes of one worker share: what a pass needs only
/// while it runs (the backward pass saves nothing here), so one set serves
/// every layer.
final class LayerScratch {
    /// The feed-forward activation in the forward pass, its gradient in the backward pass: `tokens x ff`.
    let activation = ReusableBuffer<Float>()
    /// The gradient of the first layer norm's output, `tokens x d`.
    let attentionGradient = ReusableBuffer<Float>()
    /// The gradient of the heads' outputs, `tokens x d`.
    let contextGradient = ReusableBuffer<Float>()
    /// The gradient of a pre-norm layer's normalised input, `tokens x d`.
    let inputGradient = ReusableBuffer<Float>()
    /// The gradient of the queries, keys and values, `tokens x 3d`.
    let qkvGradient = ReusableBuffer<Float>()
    /// Attention's blocks for one (sequence, head) pair.
    let attention = ReusableBuffer<Float>()
    /// The adapter paths' temporaries.
    let adapters = AdapterScratch()
}
