//! Every binding of the app, one a line: where it works, its keys, what it does, how the help
//! describes it and where the footer shows it. A help label is written out only where it is
//! not simply the keys.

use super::Ctx::*;
use super::action::{Action as A, Dir};
use super::{Act, Binding, Ctx, Key, alt, c, ctrl, k, on};
use Act::Do;
use crossterm::event::KeyCode;

/// Browsing a tab.
pub const BROWSE: &[Ctx] = &[Overview, Sheet];
/// Browsing, also in the by-unit view.
pub(super) const VIEWS: &[Ctx] = &[Overview, Sheet, ByUnit];
/// A list, or a text field over one.
pub const LISTS: &[Ctx] = &[
    Field, Reader, List, Scenarios, Compare, Picker, Review, SideChoose, Side,
];
/// The digits.
#[rustfmt::skip]
const DIGITS: &[Key] = &[c('0'), c('1'), c('2'), c('3'), c('4'), c('5'), c('6'), c('7'), c('8'), c('9')];
/// The keys that go to a tab: Alt+digit, and F1…F5 where Alt is split over SSH.
#[rustfmt::skip]
const TAB_KEYS: &[Key] = &[alt('1'), alt('2'), alt('3'), alt('4'), alt('5'), k(KeyCode::F(1)), k(KeyCode::F(2)), k(KeyCode::F(3)), k(KeyCode::F(4)), k(KeyCode::F(5))];

