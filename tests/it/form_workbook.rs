//! A form's workbook as an office saves it again: LibreOffice's xlsx and ods read back as the
//! same form, every row the same as the form's.

use crate::common;
use kttt::domain::form::read::ColumnRole;
use kttt::domain::form::{Forms, Kind, propose};
use kttt::exchange::form::{form_workbook, read_form};
use kttt::exchange::read::read_file;
use kttt::i18n::Lang;

#[test]
fn a_form_workbook_saved_again_by_libreoffice_reads_the_same() {
    let d = tempfile::tempdir().unwrap();
    let forms = Forms::builtin();
    let mut books = Vec::new();
    for (form, year) in forms.all().iter().zip([2020, 2027]) {
        let src = d.path().join(format!("{}.xlsx", form.source.id));
        std::fs::write(&src, form_workbook(form, year, Lang::Vi).unwrap()).unwrap();
        let original = read_form(&read_file(&src).unwrap()).unwrap();
        books.push((form, src, original));
    }
    let sources: Vec<_> = books.iter().map(|(_, src, _)| src.clone()).collect();
    for to in ["xlsx", "ods"] {
        // Both forms' workbooks in one LibreOffice run a format.
        let out = d.path().join(to);
        std::fs::create_dir_all(&out).unwrap();
        let saved = common::office::convert(&sources, to, &out);
        for ((form, _, original), saved) in books.iter().zip(&saved) {
            let read = read_form(&read_file(saved).unwrap()).unwrap_or_else(|p| panic!("{to}: {p:?}"));
            assert_eq!(read.appendices.len(), original.appendices.len());
            for (a, b) in read.appendices.iter().zip(&original.appendices) {
                assert_eq!((&a.number, &a.title, a.year), (&b.number, &b.title, b.year), "{to}");
                let roles = |x: &kttt::domain::form::read::ReadAppendix| -> Vec<ColumnRole> {
                    x.columns.iter().map(|c| c.role.clone()).collect()
                };
                assert_eq!(roles(a), roles(b), "{to} Phụ lục {}", a.number);
                assert_eq!(a.rows, b.rows, "{to} Phụ lục {}", a.number);
            }
            let p = propose(form, &read);
            assert!(
                p.rows.iter().all(|r| r.kinds == [Kind::Same]),
                "{to}: {:#?}",
                p.changed().collect::<Vec<_>>()
            );
            assert!(p.changes(&[]).is_empty());
        }
    }
}
