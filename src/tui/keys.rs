//! The help page and the footer, drawn from the bindings table (`crate::keys`, which also
//! turns keys into actions).

use crate::i18n::Lang;
use crate::keys::{BINDINGS, BROWSE, Binding, Ctx, LISTS};
use Ctx::*;

/// The help page: (the keys, what they do), grouped under headings, for a language.
pub fn help_lines(lang: Lang) -> Vec<(String, String)> {
    let groups: [(&[Ctx], &str, &str); 6] = [
        (BROWSE, "Khi xem bảng", "Browsing"),
        (
            &[Working],
            "Khi đang ghi hoặc đọc tệp (dòng tiến độ)",
            "While a file is written or read (the progress line)",
        ),
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
            out.push((b.keys_in_help().into_owned(), lang.pick(b.help.0, b.help.1).to_string()));
        }
    }
    out
}

/// The footer of a context: (keys, short label), most important first.
pub fn footer(ctx: Ctx, lang: Lang) -> Vec<(String, &'static str)> {
    let mut items: Vec<(u8, String, &'static str)> = BINDINGS
        .iter()
        .filter(|b| b.ctx.contains(&ctx))
        .filter_map(|b| {
            let f = b.footer?;
            Some((
                f.priority,
                b.keys_in_footer().into_owned(),
                lang.pick(f.text.0, f.text.1),
            ))
        })
        .collect();
    items.sort_by_key(|x| x.0);
    items.dedup_by_key(|x| x.2);
    items.into_iter().map(|(_, k, d)| (k, d)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_and_footer_come_from_the_table() {
        let help = help_lines(crate::i18n::Lang::Vi);
        for b in BINDINGS.iter().filter(|b| !b.help.0.is_empty()) {
            let label = b.keys_in_help();
            assert!(help.iter().any(|(k, d)| *k == label && d == b.help.0), "{label}");
        }
        let f: Vec<String> = footer(Ctx::Sheet, crate::i18n::Lang::Vi)
            .into_iter()
            .map(|x| x.0)
            .collect();
        assert_eq!(&f[..2], ["?", "q"], "help and quit come first");
        for needed in ["o", "u", "c"] {
            assert!(f.iter().any(|k| k == needed), "{needed} in {f:?}");
        }
    }
}
