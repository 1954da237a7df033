import Foundation
import Testing
@testable import LuckaCore

@Suite("Conversation codes")
struct ConversationCodeTests {
    static let alphabet = String(decoding: ConversationCode.alphabet, as: UTF8.self)

    @Test func generatedCodesHaveTheDisplayShapeAndParseBack() throws {
        for _ in 0..<200 {
            let code = ConversationCode.generate()
            let shown = code.grouped()
            #expect(shown.count == 24)
            #expect(shown.split(separator: "-").map(\.count) == [4, 4, 4, 4, 4])
            #expect(shown.allSatisfy { $0 == "-" || Self.alphabet.contains($0) })
            #expect(try ConversationCode(parsing: shown).grouped() == shown)
            #expect(String(decoding: code.groupedBytes(), as: UTF8.self) == shown)
        }
    }

    @Test func codesCarry95RandomBits() {
        #expect(ConversationCode.randomSymbols * 5 >= 95)
        let codes = Set((0..<1000).map { _ in ConversationCode.generate().grouped() })
        #expect(codes.count == 1000)
    }

    /// Ways a person may type a code that must all read as the same code.
    enum Variant: String, CaseIterable {
        case lowercase, noDashes, spaces, surroundingWhitespace, capitalOFor0, smallOFor0, capitalIFor1, smallLFor1, capitalLFor1

        func apply(_ s: String) -> String {
            switch self {
            case .lowercase: s.lowercased()
            case .noDashes: s.replacingOccurrences(of: "-", with: "")
            case .spaces: s.replacingOccurrences(of: "-", with: " ")
            case .surroundingWhitespace: "  \t" + s + " \n"
            case .capitalOFor0: s.replacingOccurrences(of: "0", with: "O")
            case .smallOFor0: s.replacingOccurrences(of: "0", with: "o")
            case .capitalIFor1: s.replacingOccurrences(of: "1", with: "I")
            case .smallLFor1: s.replacingOccurrences(of: "1", with: "l")
            case .capitalLFor1: s.replacingOccurrences(of: "1", with: "L")
            }
        }
    }

    @Test(arguments: Variant.allCases)
    func normalisation(variant: Variant) throws {
        // A code that contains both 0 and 1 so every substitution applies.
        let shown = try Self.codeContaining01()
        #expect(try ConversationCode(parsing: variant.apply(shown)).grouped() == shown)
    }

    static func codeContaining01() throws -> String {
        while true {
            let shown = ConversationCode.generate().grouped()
            if shown.contains("0") && shown.contains("1") { return shown }
        }
    }

    @Test func everySingleSubstitutionIsCaught() throws {
        let alphabet = ConversationCode.alphabet
        for _ in 0..<50 {
            let normalised = Array(ConversationCode.generate().grouped().utf8.filter { $0 != UInt8(ascii: "-") })
            for position in 0..<20 {
                for symbol in alphabet where symbol != normalised[position] {
                    var typo = normalised
                    typo[position] = symbol
                    #expect(luckaError { _ = try ConversationCode(parsing: typo) }?.code == .codeChecksum)
                }
            }
        }
    }

    @Test func mostAdjacentTranspositionsAreCaught() throws {
        var caught = 0
        var tried = 0
        for _ in 0..<200 {
            let normalised = Array(ConversationCode.generate().grouped().utf8.filter { $0 != UInt8(ascii: "-") })
            for position in 0..<19 where normalised[position] != normalised[position + 1] {
                var typo = normalised
                typo.swapAt(position, position + 1)
                tried += 1
                if luckaError({ _ = try ConversationCode(parsing: typo) })?.code == .codeChecksum { caught += 1 }
            }
        }
        #expect(Double(caught) / Double(tried) > 0.9)
    }

    @Test(arguments: ["", "ABCD", "ABCD-EFGH-JKMN-PQRS-TVW", "ABCD-EFGH-JKMN-PQRS-TVWXY"])
    func wrongLengthIsItsOwnError(input: String) {
        #expect(luckaError { _ = try ConversationCode(parsing: input) }?.code == .codeLength)
    }

    @Test(arguments: ["ABCD-EFGH-JKMN-PQRS-TVWU", "ABCD-EFGH-JKMN-PQRS-TVW!", "ÅBCD-EFGH-JKMN-PQRS-TVWX", "ABCD/EFGH/JKMN/PQRS/TVWX"])
    func foreignCharacterIsItsOwnError(input: String) {
        #expect(luckaError { _ = try ConversationCode(parsing: input) }?.code == .codeCharacter)
    }

    @Test func errorsNeverContainTheCode() {
        let shown = ConversationCode.generate().grouped()
        var typo = Array(shown.utf8)
        typo[0] = typo[0] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let error = luckaError { _ = try ConversationCode(parsing: typo) }
        #expect(error != nil)
        #expect(!(error?.reason.contains(String(shown.dropFirst(5).prefix(4))) ?? true))
    }

    @Test func luhnCheckValueMatchesTheStandardAlgorithm() {
        // Luhn mod N of an all-zero payload is 0; of payload [1] it is 30 (2*1 = 2 -> 32-2).
        #expect(ConversationCode.checkValue(for: [0, 0, 0]) == 0)
        #expect(ConversationCode.checkValue(for: [1]) == 30)
        #expect(ConversationCode.isValidLuhn([1, 30]))
    }
}

@Suite("From code to keys")
struct WriterKeysTests {
    @Test func derivationIsDeterministicAndSeparated() throws {
        let code = ConversationCode.generate()
        let a = try WriterKeys(code: code)
        let b = try WriterKeys(code: try ConversationCode(parsing: code.grouped().lowercased()))
        #expect(a.lookupToken.equals(b.lookupToken))
        #expect(a.boxKeyPair.publicKey == b.boxKeyPair.publicKey)
        #expect(a.lookupHash == b.lookupHash)
        #expect(a.lookupHash == WriterKeys.lookupHash(of: a.lookupToken))
        // The token, the hash and the box secret are three different values.
        #expect(a.lookupHash != a.lookupToken.copyBytes())
        #expect(!a.lookupToken.equals(a.boxKeyPair.secretKey))
        let other = try WriterKeys(code: ConversationCode.generate())
        #expect(other.lookupHash != a.lookupHash && other.boxKeyPair.publicKey != a.boxKeyPair.publicKey)
    }
}
