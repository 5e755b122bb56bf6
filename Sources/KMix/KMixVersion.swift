/// The version of kmix, as printed by `kmix --version`.
public enum KMixVersion {
    /// The current release.
    public static let current = "0.1.0"
}
