//! The words of planning: what a typed target implies, on one line, and why a completion
//! wrote a figure.

use crate::domain::catalog::Catalog;
use crate::domain::number::format;
use crate::domain::planning::implied::{Requirement, Shape};
use crate::domain::values::CellKey;
use crate::i18n::Lang;
use rust_decimal::Decimal;

/// A cell's short name and figure: `HTX giải thể 15`; `(Phụ lục 2)` after a name when the
/// cell is in another appendix than `typed`.
fn named(cat: &Catalog, typed: &CellKey, key: &CellKey, v: &Decimal, lang: Lang) -> String {
    let ind = cat.get(key.indicator);
    let mut name = ind.short.get(lang).to_string();
    if ind.appendix != cat.get(typed.indicator).appendix {
        name = format!("{name} ({})", cat.appendices[ind.appendix].name(lang));
    }
    format!("{name} {}", format(v, lang))
}

/// One line: `Tổng số HTX KH2020 220 ⇒ HTX thành lập mới 59 nếu HTX giải thể 15, hoặc …`.
pub fn implication_line(cat: &Catalog, typed: &CellKey, value: &Decimal, req: &Requirement, lang: Lang) -> String {
    let head = format!(
        "{} {} {}",
        cat.get(typed.indicator).short.get(lang),
        typed.period.label(lang),
        format(value, lang)
    );
    let body = match req {
        Requirement::Solve { ways, .. } => ways
            .iter()
            .map(|w| {
                let mut s = named(cat, typed, &w.key, &w.value, lang);
                if !w.given.is_empty() {
                    let given: Vec<String> = w.given.iter().map(|(k, v)| named(cat, typed, k, v, lang)).collect();
                    s.push_str(lang.pick(" nếu ", " if "));
                    s.push_str(&given.join(", "));
                }
                s
            })
            .collect::<Vec<_>>()
            .join(lang.pick(", hoặc ", ", or ")),
        Requirement::Spread { shares, .. } => {
            let parts: Vec<String> = shares.iter().map(|(k, v)| named(cat, typed, k, v, lang)).collect();
            format!(
                "{}: {}",
                lang.pick("chia theo tỷ lệ", "spread in proportion"),
                parts.join(", ")
            )
        }
    };
    format!("{head} ⇒ {body}")
}

/// Why an identity asks for a figure: `cuối kỳ = đầu kỳ + mới − giảm`.
pub fn shape_words(shape: Shape, lang: Lang) -> &'static str {
    match shape {
        Shape::StockFlow => lang.pick("cuối kỳ = đầu kỳ + tăng mới − giảm", "end = start + new − gone"),
        Shape::Parts => lang.pick(
            "tổng = cộng các phần, chia theo tỷ lệ",
            "total = its parts, spread in proportion",
        ),
        Shape::Same => lang.pick("cùng một số ở hai nơi", "the same figure in two places"),
    }
}

/// Why goal seek found no figure.
pub fn seek_error(e: crate::domain::planning::seek::SeekError, lang: Lang) -> &'static str {
    use crate::domain::planning::seek::SeekError;
    match e {
        SeekError::NoEffect => lang.pick(
            "Mục tiêu không thay đổi theo ô này (hoặc chưa có số để tính). Chọn ô khác, hoặc mục tiêu ở đơn vị trên của ô (--unit).",
            "The goal does not move with this cell (or lacks a figure to work it out). Pick another cell, or a goal at the cell's unit above (--unit).",
        ),
        SeekError::Unreachable => lang.pick(
            "Không có số hợp lệ nào (không âm, nguyên với số đếm) đạt được mục tiêu này.",
            "No valid figure (not negative, whole for a count) reaches this goal.",
        ),
    }
}
