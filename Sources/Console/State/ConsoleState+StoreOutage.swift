import Foundation

extension ConsoleState {
    /// A load or poll failed: the header shows the outage until a load works. The status line announces it
    /// once, and again only when the reason changes, so repeated failures do not bury what the view says.
    mutating func storeFailed(_ message: String) {
        pollInFlight = false
        if storeOutage?.message != message { showFlash(message, kind: .error) }
        storeOutage = StoreOutage(message: message, since: storeOutage?.since ?? now)
    }

    /// A load worked. After an outage, the whole view loads again, since what it shows may be from before
    /// the outage, or from another database file put in place meanwhile.
    mutating func storeAnswered() -> [ConsoleEffect] {
        guard storeOutage != nil else { return [] }
        storeOutage = nil
        showFlash("The store answers again; the view is reloaded", kind: .success)
        return loadCurrentView()
    }
}
