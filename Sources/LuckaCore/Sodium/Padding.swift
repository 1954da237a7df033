internal import CSodium

/// ISO/IEC 7816-4 padding (`sodium_pad`, `sodium_unpad`).
public enum Padding {
    /// Pads `bytes` in place to the next multiple of `blockSize` (always adding at least
    /// one byte).
    public static func pad(_ bytes: inout [UInt8], blockSize: Int) throws(LuckaError) {
        Sodium.ready()
        let unpadded = bytes.count
        let padded = (unpadded / blockSize + 1) * blockSize
        bytes.append(contentsOf: repeatElement(0, count: padded - unpadded))
        var paddedLength = 0
        let result = bytes.withUnsafeMutableBufferPointer {
            sodium_pad(&paddedLength, $0.baseAddress!, unpadded, blockSize, padded)
        }
        try Sodium.check(result, "sodium_pad")
        guard paddedLength == padded else { throw LuckaError(.cryptoFailure, "sodium_pad gave an unexpected length") }
    }

    /// The length of `bytes` without its padding; throws `envelopeMalformed` if the
    /// padding is invalid.
    public static func unpaddedLength(_ bytes: [UInt8], blockSize: Int) throws(LuckaError) -> Int {
        Sodium.ready()
        var length = 0
        let result = bytes.withUnsafeBufferPointer {
            sodium_unpad(&length, $0.baseAddress!, $0.count, blockSize)
        }
        guard result == 0, !bytes.isEmpty else { throw LuckaError(.envelopeMalformed, "the padding is invalid") }
        return length
    }
}
