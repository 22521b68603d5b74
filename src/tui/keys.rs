//! Key bindings as data: one table, from which keys become actions and from which the help
//! page and the footer are drawn, so they cannot drift apart. Every Alt binding has a
//! single-key twin (Alt+key arrives as ESC + key over SSH and may be split), Shift+Tab has
//! `<`, and Backspace arrives as Backspace or Ctrl+H: both mean the same everywhere. A
//! Ctrl+letter never runs the plain letter's command.

use super::action::{Action, Dir};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

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
    /// The keys as the help and the footer write them.
    pub label: &'static str,
    /// What it does (Vietnamese, English); an empty text keeps it out of the help.
    pub help: (&'static str, &'static str),
    /// In the footer: priority (lower stays longest at narrow widths), the keys as shown
    /// there, and a short label.
    pub footer: Option<(u8, &'static str, &'static str, &'static str)>,
}

use Ctx::*;
const BROWSE: &[Ctx] = &[Overview, Sheet];
/// Browsing, also in the by-unit view.
const VIEWS: &[Ctx] = &[Overview, Sheet, ByUnit];
const LISTS: &[Ctx] = &[Field, Reader, List, Scenarios, Compare, Picker];
const DIGITS: &[Key] = &[
    c('0'),
    c('1'),
    c('2'),
    c('3'),
    c('4'),
    c('5'),
    c('6'),
    c('7'),
    c('8'),
    c('9'),
];
const TAB_KEYS: &[Key] = &[
    alt('1'),
    alt('2'),
    alt('3'),
    alt('4'),
    alt('5'),
    k(KeyCode::F(1)),
    k(KeyCode::F(2)),
    k(KeyCode::F(3)),
    k(KeyCode::F(4)),
    k(KeyCode::F(5)),
];

macro_rules! b {
    ($ctx:expr, $keys:expr, $act:expr, $label:expr, $vi:expr, $en:expr) => {
        Binding {
            ctx: $ctx,
            keys: $keys,
            act: $act,
            label: $label,
            help: ($vi, $en),
            footer: None,
        }
    };
    ($ctx:expr, $keys:expr, $act:expr, $label:expr, $vi:expr, $en:expr, $p:expr, $fk:expr, $fvi:expr, $fen:expr) => {
        Binding {
            ctx: $ctx,
            keys: $keys,
            act: $act,
            label: $label,
            help: ($vi, $en),
            footer: Some(($p, $fk, $fvi, $fen)),
        }
    };
}

use Act::Do;
use Action as A;