/// Every binding of the app.
#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    // Browsing.
    on(VIEWS, &[c('?')], Do(A::OpenHelp)).help("Trợ giúp: mọi phím", "Help: every key").footer(1, "trợ giúp", "help"),
    on(VIEWS, &[c('q')], Do(A::Quit)).help("Thoát (số liệu đã được ghi)", "Quit (everything is already saved)").footer(2, "thoát", "quit"),
    on(VIEWS, &[ctrl('c')], Do(A::Quit)).help("Thoát", "Quit"),
    on(&[Overview], &[k(KeyCode::Enter)], Do(A::Activate)).help("Mở dòng đang chọn trong thẻ của nó", "Open the selected row in its tab").footer(3, "mở dòng", "open row"),
    on(&[Sheet], &[k(KeyCode::Enter)], Do(A::Activate)).help("Sửa ô đang chọn", "Edit the selected cell").footer(3, "sửa", "edit").footer_keys("Enter/0-9"),
    on(&[Sheet], DIGITS, Act::Digit).label("0…9").help("Gõ số là sửa ô (tiêu đề: ô đầu tiên bên dưới)", "Typing a number edits the cell (on a heading: the first below)"),
    on(&[Overview], DIGITS, Act::Digit).label("1…5").help("Chuyển đến thẻ mang số đó", "Go to the tab with that number"),
    on(&[Sheet], &[c('+'), c('-')], Act::Sign).label("+ -").help("Bắt đầu sửa: +10 thêm, -5 bớt, +10% (ô kế hoạch)", "Start an edit: +10 more, -5 fewer, +10% (plan cells)"),
    on(VIEWS, &[c('u')], Do(A::Undo)).help("Hoàn tác lần sửa gần nhất, trong lớp đang xem", "Undo your last edit, in the layer you are in").footer(4, "hoàn tác", "undo"),
    on(VIEWS, &[ctrl('r')], Do(A::Redo)).help("Làm lại thao tác vừa hoàn tác", "Redo what was undone"),
    on(VIEWS, &[c('o')], Do(A::OpenOrgPicker)).help("Chọn đơn vị: cây tỉnh, huyện, xã; gõ để tìm theo tên hoặc mã", "Choose the org unit: a tree of provinces, districts, communes; type to search").footer(5, "đơn vị", "unit"),
    on(BROWSE, &[c('c')], Do(A::OpenCompare)).help("So sánh phương án với số chính thức", "Compare the scenario with the official figures").footer(6, "so sánh", "compare"),
    on(BROWSE, &[c('=')], Do(A::Balance)).help("Cân đối phương án: ghi các số mà quan hệ giữa chỉ tiêu đòi hỏi (u: hoàn tác)", "Balance the scenario: write what the identities between indicators require (u undoes)"),
    on(&[Sheet], &[c('M')], Do(A::OpenSeek)).help("Tìm số cho ô theo mục tiêu, ví dụ KH/ƯTH = 110% (ghi vào phương án; u hoàn tác)", "Goal seek: the cell's figure that reaches a goal, e.g. KH/ƯTH = 110% (written into the scenario; u undoes)"),
    on(BROWSE, &[c('C')], Do(A::OpenSide)).help("Các phương án cạnh nhau: chọn số chính thức và 1–4 phương án, các ô thay đổi hoặc các chỉ tiêu chọn; tỷ lệ và kiểm tra của từng cột", "Scenarios side by side: choose the official figures and 1–4 scenarios, the changed cells or chosen indicators; the percentages and checks of each column"),
    on(BROWSE, &[c('s')], Do(A::OpenScenarios)).help("Phương án giả định: chọn, tạo, đổi tên, áp dụng", "What-if scenarios: switch, new, rename, discard, apply").footer(7, "phương án", "scenarios"),
    on(BROWSE, &[c('S')], Do(A::NewScenario)).help("Tạo phương án giả định mới", "New what-if scenario"),
    on(BROWSE, &[c('/')], Do(A::OpenSearch)).help("Tìm chỉ tiêu (không cần gõ dấu)", "Find an indicator (diacritics optional)").footer(8, "tìm", "find"),
    on(BROWSE, &[c('!'), c('v')], Do(A::OpenFindings)).help("Danh sách phát hiện khi kiểm tra; Enter để đến ô", "List of findings; Enter goes to the cell").footer(9, "kiểm tra", "findings"),
    on(VIEWS, &[c('['), c(']')], Do(A::PrevYear)).label("[ ]").help("Năm kế hoạch trước / sau", "Previous / next plan year").footer(10, "năm", "year"),
    on(BROWSE, &[k(KeyCode::Tab), c('>')], Do(A::NextTab)).help("Thẻ tiếp theo", "Next tab"),
    on(BROWSE, &[k(KeyCode::BackTab), c('<')], Do(A::PrevTab)).help("Thẻ trước", "Previous tab"),
    on(BROWSE, TAB_KEYS, Act::TabKey).label("Alt+1…5  F1…F5").help("Chuyển thẳng đến thẻ 1…5", "Go to tab 1…5"),
    on(VIEWS, &[k(KeyCode::Up), c('k')], Do(A::Move(Dir::Up))).label("↑ ↓ ← →  h j k l").help("Di chuyển", "Move"),
    on(VIEWS, &[k(KeyCode::Down), c('j')], Do(A::Move(Dir::Down))),
    on(VIEWS, &[k(KeyCode::Left), c('h')], Do(A::Move(Dir::Left))),
    on(VIEWS, &[k(KeyCode::Right), c('l')], Do(A::Move(Dir::Right))),
    on(VIEWS, &[k(KeyCode::PageUp)], Do(A::PageUp)).label("PgUp PgDn").help("Lên / xuống một trang", "Page up / down"),
    on(VIEWS, &[k(KeyCode::PageDown)], Do(A::PageDown)),
    on(BROWSE, &[k(KeyCode::Home)], Do(A::RowStart)).label("Home End").help("Cột đầu / cột cuối", "First / last column"),
    on(BROWSE, &[k(KeyCode::End)], Do(A::RowEnd)),
    on(VIEWS, &[c('g')], Do(A::Top)).label("g G").help("Dòng đầu / dòng cuối", "First / last row"),
    on(VIEWS, &[c('G')], Do(A::Bottom)),
    on(BROWSE, &[k(KeyCode::Delete), k(KeyCode::Backspace)], Do(A::RequestBlank)).help("Để trống ô (phải trả lời c; Enter là không)", "Blank the cell (needs y; Enter means no)"),
    on(BROWSE, &[c('n')], Do(A::NextFinding)).label("n p").help("Ô có phát hiện tiếp theo / trước", "Next / previous cell with a finding"),
    on(BROWSE, &[c('p')], Do(A::PrevFinding)),
    on(BROWSE, &[c('N')], Do(A::StartNextPlan)).help("Lập kế hoạch năm sau từ kế hoạch này", "Start next year's plan from this one"),
    on(BROWSE, &[c('H')], Do(A::OpenHistory)).help("Lịch sử thay đổi của ô", "History of the cell"),
    // Typing a figure.
    on(&[Sheet, Overview], &[c('t')], Do(A::OpenByUnit)).help("Xem chỉ tiêu của dòng đang chọn theo đơn vị cấp dưới (huyện, xã), với dòng cộng", "See the selected row's indicator by the units below (districts, communes), with the total").footer(6, "theo đơn vị", "by unit"),
    on(&[ByUnit], &[k(KeyCode::Esc), c('t')], Do(A::Cancel)).help("Đóng bảng theo đơn vị", "Close the by-unit view").footer(1, "đóng", "close"),
    on(&[ByUnit], &[k(KeyCode::Enter)], Do(A::Activate)).help("Mở bảng của đơn vị đã chọn", "Open the chosen unit's sheet").footer(2, "mở đơn vị", "open unit"),
    on(&[ByUnit], DIGITS, Act::Digit).label("0-9").help("Gõ số cho đơn vị đã chọn; dòng Cộng tính lại ngay khi gõ", "Type a figure for the chosen unit; the total follows as you type").footer(3, "sửa", "edit"),
    on(&[ByUnit], &[k(KeyCode::Tab), c('>')], Do(A::NextTab)).label("Tab  Shift+Tab").help("Chỉ tiêu sau / trước trong phụ lục", "Next / previous indicator of the appendix").footer(4, "chỉ tiêu khác", "indicator"),
    on(&[ByUnit], &[k(KeyCode::BackTab), c('<')], Do(A::PrevTab)),
    on(&[ByUnit], &[c('M')], Do(A::OpenSeek)).help("Tìm số cho đơn vị đã chọn để số tổng hợp đạt mục tiêu, ví dụ KH = 500 (ghi vào phương án; u hoàn tác)", "Goal seek: the chosen unit's figure that brings the roll-up to a goal, e.g. KH = 500 (written into the scenario; u undoes)"),
    on(&[ByUnit], &[c('a')], Do(A::PlanApprove)).label("a  r  m").help("Duyệt / trả lại (kèm lý do) / mở lại kế hoạch của đơn vị đã chọn", "Approve / return (with a reason) / reopen the chosen unit's plan").footer(5, "duyệt/trả", "approve/return").footer_keys("a r"),
    on(&[ByUnit], &[c('r')], Do(A::PlanReturn)),
    on(&[ByUnit], &[c('m')], Do(A::PlanReopen)),
    on(VIEWS, &[c('L')], Do(A::OpenLog)).help("Các thay đổi gần đây của đơn vị và cấp dưới: ai, lúc nào, ô nào, cũ → mới (Enter: đến ô đó)", "Recent changes of the unit and those below: who, when, which cell, old → new (Enter: go there)"),
    on(&[Sheet], &[c('m')], Do(A::EditNote)).help("Ghi chú cho ô đang chọn (ô có ghi chú mang dấu \")", "Comment on the selected cell (cells with a comment are marked \")"),
    on(BROWSE, &[c('E')], Do(A::Export)).help("Ghi kế hoạch ra sổ Excel theo mẫu phụ lục (hỏi tên tệp)", "Write the plan as an Excel workbook in the appendix layout (asks for the file name)"),
    on(BROWSE, &[c('F')], Do(A::FormImport)).help("Thêm biểu mẫu mới từ sổ Excel của Bộ (hỏi từng dòng khớp chưa chắc, xem thay đổi rồi mới thêm)", "Add a new form from the ministry's workbook (asks about each doubtful match, shows the changes before adding)"),
    on(BROWSE, &[c('I')], Do(A::Import)).help("Nhập sổ Excel hoặc CSV theo mẫu phụ lục vào một phương án mới để xem lại rồi áp dụng", "Read a workbook or CSV in the appendix layout into a new scenario, to review and apply"),
    on(&[Sheet], &[c('P')], Do(A::PlanSubmit)).help("Gửi kế hoạch của đơn vị lên cấp trên (từ khi gửi, số liệu bị khoá: =)", "Submit the unit's plan to the level above (from then on its figures lock: =)"),
    on(&[Edit], &[k(KeyCode::Enter)], Do(A::Commit(Dir::Down))).help("Khi sửa: ghi ngay, xuống dòng dưới", "While editing: save at once, move down").footer(1, "ghi", "save"),
    on(&[Edit], &[k(KeyCode::Tab)], Do(A::Commit(Dir::Right))).help("Khi sửa: ghi, sang phải (cuối dòng: dòng sau)", "While editing: save, go right (at the end: next row)").footer(2, "ghi, sang phải", "save, right"),
    on(&[Edit], &[k(KeyCode::BackTab)], Do(A::Commit(Dir::Left))).help("Khi sửa: ghi rồi sang ô bên trái", "While editing: save, then the cell to the left"),
    on(&[Edit], &[k(KeyCode::Up)], Do(A::Commit(Dir::Up))).label("↑ ↓").help("Khi sửa: ghi rồi lên / xuống", "While editing: save, then up / down"),
    on(&[Edit], &[k(KeyCode::Down)], Do(A::Commit(Dir::Down))),
    on(&[Edit], &[k(KeyCode::Esc), ctrl('c')], Do(A::Cancel)).help("Huỷ (không ghi gì)", "Cancel (nothing is written)").footer(3, "huỷ", "cancel"),
    on(&[Edit], &[], Act::Text).label("110%  +10%  -5%").help("Ô kế hoạch: 110% số ƯTH năm trước, tăng/giảm theo %", "Plan cell: 110% of last year's estimate, or change by %").footer(4, "theo %", "by %").footer_keys("110% +10%"),
    // Questions.
    on(&[Confirm], &[c('c'), c('C'), c('y'), c('Y')], Do(A::Answer(true))).label("c  y").help("Trả lời có", "Answer yes").footer(1, "có", "yes"),
    on(&[Confirm], &[c('k'), c('K'), c('n'), c('N'), k(KeyCode::Enter)], Do(A::Answer(false))).label("k  n  Enter").help("Trả lời không", "Answer no").footer(2, "không", "no"),
    on(&[Confirm, Choose], &[k(KeyCode::Esc), ctrl('c')], Do(A::Cancel)).label("Esc").help("Thôi, không làm gì", "Leave it, do nothing").footer(3, "thôi", "cancel"),
    on(&[Choose], DIGITS, Act::Option).label("1 2 3").help("Chọn phương án trả lời mang số đó", "Pick the option with that number").footer(1, "chọn", "pick"),
    on(&[Choose], &[k(KeyCode::Enter)], Do(A::ChooseDefault)).help("Chọn phương án được gợi ý (nếu câu hỏi có)", "Pick the suggested option (when the question has one)"),
    // Text fields over lists, and lists.
    on(&[Field, Picker], &[k(KeyCode::Enter)], Do(A::Accept)).help("Xong / đến dòng đã chọn", "Done / go to the chosen row").footer(1, "xong", "done"),
    on(&[Field, Picker], &[k(KeyCode::Esc), ctrl('c')], Do(A::Cancel)).label("Esc").help("Đóng", "Close").footer(2, "đóng", "close"),
    on(LISTS, &[k(KeyCode::Up)], Do(A::ListUp)).label("↑ ↓  PgUp PgDn").help("Chọn trong danh sách", "Move in a list").footer(3, "chọn", "choose"),
    on(LISTS, &[k(KeyCode::Down)], Do(A::ListDown)),
    on(&[Picker], &[k(KeyCode::Right)], Do(A::Move(Dir::Right))).label("→ ←").help("Chọn đơn vị: mở / đóng nhánh (gõ chữ để tìm theo tên hoặc mã, không cần dấu)", "Choosing a unit: open / close a branch (type to search by name or code, diacritics optional)").footer(4, "mở/đóng", "open/close"),
    on(&[Picker], &[k(KeyCode::Left)], Do(A::Move(Dir::Left))),
    on(&[Picker], &[k(KeyCode::Tab), k(KeyCode::BackTab)], Do(A::NextTab)).label("Tab").help("Chọn đơn vị: cả các đơn vị đã giải thể hoặc chưa thành lập vào năm kế hoạch", "Choosing a unit: also the units that had ended or not begun in the plan year").footer(5, "cả đơn vị cũ", "all dates"),
    on(LISTS, &[k(KeyCode::PageUp)], Do(A::ListPageUp)),
    on(LISTS, &[k(KeyCode::PageDown)], Do(A::ListPageDown)),
    on(&[Reader, List, Scenarios, Compare, Review, SideChoose, Side], &[c('k')], Do(A::ListUp)).label("j k").help("Xuống / lên trong danh sách", "Down / up in a list"),
    on(&[Reader, List, Scenarios, Compare, Review, SideChoose, Side], &[c('j')], Do(A::ListDown)),
    on(&[Review], &[k(KeyCode::Enter)], Do(A::Accept)).help("Biểu mẫu mới: thêm (hỏi lý do)", "A new form: add it (asks why)").footer(1, "thêm", "add"),
    on(&[Review], &[c('q'), k(KeyCode::Esc), ctrl('c')], Do(A::Cancel)).label("Esc  q").help("Biểu mẫu mới: thôi, chưa thêm gì", "A new form: leave it, nothing added").footer(2, "thôi", "leave"),
    on(&[List, Scenarios], &[k(KeyCode::Enter)], Do(A::Accept)).help("Mở / chọn", "Open / choose").footer(1, "mở", "open"),
    on(&[Reader], &[k(KeyCode::Enter), c('q'), c('?'), c('H'), k(KeyCode::Esc), ctrl('c')], Do(A::Cancel)).label("Esc  q").help("Đóng", "Close").footer(2, "đóng", "close"),
    on(&[List], &[c('q'), c('!'), c('v'), k(KeyCode::Esc), ctrl('c')], Do(A::Cancel)).label("Esc  q").help("Đóng", "Close").footer(2, "đóng", "close"),
    on(&[Scenarios], &[c('n'), c('S')], Do(A::NewScenario)).label("n").help("Tạo phương án mới", "New scenario").footer(2, "tạo", "new"),
    on(&[Scenarios], &[c('r')], Do(A::RenameScenario)).help("Đổi tên phương án", "Rename the scenario").footer(3, "đổi tên", "rename"),
    on(&[Scenarios], &[c('d'), k(KeyCode::Delete)], Do(A::DeleteScenario)).label("d").help("Huỷ phương án (giữ làm hồ sơ; có hỏi lại)", "Discard the scenario (kept as a record; asks first)").footer(4, "huỷ", "discard"),
    on(&[Scenarios], &[c('a')], Do(A::ApplyScenario)).help("Áp dụng thành số chính thức (hỏi lại; u hoàn tác)", "Make it official (asks first; u undoes it)").footer(5, "áp dụng", "apply"),
    on(&[Scenarios], &[c('c')], Do(A::OpenCompare)).help("So sánh phương án với số chính thức", "Compare with the official figures").footer(6, "so sánh", "compare"),
    on(&[Scenarios], &[c('q'), c('s'), k(KeyCode::Esc), ctrl('c')], Do(A::Cancel)).label("Esc  q").help("Đóng", "Close").footer(7, "đóng", "close"),
    on(&[Compare], &[k(KeyCode::Enter)], Do(A::Accept)).help("Đến ô", "Go to the cell").footer(1, "đến ô", "go to cell"),
    on(&[Compare], &[c('a')], Do(A::ApplySelected)).help("Áp dụng riêng thay đổi này", "Apply this change only").footer(2, "áp dụng ô này", "apply this"),
    on(&[Compare], &[c('A')], Do(A::ApplyScenario)).help("Áp dụng tất cả thay đổi", "Apply every change").footer(3, "áp dụng tất cả", "apply all"),
    on(&[Compare], &[c('q'), c('c'), k(KeyCode::Esc), ctrl('c')], Do(A::Cancel)).label("Esc  q").help("Đóng", "Close").footer(4, "đóng", "close"),
    on(&[SideChoose], &[c(' '), c('x')], Do(A::Toggle)).label("Space  x").help("Các phương án cạnh nhau: chọn / bỏ dòng đang chọn (cột, loại dòng, chỉ tiêu)", "Side by side: tick / untick the selected line (a column, the kind of rows, an indicator)").footer(1, "chọn/bỏ", "tick").footer_keys("Space"),
    on(&[SideChoose], &[k(KeyCode::Enter)], Do(A::Accept)).help("Các phương án cạnh nhau: xem với các cột và dòng đã chọn", "Side by side: show the columns and rows ticked").footer(2, "xem", "show"),
    on(&[SideChoose, Side], &[c('q'), k(KeyCode::Esc), ctrl('c')], Do(A::Cancel)).label("Esc  q").help("Đóng", "Close").footer(4, "đóng", "close"),
    on(&[Side], &[c('C')], Do(A::OpenSide)).help("Các phương án cạnh nhau: chọn lại cột và dòng", "Side by side: choose the columns and rows again").footer(2, "chọn lại", "choose again"),
    // Long work running (an export, an import) while browsing.
    on(&[Working], &[k(KeyCode::Esc)], Do(A::StopWork)).help("Dừng việc đang chạy nền (ghi, đọc sổ Excel): không ghi gì", "Stop the work running in the background (writing, reading a workbook): nothing is written").footer(1, "dừng", "stop"),
    // Everywhere.
    on(&[Overview, Sheet, Edit, Confirm, Choose, Field, Reader, List, Scenarios, Compare, ByUnit, Picker, Review, SideChoose, Side], &[ctrl('l')], Do(A::Redraw)).help("Vẽ lại toàn màn hình (khi màn hình bị rác)", "Repaint the whole screen (when it shows garbage)"),
];
