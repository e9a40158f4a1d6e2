import Foundation

/// A colour as a theme names it: the terminal's default, a palette index, or red-green-blue.
public enum ThemeColor: Sendable, Hashable, CustomStringConvertible {
    /// Whatever the terminal's own foreground or background is.
    case terminalDefault
    /// An index into the terminal's 256-colour palette (0–15 are the basic and bright colours).
    case indexed(UInt8)
    /// A 24-bit colour.
    case rgb(UInt8, UInt8, UInt8)

    /// The names accepted for the 16 basic colours, by palette index.
    public static let basicNames = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow", "bright-blue", "bright-magenta",
        "bright-cyan", "bright-white",
    ]

    /// Parses `#rrggbb`, `#rgb`, a palette index 0–255, a basic colour name (`red`, `bright-blue`, `grey`)
    /// or `default`. Returns nil for anything else.
    public init?(parsing text: String) {
        let value = text.trimmingCharacters(in: .whitespaces).lowercased()
        if value == "default" || value == "none" {
            self = .terminalDefault
        } else if value.hasPrefix("#") {
            let digits = Array(value.dropFirst())
            let expanded: [Character]
            switch digits.count {
            case 6: expanded = digits
            case 3: expanded = digits.flatMap { [$0, $0] }
            default: return nil
            }
            guard let number = UInt32(String(expanded), radix: 16) else { return nil }
            self = .rgb(UInt8(number >> 16 & 0xFF), UInt8(number >> 8 & 0xFF), UInt8(number & 0xFF))
        } else if let index = UInt8(value) {
            self = .indexed(index)
        } else if let index = Self.basicNames.firstIndex(of: value) {
            self = .indexed(UInt8(index))
        } else if value == "grey" || value == "gray" {
            self = .indexed(8)
        } else {
            return nil
        }
    }

    /// The colour written back in theme syntax.
    public var description: String {
        switch self {
        case .terminalDefault: "default"
        case .indexed(let index): String(index)
        case .rgb(let red, let green, let blue):
            "#"
                + [red, green, blue].map { byte in
                    let hex = String(byte, radix: 16)
                    return hex.count == 1 ? "0" + hex : hex
                }.joined()
        }
    }

    /// The red-green-blue value, using the xterm palette for indexed colours; nil for the terminal default.
    public var components: (red: Int, green: Int, blue: Int)? {
        switch self {
        case .terminalDefault: return nil
        case .rgb(let red, let green, let blue): return (Int(red), Int(green), Int(blue))
        case .indexed(let index): return Self.xtermComponents(Int(index))
        }
    }

    /// The closest colour of the 256-colour palette.
    public var nearest256: ThemeColor {
        guard case .rgb = self, let (red, green, blue) = components else { return self }
        let cubeLevels = [0, 95, 135, 175, 215, 255]
        func nearestLevel(_ value: Int) -> Int {
            cubeLevels.indices.min { abs(cubeLevels[$0] - value) < abs(cubeLevels[$1] - value) } ?? 0
        }
        let (r, g, b) = (nearestLevel(red), nearestLevel(green), nearestLevel(blue))
        let cubeIndex = 16 + 36 * r + 6 * g + b
        let cubeDistance = Self.distance((cubeLevels[r], cubeLevels[g], cubeLevels[b]), (red, green, blue))
        let grey = (red + green + blue) / 3
        let greyStep = min(23, max(0, (grey - 8 + 5) / 10))
        let greyValue = 8 + 10 * greyStep
        let greyDistance = Self.distance((greyValue, greyValue, greyValue), (red, green, blue))
        return .indexed(UInt8(greyDistance < cubeDistance ? 232 + greyStep : cubeIndex))
    }

    /// The closest of the 8 basic colours (or 16 with `bright`), by hue rather than distance so dark
    /// shades keep their colour instead of all turning black.
    public func nearestBasic(bright: Bool = false) -> ThemeColor {
        if case .indexed(let index) = self, index < (bright ? 16 : 8) { return self }
        guard let (red, green, blue) = components else { return self }
        let peak = max(red, green, blue)
        let trough = min(red, green, blue)
        if peak < 0x40 { return .indexed(0) }
        var index = 0
        if peak - trough < 0x30 {
            // Grey: white when light, bright black (or black) when dark.
            if peak >= 0xA0 { index = 7 } else { return .indexed(bright ? 8 : 0) }
        } else {
            let threshold = Double(peak) * 0.62
            if Double(red) >= threshold { index |= 1 }
            if Double(green) >= threshold { index |= 2 }
            if Double(blue) >= threshold { index |= 4 }
        }
        if bright && peak >= 0xD0 && index != 0 { index += 8 }
        return .indexed(UInt8(index))
    }

    static func distance(_ lhs: (Int, Int, Int), _ rhs: (Int, Int, Int)) -> Int {
        let (dr, dg, db) = (lhs.0 - rhs.0, lhs.1 - rhs.1, lhs.2 - rhs.2)
        return 3 * dr * dr + 4 * dg * dg + 2 * db * db
    }

    static func xtermComponents(_ index: Int) -> (red: Int, green: Int, blue: Int) {
        let basic: [(Int, Int, Int)] = [
            (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
            (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
            (255, 0, 255), (0, 255, 255), (255, 255, 255),
        ]
        if index < 16 { return basic[index] }
        if index >= 232 {
            let value = 8 + 10 * (index - 232)
            return (value, value, value)
        }
        let levels = [0, 95, 135, 175, 215, 255]
        let cube = index - 16
        return (levels[cube / 36], levels[cube / 6 % 6], levels[cube % 6])
    }
}
