import AsyncHTTPClient
import Foundation
import LuckaClient
import LuckaCore

#if canImport(Glibc)
import Glibc
#endif

/// Latencies of one run, in seconds, and what failed.
struct LoadResult {
    var latencies: [Double]
    var errors: [String: Int]
    var seconds: Double

    var throughput: Double { Double(latencies.count) / seconds }

    func percentile(_ p: Double) -> Double {
        guard !latencies.isEmpty else { return .nan }
        let sorted = latencies.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }

    func print(_ name: String) {
        let errorText = errors.isEmpty ? "0" : errors.map { "\($0.value)×\($0.key)" }.sorted().joined(separator: ", ")
        Swift.print(String(format: "%-28@ %9.0f req/s   p50 %6.2f ms   p99 %6.2f ms   p99.9 %6.2f ms   ok %d   errors %@",
                           name as NSString, throughput, percentile(0.5) * 1000, percentile(0.99) * 1000, percentile(0.999) * 1000,
                           latencies.count, errorText as NSString))
    }
}

extension LoadResult {
    /// The figure, and under it the raw bound's and their ratio.
    func print(_ name: String, beside raw: LoadResult?) {
        print("HTTP: " + name)
        guard let raw else { return }
        raw.print("  raw bound")
        Swift.print(String(format: "  HTTP / raw throughput %.2f", throughput / raw.throughput))
    }
}

/// Runs `clients` loops of `request` for `seconds`, each loop with its own index.
func runLoad(clients: Int, seconds: Double, _ request: @escaping @Sendable (Int) async throws -> Void) async -> LoadResult {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    let started = ContinuousClock.now
    let parts = await withTaskGroup(of: ([Double], [String: Int]).self) { group in
        for client in 0..<clients {
            group.addTask {
                var latencies: [Double] = []
                var errors: [String: Int] = [:]
                while ContinuousClock.now < deadline {
                    let start = ContinuousClock.now
                    do {
                        try await request(client)
                        let elapsed = ContinuousClock.now - start
                        latencies.append(Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))
                    } catch let error as ClientError {
                        errors[error.apiError ?? "\(error.kind)", default: 0] += 1
                    } catch {
                        errors["\(type(of: error))", default: 0] += 1
                    }
                }
                return (latencies, errors)
            }
        }
        return await group.reduce(into: [([Double], [String: Int])]()) { $0.append($1) }
    }
    let elapsed = ContinuousClock.now - started
    var result = LoadResult(latencies: [], errors: [:], seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    for (latencies, errors) in parts {
        result.latencies += latencies
        for (key, count) in errors { result.errors[key, default: 0] += count }
    }
    return result
}

/// Resident memory of a process, in MiB, from /proc.
func residentMiB(pid: Int32) -> Double {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
          let kib = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return .nan }
    return kib / 1024
}

/// Bytes in every file of a folder.
func folderBytes(_ path: String) -> Int {
    (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? []).reduce(0) { total, name in
        total + ((try? FileManager.default.attributesOfItem(atPath: path + "/" + name)[.size] as? Int) ?? 0)
    }
}
