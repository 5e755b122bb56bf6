/// One worker's memory for the passes of a `KernelMixLanguageModel`: its group of the batch, its layers' saved
/// state, the language-model head and its share of the loss and gradient. Everything grows to the largest group
/// seen and is reused.
///
/// `@unchecked Sendable` for the reason `WorkerWorkspace` is: worker i alone uses workspace i while
/// `ThreadPolicy.forEachWorker` runs, and the model's thread uses it only before and after.
final class LanguageModelWorkspace: @unchecked Sendable {
    /// The layers' passes, sharing one `LayerScratch`.
    let layers: [LayerPass]
    let head = LanguageModelHead()
    /// The worker's sequences and the position of each one's first target token.
    var batch = PackedBatch(sequences: [])
    var targetStarts: [Int] = []
    /// The dropout stream of the group (nil: no dropout).
    var dropout: DropoutSource?
    /// Hidden states and their gradient, `tokens x d`.
    let hidden = ReusableBuffer<Float>()
    let hiddenGradient = ReusableBuffer<Float>()
    /// Dropout on the embeddings.
    let embeddingKeep = MaskBuffer()
    /// The group's gradient of every adapter scalar (laid out like the parameter store).
    let gradient = ReusableBuffer<Float>()
    /// The group's summed target-token loss, and the target tokens it scores highest.
    var loss = 0.0
    var correct = 0

    init(layers count: Int) {
        let scratch = LayerScratch()
        layers = (0..<count).map { _ in LayerPass(scratch: scratch) }
    }

    /// Takes `members` of `batch`, with their target starts, as the group.
    func assign(_ members: [Int], of batch: PackedBatch, targetStarts: [Int]) {
        self.batch.select(members, of: batch)
        self.targetStarts.removeAll(keepingCapacity: true)
        for member in members { self.targetStarts.append(targetStarts[member]) }
    }
}
