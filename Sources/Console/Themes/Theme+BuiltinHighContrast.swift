extension Theme {
    /// The text of `themes/high-contrast.yaml`, built in so `--theme high-contrast` works without the file. A test keeps the
    /// two the same, byte for byte: after editing the file, copy it here.
    static let builtinHighContrastYAML = #"""
        # StackShift console theme: high contrast. Pure black and white with fully saturated accents,
        # for projectors, low vision and bright glare.
        name: high-contrast
        description: Black background, white text, saturated accents, no mid-tones.
        palette:
          black: "#000000"
          white: "#ffffff"
          grey: "#bdbdbd"
          yellow: "#ffff00"
          cyan: "#00ffff"
          green: "#00ff5f"
          red: "#ff3b3b"
          magenta: "#ff5fff"
          orange: "#ffaf00"
          blue: "#5fafff"
          navy: "#0000af"
          darkred: "#af0000"

        roles:
          ui:
            background: { fg: white, bg: black }
            text: white
            dim: grey
            border: white
            header: { fg: white, bg: black, attrs: bold }
            breadcrumb: { fg: yellow, bg: black, attrs: bold }
            columnHeader: { fg: yellow, attrs: bold }
            selection: { fg: black, bg: yellow }
            hint: { fg: grey, bg: black }
            hintKey: { fg: cyan, bg: black, attrs: bold }
            flash: { fg: green, attrs: bold }
            banner: { fg: black, bg: yellow, attrs: bold }
            error: red
            warning: yellow
            success: green
            accent: cyan
            dialog: { fg: white, bg: black }
            button: { fg: black, bg: grey }
            buttonFocused: { fg: black, bg: white, attrs: bold }
            input: { fg: white, bg: black }
            match: { fg: black, bg: magenta, attrs: bold }
          status:
            scheduled: magenta
            queued: white
            running: cyan
            waiting: yellow
            completed: green
            failed: red
            canceled: grey
          log:
            trace: grey
            debug: grey
            info: white
            notice: cyan
            warning: yellow
            error: red
            critical: { fg: white, bg: darkred, attrs: bold }
          json:
            key: cyan
            string: green
            number: orange
            bool: magenta
            "null": grey
            punctuation: white
          graph: [blue, cyan, green, yellow, white]

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
