import Foundation

/// Makes realistic-looking payloads (people, payments, files) from a seeded generator, so the same seed
/// always yields the same users, payment ids and file names.
enum PayloadFactory {
    static let firstNames = [
        "ada", "grace", "alan", "edsger", "barbara", "donald", "margaret", "ken", "radia", "linus", "frances",
        "john", "katherine", "tim", "hedy", "dennis", "sophie", "leslie", "annie", "claude",
    ]
    static let lastNames = [
        "lovelace", "hopper", "turing", "dijkstra", "liskov", "knuth", "hamilton", "thompson", "perlman",
        "torvalds", "allen", "backus", "johnson", "berners-lee", "lamarr", "ritchie", "wilson", "lamport",
        "easley", "shannon",
    ]
    static let domains = ["example.com", "example.org", "acme.test", "initech.test", "globex.test"]
    static let plans: [(name: String, cents: Int)] = [("starter", 1_900), ("team", 4_900), ("business", 19_900)]
    static let fileKinds = ["customers", "orders", "invoices", "contacts", "inventory", "leads"]

    static func verificationEmail(_ random: inout SeededGenerator) -> VerificationEmail {
        let first = random.pick(firstNames)
        let last = random.pick(lastNames)
        let userId = "user_" + random.token(8)
        return VerificationEmail(userId: userId, email: "\(first).\(last)@\(random.pick(domains))")
    }

    static func payment(_ random: inout SeededGenerator) -> PaymentProvisioning {
        let plan = random.pick(plans)
        let seats = random.int(in: 1...5)
        return PaymentProvisioning(
            paymentId: "pay_" + random.token(10), customerId: "cus_" + random.token(8), plan: plan.name,
            amountCents: plan.cents * seats)
    }

    static func upload(_ random: inout SeededGenerator, customerId: String) -> FileUpload {
        let kind = random.pick(fileKinds)
        let month = random.int(in: 1...12)
        return FileUpload(
            fileId: "file_" + random.token(8), fileName: "\(kind)-2026-\(month < 10 ? "0" : "")\(month).csv",
            customerId: customerId, sizeBytes: random.int(in: 40_000...1_200_000))
    }

    static func searchRebuild(_ random: inout SeededGenerator) -> SearchRebuild {
        SearchRebuild(
            index: random.pick(["customers", "invoices", "customers"]),
            reason: random.pick(["catalog changed", "schema migration", "scheduled refresh", "mapping update"]))
    }

    /// The webhook body the payment processor sends for a payment, with its key spelled as `key`.
    static func confirmation(
        for payment: PaymentProvisioning, key: String, random: inout SeededGenerator
    )
        -> PaymentConfirmed
    {
        PaymentConfirmed(
            eventId: "evt_" + random.token(12), paymentId: key, amountCents: payment.amountCents, status: "succeeded")
    }
}
