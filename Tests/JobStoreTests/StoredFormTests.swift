import Foundation
import Testing

@testable import JobStore

@Suite("Stored forms shared by the drivers")
struct StoredFormTests {
    @Test("a stored retry policy decodes to the policy that was stored, each text to its own")
    func retryPolicyRoundTrip() throws {
        let policies = [
            RetryPolicy.standard, RetryPolicy.never,
            RetryPolicy(maxAttempts: 9, initialDelay: 0.5, maxDelay: 60, multiplier: 3, jitter: 0),
        ]
        for _ in 0..<2 {  // the second pass is answered from what the first decoded
            for policy in policies {
                let text = try StoredJSON.encode(policy)
                #expect(try StoredJSON.decodeRetryPolicy(text, column: "retry_policy") == policy)
            }
        }
        #expect(try StoredJSON.decodeRetryPolicy(nil, column: "retry_policy") == nil)
    }

    @Test("a policy's stored text is the same when remembered as when first encoded, each policy its own")
    func retryPolicyEncodedOnce() throws {
        let policies = [
            RetryPolicy.standard, RetryPolicy.never,
            RetryPolicy(maxAttempts: 9, initialDelay: 0.5, maxDelay: 60, multiplier: 3, jitter: 0),
            RetryPolicy(maxAttempts: 9, initialDelay: 0.5, maxDelay: 60, multiplier: 3, jitter: 0.1),
        ]
        let first = try policies.map(StoredJSON.encodeRetryPolicy)
        #expect(first == (try policies.map { try StoredJSON.encode($0) as String }))
        #expect(Set(first).count == policies.count)
        #expect((try policies.map(StoredJSON.encodeRetryPolicy)) == first)
    }

    @Test("name lists are stored as JSON arrays, each list its own text, the same every time it is asked for")
    func nameLists() throws {
        let lists = [["default"], ["default", "emails"], ["emails", "default"], [], ["quote \" and \\ slash"]]
        let first = try lists.map(StoredJSON.encodeNames)
        #expect(first == (try lists.map { try StoredJSON.encode($0) as String }))
        #expect(first[4] == #"["quote \" and \\ slash"]"#)
        #expect(Set(first).count == lists.count, "order is kept: a different order is a different list")
        #expect((try lists.map(StoredJSON.encodeNames)) == first)
    }

    @Test("malformed retry policy text is a decoding problem naming the column, never a remembered value")
    func malformedRetryPolicy() throws {
        _ = try StoredJSON.decodeRetryPolicy(try StoredJSON.encode(RetryPolicy.standard), column: "retry_policy")
        for _ in 0..<2 {
            #expect {
                _ = try StoredJSON.decodeRetryPolicy("{\"maxAttempts\":", column: "runs.retry_policy")
            } throws: { error in
                (error as? RowDecodingProblem)?.detail.contains("runs.retry_policy") == true
            }
        }
    }
}
