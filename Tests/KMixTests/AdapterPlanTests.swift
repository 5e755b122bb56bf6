import Foundation
import Testing
@testable import KMix

@Suite struct AdapterPlanTests {
    let miniLM = AdapterPlan.ModelShape(layerCount: 6, headCount: 12, hiddenSize: 384)

    /// The ragged plan of `Fixtures/kernelmix-ragged.json`.
    func raggedPlan() -> AdapterPlan {
        var plan = AdapterPlan(preset: .none, shape: miniLM)
        for l in 0..<6 {
            plan.layers[l].heads[.query] = (0..<12).map { h in (h + l) % 3 }
            plan.layers[l].heads[.value] = (0..<12).map { h in (2 * h + l) % 4 }
            plan.layers[l].heads[.output] = (0..<12).map { h in (h + 2 * l) % 3 }
            plan.layers[l].shared = PerProjection(query: 2, value: 4, output: 3)
        }
        return plan
    }

    @Test func paperNLUOnMiniLMHasTheDesignDocumentsCount() {
        let plan = AdapterPlan(preset: .paperNLU, shape: miniLM)
        #expect(plan.layerParameters(0).total == 25_344)
        #expect(plan.adapterParameters.total == 152_064)
        #expect(plan.headParameters(layer: 0, head: 0) == ParameterCount(query: 448, value: 160, output: 832))
    }

    @Test func loraR8OnMiniLMHasPEFTsCount() {
        let plan = AdapterPlan(preset: .lora(rank: 8), shape: miniLM)
        #expect(plan.adapterParameters == ParameterCount(query: 36_864, value: 36_864, output: 0))
        #expect(plan.initialization == .lora)
    }

    @Test func raggedPlanMatchesTheFixturesIndependentCount() {
        #expect(raggedPlan().adapterParameters.total == 113_856)
    }

    @Test func zeroRankHeadsHaveNoParametersAtAll() {
        var plan = AdapterPlan(preset: .none, shape: miniLM)
        #expect(plan.adapterParameters.total == 0)
        plan.layers[2].heads[.output][5] = 1
        // A_h (1 x 32), one column of B (384), and the layer's output bias (384).
        #expect(plan.adapterParameters == ParameterCount(query: 0, value: 0, output: 32 + 384 + 384))
    }

    @Test func taskHeadCountsTheClassifierAndATrainedPooler() {
        var plan = AdapterPlan(preset: .none, shape: miniLM)
        #expect(plan.taskHeadParameters(labelCount: 2) == 770)
        plan.trainPooler = true
        #expect(plan.taskHeadParameters(labelCount: 2) == 770 + 384 * 384 + 384)
    }

    @Test(arguments: ["paper-nlu", "paper-nlg", "lora-r8", "lora-r16", "uniform-0", "uniform-4", "none"])
    func presetNamesRoundTrip(_ name: String) throws {
        let preset = try #require(AdapterPlan.Preset(name: name))
        #expect(preset.name == name)
    }

    @Test(arguments: ["paper", "lora-r0", "lora-rx", "uniform--1", ""])
    func unknownPresetNamesAreRejected(_ name: String) {
        #expect(AdapterPlan.Preset(name: name) == nil)
    }

    @Test func encodedPlanDecodesToTheSamePlan() throws {
        var plan = raggedPlan()
        plan.dropout = 0.25
        plan.taskHead = .mean
        plan.initialization = .lora
        let decoded = try AdapterPlan.decode(Data(plan.encoded().utf8), source: "test", for: miniLM)
        #expect(decoded == plan)
        #expect(!plan.encoded().contains("lora_alpha"), "a plan without lora_alpha writes none")
        plan.loraAlpha = 16
        let scaled = try AdapterPlan.decode(Data(plan.encoded().utf8), source: "test", for: miniLM)
        #expect(scaled == plan)
        #expect(scaled.sharedScale(rank: 8) == 2)
        #expect(AdapterPlan(preset: .lora(rank: 8), shape: miniLM).sharedScale(rank: 8) == 1)
    }