/// Every binding of the app.
pub static BINDINGS: &[Binding] = &[
    // Browsing.
    b!(
        VIEWS,
        &[c('?')],
        Do(A::OpenHelp),
        "?",
        "Trợ giúp: mọi phím",
        "Help: every key",
        1,
        "?",
        "trợ giúp",
        "help"
    ),
    b!(
        VIEWS,
        &[c('q')],
        Do(A::Quit),
        "q",
        "Thoát (số liệu đã được ghi)",
        "Quit (everything is already saved)",
        2,
        "q",
        "thoát",
        "quit"
    ),
    b!(VIEWS, &[ctrl('c')], Do(A::Quit), "Ctrl+C", "Thoát", "Quit"),
    b!(
        &[Overview],
        &[k(KeyCode::Enter)],
        Do(A::Activate),
        "Enter",
        "Mở dòng đang chọn trong thẻ của nó",
        "Open the selected row in its tab",
        3,
        "Enter",
        "mở dòng",
        "open row"
    ),
    b!(
        &[Sheet],
        &[k(KeyCode::Enter)],
        Do(A::Activate),
        "Enter",
        "Sửa ô đang chọn",
        "Edit the selected cell",
        3,
        "Enter/0-9",
        "sửa",
        "edit"
    ),
    b!(
        &[Sheet],
        DIGITS,
        Act::Digit,
        "0…9",
        "Gõ số là sửa ô (tiêu đề: ô đầu tiên bên dưới)",
        "Typing a number edits the cell (on a heading: the first below)"
    ),
    b!(
        &[Overview],
        DIGITS,
        Act::Digit,
        "1…5",
        "Chuyển đến thẻ mang số đó",
        "Go to the tab with that number"
    ),
    b!(
        &[Sheet],
        &[c('+'), c('-')],
        Act::Sign,
        "+ -",
        "Bắt đầu sửa: +10 thêm, -5 bớt, +10% (ô kế hoạch)",
        "Start an edit: +10 more, -5 fewer, +10% (plan cells)"
    ),
    b!(
        VIEWS,
        &[c('u')],
        Do(A::Undo),
        "u",
        "Hoàn tác lần sửa gần nhất, trong lớp đang xem",
        "Undo your last edit, in the layer you are in",
        4,
        "u",
        "hoàn tác",
        "undo"
    ),
    b!(
        VIEWS,
        &[ctrl('r')],
        Do(A::Redo),
        "Ctrl+R",
        "Làm lại thao tác vừa hoàn tác",
        "Redo what was undone"
    ),
    b!(
        VIEWS,
        &[c('o')],
        Do(A::OpenOrgPicker),
        "o",
        "Chọn đơn vị: cây tỉnh, huyện, xã; gõ để tìm theo tên hoặc mã",
        "Choose the org unit: a tree of provinces, districts, communes; type to search",
        5,
        "o",
        "đơn vị",
        "unit"
    ),
    b!(
        BROWSE,
        &[c('c')],
        Do(A::OpenCompare),
        "c",
        "So sánh phương án với số chính thức",
        "Compare the scenario with the official figures",
        6,
        "c",
        "so sánh",
        "compare"
    ),
    b!(
        BROWSE,
        &[c('s')],
        Do(A::OpenScenarios),
        "s",
        "Phương án giả định: chọn, tạo, đổi tên, áp dụng",
        "What-if scenarios: switch, new, rename, discard, apply",
        7,
        "s",
        "phương án",
        "scenarios"
    ),
    b!(
        BROWSE,
        &[c('S')],
        Do(A::NewScenario),
        "S",
        "Tạo phương án giả định mới",
        "New what-if scenario"
    ),
    b!(
        BROWSE,
        &[c('/')],
        Do(A::OpenSearch),
        "/",
        "Tìm chỉ tiêu (không cần gõ dấu)",
        "Find an indicator (diacritics optional)",
        8,
        "/",
        "tìm",
        "find"
    ),
    b!(
        BROWSE,
        &[c('!'), c('v')],
        Do(A::OpenFindings),
        "!  v",
        "Danh sách phát hiện khi kiểm tra; Enter để đến ô",
        "List of findings; Enter goes to the cell",
        9,
        "!",
        "kiểm tra",
        "findings"
    ),
    b!(
        VIEWS,
        &[c('['), c(']')],
        Do(A::PrevYear),
        "[ ]",
        "Năm kế hoạch trước / sau",
        "Previous / next plan year",
        10,
        "[ ]",
        "năm",
        "year"
    ),
    b!(
        BROWSE,
        &[k(KeyCode::Tab), c('>')],
        Do(A::NextTab),
        "Tab  >",
        "Thẻ tiếp theo",
        "Next tab"
    ),
    b!(
        BROWSE,
        &[k(KeyCode::BackTab), c('<')],
        Do(A::PrevTab),
        "Shift+Tab  <",
        "Thẻ trước",
        "Previous tab"
    ),
    b!(
        BROWSE,
        TAB_KEYS,
        Act::TabKey,
        "Alt+1…5  F1…F5",
        "Chuyển thẳng đến thẻ 1…5",
        "Go to tab 1…5"
    ),
    b!(
        VIEWS,
        &[k(KeyCode::Up), c('k')],
        Do(A::Move(Dir::Up)),
        "↑ ↓ ← →  h j k l",
        "Di chuyển",
        "Move"
    ),
    b!(VIEWS, &[k(KeyCode::Down), c('j')], Do(A::Move(Dir::Down)), "", "", ""),
    b!(VIEWS, &[k(KeyCode::Left), c('h')], Do(A::Move(Dir::Left)), "", "", ""),
    b!(VIEWS, &[k(KeyCode::Right), c('l')], Do(A::Move(Dir::Right)), "", "", ""),
    b!(
        VIEWS,
        &[k(KeyCode::PageUp)],
        Do(A::PageUp),
        "PgUp PgDn",
        "Lên / xuống một trang",
        "Page up / down"
    ),
    b!(VIEWS, &[k(KeyCode::PageDown)], Do(A::PageDown), "", "", ""),
    b!(
        BROWSE,
        &[k(KeyCode::Home)],
        Do(A::RowStart),
        "Home End",
        "Cột đầu / cột cuối",
        "First / last column"
    ),
    b!(BROWSE, &[k(KeyCode::End)], Do(A::RowEnd), "", "", ""),
    b!(
        VIEWS,
        &[c('g')],
        Do(A::Top),
        "g G",
        "Dòng đầu / dòng cuối",
        "First / last row"
    ),
    b!(VIEWS, &[c('G')], Do(A::Bottom), "", "", ""),
    b!(
        BROWSE,
        &[k(KeyCode::Delete), k(KeyCode::Backspace)],
        Do(A::RequestBlank),
        "Delete  Backspace",
        "Để trống ô (phải trả lời c; Enter là không)",
        "Blank the cell (needs y; Enter means no)"
    ),
    b!(
        BROWSE,
        &[c('n')],
        Do(A::NextFinding),
        "n p",
        "Ô có phát hiện tiếp theo / trước",
        "Next / previous cell with a finding"
    ),
    b!(BROWSE, &[c('p')], Do(A::PrevFinding), "", "", ""),
    b!(
        BROWSE,
        &[c('N')],
        Do(A::StartNextPlan),
        "N",
        "Lập kế hoạch năm sau từ kế hoạch này",
        "Start next year's plan from this one"
    ),
    b!(
        BROWSE,
        &[c('H')],
        Do(A::OpenHistory),
        "H",
        "Lịch sử thay đổi của ô",
        "History of the cell"
    ),
    // Typing a figure.
    b!(
        &[Sheet, Overview],
        &[c('t')],
        Do(A::OpenByUnit),
        "t",
        "Xem chỉ tiêu của dòng đang chọn theo đơn vị cấp dưới (huyện, xã), với dòng cộng",
        "See the selected row's indicator by the units below (districts, communes), with the total",
        6,
        "t",
        "theo đơn vị",
        "by unit"
    ),
    b!(
        &[ByUnit],
        &[k(KeyCode::Esc), c('t')],
        Do(A::Cancel),
        "Esc  t",
        "Đóng bảng theo đơn vị",
        "Close the by-unit view",
        1,
        "Esc",
        "đóng",
        "close"
    ),
    b!(
        &[ByUnit],
        &[k(KeyCode::Enter)],
        Do(A::Activate),
        "Enter",
        "Mở bảng của đơn vị đã chọn",
        "Open the chosen unit's sheet",
        2,
        "Enter",
        "mở đơn vị",
        "open unit"
    ),
    b!(
        &[ByUnit],
        DIGITS,
        Act::Digit,
        "0-9",
        "Gõ số cho đơn vị đã chọn; dòng Cộng tính lại ngay khi gõ",
        "Type a figure for the chosen unit; the total follows as you type",
        3,
        "0-9",
        "sửa",
        "edit"
    ),
    b!(
        &[ByUnit],
        &[k(KeyCode::Tab), c('>')],
        Do(A::NextTab),
        "Tab  Shift+Tab",
        "Chỉ tiêu sau / trước trong phụ lục",
        "Next / previous indicator of the appendix",
        4,
        "Tab",
        "chỉ tiêu khác",
        "indicator"
    ),
    b!(&[ByUnit], &[k(KeyCode::BackTab), c('<')], Do(A::PrevTab), "", "", ""),
    b!(
        &[ByUnit],
        &[c('a')],
        Do(A::PlanApprove),
        "a  r  m",
        "Duyệt / trả lại (kèm lý do) / mở lại kế hoạch của đơn vị đã chọn",
        "Approve / return (with a reason) / reopen the chosen unit's plan",
        5,
        "a r",
        "duyệt/trả",
        "approve/return"
    ),
    b!(&[ByUnit], &[c('r')], Do(A::PlanReturn), "", "", ""),
    b!(&[ByUnit], &[c('m')], Do(A::PlanReopen), "", "", ""),
    b!(
        VIEWS,
        &[c('L')],
        Do(A::OpenLog),
        "L",
        "Các thay đổi gần đây của đơn vị và cấp dưới: ai, lúc nào, ô nào, cũ → mới (Enter: đến ô đó)",
        "Recent changes of the unit and those below: who, when, which cell, old → new (Enter: go there)"
    ),
    b!(
        &[Sheet],
        &[c('m')],
        Do(A::EditNote),
        "m",
        "Ghi chú cho ô đang chọn (ô có ghi chú mang dấu \")",
        "Comment on the selected cell (cells with a comment are marked \")"
    ),
    b!(
        BROWSE,
        &[c('E')],
        Do(A::Export),
        "E",
        "Ghi kế hoạch ra sổ Excel theo mẫu phụ lục (hỏi tên tệp)",
        "Write the plan as an Excel workbook in the appendix layout (asks for the file name)"
    ),
    b!(
        BROWSE,
        &[c('I')],
        Do(A::Import),
        "I",
        "Nhập sổ Excel hoặc CSV theo mẫu phụ lục vào một phương án mới để xem lại rồi áp dụng",
        "Read a workbook or CSV in the appendix layout into a new scenario, to review and apply"
    ),
    b!(
        &[Sheet],
        &[c('P')],
        Do(A::PlanSubmit),
        "P",
        "Gửi kế hoạch của đơn vị lên cấp trên (từ khi gửi, số liệu bị khoá: =)",
        "Submit the unit's plan to the level above (from then on its figures lock: =)"
    ),
    b!(
        &[Edit],
        &[k(KeyCode::Enter)],
        Do(A::Commit(Dir::Down)),
        "Enter",
        "Khi sửa: ghi ngay, xuống dòng dưới",
        "While editing: save at once, move down",
        1,
        "Enter",
        "ghi",
        "save"
    ),
    b!(
        &[Edit],
        &[k(KeyCode::Tab)],
        Do(A::Commit(Dir::Right)),
        "Tab",
        "Khi sửa: ghi, sang phải (cuối dòng: dòng sau)",
        "While editing: save, go right (at the end: next row)",
        2,
        "Tab",
        "ghi, sang phải",
        "save, right"
    ),
    b!(
        &[Edit],
        &[k(KeyCode::BackTab)],
        Do(A::Commit(Dir::Left)),
        "Shift+Tab",
        "Khi sửa: ghi rồi sang ô bên trái",
        "While editing: save, then the cell to the left"
    ),
    b!(
        &[Edit],
        &[k(KeyCode::Up)],
        Do(A::Commit(Dir::Up)),
        "↑ ↓",
        "Khi sửa: ghi rồi lên / xuống",
        "While editing: save, then up / down"
    ),
    b!(&[Edit], &[k(KeyCode::Down)], Do(A::Commit(Dir::Down)), "", "", ""),
    b!(
        &[Edit],
        &[k(KeyCode::Esc), ctrl('c')],
        Do(A::Cancel),
        "Esc  Ctrl+C",
        "Huỷ (không ghi gì)",
        "Cancel (nothing is written)",
        3,
        "Esc",
        "huỷ",
        "cancel"
    ),
    b!(
        &[Edit],
        &[],
        Act::Text,
        "110%  +10%  -5%",
        "Ô kế hoạch: 110% số ƯTH năm trước, tăng/giảm theo %",
        "Plan cell: 110% of last year's estimate, or change by %",
        4,
        "110% +10%",
        "theo %",
        "by %"
    ),
    // Questions.
    b!(
        &[Confirm],
        &[c('c'), c('C'), c('y'), c('Y')],
        Do(A::Answer(true)),
        "c  y",
        "Trả lời có",
        "Answer yes",
        1,
        "c",
        "có",
        "yes"
    ),
    b!(
        &[Confirm],
        &[c('k'), c('K'), c('n'), c('N'), k(KeyCode::Enter)],
        Do(A::Answer(false)),
        "k  n  Enter",
        "Trả lời không",
        "Answer no",
        2,
        "k",
        "không",
        "no"
    ),
    b!(
        &[Confirm, Choose],
        &[k(KeyCode::Esc), ctrl('c')],
        Do(A::Cancel),
        "Esc",
        "Thôi, không làm gì",
        "Leave it, do nothing",
        3,
        "Esc",
        "thôi",
        "cancel"
    ),
    b!(
        &[Choose],
        DIGITS,
        Act::Option,
        "1 2 3",
        "Chọn phương án trả lời mang số đó",
        "Pick the option with that number",
        1,
        "1 2 3",
        "chọn",
        "pick"
    ),
    b!(
        &[Choose],
        &[k(KeyCode::Enter)],
        Do(A::ChooseDefault),
        "Enter",
        "Chọn phương án được gợi ý (nếu câu hỏi có)",
        "Pick the suggested option (when the question has one)"
    ),
    // Text fields over lists, and lists.
    b!(
        &[Field, Picker],
        &[k(KeyCode::Enter)],
        Do(A::Accept),
        "Enter",
        "Xong / đến dòng đã chọn",
        "Done / go to the chosen row",
        1,
        "Enter",
        "xong",
        "done"
    ),
    b!(
        &[Field, Picker],
        &[k(KeyCode::Esc), ctrl('c')],
        Do(A::Cancel),
        "Esc",
        "Đóng",
        "Close",
        2,
        "Esc",
        "đóng",
        "close"
    ),
    b!(
        LISTS,
        &[k(KeyCode::Up)],
        Do(A::ListUp),
        "↑ ↓  PgUp PgDn",
        "Chọn trong danh sách",
        "Move in a list",
        3,
        "↑ ↓",
        "chọn",
        "choose"
    ),
    b!(LISTS, &[k(KeyCode::Down)], Do(A::ListDown), "", "", ""),
    b!(
        &[Picker],
        &[k(KeyCode::Right)],
        Do(A::Move(Dir::Right)),
        "→ ←",
        "Chọn đơn vị: mở / đóng nhánh (gõ chữ để tìm theo tên hoặc mã, không cần dấu)",
        "Choosing a unit: open / close a branch (type to search by name or code, diacritics optional)",
        4,
        "→ ←",
        "mở/đóng",
        "open/close"
    ),
    b!(&[Picker], &[k(KeyCode::Left)], Do(A::Move(Dir::Left)), "", "", ""),
    b!(
        &[Picker],
        &[k(KeyCode::Tab), k(KeyCode::BackTab)],
        Do(A::NextTab),
        "Tab",
        "Chọn đơn vị: cả các đơn vị đã giải thể hoặc chưa thành lập vào năm kế hoạch",
        "Choosing a unit: also the units that had ended or not begun in the plan year",
        5,
        "Tab",
        "cả đơn vị cũ",
        "all dates"
    ),
    b!(LISTS, &[k(KeyCode::PageUp)], Do(A::ListPageUp), "", "", ""),
    b!(LISTS, &[k(KeyCode::PageDown)], Do(A::ListPageDown), "", "", ""),
    b!(
        &[Reader, List, Scenarios, Compare],
        &[c('k')],
        Do(A::ListUp),
        "j k",
        "Xuống / lên trong danh sách",
        "Down / up in a list"
    ),
    b!(
        &[Reader, List, Scenarios, Compare],
        &[c('j')],
        Do(A::ListDown),
        "",
        "",
        ""
    ),
    b!(
        &[List, Scenarios],
        &[k(KeyCode::Enter)],
        Do(A::Accept),
        "Enter",
        "Mở / chọn",
        "Open / choose",
        1,
        "Enter",
        "mở",
        "open"
    ),
    b!(
        &[Reader],
        &[k(KeyCode::Enter), c('q'), c('?'), c('H'), k(KeyCode::Esc), ctrl('c')],
        Do(A::Cancel),
        "Esc  q",
        "Đóng",
        "Close",
        2,
        "Esc",
        "đóng",
        "close"
    ),
    b!(
        &[List],
        &[c('q'), c('!'), c('v'), k(KeyCode::Esc), ctrl('c')],
        Do(A::Cancel),
        "Esc  q",
        "Đóng",
        "Close",
        2,
        "Esc",
        "đóng",
        "close"
    ),
    b!(
        &[Scenarios],
        &[c('n'), c('S')],
        Do(A::NewScenario),
        "n",
        "Tạo phương án mới",
        "New scenario",
        2,
        "n",
        "tạo",
        "new"
    ),
    b!(
        &[Scenarios],
        &[c('r')],
        Do(A::RenameScenario),
        "r",
        "Đổi tên phương án",
        "Rename the scenario",
        3,
        "r",
        "đổi tên",
        "rename"
    ),
    b!(
        &[Scenarios],
        &[c('d'), k(KeyCode::Delete)],
        Do(A::DeleteScenario),
        "d",
        "Huỷ phương án (giữ làm hồ sơ; có hỏi lại)",
        "Discard the scenario (kept as a record; asks first)",
        4,
        "d",
        "huỷ",
        "discard"
    ),
    b!(
        &[Scenarios],
        &[c('a')],
        Do(A::ApplyScenario),
        "a",
        "Áp dụng thành số chính thức (hỏi lại; u hoàn tác)",
        "Make it official (asks first; u undoes it)",
        5,
        "a",
        "áp dụng",
        "apply"
    ),
    b!(
        &[Scenarios],
        &[c('c')],
        Do(A::OpenCompare),
        "c",
        "So sánh phương án với số chính thức",
        "Compare with the official figures",
        6,
        "c",
        "so sánh",
        "compare"
    ),
    b!(
        &[Scenarios],
        &[c('q'), c('s'), k(KeyCode::Esc), ctrl('c')],
        Do(A::Cancel),
        "Esc  q",
        "Đóng",
        "Close",
        7,
        "Esc",
        "đóng",
        "close"
    ),
    b!(
        &[Compare],
        &[k(KeyCode::Enter)],
        Do(A::Accept),
        "Enter",
        "Đến ô",
        "Go to the cell",
        1,
        "Enter",
        "đến ô",
        "go to cell"
    ),
    b!(
        &[Compare],
        &[c('a')],
        Do(A::ApplySelected),
        "a",
        "Áp dụng riêng thay đổi này",
        "Apply this change only",
        2,
        "a",
        "áp dụng ô này",
        "apply this"
    ),
    b!(
        &[Compare],
        &[c('A')],
        Do(A::ApplyScenario),
        "A",
        "Áp dụng tất cả thay đổi",
        "Apply every change",
        3,
        "A",
        "áp dụng tất cả",
        "apply all"
    ),
    b!(
        &[Compare],
        &[c('q'), c('c'), k(KeyCode::Esc), ctrl('c')],
        Do(A::Cancel),
        "Esc  q",
        "Đóng",
        "Close",
        4,
        "Esc",
        "đóng",
        "close"
    ),
    // Everywhere.
    b!(
        &[
            Overview, Sheet, Edit, Confirm, Choose, Field, Reader, List, Scenarios, Compare, ByUnit, Picker
        ],
        &[ctrl('l')],
        Do(A::Redraw),
        "Ctrl+L",
        "Vẽ lại toàn màn hình (khi màn hình bị rác)",
        "Repaint the whole screen (when it shows garbage)"
    ),
];

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

