#if canImport(Glibc)
    import Glibc
#endif

/// When a process hosting workers gives freed memory back to the operating system: once a minute, in the
/// worker's ``FreeMemoryRelease``, instead of on nearly every `free`.
///
/// By default glibc trims an arena as soon as more than 128 KB is free at its top. The store's writer
/// thread allocates and frees a few hundred KB per batch of writes, so its arena was shrunk (`madvise`)
/// and grown again (page faults on fresh pages) on every batch: a profile of the engine benchmark at
/// concurrency 64 had 23% of the writer thread's time in the kernel doing that, and the writer thread is
/// what bounds throughput. Keeping up to 8 MB free per arena, and growing an arena 1 MB at a time, ends
/// the churn (32 MB and 4 MB measured no faster); the worker's once-a-minute `malloc_trim` still returns
/// what a quieter minute no longer needs, so resident size stays flat (the memory benchmark measures it:
/// 42 MB peak either way).
///
/// A process started with glibc's own malloc tunables (`GLIBC_TUNABLES` naming `glibc.malloc.…`) keeps
/// them: the operator's choice wins. Elsewhere than glibc this does nothing.
public enum FreedMemoryPolicy {
    /// Free memory an arena keeps at its top before `free` trims it.
    static let trimThreshold: Int32 = 8 << 20
    /// Extra memory an arena takes each time it grows, so a burst does not grow it page by page.
    static let topPad: Int32 = 1 << 20

    /// Applies the policy to this process, once; later calls do nothing. Returns whether it is in force:
    /// false elsewhere than glibc, or when the process was started with its own malloc tunables.
    @discardableResult
    public static func install() -> Bool { installed }

    private static let installed: Bool = {
        #if canImport(Glibc)
            let tunables = getenv("GLIBC_TUNABLES").map { String(cString: $0) }
            guard appliesAlongside(tunables: tunables), let mallopt = Self.mallopt else { return false }
            // M_TRIM_THRESHOLD is -1 and M_TOP_PAD is -2 in <malloc.h>; mallopt returns 1 on success.
            return mallopt(-1, trimThreshold) == 1 && mallopt(-2, topPad) == 1
        #else
            return false
        #endif
    }()

    /// Whether the policy may be applied in a process started with `tunables` (`GLIBC_TUNABLES`'s value):
    /// not when they set any of glibc's malloc parameters.
    static func appliesAlongside(tunables: String?) -> Bool {
        guard let tunables else { return true }
        return !tunables.split(separator: ":").contains { $0.hasPrefix("glibc.malloc.") }
    }

    /// glibc's `mallopt`; nil elsewhere.
    private static let mallopt = glibcFunction("mallopt", as: (@convention(c) (Int32, Int32) -> Int32).self)

    /// glibc's `malloc_trim`, which ``FreeMemoryRelease`` calls once a minute; nil elsewhere.
    static let trim = glibcFunction("malloc_trim", as: (@convention(c) (Int) -> Int32).self)

    /// A function of the C library looked up at run time: `<malloc.h>` is not part of Swift's Glibc module,
    /// and another allocator (musl) lacks these, which leaves them nil.
    private static func glibcFunction<Function>(_ name: String, as type: Function.Type) -> Function? {
        #if canImport(Glibc)
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
            return unsafeBitCast(symbol, to: type)
        #else
            return nil
        #endif
    }
}