    @Test func encodedPlanKeepsOneLinePerRankList() {
        let text = AdapterPlan(preset: .paperNLU, shape: miniLM).encoded()
        #expect(text.contains("\n      \"q\": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],\n"))
        #expect(text.contains("\"shared\": {\"q\": 2, \"v\": 4, \"o\": 4}"))
    }

    @Test func writtenPlanLoadsBack() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plans-\(UUID().uuidString)")
        let url = folder.appendingPathComponent("new/folder/plan.json")
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = AdapterPlan(preset: .paperNLG, shape: miniLM)
        try plan.write(to: url)
        #expect(try AdapterPlan.load(from: url, for: miniLM) == plan, "written into folders it created")
    }

    /// Decodes `edit` applied to the paper-nlu plan's JSON object.
    private func decodeEdited(_ edit: (inout [String: Any]) -> Void) throws -> AdapterPlan {
        let text = AdapterPlan(preset: .paperNLU, shape: miniLM).encoded()
        var json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        edit(&json)
        return try AdapterPlan.decode(JSONSerialization.data(withJSONObject: json), source: "plan.json", for: miniLM)
    }

    private func expectInvalid(at location: String, _ edit: @escaping (inout [String: Any]) -> Void,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try decodeEdited(edit)
            Issue.record("no error for \(location)", sourceLocation: sourceLocation)
        } catch let PlanError.invalid(_, found, reason) {
            #expect(found == location, "\(reason)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    private func editLayer(_ index: Int, _ edit: @escaping (inout [String: Any]) -> Void) -> (inout [String: Any]) -> Void {
        { json in
            var layers = json["layers"] as! [[String: Any]]
            edit(&layers[index])
            json["layers"] = layers
        }
    }

    @Test func negativeRankIsReportedWithItsPath() {
        expectInvalid(at: "$.layers[2].q[5]", editLayer(2) { layer in
            var q = layer["q"] as! [Int]
            q[5] = -1
            layer["q"] = q
        })
    }

    @Test func rankAboveTheHeadSizeIsReported() {
        expectInvalid(at: "$.layers[0].v[0]", editLayer(0) { layer in
            layer["v"] = [33] + [Int](repeating: 0, count: 11)
        })
    }

    @Test func fractionalRankIsReported() {
        expectInvalid(at: "$.layers[1].shared.o", editLayer(1) { layer in
            layer["shared"] = ["q": 1, "v": 1, "o": 1.5]
        })
    }

    @Test func wrongHeadCountIsReported() {
        expectInvalid(at: "$.layers[3].o", editLayer(3) { layer in layer["o"] = [1, 2] })
    }

    @Test func planForAnotherModelIsReported() {
        expectInvalid(at: "$.model.layers") { json in json["model"] = ["layers": 12, "heads": 12, "hidden_size": 768] }
        expectInvalid(at: "$.model.heads") { json in json["model"] = ["layers": 6, "heads": 6, "hidden_size": 384] }
    }

    @Test func unknownKeysAreReported() {
        expectInvalid(at: "$.learning_rate") { json in json["learning_rate"] = 0.1 }
        expectInvalid(at: "$.layers[4].k", editLayer(4) { layer in layer["k"] = [Int](repeating: 0, count: 12) })
    }

    @Test func badSettingsAreReported() {
        expectInvalid(at: "$.init") { json in json["init"] = "xavier" }
        expectInvalid(at: "$.dropout") { json in json["dropout"] = 1.0 }
        expectInvalid(at: "$.train_pooler") { json in
            json["task_head"] = "cls"
            json["train_pooler"] = true
        }
        expectInvalid(at: "$.kmix_plan") { json in json["kmix_plan"] = 2 }
        expectInvalid(at: "$.lora_alpha") { json in json["lora_alpha"] = 0 }
        expectInvalid(at: "$.lora_alpha") { json in json["lora_alpha"] = -8 }
        expectInvalid(at: "$.lora_alpha") { json in json["lora_alpha"] = "16" }
        expectInvalid(at: "$.layers") { json in json["layers"] = [] }
    }

    @Test func sharedRankAboveTheHiddenSizeIsReported() {
        expectInvalid(at: "$.layers[5].shared.v", editLayer(5) { layer in layer["shared"] = ["q": 384, "v": 385] })
    }

    @Test func presetsAreCheckedAgainstTheModel() throws {
        #expect(try AdapterPlan.Preset.uniform(rank: 32).plan(for: miniLM) == AdapterPlan(preset: .uniform(rank: 32), shape: miniLM))
        #expect(try AdapterPlan.Preset.lora(rank: 384).plan(for: miniLM) == AdapterPlan(preset: .lora(rank: 384), shape: miniLM))
        let heads = AdapterPlan.RankViolation(layer: 0, projection: .query, head: 0, rank: 100, limit: 32)
        #expect(throws: PlanError.presetDoesNotFit(preset: "uniform-100", violation: heads)) {
            try AdapterPlan.Preset.uniform(rank: 100).plan(for: miniLM)
        }
        #expect(PlanError.presetDoesNotFit(preset: "uniform-100", violation: heads).description
                == "preset uniform-100 gives heads rank 100, but this model's heads have 32 dimensions")
        let shared = AdapterPlan.RankViolation(layer: 0, projection: .query, head: nil, rank: 1000, limit: 384)
        #expect(throws: PlanError.presetDoesNotFit(preset: "lora-r1000", violation: shared)) {
            try AdapterPlan.Preset.lora(rank: 1000).plan(for: miniLM)
        }
        #expect(PlanError.presetDoesNotFit(preset: "lora-r1000", violation: shared).description
                == "preset lora-r1000 gives shared rank 1000, but this model's hidden size is 384")
    }

    @Test func sharedRanksMayBeOmitted() throws {
        let plan = try decodeEdited(editLayer(0) { layer in layer["shared"] = nil })
        #expect(plan.layers[0].shared == PerProjection(query: 0, value: 0, output: 0))
    }

    @Test func unreadableFilesAreReported() {
        #expect(throws: PlanError.unreadable(source: "/nonexistent/plan.json", reason: "no such file")) {
            try AdapterPlan.load(from: URL(fileURLWithPath: "/nonexistent/plan.json"), for: miniLM)
        }
        #expect(throws: PlanError.unreadable(source: "x", reason: "it is not valid JSON (it ends too early, at line 1, column 2)")) {
            try AdapterPlan.decode(Data("{".utf8), source: "x", for: miniLM)
        }
    }

    @Test func syntaxErrorsNameTheirLineAndColumn() {
        #expect(throws: PlanError.unreadable(source: "x", reason: "it is not valid JSON (near line 3, column 12)")) {
            try AdapterPlan.decode(Data("{\n  \"kmix_plan\": 1,\n  \"model\": x\n}".utf8), source: "x", for: miniLM)
        }
        #expect(throws: PlanError.unreadable(source: "x", reason: "it is not valid JSON (near line 2, column 6)")) {
            try AdapterPlan.decode(Data("\u{FEFF}{\n\"é\": x}".utf8), source: "x", for: miniLM)
        }
    }

    @Test func missingRequiredKeysAreNamed() throws {
        for (key, location, edit) in [
            ("model", "$", { (json: inout [String: Any]) in json["model"] = nil }),
            ("kmix_plan", "$", { json in json["kmix_plan"] = nil }),
            ("layers", "$", { json in json["layers"] = nil }),
            ("heads", "$.model", { json in json["model"] = ["layers": 6, "hidden_size": 384] }),
            ("q", "$.layers[1]", editLayer(1) { layer in layer["q"] = nil }),
        ] as [(String, String, (inout [String: Any]) -> Void)] {
            #expect(throws: PlanError.invalid(source: "plan.json", location: location, reason: "the required key '\(key)' is missing")) {
                try decodeEdited(edit)
            }
        }
    }
}
