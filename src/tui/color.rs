//! Colour names, and what a terminal can show: truecolor, 256 colours, 16, or none (NO_COLOR).
//! Hex colours are brought down to the nearest xterm-256 index or ANSI colour so themes look
//! right over SSH on any terminal.

use ratatui::style::Color;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ColorDepth {
    /// NO_COLOR: the monochrome theme, everything shown through bold/underline/reverse.
    None,
    Ansi16,
    Indexed256,
    TrueColor,
}

impl ColorDepth {
    /// From the environment values (`NO_COLOR`, `COLORTERM`, `TERM`), pure for tests.
    pub fn detect(no_color: Option<&str>, colorterm: Option<&str>, term: Option<&str>) -> Self {
        if no_color.is_some_and(|v| !v.is_empty()) {
            return ColorDepth::None;
        }
        let colorterm = colorterm.unwrap_or("").to_ascii_lowercase();
        if colorterm == "truecolor" || colorterm == "24bit" {
            return ColorDepth::TrueColor;
        }
        if term.unwrap_or("").contains("256color") {
            return ColorDepth::Indexed256;
        }
        ColorDepth::Ansi16
    }

    pub fn from_env() -> Self {
        let var = |k| std::env::var(k).ok();
        ColorDepth::detect(
            var("NO_COLOR").as_deref(),
            var("COLORTERM").as_deref(),
            var("TERM").as_deref(),
        )
    }
}

/// The 16 ANSI colours in index order, with the RGB values xterm uses for them.
const ANSI: [(Color, [u8; 3]); 16] = [
    (Color::Black, [0, 0, 0]),
    (Color::Red, [205, 0, 0]),
    (Color::Green, [0, 205, 0]),
    (Color::Yellow, [205, 205, 0]),
    (Color::Blue, [0, 0, 238]),
    (Color::Magenta, [205, 0, 205]),
    (Color::Cyan, [0, 205, 205]),
    (Color::Gray, [229, 229, 229]),
    (Color::DarkGray, [127, 127, 127]),
    (Color::LightRed, [255, 0, 0]),
    (Color::LightGreen, [0, 255, 0]),
    (Color::LightYellow, [255, 255, 0]),
    (Color::LightBlue, [92, 92, 255]),
    (Color::LightMagenta, [255, 0, 255]),
    (Color::LightCyan, [0, 255, 255]),
    (Color::White, [255, 255, 255]),
];

/// A colour as written in a theme: a name ("red", "bright-blue", "dark-gray", "default"), an
/// index "0"-"255", or "#rrggbb".
pub fn parse(s: &str) -> Option<Color> {
    let s = s.trim();
    if let Some(hex) = s.strip_prefix('#') {
        if hex.len() != 6 || !hex.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        return Some(Color::Rgb(byte(0)?, byte(2)?, byte(4)?));
    }
    if let Ok(i) = s.parse::<u8>() {
        return Some(Color::Indexed(i));
    }
    let name: String = s
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .collect::<String>()
        .to_ascii_lowercase();
    let name = name.replace("grey", "gray");
    Some(match name.as_str() {
        "default" | "reset" => Color::Reset,
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        // ANSI 7 and 8: xterm's "white" is a light gray, "bright black" a dark one.
        "gray" | "lightgray" => Color::Gray,
        "darkgray" | "brightblack" => Color::DarkGray,
        "lightred" | "brightred" => Color::LightRed,
        "lightgreen" | "brightgreen" => Color::LightGreen,
        "lightyellow" | "brightyellow" => Color::LightYellow,
        "lightblue" | "brightblue" => Color::LightBlue,
        "lightmagenta" | "brightmagenta" => Color::LightMagenta,
        "lightcyan" | "brightcyan" => Color::LightCyan,
        "white" | "brightwhite" => Color::White,
        _ => return None,
    })
}

/// `c` as a terminal of `depth` can show it.
pub fn downgrade(c: Color, depth: ColorDepth) -> Color {
    match (c, depth) {
        (_, ColorDepth::None) => Color::Reset,
        (Color::Rgb(r, g, b), ColorDepth::Indexed256) => Color::Indexed(nearest_256([r, g, b])),
        (Color::Rgb(r, g, b), ColorDepth::Ansi16) => nearest_16([r, g, b]),
        (Color::Indexed(i), ColorDepth::Ansi16) => nearest_16(rgb_of_index(i)),
        _ => c,
    }
}

const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];

fn dist(a: [u8; 3], b: [u8; 3]) -> u32 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (i32::from(*x) - i32::from(y)).pow(2) as u32)
        .sum()
}

