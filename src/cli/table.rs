//! Aligned text tables measured in display columns. Fitted to a width, the flexible column
//! (the indicator names) gives way first; if the table is still too wide its columns are
//! printed in blocks, each repeating the leading columns (STT and name), as wide listings in
//! other tools do. Without a width every line is complete.

use crate::domain::text::{pad_left, pad_right, sanitize, truncate, width};

/// How a column's cells line up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table of text cells.
pub struct TextTable {
    /// Column heads; a head may have two lines (`ƯTH/KH\n2019 %`).
    pub headers: Vec<String>,
    pub aligns: Vec<Align>,
    pub rows: Vec<Vec<String>>,
    /// The column that gives way (is cut with …) when the table is too wide.
    pub flex: Option<usize>,
    /// How narrow the flexible column may get.
    pub min_flex: usize,
    /// The leading columns repeated in each block when the columns are split.
    pub keep: usize,
    /// Fitted to a width, the last column wraps onto further lines rather than being cut or
    /// split off (a reason, a comment: read to the end).
    pub wrap_last: bool,
}

const GAP: usize = 2;

impl TextTable {
    /// A table with these column heads and alignments.
    pub fn new(headers: Vec<String>, aligns: Vec<Align>) -> Self {
        TextTable {
            headers,
            aligns,
            rows: Vec::new(),
            flex: None,
            min_flex: 12,
            keep: 0,
            wrap_last: false,
        }
    }

    fn natural_widths(&self) -> Vec<usize> {
        let n = self.headers.len();
        let mut widths: Vec<usize> = self
            .headers
            .iter()
            .map(|h| h.lines().map(width).max().unwrap_or(0))
            .collect();
        for r in &self.rows {
            for (i, c) in r.iter().enumerate().take(n) {
                widths[i] = widths[i].max(width(&sanitize(c)));
            }
        }
        widths
    }

