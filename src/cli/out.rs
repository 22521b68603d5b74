//! Everything the command line prints goes out here, through the one sanitiser: stored text
//! (unit names, scenario names, users) can never drive the terminal. JSON keeps such text
//! exactly, as `\u` escapes; text and CSV show it in caret or `<U+…>` notation.

use crate::domain::text::{is_invisible, sanitize_lines};
use crate::error::Error;
use std::io::{IsTerminal, Write};

fn io(e: std::io::Error) -> Error {
    Error::Io {
        path: "stdout".into(),
        source: e,
    }
}

/// Prints text (made safe) without a newline.
pub fn text(s: &str) -> Result<(), Error> {
    std::io::stdout()
        .lock()
        .write_all(sanitize_lines(s).as_bytes())
        .map_err(io)
}

/// Prints a line (made safe).
pub fn line(s: &str) -> Result<(), Error> {
    let mut o = std::io::stdout().lock();
    o.write_all(sanitize_lines(s).as_bytes()).map_err(io)?;
    o.write_all(b"\n").map_err(io)
}

/// Sends a file's bytes to standard output (`--out -`). A workbook or document is never
/// poured onto a terminal (it would garble it): the refusal says how to redirect it. Text
/// (CSV, Markdown) shown on a terminal goes through the sanitiser; into a pipe or a file it
/// goes exactly as written.
pub fn bytes(data: &[u8], what: &str) -> Result<(), Error> {
    let binary = data.starts_with(b"PK");
    if std::io::stdout().is_terminal() {
        if binary {
            return Err(Error::said(
                format!(
                    "Không in {what} ra màn hình. Hãy chuyển vào một tệp: … --out - > ten-tep (qua SSH: ssh kttt@máy-chủ kttt … --out - > ten-tep)."
                ),
                format!(
                    "Not printing the {what} on a terminal. Redirect it into a file: … --out - > file-name (over SSH: ssh kttt@server kttt … --out - > file-name)."
                ),
            ));
        }
        return text(&String::from_utf8_lossy(data));
    }
    let mut o = std::io::stdout().lock();
    o.write_all(data).map_err(io)?;
    o.flush().map_err(io)
}

/// Prints a message on standard error (made safe), after `kttt: `.
pub fn error(s: &str) {
    let _ = writeln!(std::io::stderr(), "kttt: {}", sanitize_lines(s));
}

/// Sends what is buffered on standard output.
pub fn flush() {
    let _ = std::io::stdout().flush();
}

/// Prints a JSON document: every control, C1 and invisible character inside its strings is
/// written as a `\u` escape, so the text is exact and harmless.
pub fn json(doc: &serde_json::Value) -> Result<(), Error> {
    let pretty = serde_json::to_string_pretty(doc).map_err(|e| Error::said(e.to_string(), e.to_string()))?;
    line(&escape_json(&pretty))
}

/// Escapes what serde_json leaves raw (C1 controls, DEL, bidi and zero-width characters).
pub fn escape_json(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '\u{7f}' || ('\u{80}'..='\u{9f}').contains(&c) || is_invisible(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// A CSV writer on standard output whose fields are made safe (for a terminal, and against a
/// spreadsheet taking text for a formula: `'=1+1`); with `bom`, a UTF-8 byte-order
/// mark first (Excel on Windows then reads the Vietnamese right).
pub fn csv_rows(rows: &[Vec<String>], bom: bool) -> Result<(), Error> {
    let mut buf: Vec<u8> = Vec::new();
    if bom {
        buf.extend_from_slice("\u{feff}".as_bytes());
    }
    {
        let mut w = csv::Writer::from_writer(&mut buf);
        for r in rows {
            let safe: Vec<String> = r
                .iter()
                .map(|f| crate::domain::text::defuse(&crate::domain::text::sanitize(f)).into_owned())
                .collect();
            w.write_record(&safe)
                .map_err(|e| Error::said(e.to_string(), e.to_string()))?;
        }
        w.flush().map_err(io)?;
    }
    std::io::stdout().lock().write_all(&buf).map_err(io)
}

/// The width to fit text output to: `--width`, else the terminal's (`$COLUMNS` when set,
/// else the window's) when standard output is a terminal; `None` (complete lines) when it is
/// a pipe or a file.
pub fn width(asked: Option<usize>) -> Option<usize> {
    if let Some(w) = asked {
        return Some(w.max(20));
    }
    if !std::io::stdout().is_terminal() {
        return None;
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|w| *w >= 20)
        .or_else(|| crossterm::terminal::size().ok().map(|(w, _)| w as usize))
        .filter(|w| *w >= 20)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_escapes_what_serde_leaves() {
        let v = serde_json::json!({ "name": "a\u{1b}]52;c;x\u{7}\u{9b}b\u{202e}" });
        let s = escape_json(&serde_json::to_string(&v).unwrap());
        assert!(
            !s.contains('\u{1b}') && !s.contains('\u{9b}') && !s.contains('\u{202e}'),
            "{s}"
        );
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v, "the escapes are lossless");
    }
}