/// The xterm-256 index nearest to `rgb`, from the 6x6x6 cube (16-231) and the gray ramp
/// (232-255); the first 16 are left out because terminals redefine them.
pub fn nearest_256(rgb: [u8; 3]) -> u8 {
    let level = |v: u8| {
        (0..6)
            .min_by_key(|&i| (i32::from(CUBE[i]) - i32::from(v)).abs())
            .unwrap_or(0)
    };
    let (r, g, b) = (level(rgb[0]), level(rgb[1]), level(rgb[2]));
    let cube_idx = 16 + 36 * r + 6 * g + b;
    let cube_rgb = [CUBE[r], CUBE[g], CUBE[b]];
    let avg = (rgb.iter().map(|v| u32::from(*v)).sum::<u32>() / 3) as i32;
    let gray_i = ((avg - 8 + 5) / 10).clamp(0, 23);
    let gray_v = (8 + 10 * gray_i) as u8;
    if dist(rgb, [gray_v; 3]) < dist(rgb, cube_rgb) {
        232 + gray_i as u8
    } else {
        cube_idx as u8
    }
}

fn rgb_of_index(i: u8) -> [u8; 3] {
    match i {
        0..=15 => ANSI[i as usize].1,
        16..=231 => {
            let n = (i - 16) as usize;
            [CUBE[n / 36], CUBE[(n / 6) % 6], CUBE[n % 6]]
        }
        _ => [8 + 10 * (i - 232); 3],
    }
}

pub fn nearest_16(rgb: [u8; 3]) -> Color {
    ANSI.iter()
        .min_by_key(|(_, v)| dist(rgb, *v))
        .map_or(Color::Reset, |(c, _)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_from_environment() {
        use ColorDepth as D;
        assert_eq!(
            ColorDepth::detect(None, Some("truecolor"), None),
            D::TrueColor
        );
        assert_eq!(
            ColorDepth::detect(None, Some("24bit"), Some("xterm")),
            D::TrueColor
        );
        assert_eq!(
            ColorDepth::detect(None, None, Some("xterm-256color")),
            D::Indexed256
        );
        assert_eq!(
            ColorDepth::detect(None, Some(""), Some("screen-256color")),
            D::Indexed256
        );
        assert_eq!(ColorDepth::detect(None, None, Some("xterm")), D::Ansi16);
        assert_eq!(ColorDepth::detect(None, None, None), D::Ansi16);
        assert_eq!(
            ColorDepth::detect(Some("1"), Some("truecolor"), None),
            D::None
        );
        // An empty NO_COLOR does not count (no-color.org).
        assert_eq!(
            ColorDepth::detect(Some(""), Some("truecolor"), None),
            D::TrueColor
        );
    }

    #[test]
    fn hex_to_known_indexes() {
        assert_eq!(nearest_256([0xff, 0x00, 0x00]), 196);
        assert_eq!(nearest_256([0x00, 0x00, 0xff]), 21);
        assert_eq!(nearest_256([0x80, 0x80, 0x80]), 244);
        assert_eq!(nearest_256([0xd7, 0x87, 0x00]), 172);
        assert_eq!(nearest_256([0x08, 0x08, 0x08]), 232);
        assert_eq!(nearest_256([0xff, 0xff, 0xff]), 231);
        assert_eq!(nearest_256([0x00, 0x00, 0x00]), 16);
        assert_eq!(nearest_16([0xff, 0x00, 0x00]), Color::LightRed);
        assert_eq!(nearest_16([0xc0, 0x10, 0x10]), Color::Red);
        assert_eq!(nearest_16([0x20, 0x20, 0x20]), Color::Black);
        assert_eq!(nearest_16([0x80, 0x80, 0x80]), Color::DarkGray);
    }

    #[test]
    fn downgrade_by_depth() {
        let hex = parse("#ff8700").unwrap();
        assert_eq!(hex, Color::Rgb(255, 135, 0));
        assert_eq!(downgrade(hex, ColorDepth::TrueColor), hex);
        assert_eq!(downgrade(hex, ColorDepth::Indexed256), Color::Indexed(208));
        assert_eq!(downgrade(hex, ColorDepth::Ansi16), Color::Yellow);
        assert_eq!(
            downgrade(Color::Indexed(208), ColorDepth::Ansi16),
            Color::Yellow
        );
        assert_eq!(
            downgrade(Color::Indexed(4), ColorDepth::Ansi16),
            Color::Blue
        );
        assert_eq!(downgrade(Color::Red, ColorDepth::Ansi16), Color::Red);
        assert_eq!(downgrade(Color::Red, ColorDepth::None), Color::Reset);
    }

    #[test]
    fn colour_names() {
        assert_eq!(parse("bright-blue"), Some(Color::LightBlue));
        assert_eq!(parse("Dark_Grey"), Some(Color::DarkGray));
        assert_eq!(parse("default"), Some(Color::Reset));
        assert_eq!(parse("42"), Some(Color::Indexed(42)));
        assert_eq!(parse("#12345"), None);
        assert_eq!(parse("#gg0000"), None);
        assert_eq!(parse("#ä12345"), None);
        assert_eq!(parse("purple"), None);
    }
}
