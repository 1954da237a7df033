/// Storage failures, in terms the layers above understand. SQL details stay inside.
public struct StoreError: Error, Hashable, CustomStringConvertible, Sendable {
    public let code: Code
    public let reason: String
    public let file: String
    public let line: UInt

    public init(_ code: Code, _ reason: String, file: String = #fileID, line: UInt = #line) {
        self.code = code
        self.reason = reason
        self.file = file
        self.line = line
    }

    public var description: String { reason }
    public static func == (a: StoreError, b: StoreError) -> Bool { a.code == b.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Backing: Hashable, Sendable { case notFound, conflict, full, corrupt, unavailable }
        private let backing: Backing
        private init(_ backing: Backing) { self.backing = backing }

        /// The thing asked for does not exist (or is not this caller's).
        public static let notFound = Code(.notFound)
        /// It exists already, or the state does not allow the change.
        public static let conflict = Code(.conflict)
        /// The disk is full: nothing was written.
        public static let full = Code(.full)
        /// The database file is damaged.
        public static let corrupt = Code(.corrupt)
        /// The database could not be reached (I/O error, locked too long).
        public static let unavailable = Code(.unavailable)

        public var description: String { String(describing: backing) }
    }
}
