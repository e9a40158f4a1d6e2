extension Theme {
    /// The text of `themes/colorblind.yaml`, built in so `--theme colorblind` works without the file. A test keeps the
    /// two the same, byte for byte: after editing the file, copy it here.
    static let builtinColorblindYAML = #"""
        # StackShift console theme: colour-blind safe. Built on the Okabe-Ito palette, which stays distinct
        # under protanopia, deuteranopia and tritanopia; status symbols carry the meaning as well.
        name: colorblind
        description: Okabe-Ito palette on a dark background; distinct for every common colour-vision deficiency.
        palette:
          ink: "#15171c"
          panel: "#24272e"
          line: "#3d424d"
          muted: "#8a919c"
          text: "#e4e6ea"
          paper: "#ffffff"
          orange: "#e69f00"
          sky: "#56b4e9"
          bluishgreen: "#009e73"
          yellow: "#f0e442"
          blue: "#0072b2"
          vermillion: "#d55e00"
          purple: "#cc79a7"
          grey: "#b4b9c2"
          selection: "#1f4f73"

        roles:
          ui:
            background: { fg: text, bg: ink }
            text: text
            dim: muted
            border: line
            header: { fg: paper, bg: panel, attrs: bold }
            breadcrumb: { fg: sky, bg: panel, attrs: bold }
            columnHeader: { fg: grey, attrs: bold }
            selection: { fg: paper, bg: selection }
            hint: { fg: muted, bg: panel }
            hintKey: { fg: yellow, bg: panel, attrs: bold }
            flash: { fg: sky, attrs: bold }
            banner: { fg: ink, bg: orange, attrs: bold }
            error: vermillion
            warning: orange
            success: sky
            accent: sky
            dialog: { fg: text, bg: panel }
            button: { fg: text, bg: line }
            buttonFocused: { fg: ink, bg: sky, attrs: bold }
            input: { fg: paper, bg: panel }
            match: { fg: ink, bg: yellow, attrs: bold }
          status:
            scheduled: purple
            queued: grey
            running: yellow
            waiting: orange
            completed: sky
            failed: vermillion
            canceled: muted
          log:
            trace: muted
            debug: grey
            info: text
            notice: bluishgreen
            warning: orange
            error: vermillion
            critical: { fg: paper, bg: vermillion, attrs: bold }
          json:
            key: sky
            string: bluishgreen
            number: orange
            bool: purple
            "null": muted
            punctuation: muted
          graph: [blue, sky, bluishgreen, yellow, orange]

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
