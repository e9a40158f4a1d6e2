/// A command line a user can paste into a shell and get exactly the arguments it names: every word that is
/// not plainly safe is quoted, so a key like `x; touch PWNED #` or `$(…)` stays one inert argument.
public enum ShellCommand {
    /// The words as one line, each quoted where it needs to be: `stackshift events send 'a b' --key 'x;y'`.
    public static func line(_ words: [String]) -> String {
        words.map(quote).joined(separator: " ")
    }

    /// A `stackshift` command to paste: `words` are what follows `stackshift` (group and verb first, as in
    /// ``RunDiagnosis/Fix/command``), and `databaseArguments` (`--db PATH`) go right after the verb, so the
    /// command acts on the database the user is looking at.
    public static func stackshift(_ words: [String], databaseArguments: [String]) -> String {
        let verbs = min(2, words.count)
        return line(["stackshift"] + words[..<verbs] + databaseArguments + words[verbs...])
    }

    /// One word, quoted for POSIX shells: bare when every character is safe, in single quotes otherwise, and in
    /// dollar-single quotes (`$'…'`, POSIX.1-2024; bash, zsh, ksh and busybox sh) when it holds control
    /// characters, so none of them reaches the terminal raw.
    public static func quote(_ word: String) -> String {
        if !word.isEmpty && word.unicodeScalars.allSatisfy(isSafe) { return word }
        guard TerminalText.containsControlCharacters(word) else {
            return "'" + word.replacingAll("'", with: "'\\''") + "'"
        }
        var quoted = "$'"
        for scalar in word.unicodeScalars {
            switch scalar {
            case "\\": quoted += "\\\\"
            case "'": quoted += "\\'"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            default:
                if TerminalText.containsControlCharacters(String(scalar)) {
                    // Octal byte escapes mean the same in bash, zsh, ksh and busybox sh; \u does not. A C1
                    // control is two bytes in UTF-8, and both are written.
                    for byte in String(scalar).utf8 { quoted += "\\" + String(byte, radix: 8).leftPadded(to: 3) }
                } else {
                    quoted.unicodeScalars.append(scalar)
                }
            }
        }
        return quoted + "'"
    }

    /// Characters no POSIX shell gives a meaning to in a word.
    private static func isSafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": true
        // Not `=`: zsh expands a word starting with it to a program's path.
        case "_", "-", ".", "/", ":", ",", "+", "@", "%": true
        default: false
        }
    }
}

extension String {
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self { if character == target { result += replacement } else { result.append(character) } }
        return result
    }

    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
