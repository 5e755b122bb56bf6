import KMix

/// What the app asks the background to allocate: the settings, the plan to start from and the data to measure on,
/// with `HeadEvidence`'s probe rows and warm-up steps.
public struct AllocationRequest: Sendable, Equatable {
    public var settings: AllocationSettings
    /// The plan whose shared ranks, other settings and Q/V/O split the allocation keeps.
    public var base: AdapterPlan
    /// How the provenance names `base`: a preset's name or a plan file (nil: neither).
    public var baseName: String?
    /// The task data; the evidence is measured on its first `probeRows` training rows.
    public var data: DataSource
    public var probeRows: Int
    /// Warm-up steps before measuring (not for the uniform signal).
    public var probeSteps: Int

    /// A request for `settings` from `base` on `data`, with `HeadEvidence`'s default probe rows and steps.
    public init(settings: AllocationSettings, base: AdapterPlan, baseName: String?, data: DataSource) {
        self.settings = settings
        self.base = base
        self.baseName = baseName
        self.data = data
        let evidence = HeadEvidence(signal: settings.signal)
        probeRows = evidence.probeRows
        probeSteps = evidence.probeSteps
    }

    /// The evidence to measure.
    public var evidence: HeadEvidence {
        var evidence = HeadEvidence(signal: settings.signal)
        evidence.probeRows = probeRows
        evidence.probeSteps = probeSteps
        return evidence
    }

    /// The engine's allocation of the settings.
    public var allocation: BudgetAllocation {
        BudgetAllocation(budget: settings.budget, base: base, projections: settings.projections, minRank: settings.minRank,
                         maxRank: settings.maxRank)
    }

    /// Where the allocated plan came from, as `kmix plan auto` records it: measured on `rows` rows of the training
    /// file `data`.
    public func provenance(data: String, rows: Int) -> AdapterPlan.Provenance {
        let signal = settings.signal, measured = signal != .uniform
        var provenance = AdapterPlan.Provenance(signal: signal.rawValue, budget: settings.budget)
        provenance.base = baseName
        provenance.projections = settings.projections.map(\.rawValue).joined(separator: ",")
        provenance.minRank = settings.minRank
        provenance.maxRank = settings.maxRank
        provenance.data = data
        provenance.probeRows = rows
        provenance.probeSteps = measured ? probeSteps : nil
        provenance.seed = measured ? evidence.seed : nil
        return provenance
    }
}
