import Foundation
import LuckaCore

/// The handles of the last inbox listing, in its order, so that `read 3` means the third
/// row. Kept beside the keystore (0600): handles only, no text, no key.
public struct LastListing: Sendable {
    public let path: String

    public init(home: String) { path = home + "/last-listing" }

    public func save(_ handles: [String]) {
        // A listing that cannot be saved only loses the row numbers.
        try? SecureFile.write(Array(handles.joined(separator: "\n").utf8), to: path, replace: true)
    }

    public func handles() -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// A row number of the last listing, or a handle as given. nil: a number with no row.
    public func resolve(_ argument: String) -> String? {
        guard !argument.isEmpty, argument.count <= 6, argument.allSatisfy({ $0.isASCII && $0.isNumber }),
            let number = Int(argument)
        else {
            return argument
        }
        let handles = handles()
        guard number >= 1, number <= handles.count else { return nil }
        return handles[number - 1]
    }
}
