import Testing
@testable import KMixTUI

@Suite struct FormatTests {
    @Test func truncationEndsInAnEllipsis() {
        #expect(Format.truncate("adapter norm", 20) == "adapter norm")
        #expect(Format.truncate("adapter norm", 8) == "adapter…")
        #expect(Format.truncate("adapter norm", 0) == "")
        #expect(Format.fit("adapter norm", 8) == "adapter…")
        #expect(Format.fit("norm", 6) == "norm  ")
    }

    @Test func perplexitiesStayShortWhateverTheirSize() {
        #expect(Format.perplexity(12.1834) == "12.18")
        #expect(Format.perplexity(9_999.4) == "9999.40")
        #expect(Format.perplexity(80_416_342.47) == "80.4M")
        #expect(Format.perplexity(3.1e19) == "3.1e+19")
    }

    @Test func smallTicksAvoidScientificNotationDownToAThousandth() {
        #expect(Format.tick(0.0019) == "0.002")
        #expect(Format.tick(0.0005) == "5e-04")
        #expect(Format.tick(0.013) == "0.01")
        #expect(Format.tick(1440) == "1,440", "thousands grouped as the parameter counts are")
    }

    @Test func pathsKeepTheirEnd() {
        #expect(Format.path("/work/corpus/data/sst2", 30) == "/work/corpus/data/sst2")
        #expect(Format.path("/work/corpus/data/sst2", 20) == "…/corpus/data/sst2")
        #expect(Format.path("/work/corpus/data/sst2", 12) == "…/data/sst2")
        #expect(Format.path("/work/corpus/data/sst2", 6) == "…/sst2")
        #expect(Format.path("/work/corpus/data/sst2", 4) == "…st2")
    }

    @Test func pathsInsideTheWorkingDirectoryBecomeRelative() {
        #expect(Format.relativePath("/w/runs/a/adapters.safetensors", to: "/w") == "runs/a/adapters.safetensors")
        #expect(Format.relativePath("/w/runs/a", to: "/w/") == "runs/a")
        #expect(Format.relativePath("/w", to: "/w") == ".")
        #expect(Format.relativePath("/work/runs/a", to: "/w") == "/work/runs/a")
        #expect(Format.relativePath("/w/runs/a", to: nil) == "/w/runs/a")
    }

    @Test func wrappingBreaksAtSpacesAndMarksWhatIsLeft() {
        #expect(Format.wrap("set KMIX_DATA to a folder", width: 12, lines: 3) == ["set", "KMIX_DATA to", "a folder"])
        #expect(Format.wrap("set KMIX_DATA to a folder", width: 12, lines: 2) == ["set", "KMIX_DATA t…"])
        #expect(Format.wrap("a-very-long-word b", width: 6, lines: 2) == ["a-ver…", "b"])
        #expect(Format.wrap("anything", width: 6, lines: 0).isEmpty)
    }
}

@Suite struct SidePanelTests {
    func panel(_ state: AppState, width: Int = 120, height: Int = 36) -> String {
        RootView.render(state, width: width, height: height, options: RenderOptions()).text
    }

    @Test func theDataPathIsShortenedFromTheLeft() {
        var state = Fixtures.state()
        state.data = Fixtures.sst2(in: "/home/someone/projects/kmix-data/glue/sst2")
        let text = panel(state)
        #expect(text.contains("SST-2 data in …/glue/sst2"), "\(text)")
    }

    @Test func theShippedSampleIsNamedAsSuch() {
        var state = Fixtures.state()
        state.workingDirectory = "/home/someone/kmix"
        state.data = Fixtures.sst2(in: "/home/someone/kmix/Datasets/sst2", shipped: true)
        let text = panel(state)
        #expect(text.contains("SST-2 data in …/sst2 (sample)"), "\(text)")
        #expect(RootView.render(state, width: 160, height: 48, options: RenderOptions()).text
            .contains("SST-2 data in Datasets/sst2 (sample)"))
    }

    @Test func missingDataIsExplainedOverSeveralLines() {
        var state = Fixtures.state()
        state.data = Fixtures.missingData("The sst2 data (sst2/train.tsv and sst2/dev.tsv) is in none of the folders searched: /x.")
        let text = panel(state)
        #expect(text.contains("SST-2 data: The sst2 data"), "\(text)")
        #expect(text.contains(":data TRAIN [DEV]"), "\(text)")
    }

    @Test func hintsFitThePanelAtEightyColumns() {
        let text = panel(Fixtures.state(), width: 80, height: 24)
        #expect(text.contains("adapter norm: train (t) first"), "\(text)")
        #expect(text.contains("head statistics: P to probe"), "\(text)")
    }

    @Test func joiningLeavesOutTheLeastImportantPartsFirst() {
        let parts: [(text: String, priority: Int)] = [("running", 9), ("step 5/10", 8), ("lr 1.0e-03", 2), ("ETA 2m", 7)]
        #expect(Format.joinFitting(parts, separator: " · ", width: 80) == "running · step 5/10 · lr 1.0e-03 · ETA 2m")
        #expect(Format.joinFitting(parts, separator: " · ", width: 30) == "running · step 5/10 · ETA 2m")
        #expect(Format.joinFitting(parts, separator: " · ", width: 12) == "running")
        #expect(Format.joinFitting(parts, separator: " · ", width: 5) == "runn…")
    }

    @Test func theProgressLineFitsEightyColumnsWithoutCuttingAWord() {
        var training = Fixtures.trainingState().training
        training.totalSteps = 500
        training.epoch = 0.12
        training.learningRate = 9.8e-4
        training.tokensPerSecond = 4172
        training.elapsed = 4000
        training.peakResidentMiB = 388
        let wide = TrainingView.progressLine(training, width: 200)
        #expect(wide.contains("elapsed") && wide.contains("peak 388 MiB") && wide.contains("lr 9.8e-04"), "\(wide)")
        let narrow = TrainingView.progressLine(training, width: 79)
        #expect(narrow.count <= 79)
        #expect(!narrow.hasSuffix("…"), "\(narrow)")
        for kept in ["running", "step 60/500", "tok/s", "ETA", "dev 80.0 %"] { #expect(narrow.contains(kept), "\(narrow)") }
    }

    @Test func aPausedRunShowsNoETA() {
        var training = Fixtures.trainingState().training
        training.totalSteps = 100
        #expect(TrainingView.progressLine(training, width: 200).contains("ETA"))
        training.status = .paused
        #expect(!TrainingView.progressLine(training, width: 200).contains("ETA"))
    }
}
