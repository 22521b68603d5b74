//! Keys to actions, one table per mode. Every Alt binding has a single-key twin (Alt+key
//! arrives as ESC + key over SSH and may be split), Shift+Tab has `<`, and Backspace arrives
//! as Backspace or Ctrl+H: both mean the same everywhere.

use super::action::{Action, Dir};
use super::app::Mode;
use crate::i18n::Lang;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Backspace, whichever byte the terminal sent (0x7F or 0x08 = Ctrl+H).
fn is_backspace(k: &KeyEvent) -> bool {
    k.code == KeyCode::Backspace || (k.code == KeyCode::Char('h') && k.modifiers.contains(KeyModifiers::CONTROL))
}

fn ctrl(k: &KeyEvent, c: char) -> bool {
    k.code == KeyCode::Char(c) && k.modifiers.contains(KeyModifiers::CONTROL)
}

/// Keys typed into a text field: the common editing keys, or `None`.
fn field_key(k: &KeyEvent) -> Option<Action> {
    if is_backspace(k) {
        return Some(Action::Backspace);
    }
    if ctrl(k, 'u') {
        return Some(Action::ClearField);
    }
    Some(match k.code {
        KeyCode::Delete => Action::Delete,
        KeyCode::Left => Action::CursorLeft,
        KeyCode::Right => Action::CursorRight,
        KeyCode::Home => Action::CursorHome,
        KeyCode::End => Action::CursorEnd,
        KeyCode::Char(c) if !k.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => Action::Input(c),
        _ => return None,
    })
}

/// Keys of any list (findings, search results, org units, scenarios, history, compare).
fn list_key(k: &KeyEvent) -> Option<Action> {
    Some(match k.code {
        KeyCode::Up => Action::ListUp,
        KeyCode::Down => Action::ListDown,
        KeyCode::PageUp => Action::ListPageUp,
        KeyCode::PageDown => Action::ListPageDown,
        KeyCode::Enter => Action::Accept,
        KeyCode::Esc => Action::Cancel,
        _ => return None,
    })
}

