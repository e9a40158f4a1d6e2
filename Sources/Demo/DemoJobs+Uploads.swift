import DurableJobs
import Foundation

extension DemoJobs {
    /// The state key counting a file's imported rows.
    static func rowsKey(_ fileId: String) -> String { "files:\(fileId):rows" }
    /// The state key holding a file's import progress.
    static func progressKey(_ fileId: String) -> String { "files:\(fileId):progress" }

    /// `processUpload`, as in the docs: download the file, parse it, import its batches (counting rows in
    /// state and keeping a progress value for the UI), then mark it complete.
    func registerUploads(on stackshift: StackShift) {
        let providers = self.providers
        stackshift.job(DemoJob.processUpload.rawValue, options: options(.processUpload)) {
            (ctx: JobContext<FileUpload>) -> UploadResult in
            let upload = ctx.payload
            let file = try await ctx.step.run("download-file") {
                ctx.log.info("downloading \(upload.fileName) (\(upload.sizeBytes / 1000) kB)")
                try await providers.perform(.download, entity: upload.fileId, attempt: ctx.attempt)
                return providers.downloaded(upload)
            }
            let parsed = try await ctx.step.run("parse-file") {
                ctx.log.info("parsing \(file.storageKey)")
                try await providers.perform(.parse, entity: upload.fileId, attempt: ctx.attempt)
                do {
                    let parsed = try providers.parse(upload)
                    ctx.log.info("\(parsed.totalRows) rows in \(parsed.batches.count) batches")
                    return parsed
                } catch let error as MalformedFileError {
                    ctx.log.error("\(error.message); the file must be fixed and uploaded again")
                    throw error
                }
            }

            let rowsKey = Self.rowsKey(upload.fileId)
            let progressKey = Self.progressKey(upload.fileId)
            var processed = 0
            for (index, rows) in parsed.batches.enumerated() {
                // The counter moves inside the step: a committed batch is never imported (or counted) again
                // on a retry; only a batch in flight at a crash can be counted twice.
                let batch = try await ctx.step.run("import-batch") {
                    try await providers.perform(.importBatch, entity: "\(upload.fileId)#\(index)", attempt: ctx.attempt)
                    try await ctx.state.increment(rowsKey, by: Int64(rows))
                    return ImportedBatch(batch: index + 1, rows: rows)
                }
                processed += batch.rows
                let percent = processed * 100 / max(1, parsed.totalRows)
                try await ctx.state.set(
                    progressKey, UploadProgress(processed: processed, total: parsed.totalRows, percent: percent),
                    ttl: providers.pace.real(DemoDuration.hours(24)))
            }

            try await ctx.step.run("mark-complete") {
                try await providers.perform(.markComplete, entity: upload.fileId, attempt: ctx.attempt)
                ctx.log.info("imported \(parsed.totalRows) rows from \(upload.fileName)")
            }
            return UploadResult(rows: parsed.totalRows)
        }
    }
}
