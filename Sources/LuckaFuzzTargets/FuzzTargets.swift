/// One parser of outside input, wrapped so that libFuzzer (Fuzz/lucka-fuzz) and the corpus
/// replay test (FuzzCorpusReplayTests) feed it the same way. `run` must never crash: every
/// malformed input is an ordinary thrown error, swallowed here. A broken invariant is a
/// crash on purpose (`FuzzCheck.expect`), so the fuzzer reports it.
public struct FuzzTarget: Sendable {
    public let name: String
    public let run: @Sendable ([UInt8]) -> Void
}

public enum FuzzTargets {
    /// Every target; the name is also the corpus folder, Tests/FuzzCorpus/<name>.
    public static let all: [FuzzTarget] = [
        FuzzTarget(name: "code", run: CodeFuzz.run),
        FuzzTarget(name: "envelope", run: EnvelopeFuzz.run),
        FuzzTarget(name: "api-body", run: APIBodyFuzz.run),
        FuzzTarget(name: "signed-request", run: SignedRequestFuzz.run),
        FuzzTarget(name: "keystore", run: KeystoreFuzz.run),
        FuzzTarget(name: "profile", run: ProfileFuzz.run),
        FuzzTarget(name: "web-form", run: WebFormFuzz.run),
    ]

    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}

enum FuzzCheck {
    /// Stops the process when an invariant fails: for the fuzzer, a crash is the finding.
    static func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fatalError("fuzz invariant broken: \(message())") }
    }
}

/// Splits fuzz input into fields.
enum FuzzInput {
    /// The first byte picks one of `count` routes ("0" the first, "1" the next, any byte
    /// some route); the rest is that route's input.
    static func route(_ data: [UInt8], count: Int) -> (route: Int, rest: [UInt8])? {
        guard let first = data.first else { return nil }
        return (Int(first &- UInt8(ascii: "0")) % count, Array(data.dropFirst()))
    }

    /// The byte that picks `route`, for seeds.
    static func routeByte(_ route: Int) -> UInt8 { UInt8(ascii: "0") + UInt8(route) }

    /// Up to `count` newline-separated fields; the last keeps any further newlines.
    static func lines(_ data: [UInt8], count: Int) -> [[UInt8]] {
        data.split(separator: UInt8(ascii: "\n"), maxSplits: count - 1, omittingEmptySubsequences: false).map(Array.init)
    }
}
