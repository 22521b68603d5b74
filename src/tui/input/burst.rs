//! Keys that arrive faster than anyone types. A terminal without bracketed paste delivers a
//! paste as keystrokes; several text keys arriving within a few milliseconds of each other
//! are taken together as a burst, which the app treats like a paste rather than commands.

use super::decode::Input;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::{Duration, Instant};

/// Keys closer together than this belong to one burst (people type tens of milliseconds
/// apart; one read of a paste delivers its keys at once).
pub const BURST_GAP: Duration = Duration::from_millis(3);
/// How many text keys make a burst (an input method's correction sends two: backspace and
/// the composed letter).
pub const BURST_MIN: usize = 3;

/// Input grouped for the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Chunk {
    /// One input, as typed.
    One(Instant, Input),
    /// Text keys that came together.
    Burst(Instant, Vec<KeyEvent>),
}

/// Whether a key is text (something a paste is made of).
pub fn is_text(k: &KeyEvent) -> bool {
    match k.code {
        KeyCode::Char(_) => !k.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT),
        KeyCode::Enter | KeyCode::Tab | KeyCode::Backspace => true,
        _ => false,
    }
}

/// Groups timed inputs: runs of at least [`BURST_MIN`] text keys, each within [`BURST_GAP`]
/// of the one before, become bursts; everything else stays as it came.
pub fn chunks(events: Vec<(Instant, Input)>) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut run: Vec<(Instant, KeyEvent)> = Vec::new();
    let flush = |run: &mut Vec<(Instant, KeyEvent)>, out: &mut Vec<Chunk>| {
        if run.len() >= BURST_MIN {
            let at = run[0].0;
            out.push(Chunk::Burst(at, run.drain(..).map(|(_, k)| k).collect()));
        } else {
            out.extend(run.drain(..).map(|(t, k)| Chunk::One(t, Input::Key(k))));
        }
    };
    for (at, input) in events {
        match input {
            Input::Key(k) if is_text(&k) => {
                if let Some((last, _)) = run.last()
                    && at.saturating_duration_since(*last) > BURST_GAP
                {
                    flush(&mut run, &mut out);
                }
                run.push((at, k));
            }
            other => {
                flush(&mut run, &mut out);
                out.push(Chunk::One(at, other));
            }
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: char) -> Input {
        Input::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
    }

    #[test]
    fn a_paste_is_a_burst_and_typing_is_not() {
        let t0 = Instant::now();
        let pasted: Vec<(Instant, Input)> = "Số liệu".chars().map(|c| (t0, key(c))).collect();
        let c = chunks(pasted);
        assert!(matches!(&c[..], [Chunk::Burst(_, k)] if k.len() == 7));
        let typed: Vec<(Instant, Input)> = "201"
            .chars()
            .enumerate()
            .map(|(i, c)| (t0 + Duration::from_millis(80 * i as u64), key(c)))
            .collect();
        assert_eq!(chunks(typed).len(), 3, "one chunk per typed key");
    }

    #[test]
    fn an_input_methods_correction_is_not_a_burst() {
        let t0 = Instant::now();
        let bs = Input::Key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
        let c = chunks(vec![(t0, bs), (t0, key('ư'))]);
        assert_eq!(c.len(), 2);
        assert!(c.iter().all(|x| matches!(x, Chunk::One(..))));
    }

    #[test]
    fn arrows_break_a_run_and_stay_keys() {
        let t0 = Instant::now();
        let up = Input::Key(KeyEvent::new(KeyCode::Up, KeyModifiers::NONE));
        let c = chunks(vec![(t0, key('a')), (t0, up.clone()), (t0, key('b')), (t0, key('c'))]);
        assert_eq!(c.len(), 4);
        assert_eq!(c[1], Chunk::One(t0, up));
    }
}
