import LuckaCore

/// Where the nonces of signed staff requests are recorded: in the database when relays
/// share one (so a request replayed to another relay is refused), else in this relay's
/// memory (ReplayGuard).
struct StaffNonces: Sendable {
    let shared: (any SharedLimits)?
    let local = ReplayGuard()

    /// False if this key used the nonce before; records it otherwise.
    func firstUse(key: [UInt8], nonce: String, timestamp: Int64) async throws -> Bool {
        if let shared { return try await shared.firstUse(staffKey: key, nonce: nonce, slot: NonceSlot.current()) }
        return local.firstUse(key: key, nonce: nonce, timestamp: timestamp)
    }
}
