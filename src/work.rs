//! Long work told as it goes: a piece of work says how far it has come (`done` of `total`
//! steps) to whoever watches, and learns from the answer whether to go on. The command line
//! draws a bar from it and stops on Ctrl+C (`cli/progress.rs`); the app draws a gauge and
//! stops on `Esc` (`tui/app/job.rs`). Work asked to stop ends having written nothing (a
//! file is written whole or not at all, a database change is one transaction); its error is
//! `error::Error::stopped`. Nothing here reaches the rest of the crate, so the
//! store and the exchange take a watch without reaching a shell.

/// Watches long work: told `done` of `total` steps, answers whether to go on.
pub type Watch<'a> = &'a mut dyn FnMut(u64, u64) -> bool;

/// Watches long work from another thread than the one doing it (the work waits in a call
/// that cannot report, such as SQLite's `VACUUM INTO`): the same question, asked by a
/// helper thread.
pub type SharedWatch<'a> = &'a (dyn Fn(u64, u64) -> bool + Sync);

/// Watches nothing and lets the work run to its end.
pub fn unwatched(_done: u64, _total: u64) -> bool {
    true
}

/// A debug build told so by `KTTT_TEST_WORK_MS` waits that long at each step of long work,
/// so that a test can stop the work half-way however fast the machine; a release build
/// never waits.
pub fn pace() {
    if !cfg!(debug_assertions) {
        return;
    }
    static MS: std::sync::OnceLock<Option<u64>> = std::sync::OnceLock::new();
    let ms = MS.get_or_init(|| std::env::var("KTTT_TEST_WORK_MS").ok()?.parse().ok());
    if let Some(ms) = ms {
        std::thread::sleep(std::time::Duration::from_millis(*ms));
    }
}
