//! `kttt log [--since TIME] [--user NAME] [--unit U] [--follow]`: recent changes across all
//! cells, newest first; with `--follow`, new ones as they are committed, through the change
//! cursor: the store's watch wakes the follower at each commit (nothing is read, and nothing
//! runs, while nothing changes).

use super::args::{Format, HelpVi};
use super::table::{Align, TextTable};
use super::{named_unit, open_db, out};
use crate::domain::number::canonical;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::present::local_time;
use crate::session::{Db, LogFilter};
use crate::store::LogEntry;
use clap::Args;
use serde_json::json;
use std::process::ExitCode;
use std::time::Duration;

/// Recent changes across all figures, newest first (--unit: that unit and those below it)
#[derive(Args, Debug)]
pub struct LogArgs {
    /// Only changes since: 2026-11-25, "2026-11-25 10:00", 25/11/2026, or back from now: 30m, 2h, 7d
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Only changes by this user
    #[arg(long, value_name = "NAME")]
    pub user: Option<String>,
    /// At most N changes (the latest)
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub limit: usize,
    /// Keep printing new changes as they are saved, oldest first (Ctrl+C stops)
    #[arg(long, short = 'f')]
    pub follow: bool,
    /// Output format (in --follow, json is one object per line)
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Fit the table to N columns [default: the terminal's width; complete lines in a pipe]
    #[arg(long, value_name = "N")]
    pub width: Option<usize>,
}

/// `kttt log`'s help in Vietnamese: (subcommand, argument id, text); "" names the command.
pub(super) const HELP_VI: HelpVi = &[
    (
        "",
        "",
        "Các thay đổi gần đây của mọi số liệu, mới nhất trước (--unit: đơn vị đó và các đơn vị cấp dưới)",
    ),
    (
        "",
        "since",
        "Chỉ các thay đổi từ: 2026-11-25, \"2026-11-25 10:00\", 25/11/2026, hoặc tính lùi từ bây giờ: 30m, 2h, 7d",
    ),
    ("", "user", "Chỉ các thay đổi của người dùng này"),
    ("", "limit", "Nhiều nhất N thay đổi (mới nhất)"),
    (
        "",
        "follow",
        "Tiếp tục in các thay đổi mới khi chúng được ghi, cũ trước (Ctrl+C để dừng)",
    ),
    (
        "",
        "format",
        "Dạng kết quả: table, csv, json (với --follow: mỗi dòng một đối tượng json)",
    ),
    (
        "",
        "width",
        "Vừa bảng trong N cột [mặc định: bề rộng cửa sổ; đủ dòng khi ghi ra ống dẫn hoặc tệp]",
    ),
];

/// How often a follower looks for news when the store cannot be watched (a look costs one
/// `PRAGMA data_version`).
const POLL: Duration = Duration::from_millis(250);

/// How often it looks anyway while the watch wakes it at each commit (a safety net).
const POLL_WATCHED: Duration = Duration::from_secs(5);

/// Runs `kttt log`.
pub fn run(cli: &super::Cli, args: &LogArgs, lang: Lang) -> Result<ExitCode> {
    let mut s = open_db(cli, lang, true)?;
    let unit = named_unit(cli, &mut s)?;
    let filter = LogFilter {
        since: args
            .since
            .as_deref()
            .map(|t| parse_since(t, jiff::Timestamp::now()))
            .transpose()?,
        unit,
        user: args.user.clone(),
    };
    let limit = args.limit.max(1);
    let mut entries = s.log(&filter, limit)?;
    if args.follow {
        entries.reverse();
    }
    let mut last = entries.iter().map(|e| e.entry.id).max().unwrap_or(0);
    if args.follow && last == 0 {
        last = if filter.since.is_some() { 0 } else { s.log_end()? };
    }
    match args.format {
        Format::Json if args.follow => {
            for e in &entries {
                json_line(&s, e, lang)?;
            }
        }
        Format::Json => out::json(&serde_json::Value::Array(
            entries.iter().map(|e| json_of(&s, e, lang)).collect(),
        ))?,
        Format::Csv => {
            let mut rows = vec![CSV_HEAD.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
            rows.extend(entries.iter().map(|e| csv_row(&s, e)));
            out::csv_rows(&rows, false)?;
        }
        Format::Table if args.follow => {
            for e in &entries {
                out::line(&fields(&s, e, lang).join("  "))?;
            }
        }
        Format::Table => {
            if entries.is_empty() {
                outln!("{}", lang.pick("Không có thay đổi nào.", "No changes."));
            } else {
                out!("{}", table(&s, &entries, lang).render(out::width(args.width)));
            }
        }
    }
    out::flush();
    if !args.follow {
        return Ok(ExitCode::SUCCESS);
    }
    follow(&mut s, &filter, last, args.format, lang)
}

/// Prints new changes as they are committed, until interrupted or the output closes.
fn follow(s: &mut Db, filter: &LogFilter, mut last: i64, format: Format, lang: Lang) -> Result<ExitCode> {
    let watch = s.watch();
    loop {
        match &watch {
            Some(w) if w.live() => {
                w.wait(POLL_WATCHED);
            }
            _ => std::thread::sleep(POLL),
        }
        if !s.news()? {
            continue;
        }
        loop {
            let page = s.log_after(filter, last, 500)?;
            for e in &page {
                match format {
                    Format::Json => json_line(s, e, lang)?,
                    Format::Csv => out::csv_rows(&[csv_row(s, e)], false)?,
                    Format::Table => out::line(&fields(s, e, lang).join("  "))?,
                }
                last = last.max(e.entry.id);
            }
            out::flush();
            if page.len() < 500 {
                break;
            }
        }
    }
}

const CSV_HEAD: [&str; 12] = [
    "id",
    "at",
    "user",
    "action",
    "scenario",
    "org_unit",
    "indicator",
    "period",
    "funding",
    "old",
    "new",
    "detail",
];

fn csv_row(_s: &Db, e: &LogEntry) -> Vec<String> {
    let a = &e.entry;
    vec![
        a.id.to_string(),
        a.at.clone(),
        a.user.clone(),
        a.action.clone(),
        a.scenario.clone().unwrap_or_default(),
        e.org.clone().unwrap_or_default(),
        e.indicator.clone().unwrap_or_default(),
        a.period.map(|p| p.tag()).unwrap_or_default(),
        e.funding.clone().unwrap_or_default(),
        a.old.as_ref().map(canonical).unwrap_or_default(),
        a.new.as_ref().map(canonical).unwrap_or_default(),
        a.detail.clone().unwrap_or_default(),
    ]
}

fn json_of(_s: &Db, e: &LogEntry, _lang: Lang) -> serde_json::Value {
    let a = &e.entry;
    json!({
        "id": a.id,
        "batch": e.batch,
        "at": a.at,
        "user": a.user,
        "action": a.action,
        "scenario": a.scenario,
        "org_unit": e.org,
        "indicator": e.indicator,
        "period": a.period.map(|p| p.tag()),
        "funding": e.funding,
        "old": a.old.as_ref().map(canonical),
        "new": a.new.as_ref().map(canonical),
        "detail": a.detail,
    })
}

fn json_line(s: &Db, e: &LogEntry, lang: Lang) -> Result<()> {
    let text = serde_json::to_string(&json_of(s, e, lang)).map_err(|x| Error::said(x.to_string(), x.to_string()))?;
    out::line(&out::escape_json(&text))
}

fn fields(s: &Db, e: &LogEntry, lang: Lang) -> Vec<String> {
    let w = crate::present::log_words(e, s.catalog(), s.orgs(), lang);
    vec![
        local_time(&e.entry.at, lang),
        e.entry.user.clone(),
        w.unit,
        w.cell,
        w.action,
        w.change,
    ]
}

fn table(s: &Db, entries: &[LogEntry], lang: Lang) -> TextTable {
    let heads = [
        lang.pick("Thời gian", "Time"),
        lang.pick("Người dùng", "User"),
        lang.pick("Đơn vị", "Unit"),
        lang.pick("Ô", "Cell"),
        lang.pick("Thao tác", "Action"),
        lang.pick("Cũ → mới", "Old → new"),
    ];
    let mut t = TextTable::new(
        heads.iter().map(|h| h.to_string()).collect(),
        vec![Align::Left; heads.len()],
    );
    // The cell's name gives way first; what a step or a comment says wraps, never cut.
    t.flex = Some(3);
    t.wrap_last = true;
    t.min_flex = 22;
    for e in entries {
        t.rows.push(fields(s, e, lang));
    }
    t
}

/// A `--since` bound as stored (UTC, RFC 3339): an instant (`2026-11-25T10:00:00Z`), a local
/// date or date and time (`2026-11-25`, `2026-11-25 10:00`, `25/11/2026`), or a span back
/// from now (`30m`, `2h`, `7d`).
pub fn parse_since(text: &str, now: jiff::Timestamp) -> Result<String> {
    let t = text.trim();
    let bad = || {
        Error::said(
            format!(
                "Không hiểu thời điểm “{}”: dùng 2026-11-25, 2026-11-25 10:00, 25/11/2026 hoặc 30m, 2h, 7d.",
                crate::domain::text::sanitize(t)
            ),
            format!(
                "Cannot read the time “{}”: use 2026-11-25, 2026-11-25 10:00, 25/11/2026 or 30m, 2h, 7d.",
                crate::domain::text::sanitize(t)
            ),
        )
    };
    let fmt = |ts: jiff::Timestamp| ts.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
    if let Some((n, unit)) = t
        .char_indices()
        .last()
        .filter(|(_, c)| matches!(c, 'm' | 'h' | 'd'))
        .and_then(|(i, c)| t[..i].parse::<i64>().ok().map(|n| (n, c)))
    {
        let secs = match unit {
            'm' => n.checked_mul(60),
            'h' => n.checked_mul(3600),
            _ => n.checked_mul(86_400),
        }
        .filter(|s| (0..=100 * 366 * 86_400).contains(s))
        .ok_or_else(bad)?;
        let back = now
            .checked_sub(jiff::SignedDuration::from_secs(secs))
            .map_err(|_| bad())?;
        return Ok(fmt(back));
    }
    if let Ok(ts) = t.parse::<jiff::Timestamp>() {
        return Ok(fmt(ts));
    }
    let tz = jiff::tz::TimeZone::system();
    let civil = t
        .replace(' ', "T")
        .parse::<jiff::civil::DateTime>()
        .ok()
        .or_else(|| {
            t.parse::<jiff::civil::Date>()
                .ok()
                .map(|d| d.to_datetime(jiff::civil::Time::midnight()))
        })
        .or_else(|| {
            jiff::civil::Date::strptime("%d/%m/%Y", t)
                .ok()
                .map(|d| d.to_datetime(jiff::civil::Time::midnight()))
        })
        .ok_or_else(bad)?;
    let ts = civil.to_zoned_datetime(tz).map_err(|_| bad())?.timestamp();
    Ok(fmt(ts))
}

#[cfg(test)]
mod tests {
    use super::parse_since;

    #[test]
    fn since_reads_instants_spans_and_local_dates() {
        let now: jiff::Timestamp = "2026-11-25T10:00:00Z".parse().unwrap();
        assert_eq!(parse_since("2h", now).unwrap(), "2026-11-25T08:00:00.000Z");
        assert_eq!(parse_since("30m", now).unwrap(), "2026-11-25T09:30:00.000Z");
        assert_eq!(parse_since("7d", now).unwrap(), "2026-11-18T10:00:00.000Z");
        assert_eq!(
            parse_since("2026-11-24T16:48:05Z", now).unwrap(),
            "2026-11-24T16:48:05.000Z"
        );
        // Local dates depend on the machine's zone; they must at least read and round-trip
        // to a stored time of the same length.
        for t in ["2026-11-25", "2026-11-25 10:00", "25/11/2026"] {
            assert_eq!(parse_since(t, now).unwrap().len(), 24, "{t}");
        }
        for t in ["yesterday", "-5h", "99999999999d", "32/13/2026", ""] {
            assert!(parse_since(t, now).is_err(), "{t}");
        }
    }
}
