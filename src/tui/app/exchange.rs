//! Workbooks from the app: `E` writes the plan as it is shown (unit, year, layer) to a named
//! file and says where; `I` reads a workbook or CSV into a new scenario and opens the
//! comparison (both off the input thread, with their progress on screen and `Esc` to stop:
//! [`super::job`]), so every change and the percentages it moves are seen before anything
//! becomes official. A file with problems is refused whole, its first problems listed and
//! the rest counted; a file that cannot be read (damaged, past the limits of what an import
//! reads) keeps the field open with the reason, and the app goes on.

use super::job::{Done, Job, Work};
use super::{App, ListPick, Mode, NameInput, NamePurpose, ProblemsPanel};
use crate::exchange::export::{Kind, What, default_name, write_watched};
use crate::exchange::parse::Parsed;
use crate::files::Output;
use crate::tui::editor::LineEditor;
use std::path::PathBuf;

/// The longest file path the field takes.
const PATH_MAX: usize = 400;

impl App {
    pub(super) fn ask_file(&mut self, purpose: NamePurpose) {
        // An official on a shared server without a folder of their own: files travel over
        // SSH only, and the app says the one command that does it.
        if let Some(c) = self.files.official()
            && c.export_dir.is_none()
        {
            let m = self.stream_hint(purpose == NamePurpose::Export);
            return self.say(m);
        }
        let name = default_name(&self.session.unit().code, self.session.year());
        self.mode = Mode::NameInput(NameInput {
            field: LineEditor::selected(&name, PATH_MAX),
            purpose,
        });
    }

    /// The command that streams the plan shown (or sends a file in) over SSH, from the
    /// official's own computer.
    fn stream_command(&self, export: bool) -> String {
        let s = &self.session;
        let account = crate::files::service_account();
        let host = crate::files::host_name().unwrap_or_else(|| "MÁY_CHỦ".to_string());
        let mut cmd = format!("ssh {account}@{host} kttt --unit {}", s.unit().code);
        if export {
            cmd.push_str(&format!(" export --year {}", s.year()));
            if let Some(sc) = s.scenario() {
                cmd.push_str(&format!(" --scenario {}", shell_words::quote(&sc.name)));
            }
            cmd.push_str(&format!(" --out - > {}", default_name(&s.unit().code, s.year())));
        } else {
            cmd.push_str(" import - < so-lieu.xlsx");
        }
        cmd
    }

    /// What to do on a shared server to get the plan as a workbook (or to send one in).
    fn stream_hint(&self, export: bool) -> String {
        let cmd = self.stream_command(export);
        if export {
            format!(
                "{} {cmd}",
                self.t(
                    "Trên máy chủ dùng chung, lấy sổ Excel về máy bạn bằng lệnh (gõ trên máy bạn):",
                    "On a shared server, fetch the workbook to your computer with (typed on your computer):"
                )
            )
        } else {
            format!(
                "{} {cmd} {}",
                self.t(
                    "Trên máy chủ dùng chung, gửi tệp lên bằng lệnh (gõ trên máy bạn):",
                    "On a shared server, send the file with (typed on your computer):"
                ),
                self.t(
                    "— rồi mở phương án vừa tạo bằng s.",
                    "— then open the scenario it makes with s."
                )
            )
        }
    }

    /// Starts writing the export off the input thread (see [`super::job`]), or keeps the
    /// field open with the reason.
    pub(super) fn export_to(&mut self, n: NameInput) {
        if self.job.is_some() {
            self.mode = Mode::NameInput(n);
            let m = self.busy();
            return self.complain(m);
        }
        let asked = PathBuf::from(n.field.text().trim());
        let what = What {
            kind: Kind::Xlsx,
            by_unit: false,
            only: None,
        };
        let path = match self.files.output(&asked) {
            Ok(Output::File(path)) => path,
            Ok(Output::Stdout) => {
                self.mode = Mode::NameInput(n);
                return self.fail(crate::error::Error::said(
                    "Ứng dụng không ghi ra đầu ra chuẩn; hãy gõ tên tệp.",
                    "The app does not write to standard output; type a file name.",
                ));
            }
            Err(e) => {
                self.mode = Mode::NameInput(n);
                return self.fail(e);
            }
        };
        // Refused at once rather than after the work: a file there already, a folder the
        // policy closes.
        if let Err(e) = self
            .files
            .check(&path)
            .and_then(|()| match std::fs::symlink_metadata(&path) {
                Ok(_) => Err(crate::files::write::exists_refusal(&path)),
                Err(_) => Ok(()),
            })
        {
            self.mode = Mode::NameInput(n);
            return self.fail(e);
        }
        let view = self.session.plan_view(what.view());
        let files = self.files.clone();
        let label = (self.t("Đang ghi", "Writing").to_string(), path.display().to_string());
        let work: Work =
            Box::new(move |watch| write_watched(&view, &path, what, false, &files, watch).map(Done::Exported));
        self.start_job(Job::spawn(label, ("ô", "cells"), work), Some(n));
    }

    /// Says where an export wrote its files.
    pub(super) fn exported(&mut self, files: &[PathBuf]) {
        let shown: Vec<String> = files
            .iter()
            .map(|f| std::fs::canonicalize(f).unwrap_or(f.clone()).display().to_string())
            .collect();
        let mut m = format!("{} {}", self.t("Đã ghi", "Written:"), shown.join(", "));
        if self.files.official().is_some() {
            m = format!(
                "{m} {} {}",
                self.t(
                    "(thư mục riêng của bạn trên máy chủ). Lấy về máy bạn:",
                    "(your own folder on the server). To fetch it to your computer:"
                ),
                self.stream_command(true)
            );
        }
        self.say(m);
    }

