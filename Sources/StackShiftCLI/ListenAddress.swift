/// Where `stackshift serve` listens: `--listen HOST:PORT`, an IPv6 address in brackets (`[::1]:8080`).
///
/// Checked before the database is opened, so a typo is one line naming the problem and nothing starts.
struct ListenAddress: Hashable {
    /// The host name or address, without brackets.
    var host: String
    /// The port; 0 lets the system pick a free one.
    var port: Int

    /// The ports a server may listen on.
    static let ports = 0...65_535

    /// Parses `HOST:PORT` or `[IPV6]:PORT`.
    ///
    /// - Throws: ``CLIError`` naming the value and what would be right.
    init(parsing text: String) throws {
        let option = "--listen \(text)"
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw CLIError("\(option): an IPv6 address is closed by ], as in [::1]:8080")
            }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else {
                throw CLIError("\(option): expected :PORT after the address, as in [::1]:8080")
            }
            portPart = rest.dropFirst()
            guard hostPart.contains(":"), hostPart.allSatisfy(Self.isIPv6Character) else {
                throw CLIError("\(option): \(hostPart) is not an IPv6 address")
            }
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw CLIError(
                    "\(option): expected HOST:PORT, as in 127.0.0.1:8080 (0.0.0.0:8080 listens on every interface)")
            }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
            guard !hostPart.contains(":") else {
                throw CLIError("\(option): put an IPv6 address in brackets, as in [::1]:8080")
            }
            guard !hostPart.isEmpty else {
                throw CLIError(
                    "\(option): the host is missing: 127.0.0.1:\(portPart) listens on this machine only, "
                        + "0.0.0.0:\(portPart) on every interface")
            }
            // A host name or an IPv4 address: letters, digits, dots and hyphens (RFC 1123), at most 253 of them.
            guard hostPart.utf8.count <= 253, hostPart.allSatisfy(Self.isHostNameCharacter) else {
                throw CLIError("\(option): \(hostPart) is not a host name or an IP address")
            }
        }
        // Digits only: `Int` would also take a sign, and a long run of digits must not reach arithmetic.
        guard !portPart.isEmpty, portPart.utf8.count <= 5, portPart.allSatisfy({ $0.isASCII && $0.isNumber }),
            let port = Int(portPart), Self.ports.contains(port)
        else {
            throw CLIError(
                "\(option): the port \(portPart.isEmpty ? "is missing; it" : "\(portPart)") must be a number from "
                    + "\(Self.ports.lowerBound) to \(Self.ports.upperBound) (0 picks a free one)")
        }
        host = String(hostPart)
        self.port = port
    }

    /// `127.0.0.1:8080` or `[::1]:8080`, with `port` (the one the server got when asked for 0).
    func authority(port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    private static func isHostNameCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "." || character == "-")
    }

    /// Hex digits, colons, an embedded IPv4 address's dots, and a zone (`%eth0`).
    private static func isIPv6Character(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || ":.%".contains(character))
    }
}
