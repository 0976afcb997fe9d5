#if canImport(Glibc)
    import Glibc
#endif

/// Gives memory freed after a burst of requests back to the system. glibc keeps freed memory in its
/// per-thread arenas, so without this the resident size stays near its peak long after the load is gone
/// (BENCHMARKS.md, memory). Called by the sweeper every few seconds; a no-op where there is no glibc.
enum FreedMemory {
    #if canImport(Glibc)
        /// glibc's `malloc_trim`, which Swift's Glibc module does not import (it lives in `<malloc.h>`).
        private static let mallocTrim: (@convention(c) (Int) -> Int32)? = dlsym(
            UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim"
        )
        .map { unsafeBitCast($0, to: (@convention(c) (Int) -> Int32).self) }
    #endif

    static func release() {
        #if canImport(Glibc)
            _ = mallocTrim?(0)
        #endif
    }
}
