import Foundation

/// Where and how often the relay tells a clinic that writers have written. The targets are
/// the clinic's own contact data (staff addresses or hook URLs), never a writer's.
public struct NoticeSettings: Codable, Sendable, Equatable {
    /// E-mail addresses (`name@example.org`) and web hook URLs (`https://...` only), at
    /// most `maximumTargets`. Empty: no notices. A member who is not an admin reads each
    /// hook URL as `hiddenHook` (hook URLs are often secrets).
    public var targets: [String]
    /// Minutes between notices, `minimumInterval` (or the relay operator's lower minimum)
    /// to `maximumInterval`; ignored when `dailyHour` is set. Short intervals show when
    /// writers write.
    public var intervalMinutes: Int
    /// One notice a day at this hour (0 to 23, the relay's notice time zone), or nil.
    public var dailyHour: Int?

    public static let maximumTargets = 10
    public static let minimumInterval = 60
    /// What a member who is not an admin reads in place of a hook URL.
    public static let hiddenHook = "hook:hidden"
    public static let maximumInterval = 24 * 60
    public static let defaultInterval = 60

    public init(targets: [String] = [], intervalMinutes: Int = NoticeSettings.defaultInterval, dailyHour: Int? = nil) {
        self.targets = targets
        self.intervalMinutes = intervalMinutes
        self.dailyHour = dailyHour
    }

    enum CodingKeys: String, CodingKey { case targets, intervalMinutes, dailyHour }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        targets = try c.decode([String].self, forKey: .targets)
        intervalMinutes = try c.decodeIfPresent(Int.self, forKey: .intervalMinutes) ?? Self.defaultInterval
        dailyHour = try c.decodeIfPresent(Int.self, forKey: .dailyHour)
    }

    /// What kind of target `text` is, or nil if it is neither a plain e-mail address nor
    /// an https URL without credentials (plain http would show the hook to the network).
    public static func kind(of text: String) -> NoticeTarget? {
        guard !text.isEmpty, text.utf8.count <= 512, text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            return nil
        }
        if text.hasPrefix("https://") {
            guard let url = URLComponents(string: text), let host = url.host, !host.isEmpty, url.user == nil, url.password == nil,
                url.scheme == "https"
            else { return nil }
            return .hook
        }
        if text.lowercased().hasPrefix("http:") || text.lowercased().hasPrefix("https:") { return nil }
        // A plain address: one @, something on both sides, a dot in the domain, and none of
        // the characters that could add a header or a second recipient.
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            !text.contains(where: { ",;:<>()[]\\\"'`".contains($0) })
        else { return nil }
        return .email
    }

    /// Whether `text` is a plain http:// URL (refused: hooks must use https://).
    public static func isPlainHTTP(_ text: String) -> Bool { text.lowercased().hasPrefix("http://") }

    /// Nil if the settings are acceptable, else the reason in one sentence. `minimumInterval`
    /// is the relay's (the operator may lower it); a client checks against the lowest.
    public func problem(minimumInterval: Int = 1) -> String? {
        if targets.count > Self.maximumTargets { return "A clinic has at most \(Self.maximumTargets) notice targets." }
        for (index, target) in targets.enumerated() where Self.isPlainHTTP(target) {
            return "Target \(index + 1) is an http:// URL: web hooks must use https://."
        }
        for (index, target) in targets.enumerated() where Self.kind(of: target) == nil {
            return "Target \(index + 1) is neither an e-mail address nor an https URL."
        }
        if Set(targets).count != targets.count { return "A target is listed twice." }
        let lowest = max(1, minimumInterval)
        if !(lowest...Self.maximumInterval).contains(intervalMinutes) {
            return "intervalMinutes must be \(lowest) to \(Self.maximumInterval)."
        }
        if let dailyHour, !(0...23).contains(dailyHour) { return "dailyHour must be 0 to 23." }
        return nil
    }

    /// The settings as a member who is not an admin reads them: each hook URL replaced by
    /// `hiddenHook`, so they see that a hook exists but not where it is.
    public func hidingHooks() -> NoticeSettings {
        var copy = self
        copy.targets = targets.map { Self.kind(of: $0) == .email ? $0 : Self.hiddenHook }
        return copy
    }
}

public enum NoticeTarget: String, Sendable {
    case email, hook
}

/// What a test notice did, per target (by position in the list, as the relay's log names them).
public struct NoticeTestResult: Codable, Sendable, Equatable {
    public struct Delivery: Codable, Sendable, Equatable {
        public var index: Int
        public var delivered: Bool
        public init(index: Int, delivered: Bool) {
            self.index = index
            self.delivered = delivered
        }
    }
    public var deliveries: [Delivery]
    public init(deliveries: [Delivery]) { self.deliveries = deliveries }
}
