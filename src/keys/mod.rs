//! Key bindings as data: one table, from which keys become actions, from which the app's help
//! page and footer are drawn (`tui::keys`), and from which the words of an error name the key
//! that does what they advise (`present`), so they cannot drift apart. Every Alt binding has a
//! single-key twin (Alt+key arrives as ESC + key over SSH and may be split), Shift+Tab has
//! `<`, and Backspace arrives as Backspace or Ctrl+H: both mean the same everywhere. A
//! Ctrl+letter never runs the plain letter's command.
//!
//! `action` lists what a key can mean; `table` holds the bindings, one a line; `label` writes
//! keys as the help, the footer and the messages show them. Nothing here draws: the app
//! (`tui`) reads the table, and so does the presenter.

pub mod action;
mod label;
mod table;

pub use action::{Action, Dir};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
pub use table::{BINDINGS, BROWSE, LISTS};

/// Where the keyboard is: the contexts a binding applies in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ctx {
    /// Browsing the overview tab.
    Overview,
    /// Browsing an appendix tab.
    Sheet,
    /// Typing a figure into a cell.
    Edit,
    /// A yes/no question.
    Confirm,
    /// A question with numbered options.
    Choose,
    /// A text field over a list (search, a scenario's name).
    Field,
    /// The help page and the history panel.
    Reader,
    /// The findings and org unit lists.
    List,
    /// The scenario list.
    Scenarios,
    /// Comparing a scenario with the official figures.
    Compare,
    /// An indicator by unit (the by-unit view, `t`).
    ByUnit,
    /// The unit picker: a tree with a search field.
    Picker,
    /// What a new form changes, row by row, before it is added.
    Review,
    /// Choosing the columns and rows of scenarios side by side.
    SideChoose,
    /// Scenarios side by side.
    Side,
    /// Long work (an export, an import) running while the user browses: its keys apply
    /// where browsing gives them no meaning.
    Working,
}

/// A key with the modifiers it needs (Shift is part of a character and not matched).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn k(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn c(ch: char) -> Key {
    k(KeyCode::Char(ch))
}

const fn ctrl(ch: char) -> Key {
    Key {
        code: KeyCode::Char(ch),
        mods: KeyModifiers::CONTROL,
    }
}

const fn alt(ch: char) -> Key {
    Key {
        code: KeyCode::Char(ch),
        mods: KeyModifiers::ALT,
    }
}

/// What a binding does with its key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Act {
    Do(Action),
    /// A digit: on the overview, go to the tab it labels; on a sheet, start editing with it.
    Digit,
    /// Alt+digit or F1…F9: go to that tab.
    TabKey,
    /// `+` or `-`: start editing with it.
    Sign,
    /// A printable character typed into a field.
    Text,
    /// A digit choosing an option of a question.
    Option,
}

/// One binding: the keys, where they work, what they do, and how the help and footer name them.
pub struct Binding {
    pub ctx: &'static [Ctx],
    pub keys: &'static [Key],
    pub act: Act,
    /// The keys as the help writes them, when that is not simply the keys (see [`Binding::label`]).
    label: Option<&'static str>,
    /// What it does (Vietnamese, English); an empty text keeps it out of the help.
    pub help: (&'static str, &'static str),
    /// Its place in the footer, if it has one.
    pub footer: Option<Footer>,
}

/// How a binding shows in the footer.
#[derive(Clone, Copy, Debug)]
pub struct Footer {
    /// Lower stays longest at narrow widths.
    pub priority: u8,
    /// The keys as shown there, when not the first group of the help label.
    keys: Option<&'static str>,
    /// A short label (Vietnamese, English).
    pub text: (&'static str, &'static str),
}

/// A binding of these keys in these contexts, not yet in the help or the footer.
const fn on(ctx: &'static [Ctx], keys: &'static [Key], act: Act) -> Binding {
    Binding {
        ctx,
        keys,
        act,
        label: None,
        help: ("", ""),
        footer: None,
    }
}

