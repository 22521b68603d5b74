//! The progress line of long work running off the input thread (`crate::tui::app::job`):
//! what it does, a gauge, the steps done of all, the seconds taken, and the keys that stop
//! it, taken from the bindings table.

use crate::domain::text::{truncate, truncate_start, width};
use crate::i18n::Lang;
use crate::keys::Ctx;
use crate::tui::app::job::Shown;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The gauge's width in cells.
const GAUGE: usize = 20;

/// The gauge's cells: filled for the share done, the rest light.
fn gauge(done: u64, total: u64) -> (String, String) {
    let filled = if total == 0 {
        0
    } else {
        ((done.min(total) as u128 * GAUGE as u128) / total as u128) as usize
    };
    ("█".repeat(filled), "░".repeat(GAUGE - filled))
}

/// Draws the line for a job as shown.
pub fn draw(f: &mut Frame, area: Rect, shown: &Shown, lang: Lang, th: Theme) {
    let (full, empty) = gauge(shown.done, shown.total);
    let counts = if shown.total == 0 {
        format!(" {} s", shown.seconds)
    } else {
        format!(
            " {}/{} {} · {} s",
            crate::present::number(shown.done as usize, lang),
            crate::present::number(shown.total as usize, lang),
            shown.unit,
            shown.seconds
        )
    };
    let keys: Vec<Span> = if shown.stopping {
        vec![Span::raw(format!(" · {}", lang.pick("đang dừng…", "stopping…")))]
    } else {
        crate::tui::keys::footer(Ctx::Working, lang)
            .into_iter()
            .flat_map(|(k, d)| [Span::raw(" · "), Span::styled(k, th.key()), Span::raw(format!(" {d}"))])
            .collect()
    };
    let tail = width(&counts) + keys.iter().map(|s| width(&s.content)).sum::<usize>();
    let room = (area.width as usize).saturating_sub(1 + GAUGE + 2 + tail);
    // The verb whole, the path cut from its start: its file name stays in view.
    let (verb, target) = &shown.label;
    let label = format!(
        "{verb} {}",
        truncate_start(target, room.saturating_sub(width(verb) + 1))
    );
    let label = truncate(&label, room);
    let pad = room.saturating_sub(width(&label));
    let mut spans = vec![
        Span::raw(" "),
        Span::styled(label, Style::default()),
        Span::raw(format!("{} ", " ".repeat(pad + 1))),
        Span::styled(full, th.ok()),
        Span::raw(empty),
        Span::raw(counts),
    ];
    spans.extend(keys);
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gauge_fills_with_the_share_done() {
        assert_eq!(gauge(0, 6), (String::new(), "░".repeat(20)));
        assert_eq!(gauge(3, 6).0.chars().count(), 10);
        assert_eq!(gauge(6, 6), ("█".repeat(20), String::new()));
        assert_eq!(gauge(9, 6).0.chars().count(), 20, "never past full");
        assert_eq!(gauge(1, 0).0, "", "no total yet: empty");
    }
}