/// The help page: (the keys, what they do), grouped under headings, for a language.
pub fn help_lines(lang: crate::i18n::Lang) -> Vec<(String, String)> {
    let groups: [(&[Ctx], &str, &str); 5] = [
        (BROWSE, "Khi xem bảng", "Browsing"),
        (&[ByUnit], "Trong bảng theo đơn vị (t)", "In the by-unit view (t)"),
        (&[Edit], "Khi đang gõ số vào ô", "Typing a figure"),
        (&[Confirm, Choose], "Khi có câu hỏi", "Questions"),
        (LISTS, "Trong danh sách và ô tìm kiếm", "Lists and search"),
    ];
    let mut out = Vec::new();
    let mut seen: Vec<*const Binding> = Vec::new();
    for (ctxs, vi, en) in groups {
        out.push((String::new(), lang.pick(vi, en).to_string()));
        for b in BINDINGS {
            let here = b.ctx.iter().any(|c| ctxs.contains(c));
            if !here || b.help.0.is_empty() || seen.contains(&(b as *const Binding)) {
                continue;
            }
            seen.push(b as *const Binding);
            out.push((b.label.to_string(), lang.pick(b.help.0, b.help.1).to_string()));
        }
    }
    out
}

/// The footer of a context: (keys, short label), most important first.
pub fn footer(ctx: Ctx, lang: crate::i18n::Lang) -> Vec<(&'static str, &'static str)> {
    let mut items: Vec<(u8, &'static str, &'static str)> = BINDINGS
        .iter()
        .filter(|b| b.ctx.contains(&ctx))
        .filter_map(|b| b.footer.map(|(p, keys, vi, en)| (p, keys, lang.pick(vi, en))))
        .collect();
    items.sort_by_key(|x| x.0);
    items.dedup_by_key(|x| x.2);
    items.into_iter().map(|(_, k, d)| (k, d)).collect()
}

