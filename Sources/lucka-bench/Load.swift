import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore

extension LuckaBench {
    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Real requests with real sealed messages against a relay it starts on loopback.",
            discussion: "Prints throughput, p50/p99/p99.9 latency, errors, relay RSS and database bytes per message.")

        @Option(help: "Concurrent clients.") var clients = 32
        @Option(help: "Seconds per operation.") var seconds = 10.0
        @Option(help: "Threads to create before measuring (in addition to one per client).") var threads = 0

        func run() async throws {
            let relay = try BenchRelay()
            defer { relay.stop() }
            let http = benchHTTPClient(connections: clients)
            do {
                try await measure(relay: relay, client: RelayClient(baseURL: relay.url, http: http))
            } catch {
                try? await http.shutdown()
                throw error
            }
            try await http.shutdown()
        }

        func measure(relay: BenchRelay, client: RelayClient) async throws {
            let admin = try await relay.foundClinic(slug: "bench", client: client)
            print("lucka-bench load: \(clients) clients, \(seconds) s per operation, relay at rest RSS \(String(format: "%.1f", residentMiB(pid: relay.pid))) MiB")

            // One conversation per client, each with a first message.
            var writers: [WriterConversation] = []
            for index in 0..<clients {
                writers.append(try await WriterConversation.start(relay: client, clinic: "bench", channel: .self, text: "hej \(index)", pin: admin.pin).conversation)
            }
            let sealed = try writers.map { try WriterConversation.seal(text: String(repeating: "x", count: 400), previous: nil, keys: $0.keys, to: $0.clinic.current.publicKey) }
            let writersCopy = writers
            let result = await runLoad(clients: clients, seconds: seconds) { index in
                let writer = writersCopy[index]
                _ = try await client.postMessage(
                    PostMessageRequest(lookupToken: writer.keys.lookupToken.copyBytes(), writerKey: writer.keys.boxKeyPair.publicKey, epoch: writer.clinic.current.epoch, message: sealed[index]))
            }
            result.print("post a message")
            let messages = result.latencies.count + clients
            print(String(format: "relay RSS under load %.1f MiB; data folder %.0f bytes per message (%d messages)",
                         residentMiB(pid: relay.pid), Double(folderBytes(relay.dataDirectory)) / Double(messages), messages))
        }
    }
}
