//! `F`: a new form from the ministry's workbook, in the app. The workbook's appendices are
//! read and each row matched to the form in force; every doubtful match is asked about (the
//! same indicator, or a new row); the proposal is shown row by row; Enter asks why, and the
//! form is added — by an administrator of every top unit as the ministry's form, else by the
//! unit's administrator as its office's own rows — in one audited transaction. Nothing
//! changes before that, and Esc leaves at every step.

use super::{App, Confirm, ConfirmKind, ListPick, Mode, NameInput, NamePurpose, ProblemsPanel};
use crate::domain::access::Need;
use crate::domain::form::{FormFile, Kind, Proposal, Source};
use crate::domain::text::sanitize;
use crate::tui::editor::LineEditor;
use std::path::{Path, PathBuf};

/// A form being imported in the app.
#[derive(Clone, Debug)]
pub struct FormImport {
    path: PathBuf,
    year: i32,
    /// The office whose own rows it is (`None`: the ministry's form).
    office: Option<String>,
    proposal: Proposal,
    /// The rows whose match is doubtful: (label, the candidate's code, why).
    doubts: Vec<(String, String, String)>,
    /// How many have been answered.
    asked: usize,
    /// The candidates taken as the same indicator.
    accepted: Vec<String>,
    /// Its source: file, title, the form it is based on.
    source: Source,
}

impl App {
    /// `F`: asks for the workbook, unless the user may add no form at all.
    pub(super) fn ask_form_file(&mut self) {
        if !self.session.can(Need::Admin(None)) {
            let m = self.t(
                "Thêm biểu mẫu cần quyền quản trị: của mọi đơn vị cấp cao nhất (biểu mẫu của Bộ) hoặc của đơn vị này (dòng riêng của cơ quan).",
                "Adding a form takes an administrator: of every top unit (the ministry's form) or of this unit (the office's own rows).",
            );
            return self.complain(m.to_string());
        }
        self.ask_file(NamePurpose::FormFile);
        if let Mode::NameInput(n) = &mut self.mode {
            n.field = LineEditor::selected("phu-luc.xlsx", 400);
        }
    }

    /// Reads the workbook and asks about its first doubtful match (or shows the proposal).
    pub(super) fn form_from(&mut self, n: NameInput) {
        let asked = PathBuf::from(n.field.text().trim());
        let read = match self.files.input(&asked) {
            Ok(crate::files::Input::File(p)) => self.read_form(&p),
            Ok(crate::files::Input::Stdin) => Err(crate::error::Error::said(
                "Ứng dụng không đọc đầu vào chuẩn; hãy gõ tên tệp.",
                "The app does not read standard input; type a file name.",
            )),
            Err(e) => Err(e),
        };
        match read {
            Ok(f) => {
                self.form_import = Some(Box::new(f));
                self.next_form_doubt();
            }
            Err(e) => {
                self.mode = Mode::NameInput(n);
                self.fail(e);
            }
        }
    }

    /// The workbook read and proposed against what this unit reports on: the ministry's
    /// newest form for an administrator of every top unit, else the unit's own form (its
    /// office's rows over the ministry's).
    fn read_form(&self, p: &Path) -> crate::error::Result<FormImport> {
        let sheets = crate::exchange::read::read_file(p).map_err(|e| e.at(p))?;
        let lang = self.session.lang();
        let read = crate::exchange::form::read_form(&sheets).map_err(|problems| {
            let first = problems
                .first()
                .map(|x| format!("{}: {}", sanitize(&x.sheet), x.message.get(lang)))
                .unwrap_or_default();
            crate::error::Error::said(
                format!("Không đọc được biểu mẫu trong tệp: {first}"),
                format!("No form could be read from the file: {first}"),
            )
        })?;
        let year = read
            .appendices
            .iter()
            .find_map(|a| a.year)
            .unwrap_or(self.session.year() + 1);
        let s = &self.session;
        let every_top = s
            .orgs()
            .all()
            .iter()
            .filter(|u| u.parent.is_none())
            .all(|u| s.can(Need::Admin(Some(u.id))));
        let (office, base) = if every_top {
            (None, s.db().forms().newest())
        } else {
            (Some(s.unit().code.clone()), s.db().form_for(s.org(), year))
        };
        let proposal = crate::domain::form::propose(base, &read);
        let doubts = proposal
            .rows
            .iter()
            .flat_map(|r| {
                r.kinds.iter().filter_map(move |k| match k {
                    Kind::Doubtful { candidate, why } => {
                        Some((r.label.clone(), candidate.clone(), why.get(lang).to_string()))
                    }
                    _ => None,
                })
            })
            .collect();
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let title = read.appendices.first().map(|a| a.title.clone()).unwrap_or_default();
        let mut source = Source::imported(year, &name, &title, base);
        if let Some(o) = &office {
            source.id = format!("{o}-{year}");
            source.office = Some(o.clone());
        }
        Ok(FormImport {
            path: p.to_path_buf(),
            year,
            office,
            proposal,
            doubts,
            asked: 0,
            accepted: Vec::new(),
            source,
        })
    }

