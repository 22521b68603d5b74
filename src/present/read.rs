//! Why a file could not be read, in words: the facts a [`ReadError`] carries (the sheet, the
//! cell, the limit) said in Vietnamese and English.

use crate::domain::text::sanitize;
use crate::exchange::read::ReadError;
use crate::exchange::read::limits::{self, TooLarge, cell_name};
use crate::i18n::Lang;
use std::path::Path;

/// A count the way the language writes it (`2.000`, `2,000`).
fn n(v: u64, lang: Lang) -> String {
    super::number(usize::try_from(v).unwrap_or(usize::MAX), lang)
}

fn mb(bytes: u64) -> u64 {
    bytes / (1024 * 1024)
}

/// What went past a limit, in one language.
fn too_large(t: &TooLarge, lang: Lang) -> String {
    let at = |sheet: &str, row: u64, col: u64| match lang {
        Lang::Vi => format!("trang tính “{}”, ô {}", sanitize(sheet), cell_name(row, col)),
        Lang::En => format!("sheet “{}”, cell {}", sanitize(sheet), cell_name(row, col)),
    };
    let vi = lang == Lang::Vi;
    match t {
        TooLarge::File { .. } if vi => format!(
            "tệp lớn hơn {} MB, mà một sổ kế hoạch chỉ vài trăm KB",
            mb(limits::MAX_FILE_BYTES)
        ),
        TooLarge::File { .. } => format!(
            "the file is larger than {} MB, where a plan's workbook is a few hundred KB",
            mb(limits::MAX_FILE_BYTES)
        ),
        TooLarge::Entries { count } if vi => format!(
            "tệp nén có {} mục, quá {} mục của một sổ tính",
            n(*count, lang),
            n(limits::MAX_ZIP_ENTRIES, lang)
        ),
        TooLarge::Entries { count } => format!(
            "the compressed file lists {} entries, more than the {} of a workbook",
            n(*count, lang),
            n(limits::MAX_ZIP_ENTRIES, lang)
        ),
        TooLarge::Unzipped { entry } if vi => format!(
            "giải nén đến phần “{}” đã quá {} MB (tệp nén bất thường, có thể là “bom zip”)",
            sanitize(entry),
            mb(limits::MAX_UNZIPPED_BYTES)
        ),
        TooLarge::Unzipped { entry } => format!(
            "unpacked as far as “{}”, its parts exceed {} MB (an abnormal compressed file, perhaps a zip bomb)",
            sanitize(entry),
            mb(limits::MAX_UNZIPPED_BYTES)
        ),
        TooLarge::Sheets { .. } if vi => format!("tệp có hơn {} trang tính", limits::MAX_SHEETS),
        TooLarge::Sheets { .. } => format!("the file has more than {} sheets", limits::MAX_SHEETS),
        TooLarge::Beyond { sheet, row, col } => format!(
            "{}: {} ({} {} {} × {} {})",
            at(sheet, *row, *col),
            lang.pick("ngoài khổ một phụ lục", "outside the size of an appendix"),
            lang.pick("tối đa", "at most"),
            n(limits::MAX_ROWS, lang),
            lang.pick("dòng", "rows"),
            n(limits::MAX_COLS, lang),
            lang.pick("cột", "columns"),
        ),
        TooLarge::Cells { sheet, row, col } => format!(
            "{}: {} {} {}",
            at(sheet, *row, *col),
            lang.pick("tệp có hơn", "the file has more than"),
            n(limits::MAX_CELLS, lang),
            lang.pick("ô có số liệu", "cells with values")
        ),
        TooLarge::Area { sheet } if vi => format!(
            "trang tính “{}”: các trang cộng lại vượt {} ô (số dòng × số cột có số liệu của mỗi trang)",
            sanitize(sheet),
            n(limits::MAX_AREA, lang)
        ),
        TooLarge::Area { sheet } => format!(
            "sheet “{}”: the sheets together span more than {} cells (the rows × columns with values of each)",
            sanitize(sheet),
            n(limits::MAX_AREA, lang)
        ),
        TooLarge::Text { sheet, row, col } => format!(
            "{}: {} {} MB",
            at(sheet, *row, *col),
            lang.pick("chữ trong các ô cộng lại quá", "the text of all cells exceeds"),
            mb(limits::MAX_TEXT_BYTES)
        ),
        TooLarge::Merges { sheet, .. } if vi => format!(
            "trang tính “{}” có hơn {} vùng gộp ô",
            sanitize(sheet),
            n(limits::MAX_MERGES as u64, lang)
        ),
        TooLarge::Merges { sheet, .. } => format!(
            "sheet “{}” has more than {} merged ranges",
            sanitize(sheet),
            n(limits::MAX_MERGES as u64, lang)
        ),
        TooLarge::Strings { .. } => format!(
            "{} {} {}",
            lang.pick(
                "bảng chuỗi dùng chung của tệp có hơn",
                "the file's shared-string table has more than"
            ),
            n(limits::MAX_STRINGS, lang),
            lang.pick("mục", "entries")
        ),
    }
}

