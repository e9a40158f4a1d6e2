import Foundation

/// `provisionAfterPayment`'s payload, as in the docs' payment flow, with the plan bought.
public struct PaymentProvisioning: Codable, Sendable, Hashable {
    /// The payment (`pay_…`): the correlation key of its `payment.confirmed` webhook.
    public var paymentId: String
    /// The paying customer (`cus_…`).
    public var customerId: String
    /// The plan bought (`starter`, `team`, `business`).
    public var plan: String
    /// The amount, in cents.
    public var amountCents: Int
}

/// What `verify-payment` learns from the payment processor.
public struct PaymentVerification: Codable, Sendable, Hashable {
    /// The payment.
    public var paymentId: String
    /// `paid` or `declined` (a `pending` payment fails the step and is retried).
    public var status: String
    /// Where the receipt goes.
    public var customerEmail: String
    /// The amount, in cents.
    public var amountCents: Int
}

/// The body of the payment processor's `payment.confirmed` webhook.
public struct PaymentConfirmed: Codable, Sendable, Hashable {
    /// The webhook's own id (`evt_…`).
    public var eventId: String
    /// The payment it confirms, as the processor spells it.
    public var paymentId: String
    /// The amount, in cents.
    public var amountCents: Int
    /// Always `succeeded` for this event.
    public var status: String
}

/// What `provision-customer-resources` created.
public struct ProvisionedResources: Codable, Sendable, Hashable {
    /// The new workspace.
    public var workspaceId: String
    /// Where it lives.
    public var region: String
    /// Its database.
    public var databaseId: String
}

/// What `enable-plan` switched on.
public struct PlanActivation: Codable, Sendable, Hashable {
    /// The customer.
    public var customerId: String
    /// The plan.
    public var plan: String
    /// Seats included.
    public var seats: Int
}

/// `provisionAfterPayment`'s result, as in the docs (`{ provisioned: true }`), with what was created.
public struct ProvisionResult: Codable, Sendable, Hashable {
    /// Always true for a completed run.
    public var provisioned: Bool
    /// The workspace created.
    public var workspaceId: String
    /// The plan enabled.
    public var plan: String
}
