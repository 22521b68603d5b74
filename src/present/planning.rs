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

/// The row labels of a side-by-side summary: each figure row (`Tổng số HTX — KH 2020`,
/// `* ` before a cell some scenario changes), then each percentage row
/// (`Tổng số HTX — KH 2020/ƯTH 2019 (%)`); a unit other than `org` is named.
pub fn side_labels(
    cat: &Catalog,
    orgs: &crate::domain::org::OrgUnits,
    org: crate::domain::org::OrgId,
    frame: crate::domain::period::PlanFrame,
    side: &crate::domain::planning::side::Side,
    lang: Lang,
) -> (Vec<String>, Vec<String>) {
    use crate::domain::planning::side::Ratio;
    use crate::domain::sheet::ColumnKind;
    let unit = |o| {
        if o == org {
            String::new()
        } else {
            format!(" ({})", orgs.get(o).name(lang))
        }
    };
    // Two rows of the same short name (Tổng số HTX in Phụ lục 1 and 2) name their appendix.
    let name = |i: crate::domain::catalog::IndicatorId| {
        let short = cat.get(i).short.get(lang);
        let twin = side
            .figures
            .iter()
            .any(|r| r.key.indicator != i && cat.get(r.key.indicator).short.get(lang) == short);
        if twin {
            format!("{short} ({})", cat.appendices[cat.get(i).appendix].name(lang))
        } else {
            short.to_string()
        }
    };
    let figures = side
        .figures
        .iter()
        .map(|r| {
            let mut period = r.key.period.label(lang);
            if r.key.funding != crate::domain::catalog::FundingId::TOTAL {
                period = format!("{period} {}", cat.fundings[r.key.funding.0 as usize].abbr.get(lang));
            }
            format!(
                "{}{}{} — {period}",
                if r.changed { "* " } else { "" },
                name(r.key.indicator),
                unit(r.key.org)
            )
        })
        .collect();
    let results = side
        .results
        .iter()
        .map(|r| {
            let col = match r.ratio {
                Ratio::Growth => ColumnKind::Growth {
                    next: frame.plan_this(),
                    base: frame.estimate_last(),
                },
                Ratio::Attainment => ColumnKind::Attainment {
                    achieved: frame.estimate_last(),
                    plan: frame.plan_last(),
                },
            };
            format!("{}{} — {}", name(r.indicator), unit(r.org), col.title(cat, lang))
        })
        .collect();
    (figures, results)
}

/// Why an assumption cannot be read.
pub fn assume_error(e: &crate::domain::planning::assume::AssumeError, lang: Lang) -> &'static str {
    use crate::domain::planning::assume::AssumeError;
    match e {
        AssumeError::NoPercent => lang.pick(
            "Giả định cần một tỷ lệ thay đổi, ví dụ +5% hoặc -3%.",
            "The assumption needs a change in percent, e.g. +5% or -3%.",
        ),
        AssumeError::NoRows => lang.pick(
            "Giả định cần nói các dòng nào: mọi số đếm (count), số tiền (amount), bình quân (average), hoặc một mã chỉ tiêu như htx.revenue.",
            "The assumption needs its rows: every count, amount, average, or an indicator code such as htx.revenue.",
        ),
        AssumeError::NoPeriod => lang.pick(
            "Sau “so với”/“over” cần một kỳ, ví dụ UTH2019.",
            "“over” needs a period, e.g. UTH2019.",
        ),
    }
}

