import Foundation

/// Finds files that ship with StackShift (themes, demo scenarios): relative to the current folder first,
/// then beside the binary's build folder, so `swift run stackshift …` works from anywhere in a checkout.
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
