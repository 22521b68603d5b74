//! Watching a PostgreSQL database for other sessions' commits: a connection of the watch's
//! own `LISTEN`s and blocks for the server's notifications (every write transaction sends
//! one when it commits). A lost connection is opened again, and since notifications sent
//! meanwhile are lost, reopening is news too: the session reads from its cursor.

use crate::store::StoreResult;
use crate::store::watch::{How, Signal, Watch, pair};
use postgres::Client;
use postgres::fallible_iterator::FallibleIterator;
use std::time::Duration;

/// How long the watch blocks before it looks whether its owner is gone.
const WAIT: Duration = Duration::from_secs(2);

/// The longest wait before trying a lost connection again.
const BACKOFF: Duration = Duration::from_secs(10);

/// Starts watching the database at `url` (the address the session connected with).
pub(super) fn start(url: &str) -> StoreResult<Watch> {
    let client = super::connect(url)?;
    let (watch, signal) = pair(How::Listen).map_err(|e| crate::store::StoreError::Backend(e.to_string()))?;
    let url = url.to_string();
    std::thread::Builder::new()
        .name("kttt-listen".into())
        .spawn(move || run(&url, client, signal))
        .map_err(|e| crate::store::StoreError::Backend(e.to_string()))?;
    Ok(watch)
}

fn run(url: &str, client: Client, signal: Signal) {
    let mut client = Some(client);
    let mut backoff = Duration::from_millis(250);
    // Listening from now on: whatever was committed before is read from the cursor.
    signal.set_live(true);
    signal.news();
    while !signal.stopping() {
        let Some(c) = client.as_mut() else {
            match super::connect(url) {
                Ok(c) => {
                    client = Some(c);
                    backoff = Duration::from_millis(250);
                    signal.set_live(true);
                    signal.news();
                }
                Err(_) => {
                    if !signal.pause(backoff) {
                        return;
                    }
                    backoff = (backoff * 2).min(BACKOFF);
                }
            }
            continue;
        };
        let (heard, failed) = {
            let mut n = c.notifications();
            let first = n.timeout_iter(WAIT).next();
            match first {
                Ok(Some(_)) => {
                    // The rest that came with it, without waiting.
                    let mut rest = n.iter();
                    while let Ok(Some(_)) = rest.next() {}
                    (true, false)
                }
                Ok(None) => (false, false),
                Err(_) => (false, true),
            }
        };
        if heard {
            signal.news();
        }
        if failed || c.is_closed() {
            client = None;
            signal.set_live(false);
            signal.news();
        }
    }
}
