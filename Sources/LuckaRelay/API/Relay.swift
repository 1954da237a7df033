import Foundation
import Logging
import LuckaCore

/// What every controller shares: the store, the configuration, the in-memory limits.
struct Relay: Sendable {
    let store: any RelayStore
    let configuration: RelayConfiguration
    let budgets: SourceBudgets
    let replays = ReplayGuard()
    /// The members' signing keys, for the source budget's refusals (Limits/MemberKeys.swift).
    let members = MemberKeys()
    let formTokens: FormTokens
    let visits: VisitTokens

    init(store: any RelayStore, configuration: RelayConfiguration) {
        self.store = store
        self.configuration = configuration
        budgets = SourceBudgets(configuration, shared: store.sharedLimits)
        formTokens = FormTokens(
            lifetimeSeconds: configuration.formTokenSeconds, conversationSeconds: configuration.conversationFormSeconds,
            maximumSpent: configuration.maximumSpentFormTokens)
        visits = VisitTokens(idleSeconds: configuration.visitIdleSeconds)
        members.refreshIfStale(from: store)
    }

    /// Records a signed staff request's nonce: false if it was used before. In the database
    /// when relays share one (so a request replayed to another relay is refused), else here.
    func firstUse(key: [UInt8], nonce: String, timestamp: Int64) async throws -> Bool {
        if let shared = store.sharedLimits {
            return try await shared.firstUse(staffKey: key, nonce: nonce, slot: NonceSlot.current())
        }
        return replays.firstUse(key: key, nonce: nonce, timestamp: timestamp)
    }

    /// Days an unanswered thread lives after the writer's last message.
    var unansweredDays: Int { min(configuration.unansweredRetentionDays, configuration.retentionDays) }

    func expiry(from today: Day) -> Day { today.adding(days: configuration.retentionDays) }

    /// The expiry of a thread the clinic has not answered yet.
    func unansweredExpiry(from today: Day) -> Day {
        today.adding(days: unansweredDays)
    }

    /// The clinic's public document, or nil while it has no keys.
    func clinicDocument(slug: String) async throws -> ClinicDocument? {
        guard let clinic = try await store.clinic(slug: slug), let signingKey = clinic.signingKey, let profile = clinic.profile else {
            return nil
        }
        return ClinicDocument(
            slug: slug, signingKey: signingKey, profile: profile, inboxKeys: try await store.inboxKeys(clinic: slug),
            successions: try await store.successions(clinic: slug))
    }

    /// The profile as the clinic signed it. The relay checked the signature on upload.
    func profile(of clinic: ClinicRow) -> ClinicProfile? {
        guard let signed = clinic.profile, let key = clinic.signingKey else { return nil }
        return try? signed.verify(signingPublicKey: key, slug: clinic.slug)
    }

    func currentEpoch(clinic: String) async throws -> UInt32? {
        try await store.inboxKeys(clinic: clinic).last?.epoch
    }

    /// Seconds until the next UTC midnight, when per-day limits reset.
    static func secondsUntilTomorrow(now: Date = Date()) -> Int {
        86_400 - Int(now.timeIntervalSince1970) % 86_400
    }
}