/// Why the file at `path` could not be read, in the user's language.
pub fn error(path: &Path, why: &ReadError, lang: Lang) -> String {
    let p = sanitize(&path.display().to_string());
    match why {
        ReadError::Kind(ext) => say!(
            lang,
            format!("{p}: kttt đọc sổ Excel (.xlsx, .xlsm, .xls, .ods) và tệp CSV, không đọc tệp “.{ext}”."),
            format!("{p}: kttt reads workbooks (.xlsx, .xlsm, .xls, .ods) and CSV files, not “.{ext}” files."),
        ),
        ReadError::Broken(why) => say!(
            lang,
            format!("{p}: tệp hỏng hoặc không đúng loại như tên tệp ({why}). Chưa ghi gì."),
            format!("{p}: the file is damaged or not what its name says ({why}). Nothing was written."),
        ),
        ReadError::NotAFile => say!(
            lang,
            format!("{p} không phải một tệp (mà là thư mục, thiết bị hay đường ống). Chưa ghi gì."),
            format!("{p} is not a file (but a folder, a device or a pipe). Nothing was written."),
        ),
        ReadError::TooLarge(t) => say!(
            lang,
            format!("{p}: {}; không đọc tệp này. Chưa ghi gì.", too_large(t, lang)),
            format!(
                "{p}: {}; the file was not read. Nothing was written.",
                too_large(t, lang)
            ),
        ),
        ReadError::Io(source) => format!("{}: {source}", path.display()),
        ReadError::Stopped => say!(
            lang,
            format!("{p}: đã dừng trước khi đọc hết tệp. Chưa ghi gì."),
            format!("{p}: stopped before the whole file was read. Nothing was written."),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_far_cell_is_named_by_sheet_and_cell_with_the_limit() {
        let e = ReadError::TooLarge(TooLarge::Beyond {
            sheet: "Phụ lục 1".into(),
            row: 1_048_575,
            col: 16_383,
        })
        .at(Path::new("x.xlsx"));
        assert_eq!(
            e.message(Lang::Vi),
            "x.xlsx: trang tính “Phụ lục 1”, ô XFD1048576: ngoài khổ một phụ lục (tối đa 10.000 dòng × 200 cột); không đọc tệp này. Chưa ghi gì."
        );
        assert_eq!(
            e.message(Lang::En),
            "x.xlsx: sheet “Phụ lục 1”, cell XFD1048576: outside the size of an appendix (at most 10,000 rows × 200 columns); the file was not read. Nothing was written."
        );
    }

    #[test]
    fn every_limit_has_words_in_both_languages() {
        let all = [
            TooLarge::File { bytes: 1 << 30 },
            TooLarge::Entries { count: 5000 },
            TooLarge::Unzipped {
                entry: "xl/a\u{1b}.xml".into(),
            },
            TooLarge::Sheets { count: 31 },
            TooLarge::Cells {
                sheet: "S".into(),
                row: 0,
                col: 0,
            },
            TooLarge::Area { sheet: "S".into() },
            TooLarge::Text {
                sheet: "S".into(),
                row: 0,
                col: 0,
            },
            TooLarge::Merges {
                sheet: "S".into(),
                count: 5000,
            },
            TooLarge::Strings { count: 1 << 40 },
        ];
        for t in all {
            let (vi, en) = (too_large(&t, Lang::Vi), too_large(&t, Lang::En));
            assert!(!vi.is_empty() && !en.is_empty() && vi != en, "{t:?}");
            assert!(!vi.contains('\u{1b}') && !en.contains('\u{1b}'), "{vi}");
        }
    }
}
