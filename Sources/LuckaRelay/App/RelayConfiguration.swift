/// Everything the relay can be told, with the defaults a newcomer gets. The executable
/// fills it from flags, environment and a file; library code never reads the environment.
public struct RelayConfiguration: Sendable {
    /// Address to listen on. Loopback by default: put a TLS proxy or Tor in front.
    public var host = "127.0.0.1"
    public var port = 8080
    /// Folder for the database. Created 0700.
    public var dataDirectory = "./lucka-data"
    /// Days a thread lives after its last message.
    public var retentionDays = 90
    /// Days an enrolment token stays valid.
    public var enrolmentTokenDays = 7
    /// Largest request body, in bytes (a 32 KiB sealed message is about 44 KB in base64).
    public var maximumBodyBytes = 96 * 1024
    /// Messages a writer may post to one thread in one day.
    public var writerMessagesPerThreadPerDay = 40
    /// Replies the clinic may post to one thread in one day.
    public var clinicMessagesPerThreadPerDay = 200
    /// New threads one clinic accepts per hour.
    public var newThreadsPerClinicPerHour = 300
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

    public init() {}
}
