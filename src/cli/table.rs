//! Aligned text tables for the terminal and for pipes, measured in display columns.

use crate::domain::text::{pad_left, pad_right, sanitize, truncate, width};

/// How a column's cells line up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table of text cells.
pub struct TextTable {
    pub headers: Vec<String>,
    pub aligns: Vec<Align>,
    pub rows: Vec<Vec<String>>,
    /// The column that gives way (is cut with …) when the table is too wide.
    pub flex: Option<usize>,
}

impl TextTable {
    /// A table with these column heads and alignments.
    pub fn new(headers: Vec<String>, aligns: Vec<Align>) -> Self {
        TextTable {
            headers,
            aligns,
            rows: Vec::new(),
            flex: None,
        }
    }

    /// Renders the table, cutting the flexible column so lines fit `max_width` when given.
    pub fn render(&self, max_width: Option<usize>) -> String {
        let n = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| width(h)).collect();
        for r in &self.rows {
            for (i, c) in r.iter().enumerate().take(n) {
                widths[i] = widths[i].max(width(c));
            }
        }
        if let (Some(max), Some(f)) = (max_width, self.flex) {
            let total: usize = widths.iter().sum::<usize>() + 2 * (n.saturating_sub(1));
            if total > max {
                widths[f] = widths[f].saturating_sub(total - max).max(12);
            }
        }
        let mut out = String::new();
        let line = |cells: &[String], out: &mut String| {
            let mut parts = Vec::with_capacity(n);
            for (i, (w, align)) in widths.iter().zip(&self.aligns).enumerate() {
                let c = sanitize(cells.get(i).map_or("", |s| s.as_str()));
                let c = truncate(&c, *w);
                parts.push(match align {
                    Align::Left => pad_right(&c, *w),
                    Align::Right => pad_left(&c, *w),
                });
            }
            out.push_str(parts.join("  ").trim_end());
            out.push('\n');
        };
        line(&self.headers, &mut out);
        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        out.push_str(&rule.join("  "));
        out.push('\n');
        for r in &self.rows {
            line(r, &mut out);
        }
        out
    }
}

/// The width to fit output to: the terminal's when stdout is one, else none.
pub fn terminal_width() -> Option<usize> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return None;
    }
    crossterm::terminal::size()
        .ok()
        .map(|(w, _)| w as usize)
        .filter(|w| *w >= 40)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_by_display_width_and_cuts_the_flexible_column() {
        let mut t = TextTable::new(
            vec!["STT".into(), "Chỉ tiêu".into(), "KH 2020".into()],
            vec![Align::Left, Align::Left, Align::Right],
        );
        t.rows.push(vec!["1".into(), "Tổng số hợp tác xã".into(), "201".into()]);
        t.rows
            .push(vec!["".into(), "Số hợp tác xã giải thể\u{1b}[2J".into(), "5".into()]);
        t.flex = Some(1);
        let s = t.render(None);
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(width(lines[2]), width(lines[0]));
        assert!(lines[2].ends_with("201"));
        assert!(!s.contains('\u{1b}'), "control bytes are made visible");
        let narrow = t.render(Some(30));
        assert!(narrow.lines().all(|l| width(l) <= 30), "{narrow}");
        assert!(narrow.contains('…'));
    }
}
