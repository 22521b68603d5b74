//! Errors as values carrying facts; `crate::present::errors` writes their words, per language
//! and per shell.

mod refused;

pub use refused::{Built, Refused};

use crate::exchange::read::ReadError;
use crate::i18n::{Lang, Text};
use crate::present::Shell;
use crate::store::{Denial, StoreError};
use std::path::PathBuf;

/// Anything that can go wrong outside the pure core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Something the store refused or could not do.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A file or stream could not be read or written.
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    /// A file to import could not be read as a workbook or CSV (never [`ReadError::Io`],
    /// which is an [`Error::Io`]).
    #[error("{}", crate::present::read::error(.path, .why, Lang::En))]
    Read { path: PathBuf, why: ReadError },
    /// What the user asked for cannot be done, and the facts of why.
    #[error("{0}")]
    Refused(Box<Refused>),
    /// A refusal already in words, in both languages: a shell's own (the command line's
    /// arguments, the terminal), which no other shell raises, or the pure core's messages.
    #[error("{}", .0.en)]
    Said(Text),
}

impl Error {
    /// A refusal in words only the shell raising it says, in Vietnamese and English.
    pub fn said(vi: impl Into<String>, en: impl Into<String>) -> Error {
        Error::Said(Text::new(vi, en))
    }

    /// The message in the user's language for the command line (made safe for a terminal).
    pub fn message(&self, lang: Lang) -> String {
        self.message_in(lang, Shell::Cli)
    }

    /// The message in the user's language for a shell: the command line names the command
    /// to type, the app the key to press.
    pub fn message_in(&self, lang: Lang, shell: Shell) -> String {
        crate::present::errors::error(self, lang, shell)
    }

    /// Long work stopped when asked (Ctrl+C, `Esc`), having written nothing.
    pub fn stopped() -> Error {
        Refused::Stopped.into()
    }

    /// Whether this is [`Error::stopped`].
    pub fn is_stopped(&self) -> bool {
        matches!(self, Error::Refused(r) if matches!(**r, Refused::Stopped))
    }

    /// The store error inside, if any.
    pub fn store(&self) -> Option<&StoreError> {
        match self {
            Error::Store(e) => Some(e),
            _ => None,
        }
    }
}

impl From<Denial> for Error {
    fn from(d: Denial) -> Error {
        Error::Store(d.into())
    }
}

impl From<Refused> for Error {
    fn from(r: Refused) -> Error {
        Error::Refused(Box::new(r))
    }
}

/// A result whose error is an [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
