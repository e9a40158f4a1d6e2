import Console
import JobStoreTesting
import PropertyBased
import Testing

/// One edit, as a key or a program would make it.
enum TextEditStep: Sendable, CustomStringConvertible {
    case insert(Character)
    case edit(TextEdit)
    case move(by: Int)
    case moveTo(Int)
    case replace(String)

    var description: String {
        switch self {
        case .insert(let character): "insert(\(character.unicodeScalars.map { "U+" + String($0.value, radix: 16) }))"
        case .edit(let edit): "\(edit)"
        case .move(let delta): "move(by: \(delta))"
        case .moveTo(let offset): "moveTo(\(offset))"
        case .replace(let text): "replace(\(text.unicodeScalars.count) scalars)"
        }
    }
}

/// The obvious, slow model of a text with a cursor: an array of characters and a character offset. After an
/// insertion the cursor goes to the first character boundary at or after the inserted text; after a deletion,
/// to the last one at or before where the deleted character began (characters either side may join).
struct TextModel {
    var text = ""
    var cursor = 0
    var refused = 0
    let maximumBytes: Int

    /// How many characters of `text` end at or before `utf8Offset`, and whether one ends exactly there.
    static func characters(in text: String, endingBy utf8Offset: Int) -> (count: Int, exact: Bool) {
        var end = 0
        var count = 0
        for character in text {
            if end + character.utf8.count > utf8Offset { return (count, end == utf8Offset) }
            end += character.utf8.count
            count += 1
        }
        return (count, end == utf8Offset)
    }

    mutating func apply(_ step: TextEditStep) {
        let characters = Array(text)
        switch step {
        case .insert(let character):
            guard text.utf8.count + character.utf8.count <= maximumBytes else {
                refused += 1
                return
            }
            let before = String(characters[..<cursor])
            text = before + String(character) + String(characters[cursor...])
            let (count, exact) = Self.characters(in: text, endingBy: before.utf8.count + character.utf8.count)
            cursor = exact ? count : count + 1
        case .edit(.deleteBackward):
            guard cursor > 0 else { return }
            let start = String(characters[..<(cursor - 1)]).utf8.count
            text = String(characters[..<(cursor - 1)]) + String(characters[cursor...])
            cursor = Self.characters(in: text, endingBy: start).count
            refused = 0
        case .edit(.moveLeft): cursor = max(0, cursor - 1)
        case .edit(.moveRight): cursor = min(characters.count, cursor + 1)
        case .edit(.clear): apply(.replace(""))
        case .move(let delta): cursor = min(max(0, cursor + delta), characters.count)
        case .moveTo(let offset): cursor = min(max(0, offset), characters.count)
        case .replace(let newText):
            text = newText
            cursor = newText.count
            refused = 0
        }
    }
}

@Suite("Text input, fuzzed: random edits with wide, combining and control characters never trap and match a model")
struct TextInputPropertyTests {
    /// Characters that test grapheme handling: wide, combining marks, joiners, flag halves, Hangul jamo that join,
    /// variation selectors, zero-width and control characters (C0, C1, escape).
    static let characters: [Character] = [
        "a", "Z", "7", " ", "é", "完", "😀", "👩", "\u{1F1E9}", "\u{1F1EA}", "\u{301}", "\u{200D}", "\u{FE0F}",
        "\u{200B}", "\u{1100}", "\u{1161}", "\u{11A8}", "\u{1B}", "\u{7}", "\u{9B}", "\u{0}", "\r\n", "\t", "\u{7F}",
        "\u{1F3FB}", "ｶ", "\u{E0001}",
    ]

    static func step() -> Generator<TextEditStep, some SendableSequenceType> {
        zip(
            Gen.int(in: 0...99), Gen.element(of: characters), Gen.int(in: -12...12)
        ).map { value -> TextEditStep in
            let (kind, character, amount) = value
            switch kind {
            case 0..<55: return .insert(character ?? "a")
            case 55..<70: return .edit(.deleteBackward)
            case 70..<78: return .edit(.moveLeft)
            case 78..<84: return .edit(.moveRight)
            case 84..<86: return .edit(.clear)
            case 86..<92: return .move(by: amount == 0 ? Int.min : amount * 3)
            case 92..<97: return .moveTo(amount == 0 ? Int.max : amount + 6)
            default: return .replace(String(repeating: String(character ?? "x"), count: abs(amount)))
            }
        }
    }

    /// A limit in bytes (often small, so it is reached) and the edits.
    static func session() -> Generator<(Int?, [TextEditStep]), some SendableSequenceType> {
        zip(Gen.element(of: [4, 9, 16, 40, TextInput.unlimited]), step().array(of: 1...120))
    }

    @Test("every edit keeps the cursor within the text and the text equal to the model's")
    func matchesTheModel() {
        fuzzCheck(count: 400, seed: 0x5EED_0001, Self.session()) { value in
            let (limit, steps) = value
            let maximum = limit ?? TextInput.unlimited
            var input = TextInput(maximumBytes: maximum)
            var model = TextModel(maximumBytes: maximum)
            for (number, step) in steps.enumerated() {
                switch step {
                case .insert(let character): input.insert(character)
                case .edit(let edit): input.apply(edit)
                case .move(let delta): input.moveCursor(by: delta)
                case .moveTo(let offset): input.moveCursor(to: offset)
                case .replace(let text): input.replace(with: text)
                }
                model.apply(step)
                let after = "after step \(number + 1), \(step)"
                guard input.text == model.text else { return "\(after): text \(input.text.debugDescription)" }
                guard input.cursor == model.cursor else {
                    return "\(after): cursor \(input.cursor), the model's \(model.cursor)"
                }
                guard (0...input.text.count).contains(input.cursor) else { return "\(after): cursor out of the text" }
                guard String(input.beforeCursor) + String(input.fromCursor) == input.text else {
                    return "\(after): the text either side of the cursor is not the text"
                }
                guard input.refusedCount == model.refused else { return "\(after): refused \(input.refusedCount)" }
                if let problem = Self.viewportProblem(input) { return "\(after): \(problem)" }
            }
            return nil
        }
    }

    /// Why the viewport at some widths is wrong, or nil: it must fit, hold the cursor, and be what is around it.
    static func viewportProblem(_ input: TextInput) -> String? {
        for width in [0, 1, 2, 3, 8, 30] {
            let viewport = input.viewport(width: width)
            let columns = viewport.characters.reduce(0) { $0 + DisplayWidth.of($1) }
            guard columns <= width else { return "viewport of \(columns) columns in \(width)" }
            guard viewport.cursor <= viewport.characters.count else { return "viewport cursor past its text" }
            // What it shows is the text either side of the cursor, as it is in the input.
            let before = String(viewport.characters[..<viewport.cursor])
            let after = String(viewport.characters[viewport.cursor...])
            guard String(input.beforeCursor).hasSuffix(before), String(input.fromCursor).hasPrefix(after) else {
                return "viewport at width \(width) is not the text around the cursor"
            }
        }
        return nil
    }
}
