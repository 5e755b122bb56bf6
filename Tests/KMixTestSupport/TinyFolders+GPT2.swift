import Foundation
import KMix

extension TinyFolders {
    /// The small random GPT-2 of the family tests: 2 layers of 2 heads of 4, the shape of ``TinyModel``'s plans.
    public static let gpt2 = RandomGPT2(layers: 2, heads: 2, headSize: 4)

    /// Writes a GPT-2 folder into `folder` as `GPT2LMHeadModel` stores it: `config.json`, ``gpt2``'s weights drawn
    /// from `seed` under `transformer.` (the head is tied), and ``TinyWorkspace``'s WordPiece `vocab.txt`, whose 20
    /// tokens fit the vocabulary (a stand-in tokenizer: the exports and the tests never need GPT-2's).
    public static func gpt2Model(in folder: URL, seed: UInt64 = 23) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: gpt2.configurationJSON, options: [.sortedKeys])
            .write(to: folder.appendingPathComponent("config.json"))
        var writer = SafeTensorsWriter()
        for (name, tensor) in gpt2.tensors(seed: seed).sorted(by: { $0.key < $1.key }) {
            try writer.add("transformer." + name, tensor)
        }
        try writer.write(to: folder.appendingPathComponent("model.safetensors"))
        try (TinyWorkspace.vocabulary.joined(separator: "\n") + "\n")
            .write(to: folder.appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
    }
}
