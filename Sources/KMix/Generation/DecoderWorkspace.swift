/// One worker's memory for `IncrementalDecoder`: buffers that grow to the largest prompt group or row count seen and
/// are then reused, so decoding step after step allocates nothing.
///
/// `@unchecked Sendable` because worker i alone uses workspace i while `ThreadPolicy.forEachWorker` runs, and the
/// decoder's thread uses it only before and after (the pool's semaphores order the accesses).
final class DecoderWorkspace: @unchecked Sendable {
    /// The prompt pass (the full-sequence layer pass of `Transformer.hiddenStates`).
    let pass = LayerPass()
    /// Hidden states: the group's prompt tokens, or one row per decoded sequence (`rows x d`).
    let hidden = ReusableBuffer<Float>()
    /// The first layer norm's output, `rows x d`.
    let normalized = ReusableBuffer<Float>()
    /// Queries, keys and values, `rows x 3d`.
    let qkv = ReusableBuffer<Float>()
    /// Concatenated head outputs, `rows x d`.
    let context = ReusableBuffer<Float>()
    /// The attention block's output (the feed-forward block's residual), `rows x d`.
    let attended = ReusableBuffer<Float>()
    /// Feed-forward pre-activation and activation, `rows x ff`.
    let preActivation = ReusableBuffer<Float>()
    let activation = ReusableBuffer<Float>()
    /// One attention row: a score per cached position.
    let scores = ReusableBuffer<Float>()
    /// The prompts' last hidden states and their logits, before they go to their rows of the result.
    let lastHidden = ReusableBuffer<Float>()
    let lastLogits = ReusableBuffer<Float>()
}