    /// Renders the table; with `max_width`, fitted to it (see the module comment).
    pub fn render(&self, max_width: Option<usize>) -> String {
        let n = self.headers.len();
        let mut widths = self.natural_widths();
        let span = |ws: &[usize], cols: &[usize]| -> usize {
            cols.iter().map(|c| ws[*c]).sum::<usize>() + GAP * cols.len().saturating_sub(1)
        };
        let all: Vec<usize> = (0..n).collect();
        let Some(max) = max_width else {
            return self.block(&widths, &all);
        };
        if let Some(f) = self.flex
            && span(&widths, &all) > max
        {
            let over = span(&widths, &all) - max;
            widths[f] = widths[f].saturating_sub(over).max(self.min_flex.min(widths[f]));
        }
        if self.wrap_last && n > 0 && span(&widths, &all) > max {
            let over = span(&widths, &all) - max;
            widths[n - 1] = widths[n - 1].saturating_sub(over).max(16);
        }
        if span(&widths, &all) <= max || self.keep >= n || self.wrap_last {
            return self.block(&widths, &all);
        }
        // In blocks the flexible column has fewer neighbours: give it back room.
        if let Some(f) = self.flex {
            let natural = self.natural_widths()[f];
            widths[f] = natural.min(max / 3).max(widths[f]);
        }
        // Split the other columns into blocks that fit beside the kept ones.
        let kept: Vec<usize> = (0..self.keep).collect();
        let room = max.saturating_sub(span(&widths, &kept) + GAP);
        let mut blocks: Vec<Vec<usize>> = Vec::new();
        let mut cur: Vec<usize> = Vec::new();
        for c in self.keep..n {
            let mut trial = cur.clone();
            trial.push(c);
            if !cur.is_empty() && span(&widths, &trial) > room {
                blocks.push(std::mem::take(&mut cur));
            }
            cur.push(c);
        }
        if !cur.is_empty() {
            blocks.push(cur);
        }
        blocks
            .iter()
            .map(|b| {
                let cols: Vec<usize> = kept.iter().chain(b.iter()).copied().collect();
                self.block(&widths, &cols)
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn block(&self, widths: &[usize], cols: &[usize]) -> String {
        let mut out = String::new();
        let line = |cells: &[String], out: &mut String| {
            let parts: Vec<String> = cols
                .iter()
                .map(|&i| {
                    let w = widths[i];
                    let c = truncate(&sanitize(cells.get(i).map_or("", |s| s.as_str())), w);
                    match self.aligns.get(i).copied().unwrap_or(Align::Left) {
                        Align::Left => pad_right(&c, w),
                        Align::Right => pad_left(&c, w),
                    }
                })
                .collect();
            out.push_str(parts.join(&" ".repeat(GAP)).trim_end());
            out.push('\n');
        };
        let head_lines = self.headers.iter().map(|h| h.lines().count()).max().unwrap_or(1).max(1);
        for k in 0..head_lines {
            let heads: Vec<String> = self
                .headers
                .iter()
                .map(|h| {
                    let lines: Vec<&str> = h.lines().collect();
                    // Shorter heads sit on the last line(s).
                    let skip = head_lines - lines.len().max(1);
                    if k < skip {
                        String::new()
                    } else {
                        lines.get(k - skip).map(|s| s.to_string()).unwrap_or_default()
                    }
                })
                .collect();
            line(&heads, &mut out);
        }
        let rule: Vec<String> = cols.iter().map(|&i| "─".repeat(widths[i])).collect();
        out.push_str(&rule.join(&" ".repeat(GAP)));
        out.push('\n');
        let last = self.headers.len().saturating_sub(1);
        for r in &self.rows {
            let tail = r.get(last).map(|c| sanitize(c)).unwrap_or_default();
            if !self.wrap_last || !cols.contains(&last) || width(&tail) <= widths[last] {
                line(r, &mut out);
                continue;
            }
            let wrapped = wrap("", &tail, 0, Some(widths[last]));
            for (k, piece) in wrapped.lines().enumerate() {
                let mut cells: Vec<String> = if k == 0 {
                    r.clone()
                } else {
                    vec![String::new(); r.len()]
                };
                if let Some(c) = cells.get_mut(last) {
                    *c = piece.to_string();
                }
                line(&cells, &mut out);
            }
        }
        out
    }
}

/// Wraps a paragraph to `width` columns: the first line after `first`, the next ones after
/// `indent` spaces (a hanging indent). Without a width, one line.
pub fn wrap(first: &str, text: &str, indent: usize, max: Option<usize>) -> String {
    let text = sanitize(text);
    let Some(max) = max else {
        return format!("{first}{text}");
    };
    let mut out = first.to_string();
    let mut col = width(first);
    let mut fresh = true;
    for word in text.split_whitespace() {
        let w = width(word);
        if !fresh && col + 1 + w > max {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            col = indent;
            fresh = true;
        }
        if !fresh {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += w;
        fresh = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> TextTable {
        let mut t = TextTable::new(
            vec![
                "STT".into(),
                "Chỉ tiêu".into(),
                "KH\n2020".into(),
                "ƯTH/KH\n2019 %".into(),
            ],
            vec![Align::Left, Align::Left, Align::Right, Align::Right],
        );
        t.rows.push(vec![
            "1".into(),
            "Tổng số hợp tác xã".into(),
            "201".into(),
            "102,3%".into(),
        ]);
        t.rows.push(vec![
            "".into(),
            "Số hợp tác xã giải thể\u{1b}[2J".into(),
            "5".into(),
            "150,0%".into(),
        ]);
        t.flex = Some(1);
        t.keep = 2;
        t
    }

    #[test]
    fn aligns_by_display_width_and_cuts_the_flexible_column() {
        let t = sample();
        let s = t.render(None);
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines.len(), 5, "two head lines, a rule, two rows:\n{s}");
        assert!(lines[3].ends_with("102,3%"));
        assert!(!s.contains('\u{1b}'), "control bytes are made visible");
        let narrow = t.render(Some(36));
        assert!(narrow.lines().all(|l| width(l) <= 36), "{narrow}");
        assert!(narrow.contains('…'));
    }

    #[test]
    fn too_many_columns_are_printed_in_blocks() {
        let mut t = sample();
        t.min_flex = 14;
        let s = t.render(Some(28));
        assert!(s.lines().all(|l| width(l) <= 28), "{s}");
        assert_eq!(s.matches("STT").count(), 2, "each block repeats the kept columns:\n{s}");
        assert!(s.contains("201") && s.contains("102,3%"));
    }

    #[test]
    fn wraps_with_a_hanging_indent() {
        let w = wrap("  [x] ", "một hai ba bốn năm sáu bảy tám chín mười", 6, Some(20));
        assert!(w.lines().all(|l| width(l) <= 20), "{w}");
        assert!(w.lines().skip(1).all(|l| l.starts_with("      ")), "{w}");
        assert_eq!(wrap("- ", "a b", 2, None), "- a b");
    }
}
