import Foundation
import KMixTestSupport
import Testing
@testable import KMix

extension CLIErrorTests {
    /// A tiny run with the `pooler` task head (which exports) and a dev set of 16 rows, trained `steps` steps:
    /// the run folder `folder/name`.
    func exportableRun(_ name: String, steps: Int = 2) throws -> URL {
        let root = folder.appendingPathComponent(name + "-data"), run = folder.appendingPathComponent(name)
        let arguments = try TinyFolders.training(in: root, epochs: 1)
        try TinyModel.raggedPlan(head: .pooler, trainPooler: true).write(to: root.appendingPathComponent("plan.json"))
        let trained = try KMixBinary.run(arguments + ["--max-steps", "\(steps)", "--out", run.path])
        try #require(trained.status == 0, "\(trained.error)")
        return run
    }
}