/// What a key means in a mode.
pub fn action_for(mode: &Mode, k: KeyEvent) -> Option<Action> {
    if k.kind == KeyEventKind::Release {
        return None;
    }
    if ctrl(&k, 'c') || ctrl(&k, 'q') {
        return Some(Action::Quit);
    }
    // Alt+key is only bound to Alt+1…9 (tabs) while browsing; anything else with Alt is left
    // unmapped, so that the app can read it as the Esc + key it usually is over SSH.
    if k.modifiers.contains(KeyModifiers::ALT) {
        return match (mode, k.code) {
            (Mode::Browse, KeyCode::Char(c @ '1'..='9')) => Some(Action::GoTab(c as usize - '1' as usize)),
            _ => None,
        };
    }
    match mode {
        Mode::Browse => browse_key(k),
        Mode::Edit(_) => match k.code {
            KeyCode::Enter => Some(Action::Commit(Dir::Down)),
            KeyCode::Tab => Some(Action::Commit(Dir::Right)),
            KeyCode::BackTab => Some(Action::Commit(Dir::Left)),
            KeyCode::Up => Some(Action::Commit(Dir::Up)),
            KeyCode::Down => Some(Action::Commit(Dir::Down)),
            KeyCode::Esc => Some(Action::Cancel),
            _ => field_key(&k),
        },
        Mode::Confirm(_) => match k.code {
            KeyCode::Enter | KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Char('c') | KeyCode::Char('C') => {
                Some(Action::Answer(true))
            }
            KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Char('k') | KeyCode::Char('K') => {
                Some(Action::Answer(false))
            }
            KeyCode::Esc => Some(Action::Cancel),
            _ => None,
        },
        Mode::Search(_) | Mode::NameInput(_) => list_key(&k).or_else(|| field_key(&k)),
        Mode::Help(_) | Mode::History(_) => match k.code {
            KeyCode::Char('q') | KeyCode::Char('?') | KeyCode::Char('H') => Some(Action::Cancel),
            KeyCode::Char('k') => Some(Action::ListUp),
            KeyCode::Char('j') => Some(Action::ListDown),
            _ => list_key(&k),
        },
        Mode::Findings(_) | Mode::OrgPicker(_) => match k.code {
            KeyCode::Char('q') | KeyCode::Char('!') | KeyCode::Char('v') => Some(Action::Cancel),
            KeyCode::Char('k') => Some(Action::ListUp),
            KeyCode::Char('j') => Some(Action::ListDown),
            _ => list_key(&k),
        },
        Mode::Scenarios(_) => match k.code {
            KeyCode::Char('q') | KeyCode::Char('s') => Some(Action::Cancel),
            KeyCode::Char('k') => Some(Action::ListUp),
            KeyCode::Char('j') => Some(Action::ListDown),
            KeyCode::Char('n') | KeyCode::Char('S') => Some(Action::NewScenario),
            KeyCode::Char('r') => Some(Action::RenameScenario),
            KeyCode::Char('d') | KeyCode::Delete => Some(Action::DeleteScenario),
            KeyCode::Char('a') => Some(Action::ApplyScenario),
            KeyCode::Char('c') => Some(Action::OpenCompare),
            _ => list_key(&k),
        },
        Mode::Compare(_) => match k.code {
            KeyCode::Char('q') | KeyCode::Char('c') => Some(Action::Cancel),
            KeyCode::Char('k') => Some(Action::ListUp),
            KeyCode::Char('j') => Some(Action::ListDown),
            KeyCode::Char('a') => Some(Action::ApplySelected),
            KeyCode::Char('A') => Some(Action::ApplyScenario),
            _ => list_key(&k),
        },
    }
}

fn browse_key(k: KeyEvent) -> Option<Action> {
    if is_backspace(&k) {
        return Some(Action::RequestBlank);
    }
    if ctrl(&k, 'r') {
        return Some(Action::Redo);
    }
    Some(match k.code {
        KeyCode::F(n @ 1..=5) => Action::GoTab(n as usize - 1),
        KeyCode::Tab | KeyCode::Char('>') => Action::NextTab,
        KeyCode::BackTab | KeyCode::Char('<') => Action::PrevTab,
        KeyCode::Up | KeyCode::Char('k') => Action::Move(Dir::Up),
        KeyCode::Down | KeyCode::Char('j') => Action::Move(Dir::Down),
        KeyCode::Left | KeyCode::Char('h') => Action::Move(Dir::Left),
        KeyCode::Right | KeyCode::Char('l') => Action::Move(Dir::Right),
        KeyCode::PageUp => Action::PageUp,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::Home => Action::RowStart,
        KeyCode::End => Action::RowEnd,
        KeyCode::Char('g') => Action::Top,
        KeyCode::Char('G') => Action::Bottom,
        KeyCode::Enter => Action::Activate,
        KeyCode::Char(c) if c.is_ascii_digit() || c == '+' || c == '-' => Action::StartEdit(c),
        KeyCode::Delete => Action::RequestBlank,
        KeyCode::Char('/') => Action::OpenSearch,
        KeyCode::Char('!') | KeyCode::Char('v') => Action::OpenFindings,
        KeyCode::Char('n') => Action::NextFinding,
        KeyCode::Char('p') => Action::PrevFinding,
        KeyCode::Char('?') => Action::OpenHelp,
        KeyCode::Char('[') => Action::PrevYear,
        KeyCode::Char(']') => Action::NextYear,
        KeyCode::Char('N') => Action::StartNextPlan,
        KeyCode::Char('o') => Action::OpenOrgPicker,
        KeyCode::Char('u') => Action::Undo,
        KeyCode::Char('s') => Action::OpenScenarios,
        KeyCode::Char('S') => Action::NewScenario,
        KeyCode::Char('c') => Action::OpenCompare,
        KeyCode::Char('H') => Action::OpenHistory,
        KeyCode::Char('q') => Action::Quit,
        _ => return None,
    })
}

