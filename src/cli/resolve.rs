//! Reading what the command line names: indicators, periods, funding sources, cells.

use crate::domain::catalog::{FundingId, IndicatorId};
use crate::domain::period::Period;
use crate::domain::text::{nfc, sanitize};
use crate::domain::values::CellKey;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::session::Session;

/// An indicator by code; unknown codes get suggestions from a name search.
pub fn indicator(s: &Session, code: &str) -> Result<IndicatorId> {
    let code = nfc(code.trim());
    if let Some(id) = s.catalog().find(&code).filter(|id| s.catalog().get(*id).in_form) {
        return Ok(id);
    }
    if s.db().catalog().find(&code).is_some() {
        let safe = sanitize(&code);
        let form = s.form().source.id.clone();
        let holder = s
            .db()
            .forms()
            .defining(&code)
            .map(|f| f.source.id.clone())
            .unwrap_or_default();
        return Err(Error::said(
            format!(
                "Chỉ tiêu “{safe}” không có trong biểu mẫu {form} của kế hoạch năm {} (nó thuộc biểu mẫu {holder}). Xem: kttt form show {}",
                s.year(),
                s.year()
            ),
            format!(
                "Indicator “{safe}” is not in form {form} of the {} plan (it is in form {holder}). See: kttt form show {}",
                s.year(),
                s.year()
            ),
        ));
    }
    let hints: Vec<String> = s
        .catalog()
        .search(&code, s.lang())
        .into_iter()
        .take(5)
        .map(|i| s.catalog().get(i).code.clone())
        .collect();
    let safe = sanitize(&code);
    let (vi_hint, en_hint) = if hints.is_empty() {
        (
            "Xem danh sách mã: kttt catalog".to_string(),
            "See the codes: kttt catalog".to_string(),
        )
    } else {
        (
            format!("Có phải: {}?", hints.join(", ")),
            format!("Did you mean: {}?", hints.join(", ")),
        )
    };
    Err(Error::said(
        format!("Không có chỉ tiêu mã “{safe}”. {vi_hint}"),
        format!("There is no indicator “{safe}”. {en_hint}"),
    ))
}

/// A period such as `KH2020`.
pub fn period(text: &str) -> Result<Period> {
    Period::parse(&nfc(text)).map_err(|e| Error::said(e.message(Lang::Vi), e.message(Lang::En)))
}

/// A funding source code (`total`, `ntm`, `other`); the total when none is given.
pub fn funding(s: &Session, code: Option<&str>) -> Result<FundingId> {
    match code {
        None => Ok(FundingId::TOTAL),
        Some(c) => s.catalog().funding(c.trim()).ok_or_else(|| {
            let codes: Vec<&str> = s.catalog().fundings_printed().map(|f| f.code.as_str()).collect();
            let c = sanitize(c);
            Error::said(
                format!("Không có nguồn vốn “{c}”. Chọn: {}.", codes.join(", ")),
                format!("There is no funding source “{c}”. Choose: {}.", codes.join(", ")),
            )
        }),
    }
}

/// A cell written as `CODE:PERIOD[:SOURCE]`.
pub fn cell(s: &Session, spec: &str) -> Result<CellKey> {
    let parts: Vec<&str> = spec.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        let spec = sanitize(spec);
        return Err(Error::said(
            format!("“{spec}”: viết ô dạng MÃ:KỲ, ví dụ htx.total:KH2020"),
            format!("“{spec}”: write a cell as CODE:PERIOD, e.g. htx.total:KH2020"),
        ));
    }
    Ok(CellKey::new(
        indicator(s, parts[0])?,
        s.org(),
        period(parts[1])?,
        funding(s, parts.get(2).copied())?,
    ))
}
