import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The editor's private folder, removed whatever way the staff tool ends while the editor
/// runs. SIGINT (Ctrl-C), SIGTERM and SIGHUP go to a C signal handler that stops the
/// editor (SIGKILL, so it cannot write a swap file after the clean-up), overwrites and
/// removes every file in the folder, removes the folder, and exits with 128 + the signal
/// (130 for Ctrl-C). Only async-signal-safe calls run in the handler (kill, waitpid,
/// openat, fstat, write, unlinkat, rmdir, _exit, and readdir on a folder opened before
/// the handler was installed), on memory prepared before it.
///
/// The handler may run on any thread, while the main thread, seeing the editor die, ends
/// the edit and calls `release`: whichever of the two claims the clean-up first does it,
/// never both at once. A signal that comes while `release` cleans up is acted on after.
///
/// What it cannot cover: SIGKILL of the staff tool itself, or a power cut; the folder is
/// on tmpfs (/dev/shm) when there is one, so it does not outlive a reboot.
enum EditorFolder {
    /// The folder being guarded, its open directory stream, and the editor's pid: set
    /// before the handler is installed, read only by it and by `release`.
    nonisolated(unsafe) private static var path: UnsafeMutablePointer<CChar>?
    nonisolated(unsafe) private static var directory: OpaquePointer?
    nonisolated(unsafe) private static var editor: pid_t = 0
    nonisolated(unsafe) private static var previous: [Int32: sigaction] = [:]
    nonisolated(unsafe) private static let zeros = UnsafeMutablePointer<UInt8>.allocate(capacity: 4096)
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    /// Who cleans up: `nobody`, the handler, or `release`. Lock-free, so the handler may use it.
    private static let owner = Atomic<Int>(nobody)
    private static let nobody = 0, handler = 1, releasing = 2
    /// A signal that came while `release` cleaned up.
    private static let pending = Atomic<Int32>(0)

    /// Guards `folder` until `release()`; one folder at a time.
    static func guardFolder(_ folder: String) {
        zeros.initialize(repeating: 0, count: 4096)
        path = strdup(folder)
        directory = opendir(folder)
        editor = 0
        for signal in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signal in EditorFolder.interrupted(signal) }
            sigemptyset(&action.sa_mask)
            for other in signals { sigaddset(&action.sa_mask, other) }
            var old = sigaction()
            sigaction(signal, &action, &old)
            previous[signal] = old
        }
    }

    /// The editor started: the handler stops it before cleaning up.
    static func editorStarted(_ pid: pid_t) { editor = pid }

    /// Normal end: removes the folder now and puts the signals back as they were. If the
    /// handler has begun, it finishes and exits; this waits for that.
    static func release() {
        guard owner.compareExchange(expected: nobody, desired: releasing, ordering: .sequentiallyConsistent).exchanged else {
            while true { pause() }
        }
        for signal in signals {
            if var action = previous[signal] { sigaction(signal, &action, nil) }
        }
        previous = [:]
        removeEverything()
        if let directory { closedir(directory) }
        directory = nil
        free(path)
        path = nil
        editor = 0
        owner.store(nobody, ordering: .sequentiallyConsistent)
        let signal = pending.exchange(0, ordering: .sequentiallyConsistent)
        if signal != 0 { exit(128 + signal) }
    }

    private static func interrupted(_ signal: Int32) {
        guard owner.compareExchange(expected: nobody, desired: handler, ordering: .sequentiallyConsistent).exchanged else {
            // `release` is cleaning up (it exits with this signal after), or another
            // thread's handler is (it exits).
            if owner.load(ordering: .sequentiallyConsistent) == releasing { pending.store(signal, ordering: .sequentiallyConsistent) }
            return
        }
        if editor > 0 {
            kill(editor, SIGKILL)
            var status: Int32 = 0
            waitpid(editor, &status, 0)  // ECHILD at once if Foundation reaped it first
        }
        removeEverything()
        _exit(128 + signal)
    }

    /// Overwrites with zeros and unlinks every entry of the folder, then removes it.
    private static func removeEverything() {
        guard let path else { return }
        if let directory {
            let fd = dirfd(directory)
            rewinddir(directory)
            while let entry = readdir(directory) {
                withUnsafePointer(to: &entry.pointee.d_name) { name in
                    name.withMemoryRebound(to: CChar.self, capacity: 256) { name in
                        if name[0] == 0x2E && (name[1] == 0 || (name[1] == 0x2E && name[2] == 0)) { return }
                        wipe(at: fd, name)
                    }
                }
            }
        }
        rmdir(path)
    }

    private static func wipe(at folder: Int32, _ name: UnsafePointer<CChar>) {
        let fd = openat(folder, name, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)
        if fd >= 0 {
            var info = stat()
            if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
                var left = Int(info.st_size)
                while left > 0 {
                    let n = write(fd, zeros, min(left, 4096))
                    if n <= 0 { break }
                    left -= n
                }
                fsync(fd)
            }
            close(fd)
        }
        if unlinkat(folder, name, 0) != 0 { unlinkat(folder, name, AT_REMOVEDIR) }
    }
}
