import Foundation

/// `processUpload`'s payload, as in the docs' file flow, with what the upload form knows.
public struct FileUpload: Codable, Sendable, Hashable {
    /// The file (`file_…`).
    public var fileId: String
    /// Its name as uploaded.
    public var fileName: String
    /// Who uploaded it.
    public var customerId: String
    /// Its size in bytes.
    public var sizeBytes: Int
}

/// What `download-file` fetched.
public struct DownloadedFile: Codable, Sendable, Hashable {
    /// The file.
    public var fileId: String
    /// Where the bytes were stored for parsing.
    public var storageKey: String
    /// How many bytes.
    public var bytes: Int
}

/// What `parse-file` found: the rows, cut into import batches.
public struct ParsedFile: Codable, Sendable, Hashable {
    /// Rows in the file.
    public var totalRows: Int
    /// Rows per batch, in order.
    public var batches: [Int]
}

/// One imported batch.
public struct ImportedBatch: Codable, Sendable, Hashable {
    /// The batch number, from 1.
    public var batch: Int
    /// Rows imported.
    public var rows: Int
}

/// The import's progress, kept in state at `files:ID:progress` for the UI to poll.
public struct UploadProgress: Codable, Sendable, Hashable {
    /// Rows imported so far.
    public var processed: Int
    /// Rows in the file.
    public var total: Int
    /// `processed / total`, in whole percent.
    public var percent: Int
}

/// `processUpload`'s result, as in the docs (`{ rows: parsed.totalRows }`).
public struct UploadResult: Codable, Sendable, Hashable {
    /// Rows imported.
    public var rows: Int
}