/// The keys that do `action` where it is bound, as messages name them (`m`, `Ctrl+s`, `[`
/// and `]`); messages take them from here, so they cannot drift from the bindings.
pub fn keys_of(action: &Action) -> Vec<String> {
    let keys = BINDINGS
        .iter()
        .find(|b| matches!(&b.act, Act::Do(a) if a == action))
        .map_or(&[][..], |b| b.keys);
    keys.iter()
        .map(|key| {
            let name = match key.code {
                KeyCode::Char(ch) => ch.to_string(),
                KeyCode::F(n) => format!("F{n}"),
                other => format!("{other:?}"),
            };
            if key.mods.contains(KeyModifiers::CONTROL) {
                format!("Ctrl+{name}")
            } else if key.mods.contains(KeyModifiers::ALT) {
                format!("Alt+{name}")
            } else {
                name
            }
        })
        .collect()
}

/// The first key that does `action` (empty when none does).
pub fn key_of(action: &Action) -> String {
    keys_of(action).into_iter().next().unwrap_or_default()
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

    #[test]
    fn help_and_footer_come_from_the_table() {
        let help = help_lines(crate::i18n::Lang::Vi);
        for b in BINDINGS.iter().filter(|b| !b.help.0.is_empty()) {
            assert!(help.iter().any(|(k, d)| k == b.label && d == b.help.0), "{}", b.label);
        }
        let f: Vec<&str> = footer(Ctx::Sheet, crate::i18n::Lang::Vi).iter().map(|x| x.0).collect();
        assert_eq!(&f[..2], ["?", "q"], "help and quit come first");
        for needed in ["o", "u", "c"] {
            assert!(f.contains(&needed), "{needed} in {f:?}");
        }
    }
}
