import Foundation
import Logging
import LuckaCore
import ServiceLifecycle

/// Sends each clinic at most one content-free notice per interval (or one a day at its
/// hour) when writers have written. Intervals are fixed slots of the clock (every full
/// hour for 60 minutes, say), so a notice says only "someone wrote within the last slot",
/// never when. What the service remembers between looks (the slot it last handled per
/// clinic, targets whose delivery failed) lives in memory: after a restart the first
/// notice waits for the next slot's end, and failed deliveries are not retried.
struct NoticeService: Service {
    let store: any RelayStore
    let sender: NoticeSender
    let configuration: RelayConfiguration
    let logger: Logger

    init(store: any RelayStore, configuration: RelayConfiguration, logger: Logger) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
        sender = NoticeSender(configuration: configuration, logger: logger)
    }

    /// What the service remembers between looks, in memory only.
    struct Memory: Sendable {
        /// Per clinic, the slot last handled.
        var slots: [String: Int] = [:]
        /// Per clinic, the indices of targets whose last delivery failed (retried next slot).
        var owed: [String: Set<Int>] = [:]
    }

    func run() async throws {
        var memory = Memory()
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                // Deliveries in flight are cancelled on shutdown (a hung mail command is killed).
                memory = try await cancelWhenGracefulShutdown { [memory] in try await look(memory, now: Date()) }
            } catch {
                logger.error("notice round failed", metadata: ["lucka.error": "\(type(of: error))"])
            }
            do {
                try await cancelWhenGracefulShutdown {
                    try await Task.sleep(for: .seconds(configuration.noticeCheckSeconds))
                }
            } catch {
                return
            }
        }
    }

    /// One look at every clinic with targets: those whose slot has ended since the last
    /// look get their notice if writers wrote (or a failed one is owed).
    func look(_ memory: inout Memory, now: Date) async throws {
        memory = try await look(memory, now: now)
    }

    func look(_ memory: Memory, now: Date) async throws -> Memory {
        var memory = memory
        let clinics = try await store.noticeClinics()
        var due: [(clinic: String, targets: [(Int, String)])] = []
        for clinic in clinics {
            let slot = Self.slot(clinic.settings, now: now, configuration: configuration)
            guard let last = memory.slots[clinic.clinic] else {
                memory.slots[clinic.clinic] = slot  // first look: wait for this slot's end
                continue
            }
            guard slot > last else { continue }
            memory.slots[clinic.clinic] = slot
            let wrote = clinic.pending ? try await store.takeNoticeFlag(clinic: clinic.clinic) : false
            let owed = memory.owed[clinic.clinic] ?? []
            let targets = clinic.settings.targets.enumerated().filter { wrote || owed.contains($0.offset) }.map {
                ($0.offset, $0.element)
            }
            if !targets.isEmpty { due.append((clinic.clinic, targets)) }
        }
        for slug in Set(memory.slots.keys).subtracting(clinics.map(\.clinic)) {
            memory.slots[slug] = nil
            memory.owed[slug] = nil
        }
        var bodies: [String: String] = [:]
        for (slug, _) in due { bodies[slug] = NoticeText.body(clinicName: (try? await clinicName(slug)) ?? slug) }
        // Every delivery of the round at once: a slow target delays nobody else.
        let results = await withTaskGroup(of: (String, Int, Bool).self) { group in
            for (slug, targets) in due {
                let body = bodies[slug] ?? ""
                for (index, target) in targets {
                    group.addTask {
                        (slug, index, await sender.deliver(body: body, subject: NoticeText.subject, to: target, index: index))
                    }
                }
            }
            var results: [(String, Int, Bool)] = []
            for await result in group { results.append(result) }
            return results
        }
        for (slug, _) in due { memory.owed[slug] = [] }
        for (slug, index, delivered) in results where !delivered { memory.owed[slug, default: []].insert(index) }
        let sent = results.filter { $0.2 }.count
        if sent > 0 { logger.debug("notices sent", metadata: ["lucka.notices": "\(sent)"]) }
        return memory
    }

    /// The clinic's name from its signed profile (checked on upload, checked again here).
    func clinicName(_ slug: String) async throws -> String? {
        guard let clinic = try await store.clinic(slug: slug), let profile = clinic.profile, let key = clinic.signingKey else {
            return nil
        }
        return try? profile.verify(signingPublicKey: key, slug: slug).name
    }

    /// The number of the slot `now` is in: intervals counted from the epoch, or days that
    /// begin at the daily hour in the notice time zone.
    static func slot(_ settings: NoticeSettings, now: Date, configuration: RelayConfiguration) -> Int {
        let minute = Double(max(1, configuration.noticeMinuteMilliseconds)) / 1000
        let seconds = now.timeIntervalSince1970
        if let hour = settings.dailyHour {
            let offset = Double(TimeZone(identifier: configuration.noticeTimeZone)?.secondsFromGMT(for: now) ?? 0) * minute / 60
            return Int(((seconds + offset - Double(hour) * 60 * minute) / (1440 * minute)).rounded(.down))
        }
        // Settings stored before the operator's minimum rose are held to it.
        let interval = max(settings.intervalMinutes, configuration.minimumNoticeIntervalMinutes, 1)
        return Int((seconds / (Double(interval) * minute)).rounded(.down))
    }
}
