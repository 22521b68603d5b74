//! `kttt completions SHELL`: the shell's completion script, made from the command-line
//! grammar, with descriptions in the user's language (zsh, fish and PowerShell show them).

use super::args::{Cli, HelpVi, localize};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use clap::{Args, CommandFactory};
use std::process::ExitCode;

/// Print the completion script of a shell
#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, powershell, elvish
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// `kttt completions`'s help in Vietnamese: (subcommand, argument id, text); "" names the
/// command.
pub(super) const HELP_VI: HelpVi = &[
    ("", "", "In đoạn mã tự hoàn thành lệnh cho một trình shell"),
    ("", "shell", "Trình shell: bash, zsh, fish, powershell, elvish"),
];

/// The script for a shell.
pub fn script(shell: clap_complete::Shell, lang: Lang) -> Vec<u8> {
    let mut cmd = localize(Cli::command(), lang);
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "kttt", &mut out);
    out
}

/// Runs `kttt completions`.
pub fn run(args: &CompletionsArgs, lang: Lang) -> Result<ExitCode> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    // A shell script, not text for a person: printed as it is.
    stdout
        .write_all(&script(args.shell, lang))
        .and_then(|()| stdout.flush())
        .map_err(|e| Error::Io {
            path: "-".into(),
            source: e,
        })?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap_complete::Shell;

    #[test]
    fn every_shell_completes_every_command() {
        let names: Vec<String> = Cli::command()
            .get_subcommands()
            .map(|s| s.get_name().to_string())
            .collect();
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell] {
            for lang in [Lang::Vi, Lang::En] {
                let s = String::from_utf8(script(shell, lang)).unwrap();
                for n in &names {
                    assert!(s.contains(n.as_str()), "{shell:?} {lang:?}: no {n}");
                }
            }
        }
        let fish = String::from_utf8(script(Shell::Fish, Lang::Vi)).unwrap();
        assert!(
            fish.contains("Báo cáo về cơ sở dữ liệu đang dùng"),
            "Vietnamese descriptions"
        );
    }
}
