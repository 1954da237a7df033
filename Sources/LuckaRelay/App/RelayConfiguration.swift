import LuckaCore
import NIOCore

/// Everything the relay can be told, with the defaults a newcomer gets. The executable
/// fills it from flags, environment and a file; library code never reads the environment.
public struct RelayConfiguration: Sendable {
    /// Address to listen on. Loopback by default: put a TLS proxy or Tor in front.
    public var host = "127.0.0.1"
    public var port = 8080
    /// Folder for the database. Created 0700.
    public var dataDirectory = "./lucka-data"
    /// A PostgreSQL database instead of the folder's SQLite; nil: SQLite.
    public var database: PostgresSettings? = nil
    /// Most connections one relay opens to PostgreSQL (requests beyond wait for one).
    public var databaseConnections = 20
    /// Days a thread lives after its last message, once the clinic has answered it.
    public var retentionDays = 90
    /// Days a thread that no counsellor has answered lives after the writer's last message:
    /// junk that nobody answers goes soon, and a real writer's thread is answered long before.
    public var unansweredRetentionDays = 14
    /// Days an enrolment token stays valid.
    public var enrolmentTokenDays = 7
    /// Largest request body, in bytes (a 32 KiB sealed message is about 44 KB in base64).
    public var maximumBodyBytes = 96 * 1024
    /// Messages a writer may post to one thread in one day.
    public var writerMessagesPerThreadPerDay = 40
    /// Replies the clinic may post to one thread in one day.
    public var clinicMessagesPerThreadPerDay = 200
    /// New threads one clinic accepts per hour through one arrival path (Tor, IPv4, IPv6)
    /// from sources that started one already this hour, and as many again from sources
    /// that did not: a backstop far above real use, which only many sources reach.
    public var newThreadsPerClinicPerHour = 1_000
    /// First-message bytes of new threads one clinic accepts per day through one arrival
    /// path, counted in the same two parts. Messages in existing threads do not count.
    public var storageBytesPerClinicPerDay = 512 * 1024 * 1024
    /// New threads one source (an address prefix or a Tor circuit) may start per hour; an
    /// IPv6 /56 may start 4 times as many, a /48 16 times.
    public var newThreadsPerSourcePerHour = 6
    /// Ciphertext bytes one source may have stored per day (a /56: 4 times, a /48: 16 times).
    public var storageBytesPerSourcePerDay = 4 * 1024 * 1024
    /// Requests per second one source may send (four seconds' worth at once); 0: no limit.
    public var requestsPerSourcePerSecond = 50
    /// Seconds before the in-memory key that turns sources into pseudonyms is replaced.
    public var sourceKeyRotationSeconds = 86_400
    /// Loopback or private port for the TLS proxy (nginx), the one listener where the
    /// `X-Real-IP` header names the source; nil: no such listener.
    public var proxyPort: Int? = nil
    /// Peer addresses of TLS proxies whose `X-Real-IP` the proxy listener believes; empty:
    /// loopback (127.0.0.1 and ::1). Compared as address bytes.
    public var trustedProxies: [String] = []
    /// Loopback port for Tor's onion service, which speaks the PROXY protocol with the
    /// circuit id (`HiddenServiceExportCircuitID haproxy`); nil: no such listener.
    public var torPort: Int? = nil
    /// Seconds a web form stays good to send (its single-use token's life).
    public var formTokenSeconds = 86_400
    /// Seconds a writer's visit (typed code) stays open on the web pages without use.
    public var visitIdleSeconds = 15 * 60
    /// The operator's facts for the privacy notice and the accessibility statement.
    public var publicFacts = PublicFacts()
    /// Requests per second the whole relay accepts before answering 503.
    public var requestsPerSecond = 5_000
    /// Requests handled at once before answering 503.
    public var maximumConcurrentRequests = 512
    /// Seconds a connection may sit idle (or trickle) before it is closed.
    public var idleTimeoutSeconds = 30
    /// Hours between expiry sweeps inside `serve`.
    public var sweepIntervalHours = 24.0
    /// Loopback port of the separate metrics endpoint (counts only); nil: no metrics.
    public var metricsPort: Int? = nil

