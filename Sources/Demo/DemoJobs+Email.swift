import DurableJobs
import Foundation

extension DemoJobs {
    /// `sendVerificationEmail`: create a verification token (a TTL-backed state marker), then send the
    /// email through the mail provider, which fails a share of calls transiently.
    func registerEmail(on stackshift: StackShift) {
        let providers = self.providers
        stackshift.job(DemoJob.sendVerificationEmail.rawValue, options: options(.sendVerificationEmail)) {
            (ctx: JobContext<VerificationEmail>) -> EmailReceipt in
            let user = ctx.payload
            let token = try await ctx.step.run("create-token") {
                try await providers.perform(.renderTemplate, entity: user.userId, attempt: ctx.attempt)
                let token = "vt_" + StableHash.token(["token", user.userId], seed: providers.seed, count: 16)
                // The link in the email is valid for a day (of scenario time): a marker that expires by itself.
                try await ctx.state.set(
                    "verification:\(user.userId)", ["token": token], ttl: providers.pace.real(DemoDuration.hours(24)))
                return token
            }
            let receipt = try await ctx.step.run("send-email") {
                ctx.log.info("sending verification email to \(user.email)")
                do {
                    let receipt = try await providers.sendEmail(
                        to: user.email, entity: user.userId, attempt: ctx.attempt, call: "verification")
                    ctx.log.info("sent as \(receipt.messageId) with token \(token.prefix(7))…")
                    return receipt
                } catch let error as ProviderError {
                    ctx.log.warning("\(error.message) (try \(ctx.failures + 1)/\(ctx.maxAttempts))")
                    throw error
                }
            }
            return receipt
        }
    }
}
