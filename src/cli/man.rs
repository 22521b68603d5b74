//! `kttt man [COMMAND…] [--out DIR]`: manual pages made from the command-line grammar, in
//! the user's language (`--lang`): one page per command and subcommand (`kttt.1`,
//! `kttt-export.1`, `kttt-user-add.1`), the Vietnamese ones from the same help texts as
//! `kttt --help`. The Debian package installs both languages (`man kttt`; `LANG=vi_VN.UTF-8
//! man kttt`).

use super::args::{Cli, HelpVi, localize};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use clap::{Args, CommandFactory};
use std::path::PathBuf;
use std::process::ExitCode;

/// Print a command's manual page, or write every page into a folder
#[derive(Args, Debug)]
pub struct ManArgs {
    /// The command whose page to print (export, user add…) [default: kttt itself]
    #[arg(value_name = "COMMAND")]
    pub command: Vec<String>,
    /// Write every page into this folder (kttt.1, kttt-export.1…) instead
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// `kttt man`'s help in Vietnamese: (subcommand, argument id, text); "" names the command.
pub(super) const HELP_VI: HelpVi = &[
    (
        "",
        "",
        "In trang hướng dẫn (man) của một lệnh, hoặc ghi mọi trang vào một thư mục",
    ),
    (
        "",
        "command",
        "Lệnh cần in trang hướng dẫn (export, user add…) [mặc định: chính kttt]",
    ),
    (
        "",
        "out",
        "Ghi mọi trang vào thư mục này (kttt.1, kttt-export.1…) thay vì in ra",
    ),
];

/// The section titles clap_mangen writes in English, in Vietnamese.
const SECTIONS_VI: &[(&str, &str)] = &[
    (".SH NAME", ".SH TÊN"),
    (".SH SYNOPSIS", ".SH CÚ PHÁP"),
    (".SH DESCRIPTION", ".SH MÔ TẢ"),
    (".SH OPTIONS", ".SH TÙY CHỌN"),
    (".SH SUBCOMMANDS", ".SH LỆNH"),
    (".SH VERSION", ".SH PHIÊN BẢN"),
];

fn page(cmd: clap::Command, lang: Lang) -> Result<(String, String)> {
    let man = clap_mangen::Man::new(cmd).source(format!("kttt {}", env!("CARGO_PKG_VERSION")));
    let mut roff = Vec::new();
    man.render(&mut roff).map_err(|e| Error::Io {
        path: PathBuf::from(man.get_filename()),
        source: e,
    })?;
    let mut text = String::from_utf8_lossy(&roff).into_owned();
    if lang == Lang::Vi {
        let lines: Vec<String> = text
            .lines()
            .map(|l| {
                SECTIONS_VI
                    .iter()
                    .find(|(en, _)| l == *en)
                    .map_or_else(|| l.to_string(), |(_, vi)| vi.to_string())
            })
            .collect();
        text = lines.join("\n") + "\n";
    }
    Ok((man.get_filename(), text))
}

/// Every page in a language: (file name, roff text), kttt's own first.
pub fn pages(lang: Lang) -> Result<Vec<(String, String)>> {
    fn walk(cmd: &clap::Command, lang: Lang, out: &mut Vec<(String, String)>) -> Result<()> {
        out.push(page(cmd.clone(), lang)?);
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub, lang, out)?;
        }
        Ok(())
    }
    let mut cmd = localize(Cli::command(), lang).disable_help_subcommand(true);
    cmd.build();
    let mut out = Vec::new();
    walk(&cmd, lang, &mut out)?;
    Ok(out)
}

/// Runs `kttt man`.
pub fn run(args: &ManArgs, files: &crate::files::Files, lang: Lang) -> Result<ExitCode> {
    let pages = pages(lang)?;
    if let Some(dir) = &args.out {
        if files.official().is_some() {
            return Err(Error::said(
                "kttt man --out ghi vào thư mục trên máy chủ: không dùng được khi làm việc cho một cán bộ (--as). Dùng kttt man LỆNH để in ra.",
                "kttt man --out writes into a folder on the server: not while acting for an official (--as). Use kttt man COMMAND to print a page.",
            ));
        }
        let dir = files.server_file(dir)?;
        std::fs::create_dir_all(&dir).map_err(|e| Error::Io {
            path: dir.clone(),
            source: e,
        })?;
        for (name, text) in &pages {
            let path = dir.join(name);
            files.check(&path)?;
            std::fs::write(&path, text).map_err(|e| Error::Io { path, source: e })?;
        }
        outln!(
            "{} {} → {}",
            crate::present::number(pages.len(), lang),
            lang.pick("trang hướng dẫn", "manual pages"),
            dir.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let name = std::iter::once("kttt".to_string())
        .chain(args.command.iter().cloned())
        .collect::<Vec<_>>()
        .join("-");
    let Some((_, text)) = pages.iter().find(|(n, _)| *n == format!("{name}.1")) else {
        return Err(Error::said(
            format!("Không có lệnh “{}”: xem kttt --help.", args.command.join(" ")),
            format!("There is no command “{}”: see kttt --help.", args.command.join(" ")),
        ));
    };
    // Roff text, not a terminal's: printed as it is (`kttt man export | man -l -`).
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| Error::Io {
            path: PathBuf::from("-"),
            source: e,
        })?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names of every command and subcommand as pages name them (`kttt-user-add`).
    fn commands() -> Vec<String> {
        fn walk(c: &clap::Command, name: &str, out: &mut Vec<String>) {
            out.push(name.to_string());
            for s in c.get_subcommands().filter(|s| !s.is_hide_set()) {
                walk(s, &format!("{name}-{}", s.get_name()), out);
            }
        }
        let mut out = Vec::new();
        walk(&Cli::command(), "kttt", &mut out);
        out
    }

    /// Every command has its page in both languages, and the Vietnamese page is in
    /// Vietnamese: its sections and the command's own description (from `HELP_VI`).
    #[test]
    fn every_command_has_its_page_in_both_languages() {
        let names = commands();
        assert!(names.len() > 40, "{names:?}");
        assert!(names.contains(&"kttt-export".to_string()) && names.contains(&"kttt-user-add".to_string()));
        for lang in [Lang::En, Lang::Vi] {
            let pages = pages(lang).unwrap();
            let files: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
            for n in &names {
                assert!(files.contains(&format!("{n}.1").as_str()), "{lang:?}: no page for {n}");
            }
            assert_eq!(files.len(), names.len());
        }
        let vi = pages(Lang::Vi).unwrap();
        let en = pages(Lang::En).unwrap();
        for ((name, v), (_, e)) in vi.iter().zip(&en) {
            assert!(v.contains(".SH TÊN") && v.contains(".SH CÚ PHÁP"), "{name}");
            assert!(
                !v.contains(".SH NAME") && !v.contains(".SH OPTIONS"),
                "{name}: English sections"
            );
            assert!(e.contains(".SH NAME"), "{name}");
            assert_ne!(v, e, "{name}: the Vietnamese page is the English one");
        }
        let export = &vi.iter().find(|(n, _)| n == "kttt-export.1").unwrap().1;
        assert!(export.contains("kttt\\-export"), "{export}");
    }
}
