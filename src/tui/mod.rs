//! The full-screen app (ratatui + crossterm).

use crate::cli::Cli;
use crate::error::Result;
use crate::i18n::Lang;
use std::process::ExitCode;

/// Opens the app.
pub fn run(_cli: &Cli, lang: Lang) -> Result<ExitCode> {
    eprintln!(
        "{}",
        lang.pick(
            "Ứng dụng toàn màn hình đang được xây dựng; hãy dùng `kttt show`.",
            "The full-screen app is being built; use `kttt show`."
        )
    );
    Ok(ExitCode::from(2))
}
