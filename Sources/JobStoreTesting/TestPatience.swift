extension Duration {
    /// How long a test waits for what takes milliseconds on an idle machine (a run to finish, a condition to
    /// hold) before it fails. Long on purpose: the whole suite starts at once, and on a two-core machine a
    /// test's worker can wait its turn for the cooperative pool for tens of seconds (CI measured 30). A hang
    /// still fails, naming what it waited for; only a slow turn no longer does.
    public static let testPatience: Duration = .seconds(120)
}
