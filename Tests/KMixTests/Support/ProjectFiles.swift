import Foundation
import Testing

/// Files of the project that tests read: the committed reference fixtures and the shipped SST-2 sample.
enum ProjectFiles {
    /// The package root (the folder above `Tests/`).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// A file of `Tests/KMixTests/Fixtures/` (`name` with its extension), from the test bundle's copy.
    /// The PyTorch references are made by `scripts/make_fixtures.py`, the tokenizer ones by
    /// `scripts/make_tokenizer_fixture.py` and `scripts/make_bpe_tokenizer_fixture.py`.
    static func fixture(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"),
                     "\(name) is not among the test bundle's fixtures")
    }

    /// A file of the SST-2 sample that ships with kmix (`Datasets/sst2/`, GLUE layout: `sentence<TAB>label`).
    static func sst2(_ name: String) -> URL {
        root.appendingPathComponent("Datasets/sst2/" + name)
    }

    /// A file of the E2E data that ships with kmix (`Datasets/e2e/`: `mr,ref` CSV).
    static func e2e(_ name: String) -> URL {
        root.appendingPathComponent("Datasets/e2e/" + name)
    }
}
