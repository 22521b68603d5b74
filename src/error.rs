//! Errors as values; `crate::present::errors` writes their words, per language and shell.

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
    /// The user asked for something that cannot be done; the message, in both languages,
    /// says what to do instead.
    #[error("{}", .0.en)]
    Refused(Text),
}

impl Error {
    /// A refusal with its message in Vietnamese and English.
    pub fn refused(vi: impl Into<String>, en: impl Into<String>) -> Error {
        Error::Refused(Text::new(vi, en))
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

/// A result whose error is an [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
