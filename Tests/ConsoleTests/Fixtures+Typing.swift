import Console
import Foundation

extension ConsoleState {
    /// Types text key by key, as a person would.
    mutating func type(_ text: String) {
        for character in text { _ = reduce(.key(.character(character))) }
    }

    /// Presses a key and returns the effects.
    @discardableResult
    mutating func press(_ key: Key) -> [ConsoleEffect] {
        reduce(.key(key))
    }

    /// Presses a character key and returns the effects.
    @discardableResult
    mutating func press(_ character: Character) -> [ConsoleEffect] {
        reduce(.key(.character(character)))
    }

    /// The rendered frame as text.
    var screen: String { ConsoleRenderer.render(self).text }

    /// The hint bar as text.
    var hintBar: String { ConsoleRenderer.render(self).lines.last ?? "" }
}
