import Foundation
import JobStore
import Testing

@testable import StackShiftServer

/// `--webhook NAME=EVENT:JSON_POINTER[:SECRET_ENV]` and the JSON pointers it carries (RFC 6901).
@Suite("Serve: webhook definitions")
struct WebhookDefinitionTests {
    @Test("a full definition: name, event, pointer, and the secret read from the named variable")
    func parses() throws {
        let definition = try WebhookDefinition(
            parsing: "stripe=payment.confirmed:/data/object/metadata/paymentId:STRIPE_SECRET",
            environment: ["STRIPE_SECRET": "whsec_1"])
        #expect(definition.name == "stripe" && definition.event == "payment.confirmed")
        #expect(definition.keyPointer.tokens == ["data", "object", "metadata", "paymentId"])
        #expect(definition.secret == "whsec_1" && definition.secretVariable == "STRIPE_SECRET")
        let unsigned = try WebhookDefinition(parsing: "mail=mail.bounced:/id", environment: [:])
        #expect(unsigned.secret == nil && unsigned.keyPointer.tokens == ["id"])
    }

    @Test(
        "a broken definition is refused with a message naming what is wrong",
        arguments: [
            ("stripe", "expected NAME=EVENT"),
            ("=payment:/id", "the name must be"),
            ("bad name=payment:/id", "the name must be"),
            ("stripe=payment", "expected EVENT:JSON_POINTER"),
            ("stripe=:/id", "the event name is empty"),
            ("stripe=payment:id", "must start with /"),
            ("stripe=payment:/a~2b", "only ~0 and ~1"),
            ("stripe=payment:/id:MISSING_SECRET", "MISSING_SECRET is not set"),
        ])
    func refuses(text: String, fragment: String) {
        #expect {
            try WebhookDefinition(parsing: text, environment: [:])
        } throws: { error in
            "\(error)".contains(fragment)
        }
    }

    @Test("pointers resolve through objects and arrays, unescape ~0 and ~1, and find nothing where nothing is")
    func pointers() throws {
        let document = try JSONValue(
            parsing: #"{"a/b": {"m~n": [10, {"id": "x"}]}, "n": 42, "e": "", "o": {"p": null}}"#)
        #expect(try JSONPointer("/a~1b/m~0n/1/id").key(in: document) == "x")
        #expect(try JSONPointer("/a~1b/m~0n/0").key(in: document) == "10", "a number is a key as written")
        #expect(try JSONPointer("/n").key(in: document) == "42")
        #expect(try JSONPointer("/e").key(in: document) == nil, "an empty string is no key")
        #expect(try JSONPointer("/o/p").key(in: document) == nil, "null is no key")
        #expect(try JSONPointer("/a~1b").key(in: document) == nil, "an object is no key")
        #expect(try JSONPointer("/a~1b/m~0n/01").resolve(in: document) == nil, "no leading zeros")
        #expect(try JSONPointer("/a~1b/m~0n/5").resolve(in: document) == nil)
        #expect(try JSONPointer("/missing/deeper").resolve(in: document) == nil)
        #expect(try JSONPointer("").resolve(in: document) == document)
    }
}
