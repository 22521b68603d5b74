//! Colours and marks. Designed for the 16-colour palette (PuTTY, conhost, ssh without
//! COLORTERM); with `NO_COLOR` every status stays visible through symbols and bold.

use crate::domain::attainment::Status;
use crate::domain::rules::Severity;
use ratatui::style::{Color, Modifier, Style};

/// The styles of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    /// No colours at all (`NO_COLOR` is set).
    pub mono: bool,
}

impl Theme {
    /// The theme for this environment: monochrome when `NO_COLOR` is set to anything.
    pub fn from_env() -> Theme {
        Theme {
            mono: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        }
    }

    fn fg(self, c: Color) -> Style {
        if self.mono {
            Style::default()
        } else {
            Style::default().fg(c)
        }
    }

    /// Plain text.
    pub fn text(self) -> Style {
        Style::default()
    }

    /// Less important text.
    pub fn dim(self) -> Style {
        if self.mono {
            Style::default()
        } else {
            Style::default().fg(Color::DarkGray)
        }
    }

    /// Column heads and section titles.
    pub fn head(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// A heading row of an appendix.
    pub fn heading_row(self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    /// The active tab.
    pub fn tab_active(self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// The selected row (its name).
    pub fn row_selected(self) -> Style {
        if self.mono {
            Style::default().add_modifier(Modifier::BOLD)
        } else {
            Style::default().bg(Color::DarkGray).fg(Color::White)
        }
    }

    /// The selected cell.
    pub fn cell_selected(self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    /// A percentage of the given status.
    pub fn status(self, s: Option<Status>) -> Style {
        match (self.mono, s) {
            (true, Some(Status::Met)) => Style::default().add_modifier(Modifier::BOLD),
            (true, Some(Status::Behind)) => Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            (true, _) => Style::default(),
            (false, Some(Status::Met)) => Style::default().fg(Color::Green),
            (false, Some(Status::Close)) => Style::default().fg(Color::Yellow),
            (false, Some(Status::Behind)) => Style::default().fg(Color::Red),
            (false, None) => Style::default(),
        }
    }

    /// The mark after a percentage: only without colours (`~` close, `!` behind).
    pub fn status_mark(self, s: Option<Status>) -> char {
        match crate::domain::marks::status_char(s) {
            Some(c) if self.mono => c,
            _ => ' ',
        }
    }

    /// A figure involved in a finding.
    pub fn flagged(self, s: Severity) -> Style {
        match (self.mono, s) {
            (true, _) => Style::default().add_modifier(Modifier::UNDERLINED),
            (false, Severity::Error) => Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            (false, Severity::Warning) => Style::default().fg(Color::Yellow),
            (false, Severity::Info) => Style::default(),
        }
    }

    /// A figure that differs from the official one (scenario or live preview).
    pub fn changed(self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::BOLD)
    }

    /// An error message.
    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    /// A note that something worked.
    pub fn ok(self) -> Style {
        self.fg(Color::Green)
    }

    /// A key name in the footer and help.
    pub fn key(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// The scenario banner in the header.
    pub fn scenario(self) -> Style {
        if self.mono {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
                .bg(Color::Magenta)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD)
        }
    }

    /// The frame of a popup.
    pub fn border(self) -> Style {
        self.fg(Color::Cyan)
    }

    /// The filled part of a gauge.
    pub fn bar(self, s: Option<Status>) -> Style {
        match s {
            None => self.fg(Color::Blue),
            s => self.status(s),
        }
    }
}
