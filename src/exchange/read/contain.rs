//! The readers of other formats are code kttt does not own: should one of them panic on a
//! malformed file, the file is refused as damaged and the program goes on. While a reader
//! runs, a panic says nothing and leaves the terminal as it is (the app's panic hook asks
//! [`quiet`] first).

use super::ReadError;
use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Whether this thread is inside [`contained`], where a panic is a refused file.
pub fn quiet() -> bool {
    QUIET.with(Cell::get)
}

/// Runs a reader; a panic inside it becomes [`ReadError::Broken`].
pub fn contained<T>(read: impl FnOnce() -> Result<T, ReadError>) -> Result<T, ReadError> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !quiet() {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let result = catch_unwind(AssertUnwindSafe(read));
    QUIET.with(|q| q.set(was));
    result.unwrap_or_else(|_| Err(ReadError::Broken("the reader stopped on malformed content".into())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_reader_is_a_broken_file() {
        let r: Result<(), ReadError> = contained(|| {
            assert!(quiet());
            panic!("bad index")
        });
        assert!(matches!(r, Err(ReadError::Broken(_))));
        assert!(!quiet());
        assert!(matches!(contained(|| Ok(7)), Ok(7)));
    }
}
