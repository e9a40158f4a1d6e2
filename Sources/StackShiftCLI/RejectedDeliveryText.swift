import Console
import Foundation
import JobStore

/// How `events list --rejected` shows a refused webhook delivery's body in its table (`--json` prints
/// ``RejectedDelivery``, the server's view).
enum RejectedDeliveryText {
    /// The body on one line of at most `width` columns: control characters escaped first (so a planted escape
    /// sequence is shown, and the cut never splits an escape's meaning from its text), then cut with `…`.
    static func bodyPreview(_ body: Data, width: Int) -> String {
        guard !body.isEmpty else { return "(empty)" }
        guard let text = String(validating: body, as: UTF8.self) else {
            return "(\(body.count) bytes, not UTF-8 text)"
        }
        return TextFit.truncate(TerminalText.escaped(text), to: width)
    }
}
