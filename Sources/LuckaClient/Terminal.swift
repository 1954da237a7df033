import Foundation
import LuckaCore

#if canImport(Glibc)
import Glibc
#endif

/// Reading secrets and text from a person at a terminal, or from files and standard
/// input for scripts. Secrets are never taken from the command line.
public enum Terminal {
    /// Whether standard input is a terminal (a person) rather than a pipe or file.
    public static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 }

    /// Asks on the terminal without echo; the answer goes straight into a wiped buffer.
    public static func secret(prompt: String) throws -> SecureBytes {
        let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard tty >= 0 else { throw ClientError(.local, "no terminal to ask on: use a file or standard input") }
        defer { close(tty) }
        var original = termios()
        tcgetattr(tty, &original)
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(tty, TCSAFLUSH, &silent)
        defer {
            tcsetattr(tty, TCSAFLUSH, &original)
            _ = write(tty, "\n", 1)
        }
        _ = prompt.withCString { write(tty, $0, strlen($0)) }
        var bytes = readLine(fd: tty)
        defer { wipe(&bytes) }
        return SecureBytes(copying: bytes)
    }

    /// Reads a secret from the first line of a file (0600 recommended), or all of
    /// standard input for "-".
    public static func secret(fromFile path: String) throws -> SecureBytes {
        var bytes: [UInt8]
        if path == "-" {
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
        } else {
            guard let data = FileManager.default.contents(atPath: path) else { throw ClientError(.local, "cannot read \(path)") }
            bytes = Array(data)
        }
        defer { wipe(&bytes) }
        let line = bytes.split(separator: UInt8(ascii: "\n"), maxSplits: 1, omittingEmptySubsequences: false).first ?? []
        return SecureBytes(copying: line.last == UInt8(ascii: "\r") ? line.dropLast() : line)
    }

    /// One line from standard input, wiped-buffer form.
    public static func secretLineFromStandardInput() -> SecureBytes {
        var bytes = readLine(fd: STDIN_FILENO)
        defer { wipe(&bytes) }
        return SecureBytes(copying: bytes)
    }

    /// A line typed by a person (with echo), trimmed.
    public static func ask(_ prompt: String) -> String? {
        FileHandle.standardError.write(Data(prompt.utf8))
        return Swift.readLine()?.trimmingCharacters(in: .whitespaces)
    }

    /// Asks a yes/no question; only "y" or "yes" (or "j", "ja") counts as yes. `hint`
    /// follows the question (empty when the question carries its own).
    public static func confirm(_ question: String, hint: String = " [y/N] ") -> Bool {
        guard let answer = ask(question + hint)?.lowercased() else { return false }
        return ["y", "yes", "j", "ja"].contains(answer)
    }

    /// A message text: from a file, from standard input when it is not a terminal, or
    /// typed at the terminal until a line with a single "." (or end of input). `hint` and
    /// `empty` are the words shown under the prompt and for an empty text.
    public static func messageText(
        file: String?, prompt: String, hint: String = "(end with a line containing only a dot, or Ctrl-D)", empty: String = "the message is empty"
    ) throws -> String {
        let text: String
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else { throw ClientError(.local, "cannot read \(file)") }
            text = String(decoding: data, as: UTF8.self)
        } else if !isInteractive {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            FileHandle.standardError.write(Data((prompt + "\n" + hint + "\n").utf8))
            var lines: [String] = []
            while let line = Swift.readLine(), line != "." { lines.append(line) }
            text = lines.joined(separator: "\n")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw ClientError(.local, empty) }
        return trimmed
    }

    private static func readLine(fd: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(fd, &byte, 1) == 1 {
            if byte == UInt8(ascii: "\n") { break }
            bytes.append(byte)
        }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return bytes
    }
}