impl Binding {
    /// Writes the keys in the help this way instead of listing them.
    const fn label(mut self, label: &'static str) -> Binding {
        self.label = Some(label);
        self
    }

    /// Puts the binding in the help page.
    const fn help(mut self, vi: &'static str, en: &'static str) -> Binding {
        self.help = (vi, en);
        self
    }

    /// Puts the binding in the footer, at this priority, with this short label.
    const fn footer(mut self, priority: u8, vi: &'static str, en: &'static str) -> Binding {
        self.footer = Some(Footer {
            priority,
            keys: None,
            text: (vi, en),
        });
        self
    }

    /// Writes the keys in the footer this way (after [`Binding::footer`]).
    const fn footer_keys(mut self, keys: &'static str) -> Binding {
        if let Some(f) = &mut self.footer {
            f.keys = Some(keys);
        }
        self
    }
}

/// The editing keys of every text field (Backspace also as Ctrl+H).
fn field_key(key: &KeyEvent) -> Option<Action> {
    if key.code == KeyCode::Char('u') && key.modifiers.contains(KeyModifiers::CONTROL) {
        return Some(Action::ClearField);
    }
    Some(match key.code {
        KeyCode::Backspace => Action::Backspace,
        KeyCode::Delete => Action::Delete,
        KeyCode::Left => Action::CursorLeft,
        KeyCode::Right => Action::CursorRight,
        KeyCode::Home => Action::CursorHome,
        KeyCode::End => Action::CursorEnd,
        KeyCode::Char(ch) if !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => Action::Input(ch),
        _ => return None,
    })
}

/// Backspace, whichever byte the terminal sent (0x7F, or 0x08 which reads as Ctrl+H).
pub fn normalize(key: KeyEvent) -> KeyEvent {
    if key.code == KeyCode::Char('h') && key.modifiers.contains(KeyModifiers::CONTROL) {
        return KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE);
    }
    key
}

fn matches(b: &Key, key: &KeyEvent) -> bool {
    let strict = KeyModifiers::CONTROL | KeyModifiers::ALT;
    match (b.code, key.code) {
        // A character carries its own Shift (`G`, `?`); only Ctrl and Alt must agree.
        (KeyCode::Char(x), KeyCode::Char(y)) => x == y && (key.modifiers & strict) == b.mods,
        (KeyCode::BackTab, KeyCode::BackTab) => (key.modifiers & strict) == b.mods,
        (x, y) => x == y && (key.modifiers & (strict | KeyModifiers::SHIFT)) == b.mods,
    }
}

/// The keys that do `action` where it is bound, as messages name them (`m`, `Ctrl+S`, `[`
/// and `]`); messages take them from here, so they cannot drift from the bindings.
pub fn keys_of(action: &Action) -> Vec<String> {
    BINDINGS
        .iter()
        .find(|b| matches!(&b.act, Act::Do(a) if a == action))
        .map_or(&[][..], |b| b.keys)
        .iter()
        .map(label::key_label)
        .collect()
}

/// The first key that does `action` (empty when none does).
pub fn key_of(action: &Action) -> String {
    keys_of(action).into_iter().next().unwrap_or_default()
}