    /// Asks about the next doubtful match, or shows the proposal when none is left.
    fn next_form_doubt(&mut self) {
        let Some(f) = self.form_import.as_deref() else { return };
        let Some((label, candidate, why)) = f.doubts.get(f.asked).cloned() else {
            return self.show_form_proposal();
        };
        let name = self
            .session
            .db()
            .catalog()
            .find(&candidate)
            .map(|id| {
                self.session
                    .db()
                    .catalog()
                    .get(id)
                    .name
                    .get(self.session.lang())
                    .to_string()
            })
            .unwrap_or_default();
        let question = format!(
            "{} ({}/{}) “{}” {} {candidate} “{}” ({}). {} {}",
            self.t("Dòng khớp chưa chắc", "A doubtful match"),
            f.asked + 1,
            f.doubts.len(),
            sanitize(&label),
            self.t("có thể là chỉ tiêu", "may be indicator"),
            sanitize(&name),
            sanitize(&why),
            self.t("Là cùng một chỉ tiêu?", "Is it the same indicator?"),
            self.t(
                "c = cùng chỉ tiêu · k = dòng mới · Esc = thôi",
                "y = the same · n = a new row · Esc = leave"
            ),
        );
        self.mode = Mode::Confirm(Confirm {
            kind: ConfirmKind::FormDoubt,
            question,
        });
    }

    /// A doubtful match answered.
    pub(in crate::tui) fn answer_form_doubt(&mut self, same: bool) {
        let Some(f) = self.form_import.as_deref_mut() else {
            return;
        };
        if let Some((_, candidate, _)) = f.doubts.get(f.asked).cloned() {
            if same {
                f.accepted.push(candidate);
            }
            f.asked += 1;
        }
        self.next_form_doubt();
    }

    /// The form file the answers make.
    fn form_text(f: &FormImport) -> Result<String, String> {
        let accepted: Vec<&str> = f.accepted.iter().map(String::as_str).collect();
        let (changes, series) = f.proposal.changes_and_series(&accepted);
        let file = FormFile {
            version: 1,
            form: f.source.clone(),
            changes,
            series,
        };
        toml::to_string(&file).map_err(|e| e.to_string())
    }

    /// Shows what the form changes, row by row; Enter asks why, Esc leaves.
    fn show_form_proposal(&mut self) {
        let Some(f) = self.form_import.as_deref() else { return };
        let lang = self.session.lang();
        let built = Self::form_text(f).and_then(|text| {
            let forms = self.session.db().forms();
            let mut texts: Vec<String> = forms
                .all()
                .iter()
                .skip(crate::domain::form::Forms::builtin().all().len())
                .chain(forms.layers())
                .map(|x| x.file_text().to_string())
                .collect();
            texts.push(text);
            crate::domain::form::Forms::with_added(&texts).map_err(|e| e.0)
        });
        let next = match built {
            Ok(n) => n,
            Err(e) => {
                self.form_import = None;
                let m = format!(
                    "{} {}",
                    self.t("Biểu mẫu không dùng được:", "The form cannot be used:"),
                    sanitize(&e)
                );
                return self.complain(m);
            }
        };
        let forms = self.session.db().forms();
        let before = f.source.based_on.as_deref().and_then(|b| forms.get(b));
        let after = next.get(&f.source.id);
        let (Some(before), Some(after)) = (before, after) else {
            return;
        };
        let mut lines = crate::present::form_diff(before, after, lang);
        lines.extend(f.proposal.notes.iter().map(|n| format!("! {}", n.get(lang))));
        let whom = match &f.office {
            Some(o) => format!("{} {}", self.t("dòng riêng của", "the own rows of"), sanitize(o)),
            None => self.t("biểu mẫu của Bộ", "the ministry's form").to_string(),
        };
        let title = format!(
            "{} {} ({whom}, {} {})",
            self.t("Biểu mẫu mới", "New form"),
            f.source.id,
            self.t("từ năm", "from"),
            f.year,
        );
        lines.push(String::new());
        lines.push(
            self.t(
                "Enter: thêm biểu mẫu này (hỏi lý do) · Esc: thôi, chưa thêm gì",
                "Enter: add this form (asks why) · Esc: leave it, nothing added",
            )
            .to_string(),
        );
        self.mode = Mode::Problems(Box::new(ProblemsPanel {
            title,
            lines,
            pick: ListPick::default(),
            then_form: true,
        }));
    }

    /// Esc on a question or the proposal: nothing is added.
    pub(in crate::tui) fn leave_form(&mut self) {
        self.form_import = None;
        let m = self.t("Đã thôi, chưa thêm biểu mẫu nào.", "Left; no form was added.");
        self.say(m.to_string());
    }

    /// Enter on the proposal: the reason is asked.
    pub(in crate::tui) fn ask_form_why(&mut self) {
        if self.form_import.is_none() {
            return;
        }
        self.mode = Mode::NameInput(NameInput {
            field: LineEditor::selected("", 400),
            purpose: NamePurpose::FormWhy,
        });
    }

    /// Adds the form with the reason typed; the session takes the year's form again.
    pub(in crate::tui) fn add_form_with(&mut self, n: NameInput) {
        let why = n.field.text().trim().to_string();
        if why.is_empty() {
            self.mode = Mode::NameInput(n);
            let m = self.t("Hãy ghi lý do.", "Say why.");
            return self.complain(m.to_string());
        }
        let Some(f) = self.form_import.take() else { return };
        let text = match Self::form_text(&f) {
            Ok(t) => t,
            Err(e) => return self.complain(sanitize(&e)),
        };
        let added = self.session.db_mut().add_form(&text, &why);
        match added.and_then(|a| self.session.reload().map(|()| a)) {
            Ok(a) => {
                let m = format!(
                    "{} {} ({}), {} {}; {} {}. {}",
                    self.t("Đã thêm biểu mẫu", "Added form"),
                    a.id,
                    f.path.display(),
                    self.t("áp dụng từ kế hoạch năm", "in force from the plan for"),
                    a.from_year,
                    a.new_indicators,
                    self.t("chỉ tiêu mới", "new indicators"),
                    self.t("Ghi vào nhật ký thay đổi (L).", "Logged (L)."),
                );
                self.say(m);
            }
            Err(e) => {
                self.form_import = Some(f);
                self.fail(e);
            }
        }
    }
}
