import Foundation
import LuckaFuzzTargets

#if LUCKA_FUZZ
// Built by scripts/fuzz with -sanitize=fuzzer,address and -DLUCKA_FUZZ: libFuzzer's own
// main parses the command line and calls these two. LUCKA_FUZZ_TARGET names the target.

private let selected: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["LUCKA_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTargets.named(name) else {
        let names = FuzzTargets.all.map(\.name).joined(separator: ", ")
        FileHandle.standardError.write(Data("lucka-fuzz: set LUCKA_FUZZ_TARGET to one of: \(names)\n".utf8))
        exit(2)
    }
    return target
}()

@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> Int32 {
    _ = selected
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    selected.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

#else
/// Without the fuzzer: replays corpus files, or writes the seed corpus.
@main
struct Replay {
    static let usage = """
        usage: lucka-fuzz list
               lucka-fuzz replay TARGET FILE-OR-FOLDER...
               lucka-fuzz seeds CORPUS-FOLDER   (writes seed-* files into CORPUS-FOLDER/<target>/)
        """

    static func main() throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        switch arguments.first {
        case "list":
            for target in FuzzTargets.all { print(target.name) }
        case "replay" where arguments.count >= 3:
            guard let target = FuzzTargets.named(arguments[1]) else { fail("unknown target \(arguments[1])") }
            var count = 0
            for path in arguments.dropFirst(2) {
                for file in files(at: path) {
                    target.run(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
                    count += 1
                }
            }
            print("\(target.name): \(count) inputs replayed, no crash")
        case "seeds" where arguments.count == 2:
            for (name, seeds) in try FuzzSeeds.all() {
                let folder = URL(fileURLWithPath: arguments[1]).appendingPathComponent(name)
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                for seed in seeds { try Data(seed.bytes).write(to: folder.appendingPathComponent(seed.name)) }
                print("\(name): \(seeds.count) seeds")
            }
        default:
            fail(usage)
        }
    }

    /// The file itself, or the files directly inside a folder.
    static func files(at path: String) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.sorted().filter { !$0.hasPrefix(".") }.map { path + "/" + $0 }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(2)
    }
}
#endif
