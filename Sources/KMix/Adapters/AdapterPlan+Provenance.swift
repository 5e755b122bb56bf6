extension AdapterPlan {
    /// Where an allocated plan came from (`kmix plan auto`, or a reallocation during training): recorded in the plan
    /// file's optional `provenance` object, which plans written by hand, and plans of earlier kmix versions, do not
    /// have. It is not part of the plan's identity.
    public struct Provenance: Sendable, Equatable {
        /// The evidence the ranks follow: `uniform`, `importance`, `sensitivity`, `entropy`, or `reallocation`.
        public var signal: String
        /// The adapter parameters the allocation aimed at.
        public var budget: Int
        /// The plan whose shared ranks, settings and Q/V/O split were kept (a preset's name or a file).
        public var base: String?
        /// The projections that got per-head ranks (`q,v,o`), and their rank bounds.
        public var projections: String?
        public var minRank: Int?
        public var maxRank: Int?
        /// The training file the evidence was measured on, its rows and warm-up steps, and the seed.
        public var data: String?
        public var probeRows: Int?
        public var probeSteps: Int?
        public var seed: UInt64?
        /// The kmix that made it.
        public var kmixVersion: String

        /// A record of an allocation by `signal` under `budget` by this kmix; the other fields start empty.
        public init(signal: String, budget: Int) {
            self.signal = signal
            self.budget = budget
            kmixVersion = KMixVersion.current
        }
    }
}