/// What an average allocated rolls up to: `Bình quân gia quyền của các đơn vị: 650 (đúng
/// bằng chỉ tiêu, mỗi số làm tròn đến 0,1)`, or how near it comes when no rounding reaches it.
pub fn mean_rolled(a: &crate::domain::planning::allocate::Allocation, target: Decimal, lang: Lang) -> String {
    let (rolled, step) = (format(&a.rolled, lang), format(&a.step, lang));
    if a.exact {
        let adjusted = if a.adjusted.is_zero() {
            String::new()
        } else {
            format!(
                "; {} {}",
                lang.pick(
                    "để khớp, có số được chỉnh thêm so với làm tròn thường tới",
                    "to make it exact, some figures moved beyond plain rounding by up to"
                ),
                format(&a.adjusted, lang)
            )
        };
        format!(
            "{}: {rolled} ({} {step}{adjusted})",
            lang.pick("Bình quân gia quyền của các đơn vị", "Weighted average of the units"),
            lang.pick(
                "đúng bằng chỉ tiêu, mỗi số làm tròn đến",
                "exactly the target, each figure rounded to"
            )
        )
    } else {
        format!(
            "{}: {} ({} {}; {} {step} {})",
            lang.pick("Bình quân gia quyền của các đơn vị", "Weighted average of the units"),
            format(&a.rolled.round_dp(4), lang),
            lang.pick("không đúng bằng chỉ tiêu", "not exactly the target"),
            format(&target, lang),
            lang.pick(
                "không tìm được cách làm tròn mỗi số đến",
                "no rounding of each figure to"
            ),
            lang.pick(
                "nào đạt đúng (các số là số gần nhất)",
                "was found that reaches it (the nearest figures are given)"
            )
        )
    }
}

/// Why a target cannot be handed down.
pub fn allocate_error(e: crate::domain::planning::allocate::AllocateError, lang: Lang) -> &'static str {
    use crate::domain::planning::allocate::AllocateError;
    match e {
        AllocateError::NoParts => lang.pick(
            "Đơn vị này không có đơn vị cấp dưới trong năm kế hoạch.",
            "This unit has no units below it in the plan year.",
        ),
        AllocateError::NotAllocatable => lang.pick(
            "Chỉ tiêu này không cộng dồn hay tính bình quân gia quyền từ đơn vị cấp dưới, nên không giao xuống được.",
            "This indicator neither adds up nor averages over the units below, so it cannot be handed down.",
        ),
        AllocateError::NoWeights => lang.pick(
            "Chưa đơn vị cấp dưới nào có số đếm để tính bình quân gia quyền (ví dụ số HTX). Nhập số đó trước.",
            "No unit below has the count an average is weighted by (e.g. cooperatives). Enter it first.",
        ),
        AllocateError::BadTarget => lang.pick(
            "Chưa có chỉ tiêu để giao, hoặc chỉ tiêu không hợp lệ (số đếm phải nguyên, không âm). Dùng --target SỐ.",
            "There is no target to hand down, or it is not valid (a count is whole, not negative). Use --target N.",
        ),
    }
}

/// A side-by-side summary as text: the heads (indicator, the official figures when their
/// checks are given, each scenario) and the rows (figures, percentages, then the checks as
/// errors/warnings/notes), for the CLI's table and the app's view alike.
pub fn side_table(
    s: &crate::session::Session,
    side: &crate::domain::planning::side::Side,
    cols: &[crate::session::ScenarioColumn],
    official: Option<(usize, usize, usize)>,
    lang: Lang,
) -> (Vec<String>, Vec<Vec<String>>) {
    use crate::domain::number::{format_cell, format_percent};
    // The official column is the first of every row's figures; left out when not asked for.
    let skip = usize::from(official.is_none());
    let mut heads = vec![lang.pick("Chỉ tiêu", "Indicator").to_string()];
    if official.is_some() {
        heads.push(lang.pick("Chính thức", "Official").to_string());
    }
    heads.extend(cols.iter().map(|c| crate::domain::text::sanitize(&c.info.name)));
    let (fig_labels, res_labels) = side_labels(s.catalog(), s.orgs(), s.org(), s.frame(), side, lang);
    let mut rows = Vec::new();
    for (r, label) in side.figures.iter().zip(fig_labels) {
        let mut row = vec![label];
        row.extend(r.figures.iter().skip(skip).map(|v| format_cell(v.as_ref(), lang)));
        rows.push(row);
    }
    for (r, label) in side.results.iter().zip(res_labels) {
        let mut row = vec![label];
        row.extend(
            r.percents
                .iter()
                .skip(skip)
                .map(|p| p.map_or_else(|| "-".to_string(), |p| format_percent(&p, lang))),
        );
        rows.push(row);
    }
    let mut row = vec![
        lang.pick("Kiểm tra (lỗi/cảnh báo/lưu ý)", "Checks (errors/warnings/notes)")
            .to_string(),
    ];
    row.extend(
        official
            .into_iter()
            .chain(cols.iter().map(|c| c.tally))
            .map(|(e, w, n)| format!("{e}/{w}/{n}")),
    );
    rows.push(row);
    (heads, rows)
}
