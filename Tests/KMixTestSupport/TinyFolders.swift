import Foundation
import KMix

/// The tiny model and data of ``TinyWorkspace`` as files, for runs of the `kmix` binary.
public enum TinyFolders {
    /// Writes a model folder (`config.json`, `model.safetensors`, `vocab.txt`) into `folder`.
    public static func model(in folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: TinyModel.configurationJSON)
            .write(to: folder.appendingPathComponent("config.json"))
        var writer = SafeTensorsWriter()
        for (name, tensor) in TinyModel.tensors().sorted(by: { $0.key < $1.key }) {
            try writer.add(name, shape: tensor.shape, floats: tensor.scalars)
        }
        try writer.write(to: folder.appendingPathComponent("model.safetensors"))
        try (TinyWorkspace.vocabulary.joined(separator: "\n") + "\n")
            .write(to: folder.appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
    }

    /// Writes a model folder (`model(in:)`) into a new temporary folder, which the caller removes; returns it.
    public static func temporaryModel() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-model-\(UUID().uuidString)")
        try model(in: folder)
        return folder
    }

    /// Writes `count` examples of ``TinyWorkspace/dataset(_:seed:)`` as a TSV file with a header.
    public static func data(_ url: URL, count: Int, seed: UInt64) throws {
        let rows = TinyWorkspace.dataset(count, seed: seed).examples.map { "\($0.text)\t\($0.label)" }
        try (["sentence\tlabel"] + rows).joined(separator: "\n").appending("\n")
            .write(to: url, atomically: true, encoding: .utf8)
    }

    /// Writes the model, `train.tsv`, `dev.tsv` and `plan.json` into `root`; returns the arguments of
    /// `kmix train` on them (one worker, batches of 4), without `--out`.
    public static func training(in root: URL, epochs: Int) throws -> [String] {
        let model = root.appendingPathComponent("model"), plan = root.appendingPathComponent("plan.json")
        let train = root.appendingPathComponent("train.tsv"), dev = root.appendingPathComponent("dev.tsv")
        try Self.model(in: model)
        try data(train, count: 256, seed: 5)
        try data(dev, count: 16, seed: 6)
        try TinyModel.raggedPlan(head: .cls, trainPooler: false).write(to: plan)
        return ["train", "--train", train.path, "--dev", dev.path, "--model", model.path, "--plan", plan.path,
                "--epochs", "\(epochs)", "--batch-size", "4", "--threads", "1"]
    }
}
