//! Light and dark themes, the bundled font, and small style helpers.

use iced::theme::Palette;
use iced::widget::{button, container};
use iced::{Border, Color, Font, Theme, color};

pub const FONT_REGULAR: &[u8] = include_bytes!("../../assets/fonts/BeVietnamPro-Regular.ttf");
pub const FONT_MEDIUM: &[u8] = include_bytes!("../../assets/fonts/BeVietnamPro-Medium.ttf");
pub const FONT_SEMIBOLD: &[u8] = include_bytes!("../../assets/fonts/BeVietnamPro-SemiBold.ttf");
pub const FONT_BOLD: &[u8] = include_bytes!("../../assets/fonts/BeVietnamPro-Bold.ttf");
pub const FONT_ITALIC: &[u8] = include_bytes!("../../assets/fonts/BeVietnamPro-Italic.ttf");

pub const FONTS: [&[u8]; 5] = [
    FONT_REGULAR,
    FONT_MEDIUM,
    FONT_SEMIBOLD,
    FONT_BOLD,
    FONT_ITALIC,
];

/// Be Vietnam Pro, the default font: rendering does not depend on the machine.
pub const FONT: Font = Font::with_name("Be Vietnam Pro");

pub const BOLD: Font = Font {
    weight: iced::font::Weight::Bold,
    ..FONT
};

pub const SEMIBOLD: Font = Font {
    weight: iced::font::Weight::Semibold,
    ..FONT
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeChoice {
    #[default]
    Light,
    Dark,
}

impl ThemeChoice {
    pub fn key(self) -> &'static str {
        match self {
            ThemeChoice::Light => "light",
            ThemeChoice::Dark => "dark",
        }
    }

    pub fn from_key(s: &str) -> ThemeChoice {
        if s == "dark" {
            ThemeChoice::Dark
        } else {
            ThemeChoice::Light
        }
    }

    pub fn toggled(self) -> ThemeChoice {
        match self {
            ThemeChoice::Light => ThemeChoice::Dark,
            ThemeChoice::Dark => ThemeChoice::Light,
        }
    }

    pub fn theme(self) -> Theme {
        match self {
            ThemeChoice::Light => Theme::custom(
                "TiepNhan sáng",
                Palette {
                    background: color!(0xF6F7F9),
                    text: color!(0x1B2430),
                    primary: color!(0x1F5FA8),
                    success: color!(0x2E7D32),
                    warning: color!(0xB26A00),
                    danger: color!(0xC62828),
                },
            ),
            ThemeChoice::Dark => Theme::custom(
                "TiepNhan tối",
                Palette {
                    background: color!(0x161A20),
                    text: color!(0xE6E9EE),
                    primary: color!(0x5B9BE6),
                    success: color!(0x66BB6A),
                    warning: color!(0xFFB74D),
                    danger: color!(0xEF5350),
                },
            ),
        }
    }
}

/// A raised card on the background.
pub fn card(theme: &Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style {
        background: Some(p.background.base.color.into()),
        border: Border {
            color: p.background.strong.color,
            width: 1.0,
            radius: 8.0.into(),
        },
        ..container::Style::default()
    }
}

/// The sidebar.
pub fn sidebar(theme: &Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style {
        background: Some(p.background.weak.color.into()),
        ..container::Style::default()
    }
}

/// The header bar.
pub fn header(theme: &Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style {
        background: Some(p.primary.strong.color.into()),
        text_color: Some(p.primary.strong.text),
        ..container::Style::default()
    }
}

/// A banner: error, warning or success.
pub fn banner(kind: Banner) -> impl Fn(&Theme) -> container::Style {
    move |theme: &Theme| {
        let p = theme.extended_palette();
        let pair = match kind {
            Banner::Error => p.danger.weak,
            Banner::Warning => p.warning.weak,
            Banner::Success => p.success.weak,
            Banner::Info => p.primary.weak,
        };
        container::Style {
            background: Some(pair.color.into()),
            text_color: Some(pair.text),
            border: Border {
                radius: 6.0.into(),
                ..Border::default()
            },
            ..container::Style::default()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Banner {
    Error,
    Warning,
    Success,
    Info,
}

/// A navigation entry: highlighted when selected.
pub fn nav(selected: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |theme: &Theme, status| {
        let p = theme.extended_palette();
        let base = button::Style {
            background: None,
            text_color: p.background.base.text,
            border: Border {
                radius: 6.0.into(),
                ..Border::default()
            },
            ..button::Style::default()
        };
        match (selected, status) {
            (true, _) => button::Style {
                background: Some(p.primary.weak.color.into()),
                text_color: p.primary.weak.text,
                ..base
            },
            (false, button::Status::Hovered) => button::Style {
                background: Some(p.background.strong.color.into()),
                ..base
            },
            _ => base,
        }
    }
}

/// A row of a table, striped.
pub fn row_style(index: usize, highlight: Option<Color>) -> impl Fn(&Theme) -> container::Style {
    move |theme: &Theme| {
        let p = theme.extended_palette();
        let bg = highlight.unwrap_or(if index.is_multiple_of(2) {
            p.background.base.color
        } else {
            p.background.weak.color
        });
        container::Style {
            background: Some(bg.into()),
            ..container::Style::default()
        }
    }
}

pub fn muted(theme: &Theme) -> iced::widget::text::Style {
    iced::widget::text::Style {
        color: Some(
            theme
                .extended_palette()
                .background
                .strong
                .text
                .scale_alpha(0.75),
        ),
    }
}

pub fn danger_text(theme: &Theme) -> iced::widget::text::Style {
    iced::widget::text::Style {
        color: Some(theme.palette().danger),
    }
}

pub fn warning_text(theme: &Theme) -> iced::widget::text::Style {
    iced::widget::text::Style {
        color: Some(theme.palette().warning),
    }
}

pub fn success_text(theme: &Theme) -> iced::widget::text::Style {
    iced::widget::text::Style {
        color: Some(theme.palette().success),
    }
}

/// A quiet action that reads as a link: the primary colour, a soft
/// background under the mouse.
pub fn link(theme: &Theme, status: button::Status) -> button::Style {
    let p = theme.extended_palette();
    button::Style {
        background: match status {
            button::Status::Hovered | button::Status::Pressed => {
                Some(p.primary.weak.color.scale_alpha(0.4).into())
            }
            _ => None,
        },
        text_color: match status {
            button::Status::Disabled => p.background.strong.color,
            _ => p.primary.base.color,
        },
        border: Border {
            radius: 4.0.into(),
            ..Border::default()
        },
        ..button::Style::default()
    }
}

/// A row of a list that opens something: striped, and clearly highlighted
/// under the mouse so that it reads as clickable.
pub fn list_row(index: usize) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |theme: &Theme, status| {
        let p = theme.extended_palette();
        let background = match status {
            button::Status::Hovered | button::Status::Pressed => p.primary.weak.color,
            _ if index.is_multiple_of(2) => p.background.base.color,
            _ => p.background.weak.color,
        };
        button::Style {
            background: Some(background.into()),
            text_color: match status {
                button::Status::Hovered | button::Status::Pressed => p.primary.weak.text,
                _ => p.background.base.text,
            },
            border: Border {
                radius: 4.0.into(),
                ..Border::default()
            },
            ..button::Style::default()
        }
    }
}

/// The card of the question the keys answer: the primary colour around it.
pub fn card_current(theme: &Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style {
        border: Border {
            color: p.primary.base.color,
            width: 2.0,
            radius: 8.0.into(),
        },
        ..card(theme)
    }
}
