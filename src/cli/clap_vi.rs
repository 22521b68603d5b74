//! clap's own messages in the user's language: help and version go to standard output as
//! clap renders them (the help was localised before parsing); errors are worded again from
//! their kind and context, in Vietnamese unless English was asked for.

use super::EXIT_USAGE;
use crate::i18n::Lang;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use std::process::ExitCode;

fn ctx(e: &clap::Error, k: ContextKind) -> Option<String> {
    e.get(k).map(|v| match v {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(v) => v.join(", "),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(v) => v.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", "),
        ContextValue::Number(n) => n.to_string(),
        ContextValue::Bool(b) => b.to_string(),
        _ => String::new(),
    })
}

/// The message of a clap error in Vietnamese.
pub fn vietnamese(e: &clap::Error) -> String {
    let arg = ctx(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = ctx(e, ContextKind::InvalidValue).unwrap_or_default();
    let mut msg = match e.kind() {
        ErrorKind::InvalidValue => {
            let mut m = if value.is_empty() {
                format!("thiếu giá trị cho {arg}")
            } else {
                format!("giá trị “{value}” không hợp lệ cho {arg}")
            };
            if let Some(valid) = ctx(e, ContextKind::ValidValue) {
                m.push_str(&format!("; chọn một trong: {valid}"));
            }
            m
        }
        ErrorKind::UnknownArgument => format!("không có tuỳ chọn “{arg}”"),
        ErrorKind::InvalidSubcommand => {
            let sub = ctx(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("không có lệnh “{sub}”")
        }
        ErrorKind::MissingRequiredArgument => format!("thiếu tham số bắt buộc: {arg}"),
        ErrorKind::MissingSubcommand => "cần chỉ rõ một lệnh con".to_string(),
        ErrorKind::ArgumentConflict => {
            let prior = ctx(e, ContextKind::PriorArg).unwrap_or_default();
            format!("không dùng được {arg} cùng với {prior}")
        }
        ErrorKind::NoEquals => format!("{arg} cần dấu bằng: {arg}=GIÁ_TRỊ"),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("số giá trị cho {arg} không đúng (“{value}”)")
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e).map(|s| s.to_string()).unwrap_or_default();
            format!("giá trị “{value}” không hợp lệ cho {arg}: {why}")
        }
        ErrorKind::InvalidUtf8 => "tham số không phải là văn bản UTF-8".to_string(),
        _ => {
            let raw = e.to_string();
            raw.lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("error: ")
                .to_string()
        }
    };
    if let Some(s) = ctx(e, ContextKind::SuggestedArg)
        .or_else(|| ctx(e, ContextKind::SuggestedSubcommand))
        .or_else(|| ctx(e, ContextKind::SuggestedValue))
    {
        msg.push_str(&format!(" (có phải: {s}?)"));
    }
    if let Some(t) = ctx(e, ContextKind::TrailingArg) {
        msg.push_str(&format!(" — nếu muốn dùng “{t}” như một giá trị, đặt “--” trước nó"));
    }
    let usage = ctx(e, ContextKind::Usage)
        .map(|u| u.replace("Usage:", "Cách dùng:"))
        .unwrap_or_default();
    let usage = if usage.is_empty() {
        String::new()
    } else if usage.starts_with("Cách dùng:") {
        format!("\n\n{usage}")
    } else {
        format!("\n\nCách dùng: {usage}")
    };
    format!("lỗi: {msg}.{usage}\n\nXem thêm: kttt --help (hoặc kttt help LỆNH)")
}

/// Prints a clap error or the help/version it stands for, and gives the exit code.
pub fn report(e: &clap::Error, lang: Lang) -> ExitCode {
    use std::io::Write;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            ExitCode::from(EXIT_USAGE)
        }
        _ => {
            let text = match lang {
                Lang::Vi => vietnamese(e),
                Lang::En => e.to_string(),
            };
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                crate::domain::text::sanitize_lines(text.trim_end())
            );
            ExitCode::from(EXIT_USAGE)
        }
    }
}
