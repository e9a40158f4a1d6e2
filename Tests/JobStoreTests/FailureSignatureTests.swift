import Foundation
import JobStore
import Testing

@Suite("Failure signatures")
struct FailureSignatureTests {
    @Test(
        "what differs between occurrences is replaced; what names the failure stays",
        arguments: [
            (
                "provisioning API answered 502 Bad Gateway (POST /v2/workspaces for cus_3dh3xjjz)",
                "provisioning API answered <n> Bad Gateway (POST /v<n>/workspaces for <id>)"
            ),
            (
                "POST /v2/workspaces for cus_yzjettpj failed; invalid_request_error on payment_method",
                "POST /v<n>/workspaces for <id> failed; invalid_request_error on payment_method"
            ),
            (
                "lock search-index:rebuild is held by run_01m955xgc5sy36msvvbb",
                "lock search-index:rebuild is held by <id>"
            ),
            ("Template 'welcome-v2' not found", "Template '…' not found"),
            ("user \"ada@example.com\" has no plan", "user \"…\" has no plan"),
            (
                "request 3f2b8c1e-9a4d-4e21-b7f0-1c2d3e4f5a6b timed out after 30.5s",
                "request <uuid> timed out after <n>s"
            ),
            ("bad pointer 0x7ffe12ab and digest deadbeef01", "bad pointer <hex> and digest <hex>"),
            ("  spaces\tand\nlines  ", "spaces and lines"),
            ("lease expired at 2026-12-06T08:24:25Z (or 2026-12-06 08:24)", "lease expired at <time> (or <time>)"),
        ])
    func normalise(message: String, expected: String) {
        #expect(FailureSignature.normalise(message) == expected)
    }

    @Test("two occurrences of one failure share a signature; another step, type or job does not")
    func sameFailureSameSignature() {
        let first = ErrorDetail(type: "ProviderError", message: "502 for cus_a1", location: "provision")
        let second = ErrorDetail(type: "ProviderError", message: "503 for cus_b2", location: "provision")
        let signature = FailureSignature.of(job: "provisionAfterPayment", error: first)
        #expect(signature == "provisionAfterPayment · provision · ProviderError: <n> for <id>")
        #expect(FailureSignature.of(job: "provisionAfterPayment", error: second) == signature)
        var elsewhere = first
        elsewhere.location = "charge"
        #expect(FailureSignature.of(job: "provisionAfterPayment", error: elsewhere) != signature)
        #expect(FailureSignature.of(job: "other", error: first) != signature)
    }

    @Test("a message of any length gives a bounded signature")
    func bounded() {
        let long = String(repeating: "word ", count: 10_000)
        #expect(FailureSignature.normalise(long).count <= FailureSignature.maximumMessageLength + 1)
    }
}

@Suite("Identifiers and stored times from hostile dates")
struct HostileDateTests {
    @Test(
        "a date that is not finite or far outside the calendar makes an id and a stored time without trapping",
        arguments: [Double.nan, .infinity, -.infinity, 1e300, -1e300])
    func noTrap(seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        let id = Identifier.make(prefix: "run", at: date)
        #expect(id.count == "run_".count + 20)
        if seconds.isNaN || seconds < 0 { #expect(Identifier.timePart(date) == "0000000000") }
        #expect(date.millis == Int64(saturating: seconds * 1000), "stored times saturate too")
    }

    @Test("the time part sorts with the time, as before")
    func ordered() {
        let earlier = Identifier.timePart(Date(timeIntervalSince1970: 1_800_000_000))
        let later = Identifier.timePart(Date(timeIntervalSince1970: 1_800_000_000.001))
        #expect(earlier < later && earlier.count == 10)
    }
}
