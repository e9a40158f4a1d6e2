import GRDB
import JobStore

/// Turns SQLite's errors into ``JobStoreError``s that name the file and say what to do, so no raw
/// `DatabaseError` reaches a user.
enum StoreErrors {
    static func map(_ error: any Error, location: String) -> any Error {
        if error is JobStoreError || error is CancellationError { return error }
        if let error = error as? RowDecodingProblem {
            return JobStoreError.incompatibleDatabase(
                "\(location) holds a value this binary cannot read (\(error.detail)); "
                    + "was it written by a newer StackShift?")
        }
        guard let error = error as? DatabaseError else {
            return JobStoreError.unavailable("database \(location) failed: \(error)")
        }
        let detail = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return JobStoreError.unavailable(
                "database \(location) is locked by another process (still busy after the busy timeout); "
                    + "wait for it to finish, or stop it")
        case .SQLITE_NOTADB:
            return JobStoreError.incompatibleDatabase(
                "\(location) is not a SQLite database (its header is not SQLite's); check the --db path")
        case .SQLITE_CORRUPT:
            return JobStoreError.unavailable(
                "database \(location) is corrupt (\(detail)); restore it from a backup")
        case .SQLITE_READONLY:
            return JobStoreError.unavailable(
                "database \(location) cannot be written (\(detail)); check the file's permissions")
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
            return JobStoreError.unavailable(
                "cannot open database \(location) (\(detail)); check the path and its permissions")
        case .SQLITE_FULL:
            return JobStoreError.unavailable("database \(location) cannot grow: the disk is full")
        case .SQLITE_IOERR:
            return JobStoreError.unavailable("database \(location) could not be read or written: \(detail)")
        case .SQLITE_MISUSE where detail.localizedCaseInsensitiveContains("closed"):
            return JobStoreError.unavailable("the store on \(location) is closed")
        case .SQLITE_CONSTRAINT:
            return constraintError(error, detail: detail, location: location)
        default:
            return JobStoreError.unavailable("database \(location) failed: \(detail) (\(error.resultCode))")
        }
    }

    /// JSON columns carry named CHECK constraints, so bad input is reported by field.
    private static func constraintError(_ error: DatabaseError, detail: String, location: String) -> any Error {
        let fields: [(constraint: String, field: String)] = [
            ("step_result_is_json", "step result"), ("event_payload_is_json", "event payload"),
            ("schedule_payload_is_json", "schedule payload"), ("state_value_is_json", "state value"),
            ("payload_is_json", "payload"), ("result_is_json", "result"),
        ]
        if let match = fields.first(where: { detail.contains($0.constraint) }) {
            return JobStoreError.invalidInput("the \(match.field) is not valid JSON")
        }
        if detail.contains("runs.id") {
            return JobStoreError.invalidInput("a run with that id already exists")
        }
        return JobStoreError.invalidInput("the database refused the change: \(detail)")
    }
}
