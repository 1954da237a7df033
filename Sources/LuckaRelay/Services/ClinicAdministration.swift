import LuckaCore

/// The operator's side of clinic set-up, shared by the command line and the demo.
public struct ClinicAdministration: Sendable {
    let store: any RelayStore
    let configuration: RelayConfiguration

    public init(store: any RelayStore, configuration: RelayConfiguration) {
        self.store = store
        self.configuration = configuration
    }

    /// Creates a clinic with no keys and returns the founding admin's one-time token.
    public func createClinic(slug: String) async throws -> Invitation {
        let token = Identifier.enrolmentToken()
        let today = Day.today()
        let expires = today.adding(days: configuration.enrolmentTokenDays)
        try await store.createClinic(slug: slug, foundingTokenHash: Identifier.tokenHash(token), tokenExpires: expires, today: today)
        return Invitation(token: token, role: .admin, expires: expires.description)
    }
}