/// What a key means in a context, from the table.
pub fn action_for(ctx: Ctx, key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let key = normalize(key);
    for b in BINDINGS.iter().filter(|b| b.ctx.contains(&ctx)) {
        if !b.keys.iter().any(|k| matches(k, &key)) {
            continue;
        }
        let KeyCode::Char(ch) = key.code else {
            return match &b.act {
                Act::Do(a) => Some(a.clone()),
                Act::TabKey => match key.code {
                    KeyCode::F(n) => Some(Action::GoTab(n as usize - 1)),
                    _ => None,
                },
                _ => None,
            };
        };
        let digit = ch.to_digit(10).unwrap_or(0) as usize;
        return Some(match &b.act {
            // `[ ]` share a row in the help; each is its own year step.
            Act::Do(Action::PrevYear) if ch == ']' => Action::NextYear,
            Act::Do(a) => a.clone(),
            Act::Digit if ctx == Ctx::Overview => Action::GoTab(digit.checked_sub(1)?),
            Act::Digit | Act::Sign => Action::StartEdit(ch),
            Act::TabKey => Action::GoTab(digit.checked_sub(1)?),
            Act::Option => Action::Choose(u8::try_from(digit).ok()?),
            Act::Text => Action::Input(ch),
        });
    }
    match ctx {
        Ctx::Edit | Ctx::Field | Ctx::Picker => field_key(&key),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn ctrl_letters_never_run_the_plain_letters_command() {
        for ch in ['s', 'q', 'o', 'u', 'c', 'n'] {
            let a = action_for(Ctx::Sheet, key(KeyCode::Char(ch), KeyModifiers::CONTROL));
            let plain = action_for(Ctx::Sheet, key(KeyCode::Char(ch), KeyModifiers::NONE));
            assert_ne!(a, plain, "Ctrl+{ch}");
        }
        assert_eq!(
            action_for(Ctx::Sheet, key(KeyCode::Char('s'), KeyModifiers::CONTROL)),
            None
        );
        assert_eq!(
            action_for(Ctx::Sheet, key(KeyCode::Char('q'), KeyModifiers::CONTROL)),
            None
        );
        assert_eq!(
            action_for(Ctx::Edit, key(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Cancel),
            "Ctrl+C while editing cancels the edit"
        );
        assert_eq!(
            action_for(Ctx::Sheet, key(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(
            action_for(Ctx::Sheet, key(KeyCode::Char('l'), KeyModifiers::CONTROL)),
            Some(Action::Redraw)
        );
    }

    #[test]
    fn shifted_characters_and_backspace_forms_match() {
        assert_eq!(
            action_for(Ctx::Sheet, key(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(
            action_for(Ctx::Sheet, key(KeyCode::Char('?'), KeyModifiers::SHIFT)),
            Some(Action::OpenHelp)
        );
        let ctrl_h = key(KeyCode::Char('h'), KeyModifiers::CONTROL);
        assert_eq!(action_for(Ctx::Edit, ctrl_h), Some(Action::Backspace));
        assert_eq!(action_for(Ctx::Sheet, ctrl_h), Some(Action::RequestBlank));
        assert_eq!(
            action_for(Ctx::Sheet, key(KeyCode::Char(']'), KeyModifiers::NONE)),
            Some(Action::NextYear)
        );
        assert_eq!(
            action_for(Ctx::Sheet, key(KeyCode::Char('['), KeyModifiers::NONE)),
            Some(Action::PrevYear)
        );
    }

    #[test]
    fn digits_mean_what_the_context_says() {
        let two = key(KeyCode::Char('2'), KeyModifiers::NONE);
        assert_eq!(action_for(Ctx::Overview, two), Some(Action::GoTab(1)));
        assert_eq!(action_for(Ctx::Sheet, two), Some(Action::StartEdit('2')));
        assert_eq!(action_for(Ctx::Choose, two), Some(Action::Choose(2)));
        assert_eq!(action_for(Ctx::Edit, two), Some(Action::Input('2')));
        assert_eq!(
            action_for(Ctx::Sheet, key(KeyCode::F(3), KeyModifiers::NONE)),
            Some(Action::GoTab(2))
        );
        assert_eq!(
            action_for(Ctx::Sheet, key(KeyCode::Char('3'), KeyModifiers::ALT)),
            Some(Action::GoTab(2))
        );
    }

    #[test]
    fn enter_never_says_yes() {
        assert_eq!(
            action_for(Ctx::Confirm, key(KeyCode::Enter, KeyModifiers::NONE)),
            Some(Action::Answer(false))
        );
    }
}
