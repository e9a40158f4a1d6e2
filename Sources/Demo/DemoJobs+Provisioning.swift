import DurableJobs
import Foundation

extension DemoJobs {
    /// `provisionAfterPayment`, as in the docs: verify the payment, wait for the processor's
    /// `payment.confirmed` webhook (keyed by payment id), provision the customer's resources, enable the
    /// plan and send the receipt.
    func registerProvisioning(on stackshift: StackShift) {
        let providers = self.providers
        let timeout = scenario.payments.confirmationTimeout
        // Messages name the time really waited, so they agree with the run's real timestamps.
        let waited = providers.pace.describe(timeout)
        stackshift.job(DemoJob.provisionAfterPayment.rawValue, options: options(.provisionAfterPayment)) {
            (ctx: JobContext<PaymentProvisioning>) -> ProvisionResult in
            let order = ctx.payload
            // Log lines are written inside steps where possible: a step runs once, while the code between
            // steps is replayed on every attempt and would repeat its lines.
            let payment = try await ctx.step.run("verify-payment") {
                do {
                    let payment = try await providers.verifyPayment(order, attempt: ctx.attempt)
                    ctx.log.info("payment \(order.paymentId) is \(payment.status) (\(order.amountCents) cents)")
                    return payment
                } catch let error as ProviderError {
                    ctx.log.warning("\(error.message) (try \(ctx.failures + 1)/\(ctx.maxAttempts))")
                    throw error
                }
            }
            guard payment.status == "paid" else {
                ctx.log.error("payment \(order.paymentId) was \(payment.status) by the processor")
                throw JobError("Payment is not complete", retryable: false)
            }

            let confirmed: PaymentConfirmed? = try await ctx.step.waitForEvent(
                "await-confirmation", event: Self.paymentConfirmed, key: order.paymentId,
                timeout: providers.pace.real(timeout))
            guard let confirmed else {
                ctx.log.error("no \(Self.paymentConfirmed) for \(order.paymentId) within \(waited)")
                throw JobError(
                    "\(Self.paymentConfirmed) for \(order.paymentId) did not arrive within \(waited)",
                    retryable: false)
            }

            let resources = try await ctx.step.run("provision-customer-resources") {
                ctx.log.info("\(Self.paymentConfirmed) \(confirmed.eventId) received; provisioning \(order.customerId)")
                do {
                    let resources = try await providers.provision(order, attempt: ctx.attempt)
                    ctx.log.info("workspace \(resources.workspaceId) ready in \(resources.region)")
                    return resources
                } catch let error as ProviderError {
                    ctx.log.warning("\(error.message) (try \(ctx.failures + 1)/\(ctx.maxAttempts))")
                    throw error
                }
            }
            let plan = try await ctx.step.run("enable-plan") {
                try await providers.perform(.enablePlan, entity: order.customerId, attempt: ctx.attempt)
                return PlanActivation(customerId: order.customerId, plan: order.plan, seats: seats(order))
            }
            _ = try await ctx.step.run("send-receipt") {
                do {
                    return try await providers.sendEmail(
                        to: payment.customerEmail, entity: order.paymentId, attempt: ctx.attempt, call: "receipt")
                } catch let error as ProviderError {
                    ctx.log.warning("receipt: \(error.message) (try \(ctx.failures + 1)/\(ctx.maxAttempts))")
                    throw error
                }
            }
            let done = try await ctx.state.increment("provisioned:count")
            ctx.log.info("provisioned #\(done): \(plan.plan) plan, \(plan.seats) seats for \(order.customerId)")
            return ProvisionResult(provisioned: true, workspaceId: resources.workspaceId, plan: plan.plan)
        }
    }
}

/// Seats bought: the amount divided by the plan's unit price.
private func seats(_ order: PaymentProvisioning) -> Int {
    let unit = PayloadFactory.plans.first { $0.name == order.plan }?.cents ?? order.amountCents
    return max(1, order.amountCents / max(1, unit))
}
