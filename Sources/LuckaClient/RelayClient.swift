import AsyncHTTPClient
import Foundation
import LuckaCore
import NIOCore
import NIOHTTP1

/// The relay's HTTP API as Swift calls. Writer calls carry the lookup token in the body;
/// staff calls are signed with the staff member's key.
public struct RelayClient: Sendable {
    public let baseURL: String
    let http: HTTPClient
    let timeout: TimeAmount

    /// The process-wide client: like `HTTPClient.shared`, but a refused connection fails at
    /// once instead of being retried until the deadline, and redirects are not followed.
    public static let defaultHTTP: HTTPClient = {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(20)))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    public init(baseURL: String, http: HTTPClient = RelayClient.defaultHTTP, timeoutSeconds: Int64 = 30) {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        self.baseURL = url
        self.http = http
        timeout = .seconds(timeoutSeconds)
    }

    // MARK: Public

    public func clinics() async throws -> [ClinicDocument] {
        try await send("GET", "/v1/clinics", as: ClinicList.self).clinics
    }

    public func clinic(_ slug: String) async throws -> ClinicDocument {
        guard ClinicProfile.isValidSlug(slug) else { throw ClientError(.local, "\(slug) is not a clinic name") }
        return try await send("GET", "/v1/clinics/\(slug)", as: ClinicDocument.self)
    }

    // MARK: Writer

    public func createThread(_ request: CreateThreadRequest) async throws -> PostedMessage {
        try await send("POST", "/v1/threads", body: request, as: PostedMessage.self)
    }

    public func readThread(lookupToken: [UInt8]) async throws -> WriterThread {
        try await send("POST", "/v1/threads/read", body: ThreadAccessRequest(lookupToken: lookupToken), as: WriterThread.self)
    }

    public func postMessage(_ request: PostMessageRequest) async throws -> PostedMessage {
        try await send("POST", "/v1/threads/messages", body: request, as: PostedMessage.self)
    }

    public func deleteThread(lookupToken: [UInt8]) async throws {
        _ = try await raw("POST", "/v1/threads/delete", body: try Self.encode(ThreadAccessRequest(lookupToken: lookupToken)), headers: [])
    }

    // MARK: Staff (signed)

    /// A signed staff request; decodes the answer as `T`.
    public func staff<T: Decodable>(
        _ method: String, _ path: String, body: (some Encodable)? = nil as String?, key: SigningKeyPair, as type: T.Type
    ) async throws -> T {
        let data = try await signed(method, path, body: body, key: key)
        return try Self.decode(T.self, data)
    }

    /// A signed staff request whose answer has no body worth reading.
    public func staff(_ method: String, _ path: String, body: (some Encodable)? = nil as String?, key: SigningKeyPair) async throws {
        _ = try await signed(method, path, body: body, key: key)
    }

    private func signed(_ method: String, _ path: String, body: (some Encodable)?, key: SigningKeyPair) async throws -> [UInt8] {
        let bytes = try body.map { try Self.encode($0) } ?? []
        let signature: SignedRequest
        do { signature = try SignedRequest.sign(method: method, path: path, body: bytes, with: key) } catch {
            throw ClientError(.local, error.reason)
        }
        return try await raw(method, path, body: bytes, headers: signature.headers)
    }

    // MARK: Transport

    private func send<T: Decodable>(_ method: String, _ path: String, body: (some Encodable)? = nil as String?, as type: T.Type) async throws -> T {
        let bytes = try body.map { try Self.encode($0) }
        return try Self.decode(T.self, try await raw(method, path, body: bytes, headers: []))
    }

    func raw(_ method: String, _ path: String, body: [UInt8]?, headers: [(String, String)]) async throws -> [UInt8] {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = HTTPMethod(rawValue: method)
        request.headers.add(name: "Accept", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response: HTTPClientResponse
        let data: ByteBuffer
        do {
            response = try await http.execute(request, timeout: timeout)
            data = try await response.body.collect(upTo: 16 << 20)
        } catch {
            throw ClientError(.unreachable, "cannot reach the relay at \(baseURL)")
        }
        let bytes = Array(data.readableBytesView)
        guard (200..<300).contains(Int(response.status.code)) else {
            let answer = try? JSONDecoder().decode(APIErrorBody.self, from: Data(bytes))
            var message = answer?.message ?? "the relay answered \(response.status.code)"
            if let retry = response.headers.first(name: "Retry-After") { message += " (try again in \(retry) s)" }
            throw ClientError(.relay(status: Int(response.status.code), apiError: answer?.error ?? "http_\(response.status.code)"), message)
        }
        return bytes
    }

    static func encode(_ value: some Encodable) throws -> [UInt8] {
        do { return Array(try JSONEncoder().encode(value)) } catch { throw ClientError(.local, "cannot encode the request") }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws -> T {
        do { return try JSONDecoder().decode(T.self, from: Data(bytes)) } catch {
            throw ClientError(.badResponse, "the relay's answer is not what Lucka expects")
        }
    }
}
