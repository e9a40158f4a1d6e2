import Foundation
import Testing

@testable import DurableJobs

/// The allocator policy workers install gives way to an operator's own malloc tunables.
@Suite("Freed memory policy")
struct FreedMemoryPolicyTests {
    @Test("applies without tunables or with unrelated ones, not when the operator set malloc tunables")
    func yieldsToOperatorTunables() {
        #expect(FreedMemoryPolicy.appliesAlongside(tunables: nil))
        #expect(FreedMemoryPolicy.appliesAlongside(tunables: ""))
        #expect(FreedMemoryPolicy.appliesAlongside(tunables: "glibc.pthread.rseq=0"))
        #expect(!FreedMemoryPolicy.appliesAlongside(tunables: "glibc.malloc.trim_threshold=1048576"))
        #expect(!FreedMemoryPolicy.appliesAlongside(tunables: "glibc.pthread.rseq=0:glibc.malloc.arena_max=2"))
    }

    @Test("is in force on glibc when the process was started without malloc tunables; malloc_trim is found")
    func inForceOnGlibc() {
        #if canImport(Glibc)
            let tunables = getenv("GLIBC_TUNABLES").map { String(cString: $0) }
            #expect(FreedMemoryPolicy.install() == FreedMemoryPolicy.appliesAlongside(tunables: tunables))
            #expect(FreedMemoryPolicy.trim != nil)
        #else
            #expect(!FreedMemoryPolicy.install())
            #expect(FreedMemoryPolicy.trim == nil)
        #endif
    }
}
