//! A form's changes against another, in words: one line per changed row (`+` new, `-` gone,
//! `~` relabelled, `↷` moved, `≠` unit changed, and how a new row takes earlier figures).

use crate::domain::form::{Form, RowChange, diff};
use crate::i18n::Lang;

/// The lines of a form's diff against another: the two ids, a summary, then each change.
pub fn form_diff(a: &Form, b: &Form, lang: Lang) -> Vec<String> {
    let d = diff(a, b);
    let mut out = vec![format!("{} → {}", a.source.id, b.source.id)];
    out.push(format!(
        "{}: {} {}, {} {}, {} {}, {} {}, {} {}",
        lang.pick("Tóm tắt", "Summary"),
        d.count(|c| *c == RowChange::New),
        lang.pick("dòng mới", "new"),
        d.count(|c| *c == RowChange::Gone),
        lang.pick("dòng bỏ", "gone"),
        d.count(|c| matches!(c, RowChange::Relabelled { .. })),
        lang.pick("đổi tên", "relabelled"),
        d.count(|c| matches!(c, RowChange::Moved { .. })),
        lang.pick("chuyển chỗ", "moved"),
        d.count(|c| matches!(c, RowChange::Unit { .. })),
        lang.pick("đổi đơn vị tính", "unit changed"),
    ));
    let name = |f: &Form, code: &str| {
        f.catalog
            .find(code)
            .map_or(String::new(), |id| f.catalog.get(id).name.get(lang).to_string())
    };
    for (code, changes) in d.changed() {
        for c in changes {
            let line = match c {
                RowChange::Same => continue,
                RowChange::New => format!("+ {code}  {}{}", name(b, code), link(b, code, lang)),
                RowChange::Gone => format!("- {code}  {}", name(a, code)),
                RowChange::Relabelled { from, to } => format!("~ {code}  “{from}” → “{to}”"),
                RowChange::Moved { from, to } => format!("↷ {code}  {from} → {to}"),
                RowChange::Unit { from, to } => format!("≠ {code}  {} {from} → {to}", lang.pick("ĐVT", "unit")),
            };
            out.push(line);
        }
    }
    // Funding sources the newer form prints that the older does not.
    let had: Vec<&str> = a.catalog.fundings_printed().map(|f| f.code.as_str()).collect();
    let mut sources = 0;
    for f in b.catalog.fundings_printed().filter(|f| !had.contains(&f.code.as_str())) {
        sources += 1;
        out.push(format!(
            "+ {} {}  {}",
            lang.pick("nguồn vốn", "funding source"),
            f.code,
            f.name.get(lang)
        ));
    }
    if d.changed().next().is_none() && sources == 0 {
        out.push(
            lang.pick("Hai biểu mẫu giống nhau.", "The two forms are the same.")
                .to_string(),
        );
    }
    out
}

/// How a new row takes its figures before the form, in words: `  ← htx.income × 1/12`.
fn link(f: &Form, code: &str, lang: Lang) -> String {
    use crate::domain::form::Carry;
    let Some(c) = f.catalog.find(code).and_then(|id| f.series.links.get(&id)) else {
        return String::new();
    };
    let codes = |ids: &[crate::domain::catalog::IndicatorId], sep: &str| {
        ids.iter()
            .map(|i| f.catalog.get(*i).code.clone())
            .collect::<Vec<_>>()
            .join(sep)
    };
    let ratio = |n: &rust_decimal::Decimal, d: &rust_decimal::Decimal| {
        if *d == rust_decimal::Decimal::ONE {
            n.normalize().to_string()
        } else {
            format!("{}/{}", n.normalize(), d.normalize())
        }
    };
    match c {
        Carry::Factor { from, num, den } => format!("  ← {} × {}", codes(&[*from], ""), ratio(num, den)),
        Carry::Share { from, num, den } => format!(
            "  ← {} {} {}",
            ratio(num, den),
            lang.pick("của", "of"),
            codes(&[*from], "")
        ),
        Carry::Sum { from } => format!("  ← {}", codes(from, " + ")),
        Carry::Break { from } => format!(
            "  ≠ {}: {}",
            codes(from, ", "),
            lang.pick(
                "không so sánh được, không chuyển số liệu",
                "not comparable, nothing carried"
            )
        ),
    }
}
