import Foundation
import LuckaTextCompiler

// Compiles Texts/<domain>/*.po into Sources/LuckaText/Generated/*.swift and the .pot
// templates. Run from the package's folder: `swift run lucka-texts`, then rebuild.
let root = URL(fileURLWithPath: CommandLine.arguments.dropFirst().first ?? FileManager.default.currentDirectoryPath)
do {
    for (path, contents) in try TextCompiler.outputs(root: root) {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if (try? String(contentsOf: url, encoding: .utf8)) == contents { continue }
        try contents.write(to: url, atomically: true, encoding: .utf8)
        print("wrote \(path)")
    }
} catch {
    FileHandle.standardError.write(Data("lucka-texts: \(error)\n".utf8))
    exit(1)
}
