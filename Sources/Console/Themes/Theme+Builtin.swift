extension Theme {
    /// The five shipped themes' texts by name, in `t` order: built in, so `--theme NAME` works from any folder
    /// with an installed binary. The files in `themes/` are their editable copies; a file in the themes
    /// folder replaces the built-in theme of its name.
    public static let builtinYAML: [(name: String, yaml: String)] = [
        ("default", builtinDefaultYAML), ("light", builtinLightYAML), ("high-contrast", builtinHighContrastYAML),
        ("colorblind", builtinColorblindYAML), ("monochrome", builtinMonochromeYAML),
    ]

    /// The five shipped themes, decoded, in `t` order.
    public static let builtins: [Theme] = builtinYAML.map {
        $0.name == "default" ? builtinDefault : decode(yaml: $0.yaml, name: $0.name).theme
    }

    /// The dark default theme, decoded from ``Theme/builtinDefaultYAML``. Other themes fall back to it.
    public static let builtinDefault: Theme = decode(yaml: builtinDefaultYAML, name: "default", base: nil).theme

    /// The text of `themes/default.yaml`, built in so the console has a complete theme without any file.
    /// A test keeps the two the same, byte for byte: after editing the file, copy it here.
    public static let builtinDefaultYAML = #"""
        # StackShift console theme: the dark default.
        # Colours: "#rrggbb", a palette index 0-255, or a basic name (red, bright-blue, grey, default).
        # Roles take a palette name or colour, or { fg, bg, attrs }. `mono` is used without colour (NO_COLOR).
        name: default
        description: Dark background with soft, distinct status colours.
        palette:
          ink: "#16181d"
          panel: "#23272f"
          line: "#3a404c"
          muted: "#7f8896"
          text: "#d5dae3"
          paper: "#f4f6fa"
          lake: "#264766"
          blue: "#6cb0f0"
          cyan: "#5cc4cf"
          green: "#9ccc7c"
          yellow: "#e8c57a"
          orange: "#dd9a62"
          red: "#ea6f7a"
          violet: "#c48fe6"
          steel: "#a9b4c6"
          deepred: "#a8323e"
          g1: "#254a4f"
          g2: "#2f6b6a"
          g3: "#3f9186"
          g4: "#62b59a"
          g5: "#9bd98f"

        roles:
          ui:
            background: { fg: text, bg: ink }
            text: text
            dim: muted
            border: line
            header: { fg: paper, bg: panel, attrs: bold }
            breadcrumb: { fg: blue, bg: panel, attrs: bold }
            columnHeader: { fg: steel, attrs: bold }
            selection: { fg: paper, bg: lake }
            hint: { fg: muted, bg: panel }
            hintKey: { fg: yellow, bg: panel, attrs: bold }
            flash: { fg: green, attrs: bold }
            banner: { fg: ink, bg: yellow, attrs: bold }
            error: red
            warning: yellow
            success: green
            accent: blue
            dialog: { fg: text, bg: panel }
            button: { fg: text, bg: line }
            buttonFocused: { fg: ink, bg: blue, attrs: bold }
            input: { fg: paper, bg: panel }
            match: { fg: ink, bg: yellow, attrs: bold }
          status:
            scheduled: violet
            queued: steel
            running: cyan
            waiting: yellow
            completed: green
            failed: red
            canceled: muted
          log:
            trace: muted
            debug: steel
            info: text
            notice: cyan
            warning: yellow
            error: red
            critical: { fg: paper, bg: deepred, attrs: bold }
          json:
            key: blue
            string: green
            number: orange
            bool: violet
            "null": muted
            punctuation: muted
          graph: [g1, g2, g3, g4, g5]

        mono:
          ui:
            background: normal
            text: normal
            dim: dim
            border: dim
            header: reverse
            breadcrumb: reverse bold
            columnHeader: bold
            selection: reverse
            hint: normal
            hintKey: bold
            flash: bold
            banner: reverse bold
            error: bold
            warning: underline
            success: normal
            accent: bold
            dialog: normal
            button: normal
            buttonFocused: reverse bold
            input: underline
            match: underline bold
          status:
            scheduled: dim
            queued: normal
            running: bold
            waiting: underline
            completed: normal
            failed: bold
            canceled: dim
          log:
            trace: dim
            debug: dim
            info: normal
            notice: normal
            warning: underline
            error: bold
            critical: reverse bold
          json:
            key: bold
            string: normal
            number: normal
            bool: normal
            "null": dim
            punctuation: dim

        """#
}
