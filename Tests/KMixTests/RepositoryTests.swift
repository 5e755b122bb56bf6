import Foundation
import Testing

/// The repository stands on its own: nothing the product, its tests or its scripts run reads the `shared` folder beside the clone (which a
/// user's clone does not have), and `scripts/README.md` lists every script.
@Suite struct RepositoryTests {
    /// The files under `folder` (relative to the package root), recursively.
    func files(under folder: String) -> [URL] {
        let root = ProjectFiles.root.appendingPathComponent(folder)
        guard let walk = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        return walk.compactMap { $0 as? URL }.filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
    }

    @Test func nothingRunnableReadsTheSharedFolderBesideTheClone() throws {
        let pattern = ["..", "shared"].joined(separator: "/")
        var offenders: [String] = []
        for file in ["Sources", "Tests", "scripts", ".ci", "Package.swift"].flatMap({ files(under: $0) + [ProjectFiles.root.appendingPathComponent($0)] }) {
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            for name in ["data", "fixtures", "design"] where text.contains("\(pattern)/\(name)") || text.contains("shared/\(name)/") {
                offenders.append(file.path.replacingOccurrences(of: ProjectFiles.root.path + "/", with: ""))
            }
            if text.contains(pattern + "\"") || text.contains(pattern + " ") { offenders.append(file.lastPathComponent) }
        }
        #expect(offenders.isEmpty, "these read the shared folder beside the clone, which a user's clone does not have: \(Set(offenders).sorted())")
    }

    @Test func scriptsReadmeListsEveryScript() throws {
        let readme = try String(contentsOf: ProjectFiles.root.appendingPathComponent("scripts/README.md"), encoding: .utf8)
        let scripts = try FileManager.default.contentsOfDirectory(atPath: ProjectFiles.root.appendingPathComponent("scripts").path)
            .filter { $0 != "README.md" && !$0.hasPrefix(".") && $0 != "__pycache__" }
        #expect(!scripts.isEmpty)
        for script in scripts { #expect(readme.contains("| `\(script)` |"), "scripts/README.md does not list \(script)") }
        #expect(!readme.contains("then `kmix` (the README"), "run ends in kmix-tui")
    }
}
