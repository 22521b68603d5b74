//! A figure from a cell: a number (in a text file, written in the file's one way of writing
//! numbers), `-` or an empty cell for blank; anything else — text, an error value, a formula
//! without a result — is a problem said at the cell.

use crate::exchange::read::Raw;
use crate::exchange::read::convention::{Convention, numeric};
use rust_decimal::Decimal;
use std::str::FromStr;

/// A figure as read, and its text as written in a text file (for the other reading of it).
pub type Figure = (Option<Decimal>, Option<String>);

/// Reads a figure; the error is the problem in Vietnamese and English.
pub fn figure(raw: &Raw, conv: Option<&Convention>) -> Result<Figure, (String, String)> {
    let exact = |d: Decimal| crate::domain::number::normalize_zero(d.normalize());
    match raw {
        Raw::Empty => Ok((None, None)),
        Raw::Number { text: Some(t), .. } => Decimal::from_str(t)
            .map(|d| (Some(exact(d)), None))
            .map_err(|_| (format!("“{t}” không phải số."), format!("“{t}” is not a number."))),
        Raw::Number { value, text: None } => {
            if !value.is_finite() {
                return Err((
                    "ô không chứa số hợp lệ.".into(),
                    "the cell holds no valid number.".into(),
                ));
            }
            crate::exchange::read::formula::decimal_of(*value)
                .map(|d| (Some(exact(d)), None))
                .ok_or_else(|| (format!("{value} quá lớn."), format!("{value} is too large.")))
        }
        Raw::Text(t) if matches!(t.trim(), "-" | "–" | "—") => Ok((None, None)),
        Raw::Text(t) => match conv {
            Some(c) if numeric(t) => match c.read(t) {
                Ok(d) => Ok((d.map(exact), Some(t.trim().to_string()))),
                Err(_) => Err((
                    format!(
                        "“{}” không đọc được theo cách viết số của tệp này ({}).",
                        t.trim(),
                        c.describe(crate::i18n::Lang::Vi)
                    ),
                    format!(
                        "“{}” cannot be read the way this file writes numbers ({}).",
                        t.trim(),
                        c.describe(crate::i18n::Lang::En)
                    ),
                )),
            },
            _ => Err((
                format!(
                    "ô số liệu chứa chữ “{}”; cần một con số (hoặc - nếu không có số liệu).",
                    t.trim()
                ),
                format!(
                    "a figure cell holds the text “{}”; it needs a number (or - for no figure).",
                    t.trim()
                ),
            )),
        },
        Raw::Other(t) => Err((
            format!("ô số liệu chứa “{t}”, không phải số."),
            format!("a figure cell holds “{t}”, not a number."),
        )),
        Raw::Formula(f) => Err((
            format!(
                "ô có công thức “={f}” mà tệp không lưu kết quả (tệp do chương trình tạo ra, chưa được tính); kttt chỉ tự tính công thức đơn giản. Mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi nhập, hoặc gõ con số vào ô."
            ),
            format!(
                "the cell holds the formula “={f}” without a stored result (a program wrote the file without computing it); kttt works out only simple formulas. Open the file in Excel or LibreOffice, save it and import again, or type the figure into the cell."
            ),
        )),
    }
}
