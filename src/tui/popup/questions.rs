//! Questions with numbered answers, raised when a figure cannot simply be saved: it looks
//! doubtful, someone changed the cell meanwhile, or the scenario it was meant for is closed.
//! Only an explicit choice answers one; arrows, Tab and other keys do nothing.

use super::chrome::{centered, frame};
use crate::domain::number::format_cell;
use crate::domain::text::{sanitize, width};
use crate::domain::values::Values;
use crate::keys::{Action, Dir};
use crate::store::{Layer, ScenarioInfo, To};
use crate::tui::app::{App, Edit, Mode};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use rust_decimal::Decimal;

/// What a question is about.
#[derive(Clone, Debug, PartialEq)]
pub enum ChooseKind {
    /// A doubtful figure: 1 the suggestion (when there is one), 2 as typed, Esc edit again.
    Doubt {
        edit: Edit,
        dir: Dir,
        suggestion: Option<Decimal>,
        typed: Option<Option<Decimal>>,
    },
    /// Someone changed the cell while it was typed: 1 keep theirs, 2 write mine, 3/Esc edit.
    Conflict {
        edit: Edit,
        mine: Option<Decimal>,
        theirs: Option<Decimal>,
    },
    /// The scenario the figure was meant for was applied or discarded elsewhere: 1 official
    /// figures, 2 a new scenario, Esc back to the edit.
    LayerGone {
        edit: Edit,
        value: Option<Decimal>,
        closed: ScenarioInfo,
    },
}

/// A question with numbered options.
#[derive(Clone, Debug, PartialEq)]
pub struct Choose {
    pub kind: ChooseKind,
    pub question: String,
    /// The options, numbered from 1.
    pub options: Vec<String>,
    /// What Enter picks, when anything.
    pub default: Option<u8>,
}

impl App {
    /// Asks what to do with a doubtful figure.
    pub(in crate::tui) fn ask_doubt(
        &mut self,
        edit: Edit,
        dir: Dir,
        concern: String,
        suggestion: Option<Decimal>,
        typed: Option<Decimal>,
    ) {
        let lang = self.session.lang();
        let may_keep = typed.is_some() || edit.result.as_ref().is_ok_and(|r| r.value.is_none());
        let mut options = Vec::new();
        if let Some(s) = suggestion {
            options.push(format!("{} {}", self.t("ghi", "save"), format_cell(Some(&s), lang)));
        }
        if may_keep {
            options.push(format!(
                "{} {}",
                self.t("ghi đúng như đã gõ:", "save as typed:"),
                edit.field.text()
            ));
        }
        let default = suggestion.map(|_| 1);
        let question = format!(
            "{concern} {}",
            if default.is_some() {
                self.t("Enter = số gợi ý.", "Enter = the suggestion.")
            } else {
                ""
            }
        );
        let kind = ChooseKind::Doubt {
            dir,
            suggestion,
            typed: may_keep.then_some(typed),
            edit,
        };
        self.choose_mode(kind, question.trim().to_string(), options, default);
    }

    /// Asks what to do when someone else changed the cell meanwhile.
    pub(in crate::tui) fn ask_conflict(&mut self, edit: Edit, mine: Option<Decimal>, theirs: Option<Decimal>) {
        let lang = self.session.lang();
        let question = format!(
            "{} {} ({} {}).",
            self.t(
                "Người khác vừa sửa ô này thành",
                "Someone else just changed this cell to"
            ),
            format_cell(theirs.as_ref(), lang),
            self.t("bạn đã thấy", "you saw"),
            format_cell(edit.seen.as_ref(), lang)
        );
        let options = vec![
            format!(
                "{} ({})",
                self.t("giữ số của họ", "keep theirs"),
                format_cell(theirs.as_ref(), lang)
            ),
            format!(
                "{} ({})",
                self.t("ghi số của bạn", "write mine"),
                format_cell(mine.as_ref(), lang)
            ),
            self.t("sửa lại", "edit again").to_string(),
        ];
        self.choose_mode(ChooseKind::Conflict { edit, mine, theirs }, question, options, None);
    }

    /// Asks where to write a figure whose scenario was closed elsewhere.
    pub(in crate::tui) fn ask_layer(&mut self, edit: Edit, value: Option<Decimal>, closed: ScenarioInfo) {
        let lang = self.session.lang();
        let official = self.session.official().value(&edit.key);
        let question = format!(
            "{} {} {}?",
            crate::present::scenario_closed(&closed, lang),
            self.t("Ghi", "Write"),
            format_cell(value.as_ref(), lang)
        );
        let options = vec![
            format!(
                "{} ({} {})",
                self.t("vào số chính thức", "into the official figures"),
                self.t("hiện là", "now"),
                format_cell(official.as_ref(), lang)
            ),
            format!(
                "{} «{}»",
                self.t("vào phương án mới", "into a new scenario"),
                self.successor_name(&closed.name)
            ),
        ];
        self.choose_mode(ChooseKind::LayerGone { edit, value, closed }, question, options, None);
    }

