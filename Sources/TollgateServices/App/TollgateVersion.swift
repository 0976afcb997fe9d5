/// The release this build is: `tollgate --version`, the OpenAPI document's `info.version`, `tollgate doctor`.
public enum TollgateVersion {
    public static let current = "0.9.0"
}
