/// One worker's memory for the passes of a `KernelMixClassifier`: its group of
/// the batch, its layers' saved state, the task head and its share of the
/// gradient. Everything grows to the largest group seen and is reused, so a
/// step over batches no larger allocates nothing.
///
/// `@unchecked Sendable` because worker i alone uses workspace i while
/// `ThreadPolicy.forEachWorker` runs, and the classifier's thread uses it only
/// before and after (the pool's semaphores order the accesses).
final class WorkerWorkspace: @unchecked Sendable {
    /// The layers' passes, sharing one `LayerScratch`.
    let layers: [LayerPass]
    let head: ClassificationHead
    /// The worker's sequences, their indices in the whole batch and their labels.
    var batch = PackedBatch(sequences: [])
    var members: [Int] = []
    var labels: [Int] = []
    /// The dropout stream of the group (nil: no dropout).
    var dropout: DropoutSource?
    /// Hidden states and their gradient, `tokens x d`.
    let hidden = ReusableBuffer<Float>()
    let hiddenGradient = ReusableBuffer<Float>()
    /// The final layer norm's normalised input and reciprocal deviations (decoders only).
    let finalNormalized = ReusableBuffer<Float>()
    let finalDeviation = ReusableBuffer<Float>()
    /// Dropout on the embeddings.
    let embeddingKeep = MaskBuffer()
    /// dL/d(logits), `sequences x labels`.
    let logitGradient = ReusableBuffer<Float>()
    /// The group's gradient of every trainable scalar (laid out like the parameter store).
    let gradient = ReusableBuffer<Float>()
    /// Gate gradients of one layer, `sequences x heads` (probing only).
    let gates = ReusableBuffer<Float>()
    /// The group's mean loss.
    var loss: Float = 0
    /// The group's head statistics (probing only).
    var probe: HeadProbeSample?

    init(layers count: Int, head: ClassificationHead) {
        let scratch = LayerScratch()
        layers = (0..<count).map { _ in LayerPass(scratch: scratch) }
        self.head = head
    }

    /// Takes `members` of `batch` (and their `labels`, when given) as the group.
    func assign(_ members: [Int], of batch: PackedBatch, labels: [Int]?) {
        self.batch.select(members, of: batch)
        self.members.removeAll(keepingCapacity: true)
        self.members.append(contentsOf: members)
        self.labels.removeAll(keepingCapacity: true)
        if let labels { for member in members { self.labels.append(labels[member]) } }
    }
}
