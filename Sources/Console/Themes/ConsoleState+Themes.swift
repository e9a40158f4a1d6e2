extension ConsoleState {
    /// Reports theme files that had problems, pointing at the command that explains them.
    mutating func noteThemeProblems(_ problems: [String]) {
        let summary = problems.prefix(2).joined(separator: "; ") + (problems.count > 2 ? "; …" : "")
        showFlash("Theme files with problems: \(summary) (stackshift themes check)", kind: .error, seconds: 8)
    }

    /// `t`: the next theme, in the order the session listed them.
    mutating func cycleTheme() {
        let index = themeNames.firstIndex(of: themeName) ?? -1
        themeName = themeNames[(index + 1) % themeNames.count]
        showFlash("Theme: \(themeName)", kind: .info)
    }

    /// `:theme [name]`: lists the themes, or switches to one by name.
    mutating func switchTheme(to name: String?) {
        guard let name else {
            showFlash("Themes: \(themeNames.joined(separator: ", "))", kind: .info)
            return
        }
        guard themeNames.contains(name) else {
            showFlash("No theme '\(name)' (have: \(themeNames.joined(separator: ", ")))", kind: .error)
            return
        }
        themeName = name
        showFlash("Theme: \(name)", kind: .info)
    }
}
