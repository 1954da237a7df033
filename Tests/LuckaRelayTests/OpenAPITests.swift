import Foundation
import Spawn
import HTTPTypes
import Hummingbird
import Testing
@testable import LuckaRelay

/// Keeps docs/openapi.yaml true: every route the relay registers is documented, every
/// documented operation is routed, and the document passes a real OpenAPI validator.
@Suite("OpenAPI document")
struct OpenAPITests {
    /// One HTTP operation: an upper-case method and a path with `{name}` parameters.
    struct Operation: Hashable, Comparable, CustomStringConvertible {
        let method: String
        let path: String

        init(_ method: String, _ path: String) {
            self.method = method.uppercased()
            self.path = OpenAPITests.normalise(path)
        }

        var description: String { "\(method) \(path)" }
        static func < (a: Operation, b: Operation) -> Bool { (a.path, a.method) < (b.path, b.method) }
    }

    /// The package root, found from this file: Tests/LuckaRelayTests/OpenAPITests.swift.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let documentURL = packageRoot.appendingPathComponent("docs/openapi.yaml")

    static let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// Hummingbird prints a capture as `{name}`; `:name` (how routes may be written) is
    /// accepted too, so both sides compare in OpenAPI's form.
    static func normalise(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { component in
            component.hasPrefix(":") ? "{\(component.dropFirst())}" : String(component)
        }.joined(separator: "/")
    }

    /// The (method, path) pairs of the `paths:` section: paths are keys indented by two
    /// spaces and starting with "/", methods are keys indented by four. Enough YAML for a
    /// document this repository writes itself.
    static func documentedOperations(in yaml: String) -> [Operation] {
        var operations: [Operation] = []
        var inPaths = false
        var currentPath: String?
        for rawLine in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : String(rawLine)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let indent = line.prefix { $0 == " " }.count
            if indent == 0 {
                inPaths = trimmed.hasPrefix("paths:")
                currentPath = nil
                continue
            }
            guard inPaths, let colon = trimmed.firstIndex(of: ":") else { continue }
            let key = unquote(String(trimmed[..<colon]))
            if indent == 2 {
                currentPath = key.hasPrefix("/") ? key : nil
            } else if indent == 4, let path = currentPath, methods.contains(key) {
                operations.append(Operation(key, path))
            }
        }
        return operations
    }

    static func unquote(_ key: String) -> String {
        for quote in ["\"", "'"] where key.count >= 2 && key.hasPrefix(quote) && key.hasSuffix(quote) {
            return String(key.dropFirst().dropLast())
        }
        return key
    }

    /// The machine API: everything under /v1, and /healthz. The writers' HTML pages are
    /// not part of the API and are tested in WebPageTests.
    static func routedOperations() throws -> [Operation] {
        let router = buildRouter(configuration: RelayConfiguration(), store: try SQLiteRelayStore.inMemory())
        return router.routes.map { Operation($0.method.rawValue, $0.path.description) }
            .filter { $0.path.hasPrefix("/v1/") || $0.path == "/healthz" }
    }

    static func document() throws -> String {
        try String(contentsOf: documentURL, encoding: .utf8)
    }

    @Test("route descriptions print parameters the way OpenAPI writes them")
    func routePathsUseBraces() throws {
        let routed = try Self.routedOperations()
        #expect(routed.contains(Operation("GET", "/v1/clinics/{slug}")))
        #expect(Self.normalise("/v1/clinics/:slug") == "/v1/clinics/{slug}")
        #expect(Self.normalise("/v1/staff/members/:id/approve") == "/v1/staff/members/{id}/approve")
    }

    @Test("the reader finds the document's operations")
    func readerSanity() throws {
        let sample = """
            openapi: 3.1.0
            paths:
              /a:
                get:
                  summary: x
                parameters: []
              "/b/{id}":
                post:
                  responses: {}
                delete:
                  responses: {}
            components:
              schemas:
                /not-a-path:
                  get: {}
            """
        #expect(Set(Self.documentedOperations(in: sample)) == [Operation("GET", "/a"), Operation("POST", "/b/{id}"), Operation("DELETE", "/b/{id}")])
    }

    @Test("every route is documented and every documented operation is routed")
    func documentMatchesRouter() throws {
        let routedList = try Self.routedOperations()
        let documentedList = Self.documentedOperations(in: try Self.document())
        let routed = Set(routedList)
        let documented = Set(documentedList)

        #expect(routed.count == routedList.count, "a route is registered twice")
        #expect(documented.count == documentedList.count, "an operation is documented twice")
        #expect(routed.count >= 20, "the router lists fewer routes than expected: \(routed.sorted())")
        #expect(documented.count >= 20, "the reader found too few operations in docs/openapi.yaml: \(documented.sorted())")

        let undocumented = routed.subtracting(documented).sorted()
        let unrouted = documented.subtracting(routed).sorted()
        #expect(undocumented.isEmpty, "routes missing from docs/openapi.yaml: \(undocumented)")
        #expect(unrouted.isEmpty, "operations in docs/openapi.yaml that the relay does not route: \(unrouted)")
    }

    @Test("no documented path carries a secret")
    func noSecretsInPaths() throws {
        for operation in Self.documentedOperations(in: try Self.document()) {
            let path = operation.path.lowercased()
            #expect(!path.contains("token") && !path.contains("code") && !path.contains("lookup"), "\(operation)")
        }
    }

    @Test("openapi-spec-validator accepts the document")
    func validatorAcceptsDocument() throws {
        let probe = try Self.run(["python3", "-c", "import openapi_spec_validator"])
        try #require(
            probe.status == 0,
            "openapi-spec-validator is not installed for python3: run scripts/bootstrap (\(probe.output))")
        let result = try Self.run(["python3", "-m", "openapi_spec_validator", Self.documentURL.path])
        #expect(result.status == 0, "openapi-spec-validator rejects docs/openapi.yaml:\n\(result.output)")
    }

    /// Runs a command found on PATH; returns its exit status and its merged output.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