    // Notices (Notices/): content-free "new messages" notices to the clinics' targets.
    /// The sendmail-compatible command that takes a whole message on standard input and
    /// reads the recipient from its To header, e.g. `/usr/bin/msmtp -t`; split on spaces.
    public var sendmailCommand = ["/usr/sbin/sendmail", "-t"]
    /// The From header of notice e-mail.
    public var noticeFrom = "Lucka <lucka@localhost>"
    /// Seconds between the notice service's looks at the clinics (not the clinics' interval).
    public var noticeCheckSeconds = 30.0
    /// Seconds one delivery may take (the mail command, or one hook request).
    public var noticeTimeoutSeconds = 20
    /// The time zone of a clinic's daily notice hour.
    public var noticeTimeZone = "Europe/Stockholm"
    /// Milliseconds in a notice "minute": 60000. Tests shorten it so that a 15-minute
    /// interval passes in seconds; never change it in production.
    public var noticeMinuteMilliseconds = 60_000
    /// Whether `serve` runs the notice service.
    public var noticesEnabled = true

    // Issue 20 (security review): short-lived conversation forms, notice limits, hook targets.
    /// Seconds a web form that carries or reveals a conversation (the code form, the
    /// conversation's forms) stays good to send; the writing form keeps `formTokenSeconds`.
    public var conversationFormSeconds = 15 * 60
    /// Spent form tokens remembered at most; when full, older forms are refused (fail closed).
    public var maximumSpentFormTokens = 1_000_000
    /// The shortest notice interval a clinic may set, in minutes. Lower it only for tests.
    public var minimumNoticeIntervalMinutes = 60
    /// Non-public hook addresses (loopback, private, link-local, ...) hooks may reach
    /// anyway, as IP addresses or CIDR ranges, e.g. `127.0.0.1` for a hook on this host.
    public var allowedHookAddresses: [String] = []
    /// A PEM file of extra certificate authorities hooks may present (e.g. a municipal
    /// CA); the system's trust store is used as well. Nil: the system's only.
    public var hookTrustRootsFile: String? = nil

    public init() {}

    /// Whether `text` is an IPv4 or IPv6 address (for `trustedProxies`).
    public static func isIPAddress(_ text: String) -> Bool {
        (try? SocketAddress(ipAddress: text, port: 0)) != nil
    }
}

/// What a Swedish public body must say on the pages it publishes, filled in by the operator:
/// the privacy notice (GDPR art. 13) and the accessibility statement (lagen (2018:1937)).
/// The sentences around these facts are Lucka's (WebText), in Swedish and English.
public struct PublicFacts: Sendable, Equatable {
    public enum AccessibilityStatus: String, Sendable, CaseIterable {
        case full, partial, none
    }

    /// Personuppgiftsansvarig: the authority, e.g. "Socialnämnden i Jönköpings kommun".
    public var controller: String?
    /// How to reach the controller: address, phone, e-mail.
    public var controllerContact: String?
    /// How to reach the data protection officer (dataskyddsombud).
    public var dataProtectionOfficer: String?
    public var accessibilityStatus: AccessibilityStatus?
    /// Where to report an accessibility problem.
    public var accessibilityContact: String?
    /// The day of the latest accessibility assessment, YYYY-MM-DD.
    public var accessibilityReviewed: String?
    /// Known problems, as the operator words them; nil: none known.
    public var accessibilityKnownIssues: String?

    public init() {}

    /// The settings (config file keys) still missing before the pages may go public.
    public var missing: [String] {
        var names: [String] = []
        if controller == nil { names.append("privacy-controller") }
        if controllerContact == nil { names.append("privacy-contact") }
        if dataProtectionOfficer == nil { names.append("privacy-dpo") }
        if accessibilityStatus == nil { names.append("accessibility-status") }
        if accessibilityContact == nil { names.append("accessibility-contact") }
        if accessibilityReviewed == nil { names.append("accessibility-reviewed") }
        return names
    }

    /// Demo text, for `serve --demo`: clearly not a real authority.
    public static let demo: PublicFacts = {
        var facts = PublicFacts()
        facts.controller = "Demokommunen (exempel – en riktig driftsättning anger sin egen nämnd)"
        facts.controllerContact = "demokommunen@example.se, 000-00 00 00"
        facts.dataProtectionOfficer = "dataskyddsombud@example.se"
        facts.accessibilityStatus = .full
        facts.accessibilityContact = "tillganglighet@example.se"
        facts.accessibilityReviewed = "2026-11-29"
        return facts
    }()
}

