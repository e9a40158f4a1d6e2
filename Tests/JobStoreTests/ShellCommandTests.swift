import Foundation
import JobStore
import JobStoreTesting
import PropertyBased
import Testing

@Suite("ShellCommand: suggested commands a shell reads back word for word")
struct ShellCommandTests {
    @Test(
        "each word is left bare only when safe, else quoted",
        arguments: [
            ("runs", "runs"), ("run_01m94nkvr1", "run_01m94nkvr1"), ("/tmp/a.sqlite", "/tmp/a.sqlite"), ("", "''"),
            ("a b", "'a b'"), ("it's", #"'it'\''s'"#), ("x; touch PWNED #", "'x; touch PWNED #'"),
            ("$(id)", "'$(id)'"), ("=ls", "'=ls'"), ("~", "'~'"), ("\u{1B}[31m", #"$'\033[31m'"#),
            ("\u{9B}2J", #"$'\302\2332J'"#), ("a'\n\\", #"$'a\'\n\\'"#), ("café", "'café'"),
        ])
    func quoting(word: String, quoted: String) {
        #expect(ShellCommand.quote(word) == quoted)
    }

    @Test("the printed line never holds a raw control character")
    func printable() {
        let line = ShellCommand.line(["events", "send", "\u{1B}]0;x\u{07}", "--key", "\u{85}\u{0}"])
        #expect(!TerminalText.containsControlCharacters(line))
    }

    /// Words from the characters shells treat specially, controls and non-ASCII text.
    static let words = Gen<Character?>
        .element(of: Array("ab z'\"\\$`!*?[]{}();&|<>#~=%\n\t\u{1B}\u{7}\u{9B}\u{7F}é日") as [Character])
        .map { $0 ?? "a" }.string(of: 0...12).array(of: 1...8)

    @Test("bash reads every quoted word back exactly")
    func roundTripThroughBash() throws {
        try fuzz(count: 60, seed: 14, Self.words) { words in
            // bash prints every word NUL-terminated, as it parsed them.
            let output = try Self.bash("printf '%s\\0' \(ShellCommand.line(words))")
            let printed = output.split(separator: 0, omittingEmptySubsequences: false).dropLast().map {
                String(decoding: $0, as: UTF8.self)
            }
            #expect(printed == words)
        }
    }

    private static func bash(_ script: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return data
    }
}

@Suite("TerminalText: stored text shown, never obeyed")
struct TerminalTextTests {
    @Test("control characters become visible escapes; line breaks only where kept")
    func escaping() {
        #expect(TerminalText.escaped("plain café 日本") == "plain café 日本")
        #expect(TerminalText.escaped("a\u{1B}]0;t\u{07}b") == #"a\u{1B}]0;t\u{7}b"#)
        #expect(TerminalText.escaped("a\u{9B}2J\u{7F}") == #"a\u{9B}2J\u{7F}"#)
        #expect(TerminalText.escaped("one\ntwo\tthree") == #"one\u{A}two\u{9}three"#)
        #expect(TerminalText.escaped("one\ntwo\tthree\r", lineBreaks: .kept) == "one\ntwo\tthree\\u{D}")
    }

    @Test("escaped text holds no control character")
    func neverRaw() {
        fuzz(count: 300, seed: 14, Gen.unicodeScalar(in: "\u{0}"..."\u{2FF}").array(of: 0...20)) { scalars in
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars)
            #expect(!TerminalText.containsControlCharacters(TerminalText.escaped(String(text))))
        }
    }
}
