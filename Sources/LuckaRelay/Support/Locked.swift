import Foundation

/// A value behind a lock. Not Synchronization's `Mutex`: under contention its futex path
/// runs in the uninstrumented standard library, so ThreadSanitizer sees no ordering and
/// reports races that are not there (seen on GroupCommit). A pthread mutex it understands.
package final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    package init(_ value: Value) { self.value = value }

    package func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
