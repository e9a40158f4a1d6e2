extension Theme {
    /// The text of `themes/monochrome.yaml`, built in so `--theme monochrome` works without the file. A test keeps the
    /// two the same, byte for byte: after editing the file, copy it here.
    static let builtinMonochromeYAML = #"""
        # StackShift console theme: monochrome. No colour at all: the terminal's own foreground and background,
        # with bold, dim, underline and reverse doing the work. Looks the same with NO_COLOR set.
        name: monochrome
        description: The terminal's own colours only; attributes mark status and focus.
        roles:
          ui:
            background: default
            text: default
            dim: { fg: default, bg: default, attrs: dim }
            border: { fg: default, bg: default, attrs: dim }
            header: { fg: default, bg: default, attrs: reverse }
            breadcrumb: { fg: default, bg: default, attrs: reverse bold }
            columnHeader: { fg: default, bg: default, attrs: bold }
            selection: { fg: default, bg: default, attrs: reverse }
            hint: default
            hintKey: { fg: default, bg: default, attrs: bold }
            flash: { fg: default, bg: default, attrs: bold }
            banner: { fg: default, bg: default, attrs: reverse bold }
            error: { fg: default, bg: default, attrs: bold }
            warning: { fg: default, bg: default, attrs: underline }
            success: default
            accent: { fg: default, bg: default, attrs: bold }
            dialog: default
            button: default
            buttonFocused: { fg: default, bg: default, attrs: reverse bold }
            input: { fg: default, bg: default, attrs: underline }
            match: { fg: default, bg: default, attrs: underline bold }
          status:
            scheduled: { fg: default, bg: default, attrs: dim }
            queued: default
            running: { fg: default, bg: default, attrs: bold }
            waiting: { fg: default, bg: default, attrs: underline }
            completed: default
            failed: { fg: default, bg: default, attrs: bold }
            canceled: { fg: default, bg: default, attrs: dim }
          log:
            trace: { fg: default, bg: default, attrs: dim }
            debug: { fg: default, bg: default, attrs: dim }
            info: default
            notice: default
            warning: { fg: default, bg: default, attrs: underline }
            error: { fg: default, bg: default, attrs: bold }
            critical: { fg: default, bg: default, attrs: reverse bold }
          json:
            key: { fg: default, bg: default, attrs: bold }
            string: default
            number: default
            bool: default
            "null": { fg: default, bg: default, attrs: dim }
            punctuation: { fg: default, bg: default, attrs: dim }
          graph: [default]

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
