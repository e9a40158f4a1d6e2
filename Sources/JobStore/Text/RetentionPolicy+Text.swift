extension RetentionPolicy {
    /// The policy in words, as the audit trail, the CLI and the console write it:
    /// `completed 7d · failed 30d · canceled 7d`.
    public var spelledOut: String {
        "completed \(DurationText.format(completed)) · failed \(DurationText.format(failed)) · "
            + "canceled \(DurationText.format(canceled))"
    }

    /// The policy in a table cell: `7d/30d/7d`, completed/failed/canceled.
    public var compact: String {
        [completed, failed, canceled].map(DurationText.format).joined(separator: "/")
    }
}
