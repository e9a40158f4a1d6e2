import Console
import ConsoleTerminal
import Testing

@Suite("ColorMode: what a terminal's colour count allows")
struct ColorModeTests {
    @Test(
        "the mode follows the colour count, and NO_COLOR or no colour support means monochrome",
        arguments: [
            (2, true, false, ColorMode.monochrome), (8, true, false, .basic8), (16, true, false, .basic16),
            (88, true, false, .basic16), (256, true, false, .palette256), (0x100_0000, true, false, .direct),
            (256, true, true, .monochrome), (256, false, false, .monochrome),
        ])
    func detect(colors: Int, hasColors: Bool, noColor: Bool, mode: ColorMode) {
        #expect(ColorMode.detect(colors: colors, hasColors: hasColors, noColor: noColor) == mode)
    }

    @Test("monochrome and the terminal default never ask for a colour")
    func defaults() {
        #expect(ColorMode.monochrome.colorNumber(.indexed(1)) == -1)
        #expect(ColorMode.palette256.colorNumber(.terminalDefault) == -1)
        #expect(ColorMode.palette256.colorNumber(.indexed(200)) == 200)
    }

    @Test(
        "each mode turns indexed and RGB theme colours into the colour numbers it can show",
        arguments: [
            // Basic colours pass through every colour mode unchanged.
            (ThemeColor.indexed(1), ColorMode.basic8, Int32(1)), (.indexed(1), .basic16, 1),
            (.indexed(1), .palette256, 1), (.indexed(1), .direct, 1),
            // Bright red: 8 colours fall back to red, 16 keep it, 256 keep the index, direct asks for its RGB.
            (.indexed(9), .basic8, 1), (.indexed(9), .basic16, 9), (.indexed(9), .palette256, 9),
            (.indexed(9), .direct, 0xFF0000),
            // Palette 196 is pure red in the cube.
            (.indexed(196), .basic8, 1), (.indexed(196), .basic16, 9), (.indexed(196), .palette256, 196),
            (.indexed(196), .direct, 0xFF0000),
            // RGB: the nearest basic colour by hue, the nearest of the 256 (a grey goes to the grey ramp), or
            // the exact value in direct colour.
            (.rgb(0xFF, 0, 0), .basic8, 1), (.rgb(0xFF, 0, 0), .basic16, 9), (.rgb(0xFF, 0, 0), .palette256, 196),
            (.rgb(0x80, 0x80, 0x80), .palette256, 244), (.rgb(0x80, 0x80, 0x80), .basic8, 0),
            (.rgb(0x80, 0x80, 0x80), .basic16, 8), (.rgb(0x12, 0x34, 0x56), .direct, 0x123456),
            (.rgb(0x00, 0x80, 0x00), .basic16, 2), (.rgb(0x20, 0x20, 0x20), .basic8, 0),
        ])
    func colorNumbers(color: ThemeColor, mode: ColorMode, number: Int32) {
        #expect(mode.colorNumber(color) == number, "\(color) in \(mode)")
    }

    @Test("no mode but direct ever asks for a colour number its palette does not have")
    func withinPalette() {
        let colors: [ThemeColor] =
            (0...255).map { ThemeColor.indexed(UInt8($0)) }
            + stride(from: 0, through: 255, by: 17).flatMap { red in
                stride(from: 0, through: 255, by: 51).map { ThemeColor.rgb(UInt8(red), UInt8($0), UInt8(255 - $0)) }
            }
        for color in colors {
            #expect((0..<8).contains(ColorMode.basic8.colorNumber(color)), "\(color) in 8 colours")
            #expect((0..<16).contains(ColorMode.basic16.colorNumber(color)), "\(color) in 16 colours")
            #expect((0..<256).contains(ColorMode.palette256.colorNumber(color)), "\(color) in 256 colours")
            #expect(ColorMode.monochrome.colorNumber(color) == -1, "\(color) in monochrome")
        }
        for mode in [ColorMode.monochrome, .basic8, .basic16, .palette256, .direct] {
            #expect(mode.colorNumber(.terminalDefault) == -1, "the terminal default in \(mode)")
        }
    }

    @Test("a foreground the mode merges into its background gives way to black or white, whichever stands out")
    func distinctPairs() {
        // The default theme's muted grey on its near-black screen: both black in 8 colours, so dim text vanished.
        let muted = ThemeColor.rgb(0x7F, 0x88, 0x96)
        let ink = ThemeColor.rgb(0x16, 0x18, 0x1D)
        #expect(ColorMode.basic8.colorPair(foreground: muted, background: ink) == (7, 0))
        // 16 colours keep them apart (bright black on black): left alone.
        #expect(ColorMode.basic16.colorPair(foreground: muted, background: ink) == (8, 0))
        // Its blue selection marker on the lake-blue selection bar: cyan on cyan in 8 colours; cyan is light.
        let blue = ThemeColor.rgb(0x6C, 0xB0, 0xF0)
        let lake = ThemeColor.rgb(0x26, 0x47, 0x66)
        #expect(ColorMode.basic8.colorPair(foreground: blue, background: lake) == (0, 6))
        // A light theme's pale grey on white: black.
        #expect(
            ColorMode.basic8.colorPair(foreground: .rgb(0xC0, 0xC0, 0xC0), background: .rgb(0xFF, 0xFF, 0xFF)) == (0, 7)
        )
        // Two near greys merged by the 256 palette: the cube's black or white.
        #expect(
            ColorMode.palette256.colorPair(foreground: .rgb(0x1A, 0x1A, 0x1A), background: .rgb(0x1C, 0x1C, 0x1C))
                == (231, 234))
        // Colours that stay apart, the same colour asked for on purpose, and the terminal's default: unchanged.
        #expect(ColorMode.basic8.colorPair(foreground: .indexed(1), background: ink) == (1, 0))
        #expect(ColorMode.basic8.colorPair(foreground: .indexed(4), background: .indexed(4)) == (4, 4))
        #expect(ColorMode.basic8.colorPair(foreground: muted, background: .terminalDefault) == (0, -1))
        #expect(ColorMode.monochrome.colorPair(foreground: muted, background: ink) == (-1, -1))
    }
}