    /// Reads a file and stages it as a new scenario, then shows the comparison.
    pub(super) fn import_from(&mut self, n: NameInput) {
        let asked = PathBuf::from(n.field.text().trim());
        let path = match self.files.input(&asked) {
            Ok(crate::files::Input::File(p)) => p,
            Ok(crate::files::Input::Stdin) => {
                self.mode = Mode::NameInput(n);
                let m = self.stream_hint(false);
                return self.complain(m);
            }
            Err(e) => {
                self.mode = Mode::NameInput(n);
                return self.fail(e);
            }
        };
        self.import_path(&path, false, Some(n));
    }

    /// Reads a file off the input thread (see [`super::job`]), then stages it; doubtful
    /// figures are asked about first (`force` takes them as read, once the user said so).
    /// A file that cannot be read at all reopens `retry` with the reason.
    pub(in crate::tui) fn import_path(&mut self, path: &std::path::Path, force: bool, retry: Option<NameInput>) {
        if self.job.is_some() {
            if let Some(n) = retry {
                self.mode = Mode::NameInput(n);
            }
            let m = self.busy();
            return self.complain(m);
        }
        let catalog = self.session.catalog().clone();
        let path = path.to_path_buf();
        let label = (self.t("Đang đọc", "Reading").to_string(), path.display().to_string());
        let work: Work = Box::new(move |watch| {
            let parsed = crate::exchange::load_watched(&catalog, &path, watch)?;
            Ok(Done::Read {
                path,
                force,
                parsed: Box::new(parsed),
            })
        });
        self.start_job(Job::spawn(label, ("bước", "steps"), work), retry);
    }

    /// Stages a file read whole as a new scenario and opens the comparison, or says what
    /// is wrong in it, or asks about its doubtful figures first.
    pub(super) fn stage(&mut self, path: &std::path::Path, force: bool, parsed: Parsed) {
        if let Some(y) = parsed.year
            && y != self.session.year()
            && self.session.plan_years().contains(&y)
            && let Err(e) = self.session.set_year(y)
        {
            return self.fail(e);
        }
        let plan = self.session.plan_import(&parsed, force);
        let lang = self.session.lang();
        if !plan.problems.is_empty() {
            let title = format!(
                "{} {}: {} {}",
                self.t("Không nhập", "Not imported:"),
                path.display(),
                crate::present::number(plan.problems.len(), lang),
                self.t(
                    "vấn đề, chưa ghi gì — Esc để đóng",
                    "problem(s), nothing written — Esc to close"
                )
            );
            let app = crate::present::Shell::App;
            let mut lines = crate::present::problem_lines(&plan.problems, lang, app);
            lines.extend(crate::present::problem_lines(&plan.doubts, lang, app));
            self.mode = Mode::Problems(Box::new(ProblemsPanel {
                title,
                lines,
                pick: ListPick::default(),
                then_form: false,
            }));
            return;
        }
        if let Some(first) = plan.doubts.first() {
            let more = plan.doubts.len() - 1;
            let question = format!(
                "{} {} {}{} {}",
                self.t("Số đáng ngờ trong tệp:", "A doubtful figure in the file:"),
                crate::present::problem_line(first, lang, crate::present::Shell::App),
                if more > 0 {
                    format!("({} {} {}) ", self.t("và", "and"), more, self.t("số khác", "more"))
                } else {
                    String::new()
                },
                self.t(
                    "Vẫn nhập đúng như đã đọc (vào một phương án, chưa thành số chính thức)?",
                    "Import as read anyway (into a scenario, not official)?"
                ),
                self.t("c = có · k, Enter, Esc = không", "y = yes · n, Enter, Esc = no")
            );
            self.mode = Mode::Confirm(super::Confirm {
                kind: super::ConfirmKind::ImportDoubts {
                    path: path.to_path_buf(),
                },
                question,
            });
            return;
        }
        if plan.cells.is_empty() {
            let m = format!(
                "{} ({} {}).",
                self.t(
                    "Tệp không khác số liệu hiện có; không tạo phương án nào",
                    "The file does not differ from the stored figures; no scenario was made"
                ),
                plan.unchanged,
                self.t("số liệu như hiện có", "figures as stored")
            );
            self.say(m);
            return;
        }
        let cells: Vec<_> = plan.cells.iter().map(|(k, v, _)| (*k, *v)).collect();
        let staged = self
            .session
            .import_name(path)
            .and_then(|name| self.session.import_as_scenario(&name, &cells));
        match staged {
            Ok(info) => {
                self.mode = Mode::Compare(ListPick::default());
                let read = parsed
                    .convention
                    .map(|c| format!(" {} {}.", self.t("Đọc", "Read as"), c.describe(lang)))
                    .unwrap_or_default();
                let m = format!(
                    "{} “{}”: {} {}{read}",
                    self.t("Đã đưa vào phương án", "Staged as scenario"),
                    info.name,
                    cells.len(),
                    self.t(
                        "thay đổi. A áp dụng tất cả, a áp dụng dòng chọn; số chính thức chưa đổi.",
                        "changes. A applies all, a the selected one; the official figures are unchanged."
                    )
                );
                self.say(m);
            }
            Err(e) => self.fail(e),
        }
    }
}