    /// A free name for a scenario that continues `name`: `PA1 (2)`, `PA1 (3)`, …
    fn successor_name(&self, name: &str) -> String {
        let taken: Vec<String> = self
            .session
            .scenarios(false)
            .unwrap_or_default()
            .into_iter()
            .map(|s| crate::domain::text::fold(&s.name))
            .collect();
        (2..100)
            .map(|n| format!("{name} ({n})"))
            .find(|c| !taken.contains(&crate::domain::text::fold(c)))
            .unwrap_or_else(|| format!("{name} (mới)"))
    }

    /// The question's update on an action: a number or Enter answers, Esc goes back.
    pub(in crate::tui) fn choose_action(&mut self, action: Action) {
        let Mode::Choose(q) = std::mem::replace(&mut self.mode, Mode::Browse) else {
            return;
        };
        let q = *q;
        let pick = match action {
            Action::Choose(n) if (1..=q.options.len() + 1).contains(&(n as usize)) => n,
            Action::ChooseDefault if q.default.is_some() => q.default.unwrap_or(1),
            Action::Cancel => 0,
            _ => {
                let n = q.options.len();
                self.mode = Mode::Choose(Box::new(q));
                let m = format!(
                    "{} 1{}{}",
                    self.t("Hãy chọn", "Choose"),
                    if n > 1 { format!("–{n}") } else { String::new() },
                    self.t(", hoặc Esc.", ", or Esc.")
                );
                return self.complain(m);
            }
        };
        match q.kind {
            ChooseKind::Doubt {
                edit,
                dir,
                suggestion,
                typed,
            } => {
                let seen = edit.seen;
                let opts: Vec<Option<Decimal>> = suggestion
                    .map(|s| vec![Some(s)])
                    .unwrap_or_default()
                    .into_iter()
                    .chain(typed)
                    .collect();
                match opts.get((pick as usize).wrapping_sub(1)) {
                    Some(v) => self.write(edit, *v, dir),
                    None => self.back_to_edit(edit, seen),
                }
            }
            ChooseKind::Conflict { edit, mine, theirs } => match pick {
                1 => {
                    let m = format!(
                        "{} {}.",
                        self.t("Đã giữ số của người khác:", "Kept the other figure:"),
                        format_cell(theirs.as_ref(), self.session.lang())
                    );
                    self.jump_to(edit.key);
                    self.say(m);
                }
                2 => {
                    let e = Edit { seen: theirs, ..edit };
                    self.write(e, mine, Dir::Stay);
                }
                _ => self.back_to_edit(edit, theirs),
            },
            ChooseKind::LayerGone { edit, value, closed } => match pick {
                1 => {
                    let official = self.session.official().value(&edit.key);
                    match self
                        .session
                        .set_in(Layer::Official, edit.key, To::Figure(value), Some(official))
                    {
                        Ok(_) => {
                            let _ = self.session.activate(None);
                            let m = format!(
                                "{} {}: {}. {}",
                                self.t("Đã ghi vào số chính thức", "Saved to the official figures"),
                                self.session.label(&edit.key),
                                format_cell(value.as_ref(), self.session.lang()),
                                self.t("Đang xem số chính thức.", "Now on the official figures.")
                            );
                            self.say(m);
                        }
                        Err(e) => self.fail(e),
                    }
                }
                2 => {
                    let name = self.successor_name(&closed.name);
                    let made = self.session.create_scenario(&name).and_then(|info| {
                        self.session.activate(Some(&info.name))?;
                        self.session.set(edit.key, value, None)
                    });
                    match made {
                        Ok(_) => {
                            let m = format!(
                                "{} «{name}» {} {}.",
                                self.t("Đã tạo phương án", "Created scenario"),
                                self.t("và ghi", "and saved"),
                                format_cell(value.as_ref(), self.session.lang())
                            );
                            self.say(m);
                        }
                        Err(e) => self.fail(e),
                    }
                }
                _ => {
                    let seen = edit.seen;
                    self.back_to_edit(edit, seen);
                }
            },
        }
    }
}

/// Draws the question, its numbered options and Esc, in a box as tall as they are.
pub(super) fn draw(f: &mut Frame, area: Rect, app: &App, q: &Choose) {
    let th = app.theme;
    let w = area.width.saturating_sub(4).min(76);
    let inner_w = w.saturating_sub(2).max(1) as usize;
    let mut lines = vec![Line::from(sanitize(&q.question))];
    lines.push(Line::default());
    for (i, o) in q.options.iter().enumerate() {
        let n = i + 1;
        let mark = if q.default == Some(n as u8) { " (Enter)" } else { "" };
        lines.push(Line::from(vec![
            Span::styled(format!(" {n} "), th.key()),
            Span::raw(format!(" {}{mark}", sanitize(o))),
        ]));
    }
    lines.push(Line::from(vec![
        Span::styled(" Esc ", th.key()),
        Span::raw(format!(
            " {}",
            app.t("quay lại sửa, chưa ghi gì", "back to the edit, nothing saved")
        )),
    ]));
    let text_h: usize = lines
        .iter()
        .map(|l| {
            let t: String = l.spans.iter().map(|s| s.content.to_string()).collect();
            width(&t).max(1).div_ceil(inner_w)
        })
        .sum();
    let r = centered(area, w, (text_h as u16 + 2).min(area.height));
    let inner = frame(f, app, r, app.t("Cần bạn chọn", "Your choice"));
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