/// Every key, for the help screen: (keys, what they do in Vietnamese, in English).
pub const HELP: &[(&str, &str, &str)] = &[
    ("Tab  >", "Thẻ tiếp theo", "Next tab"),
    ("Shift+Tab  <", "Thẻ trước", "Previous tab"),
    ("Alt+1…5  F1…F5", "Chuyển thẳng đến thẻ 1…5", "Go to tab 1…5"),
    ("↑ ↓ ← →  h j k l", "Di chuyển", "Move"),
    ("PgUp PgDn", "Lên / xuống một trang", "Page up / down"),
    ("Home End", "Cột đầu / cột cuối", "First / last column"),
    ("g G", "Dòng đầu / dòng cuối", "First / last row"),
    (
        "Enter",
        "Sửa ô (trên Tổng quan: mở dòng)",
        "Edit the cell (on the overview: open the row)",
    ),
    (
        "0…9 + -",
        "Gõ số là bắt đầu sửa ô, như bảng tính",
        "Typing a number starts editing, as in a spreadsheet",
    ),
    (
        "Enter",
        "Khi sửa: ghi ngay vào cơ sở dữ liệu, xuống dòng dưới",
        "While editing: save at once, move down",
    ),
    (
        "Tab ↑ ↓",
        "Khi sửa: ghi rồi sang ô bên phải / trên / dưới",
        "While editing: save, then move right / up / down",
    ),
    ("Esc", "Huỷ (không ghi gì)", "Cancel (nothing is written)"),
    (
        "110%  +10%  -5%",
        "Ô kế hoạch: 110% số ƯTH năm trước, tăng/giảm theo %",
        "Plan cell: 110% of last year's estimate, or change by %",
    ),
    (
        "Delete  Backspace",
        "Để trống ô (có hỏi lại)",
        "Blank the cell (asks first)",
    ),
    (
        "/",
        "Tìm chỉ tiêu (không cần gõ dấu)",
        "Find an indicator (diacritics optional)",
    ),
    (
        "!  v",
        "Danh sách phát hiện khi kiểm tra; Enter để đến ô",
        "List of findings; Enter goes to the cell",
    ),
    (
        "n p",
        "Ô có phát hiện tiếp theo / trước",
        "Next / previous cell with a finding",
    ),
    ("[ ]", "Năm kế hoạch trước / sau", "Previous / next plan year"),
    (
        "N",
        "Lập kế hoạch năm sau từ kế hoạch này",
        "Start next year's plan from this one",
    ),
    ("o", "Chọn đơn vị (tỉnh, huyện)", "Choose the org unit"),
    (
        "s",
        "Phương án giả định: chọn, tạo, đổi tên, xoá, áp dụng",
        "What-if scenarios: switch, new, rename, delete, apply",
    ),
    ("S", "Tạo phương án giả định mới", "New what-if scenario"),
    (
        "c",
        "So sánh phương án với số chính thức",
        "Compare the scenario with the official figures",
    ),
    (
        "u  Ctrl+R",
        "Hoàn tác / làm lại thao tác sửa của phiên này",
        "Undo / redo this session's edits",
    ),
    ("H", "Lịch sử thay đổi của ô", "History of the cell"),
    ("?", "Trợ giúp này", "This help"),
    (
        "q  Ctrl+C",
        "Thoát (số liệu đã được ghi)",
        "Quit (everything is already saved)",
    ),
];

/// The help lines in a language.
pub fn help_lines(lang: Lang) -> Vec<(&'static str, &'static str)> {
    HELP.iter().map(|(k, vi, en)| (*k, lang.pick(vi, en))).collect()
}
