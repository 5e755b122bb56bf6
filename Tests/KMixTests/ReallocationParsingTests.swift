import Testing
@testable import KMix

/// `every=N,until=M[,min=R][,max=R]`, read once for `kmix train --reallocate` and `kmix-tui`'s train dialog.
@Suite struct ReallocationParsingTests {
    @Test func settingsReadWithTheirDefaults() throws {
        #expect(try Reallocation(parsing: "every=5,until=15") == Reallocation(every: 5, until: 15))
        #expect(try Reallocation(parsing: " every = 10 , until=40,min=2,max=8,signal=sensitivity ")
                == Reallocation(every: 10, until: 40, minRank: 2, maxRank: 8))
    }

    @Test func refusalsAreTheRestOfASentenceAboutTheSetting() {
        #expect(throws: ReallocationSyntaxError("needs every=N and until=M (reallocate after every N steps up to step M)")) {
            try Reallocation(parsing: "every=5")
        }
        #expect(throws: ReallocationSyntaxError("gives 'every' twice")) { try Reallocation(parsing: "every=5,every=6,until=9") }
        do {
            _ = try Reallocation(parsing: "every=5,until=9,min=3,max=2")
            Issue.record("accepted max below min")
        } catch {
            #expect(error.message(subject: "Reallocate") == "Reallocate max=2 is below min=3")
            #expect(error.description == "the reallocation max=2 is below min=3")
        }
    }
}
