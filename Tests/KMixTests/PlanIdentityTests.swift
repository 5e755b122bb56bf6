import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// Checkpoints know their plan by value (`AdapterPlan.identityHash`), not by the text of its file.
@Suite struct PlanIdentityTests {
    @Test func aCheckpointWrittenBeforeIdentitiesStillLoads() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-identity-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try TinyFolders.model(in: root.appendingPathComponent("model"))
        let model = try PretrainedModel.load(folder: root.appendingPathComponent("model"))
        let folder = try ProjectFiles.fixture("checkpoint-before-plan-identity")
        let checkpoint = try Checkpoint.load(from: folder, model: model)
        #expect(checkpoint.step == 3)
        #expect(checkpoint.adapters.plan == TinyModel.raggedPlan(head: .cls, trainPooler: false))
    }

    @Test func theIdentityIgnoresLayoutButNotContent() throws {
        let plan = TinyModel.raggedPlan()
        let relaid = try AdapterPlan.decode(Data(plan.encoded().replacingOccurrences(of: "\n", with: " \n  ").utf8),
                                            source: "relaid", for: plan.shape)
        #expect(relaid.identityHash == plan.identityHash)
        var other = plan
        other.layers[1].heads[.value][1] = 1
        #expect(other.identityHash != plan.identityHash)
        var scaled = plan
        scaled.loraAlpha = 16
        #expect(scaled.identityHash != plan.identityHash)
        var dropped = plan
        dropped.dropout = 0.2
        #expect(dropped.identityHash != plan.identityHash)
    }

    @Test func aPlanOfOtherRanksIsRefusedWithTheCheckpointsTensors() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-identity-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try TinyFolders.model(in: root.appendingPathComponent("model"))
        let model = try PretrainedModel.load(folder: root.appendingPathComponent("model"))
        let copy = root.appendingPathComponent("checkpoint")
        try FileManager.default.copyItem(at: try ProjectFiles.fixture("checkpoint-before-plan-identity"), to: copy)
        let configuration = copy.appendingPathComponent("adapter_config.json")
        let text = try String(contentsOf: configuration, encoding: .utf8)
        try text.replacingOccurrences(of: "\"dropout\": 0.1", with: "\"dropout\": 0.2")
            .write(to: configuration, atomically: true, encoding: .utf8)
        #expect(throws: CheckpointError.planMismatch(path: copy.appendingPathComponent("adapter_model.safetensors").path)) {
            try Checkpoint.load(from: copy, model: model)
        }
    }

    @Test func provenanceAndDescriptionAreKeptButAreNotTheIdentity() throws {
        var plan = TinyModel.raggedPlan()
        var provenance = AdapterPlan.Provenance(signal: "importance", budget: 1_000)
        provenance.base = "paper-nlu"
        provenance.projections = "q,v,o"
        provenance.minRank = 0
        provenance.maxRank = 4
        provenance.data = "/data/sst2/train.tsv"
        provenance.probeRows = 512
        provenance.probeSteps = 50
        provenance.seed = 42
        let bare = plan
        plan.provenance = provenance
        plan.description = "allocated by \"importance\""
        let read = try AdapterPlan.decode(Data(plan.encoded().utf8), source: "p", for: plan.shape)
        #expect(read == plan)
        #expect(read.identityHash == bare.identityHash)
        #expect(plan.encoded().contains("\"provenance\": {\"signal\": \"importance\", \"budget\": 1000, \"base\": \"paper-nlu\""))
        #expect(throws: PlanError.self) {
            try AdapterPlan.decode(Data(plan.encoded().replacingOccurrences(of: "\"seed\": 42", with: "\"sed\": 42").utf8),
                                   source: "p", for: plan.shape)
        }
    }
}
