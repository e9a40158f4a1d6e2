extension Theme {
    /// The text of `themes/light.yaml`, built in so `--theme light` works without the file. A test keeps the
    /// two the same, byte for byte: after editing the file, copy it here.
    static let builtinLightYAML = #"""
        # StackShift console theme: light, for bright rooms and light terminals.
        name: light
        description: Light background with dark, saturated status colours.
        palette:
          paper: "#fbfbf9"
          panel: "#e9ebef"
          line: "#c7ccd5"
          muted: "#737b88"
          ink: "#2a2f38"
          black: "#0f1115"
          sky: "#cfe3fa"
          blue: "#1f63b8"
          teal: "#0b7c86"
          green: "#3b7d1e"
          amber: "#9a6a00"
          orange: "#b2561a"
          red: "#c2283a"
          purple: "#7b3fb3"
          slate: "#4c5666"
          g1: "#cfe7e3"
          g2: "#9bcfc5"
          g3: "#5fb0a0"
          g4: "#2f8b79"
          g5: "#116653"

        roles:
          ui:
            background: { fg: ink, bg: paper }
            text: ink
            dim: muted
            border: line
            header: { fg: black, bg: panel, attrs: bold }
            breadcrumb: { fg: blue, bg: panel, attrs: bold }
            columnHeader: { fg: slate, attrs: bold }
            selection: { fg: black, bg: sky }
            hint: { fg: muted, bg: panel }
            hintKey: { fg: blue, bg: panel, attrs: bold }
            flash: { fg: green, attrs: bold }
            banner: { fg: paper, bg: orange, attrs: bold }
            error: red
            warning: amber
            success: green
            accent: blue
            dialog: { fg: ink, bg: panel }
            button: { fg: ink, bg: line }
            buttonFocused: { fg: paper, bg: blue, attrs: bold }
            input: { fg: black, bg: panel }
            match: { fg: black, bg: "#f7d774", attrs: bold }
          status:
            scheduled: purple
            queued: slate
            running: teal
            waiting: amber
            completed: green
            failed: red
            canceled: muted
          log:
            trace: muted
            debug: slate
            info: ink
            notice: teal
            warning: amber
            error: red
            critical: { fg: paper, bg: red, attrs: bold }
          json:
            key: blue
            string: green
            number: orange
            bool: purple
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
