import Foundation
import LuckaCore
import LuckaFuzzTargets
import Testing

/// Every file the fuzzer kept (seeds, coverage finds, past crashes) goes through the same
/// target functions as under libFuzzer (scripts/fuzz), without the sanitizer: a parser bug
/// that was fixed once stays fixed.
@Suite struct FuzzCorpusReplayTests {
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("FuzzCorpus")

    static func files(of target: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: corpus.appendingPathComponent(target), includingPropertiesForKeys: nil)
            .filter { !$0.lastPathComponent.hasPrefix(".") }
    }

    @Test(arguments: FuzzTargets.all.map(\.name))
    func corpusReplaysWithoutCrashing(_ name: String) throws {
        let target = try #require(FuzzTargets.named(name))
        let files = try Self.files(of: name)
        #expect(files.contains { $0.lastPathComponent.hasPrefix("seed-") }, "the \(name) corpus has lost its seeds")
        for file in files { target.run(Array(try Data(contentsOf: file))) }
    }

    @Test func everyCorpusFolderBelongsToATarget() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).filter { !$0.hasPrefix(".") }
        #expect(Set(folders) == Set(FuzzTargets.all.map(\.name)))
    }

    /// The keystore seed is a real file: it opens with the fixed passphrase (one Argon2id run).
    @Test func keystoreSeedIsARealKeystore() throws {
        let seed = Array(try Data(contentsOf: Self.corpus.appendingPathComponent("keystore/seed-file")))
        let keystore = try StaffKeystore(sealed: Array(seed.dropFirst()), passphrase: SecureBytes(copying: Array(FuzzKeys.passphrase.utf8)))
        #expect(keystore.keys.signing.publicKey == FuzzKeys.staffSigning.publicKey)
    }
}
