import Foundation
@testable import LuckaCore

extension Array where Element == UInt8 {
    init(hex: String) {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        self = bytes
    }
}

extension SecureBytes {
    static func of(hex: String) -> SecureBytes { SecureBytes(copying: [UInt8](hex: hex)) }
    static func of(_ text: String) -> SecureBytes { SecureBytes(copying: Array(text.utf8)) }
}

/// Loads a JSON file from Tests/LuckaCoreTests/Vectors.
func vectors(_ name: String) throws -> [String: Any] {
    let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Vectors")!
    return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
}

/// Runs `body` and returns the LuckaError it threw, or nil.
func luckaError(_ body: () throws -> Void) -> LuckaError? {
    do {
        try body()
        return nil
    } catch let error as LuckaError {
        return error
    } catch {
        return nil
    }
}

func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "lucka-test-" + Random.bytes(8).hex
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
