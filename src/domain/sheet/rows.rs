//! The rows of an appendix as printed: the label rows (`Trong đó:`, `Chia ra:`), each row's
//! indentation, and (in the app and workbooks) a computed sum row under each "Chia ra" group.

use crate::domain::catalog::{Catalog, IndicatorId, Relation};
use crate::i18n::Lang;

/// A row of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// A printed label: `Trong đó:` or `Chia ra:`.
    Label(Relation),
    /// An indicator's row.
    Indicator(IndicatorId),
    /// A computed row under a "Chia ra" group: the sum of the parts of this whole, so the
    /// split can be read against its total as figures change.
    PartsSum(IndicatorId),
}

/// A row and how far its name is indented.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SheetRow {
    pub kind: RowKind,
    pub indent: u8,
}

/// How many "Trong đó"/"Chia ra" steps separate a row from the top.
pub fn indent(catalog: &Catalog, id: IndicatorId) -> u8 {
    let mut n = 0;
    let mut cur = Some(id);
    while let Some(c) = cur {
        let ind = catalog.get(c);
        if ind.relation.is_some() {
            n += 1;
        }
        cur = ind.parent;
    }
    n
}

/// The table rows for a list of indicators, with their label rows as printed.
pub fn rows(catalog: &Catalog, ids: &[IndicatorId]) -> Vec<SheetRow> {
    rows_with(catalog, ids, false)
}

/// The table rows, optionally with a computed sum row after each "Chia ra" group.
pub fn rows_with(catalog: &Catalog, ids: &[IndicatorId], sums: bool) -> Vec<SheetRow> {
    let mut out = Vec::with_capacity(ids.len() + 8);
    for (n, id) in ids.iter().enumerate() {
        let ind = indent(catalog, *id);
        let me = catalog.get(*id);
        if let Some(rel) = me.label_before {
            out.push(SheetRow {
                kind: RowKind::Label(rel),
                indent: ind.saturating_sub(1),
            });
        }
        out.push(SheetRow {
            kind: RowKind::Indicator(*id),
            indent: ind,
        });
        // After the last part of a split, the sum of the parts.
        let last_part = me.relation == Some(Relation::Split)
            && ids.get(n + 1).is_none_or(|next| {
                let next = catalog.get(*next);
                next.parent != me.parent || next.relation != Some(Relation::Split)
            });
        if sums
            && last_part
            && let Some(whole) = me.parent
        {
            out.push(SheetRow {
                kind: RowKind::PartsSum(whole),
                indent: ind,
            });
        }
    }
    out
}

/// The label of a computed sum row: `= Tổng các ngành`.
pub fn parts_sum_label(catalog: &Catalog, whole: IndicatorId, lang: Lang) -> String {
    match &catalog.get(whole).parts_label {
        Some(t) => format!("= {}", t.get(lang)),
        None => format!("= {}", lang.pick("Tổng các dòng chia ra", "Sum of the parts")),
    }
}
