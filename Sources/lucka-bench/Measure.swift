import Foundation

/// Runs `body` `iterations` times per round, for `rounds` rounds, and returns the median
/// cost of one call in microseconds. Medians over rounds damp a noisy shared machine.
func medianMicroseconds(rounds: Int, iterations: Int, _ body: () throws -> Void) rethrows -> Double {
    var perCall: [Double] = []
    for _ in 0..<rounds {
        let start = ContinuousClock.now
        for _ in 0..<iterations { try body() }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        perCall.append(seconds * 1e6 / Double(iterations))
    }
    perCall.sort()
    return perCall[perCall.count / 2]
}

func printRow(_ name: String, _ microseconds: Double) {
    let padded = name.padding(toLength: 44, withPad: " ", startingAt: 0)
    print("\(padded) \(String(format: "%10.1f µs", microseconds))  \(String(format: "%10.0f /s", 1e6 / microseconds))")
}
