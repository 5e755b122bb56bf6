import KMix

extension TrainingSession {
    /// Measures the evidence of `request` with the session's model and allocates its budget on `jobs`
    /// (`AllocationJob`).
    public func allocate(_ request: AllocationRequest, jobs: BackgroundJobs) {
        let model = self.model
        jobs.run { AllocationJob.run(request, model: model, report: jobs.post) }
    }
}
