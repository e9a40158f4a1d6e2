import Foundation

/// Finds files of a StackShift checkout: relative to the current folder first, then beside the binary's build
/// folder, so `swift run stackshift …` finds the checkout's `themes/` folder from anywhere in it.
///
/// Nothing depends on it any more: the scenarios, the tour and the five themes are built into the binary
/// (`BuiltinScenario`, `Tour.builtinYAML`, `Theme.builtinYAML`); the checkout's files are editable copies.
enum CheckoutResource {
    /// The path of `relativePath` (e.g. `demo/onboarding.yaml`), or nil when it is nowhere to be found.
    static func find(_ relativePath: String) -> String? {
        let fileManager = FileManager.default
        if relativePath.hasPrefix("/") { return fileManager.fileExists(atPath: relativePath) ? relativePath : nil }
        let local = fileManager.currentDirectoryPath + "/" + relativePath
        if fileManager.fileExists(atPath: local) { return local }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent(relativePath).path
            if fileManager.fileExists(atPath: candidate) { return candidate }
        }
        return nil
    }
}
