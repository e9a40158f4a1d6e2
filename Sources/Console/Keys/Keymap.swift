/// The one table of key bindings. Key handling, the hint bar and the `?` help overlay all read it,
/// so they can never disagree.
public struct Keymap: Sendable {
    /// The bindings, in the order help lists them and the hint bar considers them.
    public var bindings: [KeyBinding]

    /// Creates a keymap from bindings.
    public init(bindings: [KeyBinding]) {
        self.bindings = bindings
    }

    /// The binding a key runs in the given scopes, earlier scopes first; nil when the key is unbound.
    /// Read-only mode does not change the answer: the reducer refuses a dangerous command in one place.
    public func binding(for key: Key, in scopes: [KeyScope]) -> KeyBinding? {
        for scope in scopes {
            if let match = bindings.first(where: { $0.scopes.contains(scope) && $0.keys.contains(key) }) {
                return match
            }
        }
        return nil
    }

    /// Whether the hint bar and help show a binding: a read-only console does not offer dangerous ones.
    static func isOffered(_ binding: KeyBinding, readOnly: Bool) -> Bool {
        !(readOnly && binding.isDangerous)
    }

    /// The bindings the hint bar offers in the given scopes, view bindings before global ones.
    public func hints(in scopes: [KeyScope], readOnly: Bool) -> [KeyBinding] {
        var seen: Set<KeyCommand> = []
        var result: [KeyBinding] = []
        for scope in scopes {
            for binding in bindings where binding.scopes.contains(scope) && binding.hint != nil {
                guard Self.isOffered(binding, readOnly: readOnly), seen.insert(binding.command).inserted else {
                    continue
                }
                result.append(binding)
            }
        }
        return result
    }

    /// The help overlay's sections: each binding once, under the first scope in `first`-then-table order
    /// that it applies to, so movement keys shared by every view are not repeated per view.
    public func helpSections(readOnly: Bool, first: KeyScope? = nil) -> [(scope: KeyScope, bindings: [KeyBinding])] {
        // Forms and confirm dialogs only ever open for actions that change data.
        let unreachable: Set<KeyScope> = readOnly ? [.form, .dialog] : []
        let order = ((first.map { [$0] } ?? []) + KeyScope.allCases.filter { $0 != first })
            .filter { !unreachable.contains($0) }
        var listed: Set<Int> = []
        return order.compactMap { scope in
            let inScope = bindings.indices.filter { index in
                bindings[index].scopes.contains(scope) && Self.isOffered(bindings[index], readOnly: readOnly)
                    && !listed.contains(index)
            }
            listed.formUnion(inScope)
            return inScope.isEmpty ? nil : (scope, inScope.map { bindings[$0] })
        }
    }
}
