//! Pure decoder of terminal input bytes into keys, pastes and focus changes, with timeouts for partial sequences.
//!
//! A byte-at-a-time state machine: every byte is consumed into the state or decoded at once, so the work is
//! linear in the input and chunking does not change the result. Nothing is resolved by the passing of time
//! except through [`Decoder::timeout`]: an ESC is an Alt prefix until the caller says the deadline has passed.
//! An escape-sequence introducer with nothing after it (`ESC [`, `ESC O`, `ESC ]`, `ESC P`) that times out, or
//! is followed by a byte that cannot continue it, is Alt+that character. Uppercase characters carry SHIFT, as
//! crossterm reports them.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::{Duration, Instant};

/// How long a lone ESC (or an incomplete escape sequence) waits for the rest of its sequence.
pub const ESC_TIMEOUT: Duration = Duration::from_millis(100);
/// How long an open bracketed paste waits for more bytes before it is closed.
pub const PASTE_TIMEOUT: Duration = Duration::from_millis(300);
/// The most a paste keeps (bytes); the rest is dropped (still consumed up to its end marker).
pub const MAX_PASTE: usize = 1 << 20;

/// The longest OSC or DCS string followed; a longer one is dropped and the bytes after are decoded afresh.
const MAX_STRING: usize = 4096;
/// Parameter and intermediate bytes of a CSI/SS3 sequence kept; a longer sequence is consumed and ignored.
const MAX_PARAMS: usize = 32;
/// What ends a bracketed paste.
const PASTE_END: &[u8] = b"\x1b[201~";

/// One thing the terminal sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A key press.
    Key(KeyEvent),
    /// Text from a bracketed paste (ESC[200~ … ESC[201~), CR/CRLF normalised to \n.
    Paste(String),
    /// The terminal window gained focus.
    FocusGained,
    /// The terminal window lost focus.
    FocusLost,
    /// A mouse report or an unknown/malformed sequence that was consumed and ignored.
    Ignored,
}

/// Parameter and intermediate bytes of a CSI or SS3 sequence.
#[derive(Clone, Copy, Default)]
struct Params {
    buf: [u8; MAX_PARAMS],
    len: usize,
    /// More bytes came than `buf` holds.
    overflow: bool,
    /// An intermediate byte (0x20–0x2F) came.
    intermediate: bool,
    /// A parameter byte came after an intermediate byte.
    malformed: bool,
}

impl Params {
    fn push(&mut self, b: u8) {
        if b < 0x30 {
            self.intermediate = true;
        } else if self.intermediate {
            self.malformed = true;
        }
        match self.buf.get_mut(self.len) {
            Some(slot) => {
                *slot = b;
                self.len += 1;
            }
            None => self.overflow = true,
        }
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether this holds plain numeric parameters that a key can be read from.
    fn plain(&self) -> bool {
        !self.overflow && !self.intermediate && !self.malformed
    }

    fn bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// Where the decoder is within a sequence.
#[derive(Clone, Copy, Default)]
enum State {
    #[default]
    Ground,
    /// Part of a multi-byte UTF-8 character (`alt`: after an ESC).
    Utf8 { buf: [u8; 4], len: usize, alt: bool },
    /// After ESC.
    Esc,
    /// After ESC [.
    Csi(Params),
    /// After ESC [ M: an X10 mouse report with `left` raw bytes to come.
    X10 { left: u8 },
    /// After ESC [ [: a Linux console F1–F5.
    LinuxF,
    /// After ESC O.
    Ss3(Params),
    /// Inside an OSC (`intro` = ']') or DCS (`intro` = 'P') string; `esc`: the last byte was ESC.
    Str { intro: u8, len: usize, esc: bool },
    /// Inside a bracketed paste (the text is in `Decoder::paste`).
    Paste,
}

/// Turns bytes read from a terminal in raw mode into [`Input`]s.
#[derive(Default)]
pub struct Decoder {
    state: State,
    /// Raw bytes of the open paste (at most `MAX_PASTE`).
    paste: Vec<u8>,
    /// How many bytes of `PASTE_END` the paste has just seen.
    marker: usize,
    /// When the last byte arrived.
    last: Option<Instant>,
}

impl Decoder {
    /// A decoder with nothing pending.
    pub fn new() -> Decoder {
        Decoder::default()
    }

    /// Feeds bytes that arrived at `now`; returns every complete input, in order.
    pub fn feed(&mut self, bytes: &[u8], now: Instant) -> Vec<Input> {
        let mut out = Vec::new();
        if bytes.is_empty() {
            return out;
        }
        self.last = Some(now);
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if let State::Paste = self.state {
                i += self.paste_bytes(&bytes[i..], &mut out);
            } else if self.step(b, &mut out) {
                i += 1;
            }
        }
        out
    }

    /// Resolves what has waited past its deadline by `now`: Esc key, Alt+introducer, Ignored or the paste so far.
    pub fn timeout(&mut self, now: Instant) -> Vec<Input> {
        let mut out = Vec::new();
        if self.deadline().is_none_or(|d| now < d) {
            return out;
        }
        match std::mem::take(&mut self.state) {
            State::Ground => {}
            State::Esc => out.push(key(KeyCode::Esc, KeyModifiers::NONE)),
            State::Csi(p) if p.is_empty() => out.push(char_key('[', KeyModifiers::ALT)),
            State::Ss3(p) if p.is_empty() => out.push(char_key('O', KeyModifiers::ALT)),
            State::Str { intro, len: 0, .. } => out.push(char_key(char::from(intro), KeyModifiers::ALT)),
            State::Paste => out.push(self.end_paste()),
            _ => out.push(Input::Ignored),
        }
        self.last = None;
        out
    }

    /// When `timeout` next has something to do, if anything is pending.
    pub fn deadline(&self) -> Option<Instant> {
        let wait = match self.state {
            State::Ground => return None,
            State::Paste => PASTE_TIMEOUT,
            _ => ESC_TIMEOUT,
        };
        self.last.map(|t| t.checked_add(wait).unwrap_or(t))
    }

    /// Whether bytes are waiting for more (a partial sequence or an open paste).
    pub fn pending(&self) -> bool {
        !matches!(self.state, State::Ground)
    }

    /// Decodes one byte outside a paste; false if the byte ended a sequence and must be decoded afresh.
    fn step(&mut self, b: u8, out: &mut Vec<Input>) -> bool {
        if let State::Ground = self.state {
            self.ground(b, KeyModifiers::NONE, out);
            return true;
        }
        match std::mem::take(&mut self.state) {
            State::Ground => self.ground(b, KeyModifiers::NONE, out),
            State::Utf8 { mut buf, mut len, alt } => {
                if !utf8_continues(buf[0], len, b) {
                    out.push(Input::Ignored);
                    return false;
                }
                buf[len] = b;
                len += 1;
                if len < utf8_len(buf[0]) {
                    self.state = State::Utf8 { buf, len, alt };
                } else {
                    let mods = if alt { KeyModifiers::ALT } else { KeyModifiers::NONE };
                    let c = std::str::from_utf8(&buf[..len]).ok().and_then(|s| s.chars().next());
                    out.push(c.map_or(Input::Ignored, |c| char_key(c, mods)));
                }
            }
            State::Esc => match b {
                0x1b => {
                    out.push(key(KeyCode::Esc, KeyModifiers::NONE));
                    self.state = State::Esc;
                }
                b'[' => self.state = State::Csi(Params::default()),
                b'O' => self.state = State::Ss3(Params::default()),
                b']' | b'P' => {
                    self.state = State::Str {
                        intro: b,
                        len: 0,
                        esc: false,
                    }
                }
                0x80..=0xc1 | 0xf5..=0xff => {
                    out.push(key(KeyCode::Esc, KeyModifiers::NONE));
                    return false;
                }
                _ => self.ground(b, KeyModifiers::ALT, out),
            },
            State::Csi(mut p) => match b {
                b'M' if p.is_empty() => self.state = State::X10 { left: 3 },
                b'[' if p.is_empty() => self.state = State::LinuxF,
                0x20..=0x3f => {
                    p.push(b);
                    self.state = State::Csi(p);
                }
                0x40..=0x7e => out.extend(self.csi(&p, b)),
                _ => return abort(p.is_empty(), b'[', out),
            },
            State::X10 { left } => match left {
                0 | 1 => out.push(Input::Ignored),
                _ => self.state = State::X10 { left: left - 1 },
            },
            State::LinuxF => match b {
                b'A'..=b'E' => out.push(key(KeyCode::F(b - b'A' + 1), KeyModifiers::NONE)),
                0x40..=0x7e => out.push(Input::Ignored),
                _ => return abort(false, b'[', out),
            },
            State::Ss3(mut p) => match b {
                0x30..=0x3f => {
                    p.push(b);
                    self.state = State::Ss3(p);
                }
                0x40..=0x7e => out.push(ss3(&p, b)),
                _ => return abort(p.is_empty(), b'O', out),
            },
            State::Str { esc: true, .. } => {
                out.push(Input::Ignored);
                if b != b'\\' {
                    // ESC and something other than '\': the string is cut off and a new escape begins.
                    self.state = State::Esc;
                    return false;
                }
            }
            State::Str { intro, len, esc: false } => match b {
                0x00..=0x1f if len == 0 => return abort(true, intro, out),
                0x07 => out.push(Input::Ignored),
                0x1b => self.state = State::Str { intro, len, esc: true },
                0x00..=0x1f => return abort(false, intro, out),
                _ if len >= MAX_STRING => return abort(false, intro, out),
                _ => {
                    self.state = State::Str {
                        intro,
                        len: len + 1,
                        esc: false,
                    }
                }
            },
            State::Paste => self.state = State::Paste,
        }
        true
    }

    /// Decodes a byte that starts something new (`mods` = ALT after an ESC).
    fn ground(&mut self, b: u8, mods: KeyModifiers, out: &mut Vec<Input>) {
        let ctrl = |c: u8| (KeyCode::Char(char::from(c)), KeyModifiers::CONTROL);
        let (code, base) = match b {
            0x20..=0x7e => return out.push(char_key(char::from(b), mods)),
            0x1b => {
                self.state = State::Esc;
                return;
            }
            0xc2..=0xf4 => {
                let alt = mods.contains(KeyModifiers::ALT);
                self.state = State::Utf8 {
                    buf: [b, 0, 0, 0],
                    len: 1,
                    alt,
                };
                return;
            }
            0x80..=0xff => return out.push(Input::Ignored),
            0x00 => ctrl(b' '),
            0x09 => (KeyCode::Tab, KeyModifiers::NONE),
            0x0a | 0x0d => (KeyCode::Enter, KeyModifiers::NONE),
            0x01..=0x1a => ctrl(b'a' + (b - 0x01)),
            0x1c..=0x1f => ctrl(b'4' + (b - 0x1c)),
            0x7f => (KeyCode::Backspace, KeyModifiers::NONE),
        };
        out.push(key(code, base | mods));
    }

    /// What a complete CSI sequence (`ESC [ params final`) means; `None` when it opens a paste (`ESC[200~`).
    fn csi(&mut self, p: &Params, fin: u8) -> Option<Input> {
        let Some([first, second]) = p.plain().then(|| numbers(p.bytes())).flatten() else {
            return Some(Input::Ignored);
        };
        let mods = modifiers(second);
        if fin != b'~' && first.is_some_and(|n| n != 1) {
            // Not a key (`ESC[12;40R` is a cursor position report, not Shift+F3).
            return Some(Input::Ignored);
        }
        let code = match fin {
            b'A' => KeyCode::Up,
            b'B' => KeyCode::Down,
            b'C' => KeyCode::Right,
            b'D' => KeyCode::Left,
            b'E' => KeyCode::KeypadBegin,
            b'H' => KeyCode::Home,
            b'F' => KeyCode::End,
            b'P'..=b'S' => KeyCode::F(fin - b'P' + 1),
            b'Z' => return Some(key(KeyCode::BackTab, mods | KeyModifiers::SHIFT)),
            b'I' if p.is_empty() => return Some(Input::FocusGained),
            b'O' if p.is_empty() => return Some(Input::FocusLost),
            b'~' => match first.unwrap_or(0) {
                1 | 7 => KeyCode::Home,
                2 => KeyCode::Insert,
                3 => KeyCode::Delete,
                4 | 8 => KeyCode::End,
                5 => KeyCode::PageUp,
                6 => KeyCode::PageDown,
                n @ 11..=15 => KeyCode::F((n - 10) as u8),
                n @ 17..=21 => KeyCode::F((n - 11) as u8),
                n @ 23..=26 => KeyCode::F((n - 12) as u8),
                n @ 28..=29 => KeyCode::F((n - 13) as u8),
                n @ 31..=34 => KeyCode::F((n - 14) as u8),
                200 => {
                    self.state = State::Paste;
                    self.paste.clear();
                    self.marker = 0;
                    return None;
                }
                _ => return Some(Input::Ignored),
            },
            _ => return Some(Input::Ignored),
        };
        Some(key(code, mods))
    }

    /// Takes paste bytes until the end marker; returns how many were consumed.
    fn paste_bytes(&mut self, bytes: &[u8], out: &mut Vec<Input>) -> usize {
        let mut i = 0;
        while i < bytes.len() {
            if self.marker == 0 {
                let rest = &bytes[i..];
                let n = rest.iter().position(|&b| b == 0x1b).unwrap_or(rest.len());
                self.keep(&rest[..n]);
                i += n;
                if i < bytes.len() {
                    self.marker = 1;
                    i += 1;
                }
            } else if PASTE_END.get(self.marker) == Some(&bytes[i]) {
                self.marker += 1;
                i += 1;
                if self.marker == PASTE_END.len() {
                    out.push(self.end_paste());
                    return i;
                }
            } else {
                // Not the end after all: what looked like its start is text, and this byte is looked at again.
                let seen = self.marker;
                self.marker = 0;
                self.keep(&PASTE_END[..seen]);
            }
        }
        i
    }

    /// Adds bytes to the paste, up to `MAX_PASTE`.
    fn keep(&mut self, bytes: &[u8]) {
        let room = MAX_PASTE.saturating_sub(self.paste.len());
        self.paste.extend_from_slice(&bytes[..bytes.len().min(room)]);
    }

    /// Closes the paste and returns its text.
    fn end_paste(&mut self) -> Input {
        self.state = State::Ground;
        self.marker = 0;
        let raw = std::mem::take(&mut self.paste);
        let raw = if raw.len() >= MAX_PASTE {
            without_cut_char(&raw)
        } else {
            &raw[..]
        };
        let lossy = String::from_utf8_lossy(raw);
        let mut text = String::with_capacity(lossy.len());
        let mut chars = lossy.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' => {
                    chars.next_if_eq(&'\n');
                    text.push('\n');
                }
                '\n' | '\t' => text.push(c),
                c if c.is_control() => {}
                c => text.push(c),
            }
        }
        Input::Paste(text)
    }
}

/// Ends a sequence at a byte that cannot continue it (decoded afresh): Alt+introducer if it was empty, else Ignored.
fn abort(empty: bool, intro: u8, out: &mut Vec<Input>) -> bool {
    out.push(if empty {
        char_key(char::from(intro), KeyModifiers::ALT)
    } else {
        Input::Ignored
    });
    false
}

/// What a complete SS3 sequence (`ESC O params final`) means.
fn ss3(p: &Params, fin: u8) -> Input {
    let Some([first, second]) = p.plain().then(|| numbers(p.bytes())).flatten() else {
        return Input::Ignored;
    };
    let mods = modifiers(second.or(first));
    let code = match fin {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'E' => KeyCode::KeypadBegin,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'M' => KeyCode::Enter,
        b'P'..=b'S' => KeyCode::F(fin - b'P' + 1),
        b'X' => KeyCode::Char('='),
        b'j'..=b'y' => KeyCode::Char(char::from(b"*+,-./0123456789"[usize::from(fin - b'j')])),
        _ => return Input::Ignored,
    };
    key(code, mods)
}

/// The first two numeric parameters (`None` where omitted), or `None` if there is anything but digits, ';' and ':'.
fn numbers(p: &[u8]) -> Option<[Option<u16>; 2]> {
    if !p.iter().all(|&b| b.is_ascii_digit() || b == b';' || b == b':') {
        return None;
    }
    let mut out = [None, None];
    for (slot, field) in out.iter_mut().zip(p.split(|&b| b == b';')) {
        let digits = field.split(|&b| b == b':').next().unwrap_or_default();
        if !digits.is_empty() {
            *slot = Some(
                digits
                    .iter()
                    .fold(0u16, |n, d| n.saturating_mul(10).saturating_add(u16::from(d - b'0'))),
            );
        }
    }
    Some(out)
}

/// The modifiers of an xterm modifier parameter (1 + Shift 1, Alt 2, Ctrl 4, Super 8).
fn modifiers(param: Option<u16>) -> KeyModifiers {
    let bits = param.unwrap_or(1).saturating_sub(1);
    let flags = [
        (1, KeyModifiers::SHIFT),
        (2, KeyModifiers::ALT),
        (4, KeyModifiers::CONTROL),
        (8, KeyModifiers::SUPER),
    ];
    flags
        .into_iter()
        .filter(|(bit, _)| bits & bit != 0)
        .fold(KeyModifiers::NONE, |m, (_, f)| m | f)
}

/// The byte length of the UTF-8 character that starts with `lead` (0xC2..=0xF4).
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// Whether `b` can follow the `len` bytes already read of a character starting with `lead`.
fn utf8_continues(lead: u8, len: usize, b: u8) -> bool {
    let range = match (lead, len) {
        (0xe0, 1) => 0xa0..=0xbf,
        (0xed, 1) => 0x80..=0x9f,
        (0xf0, 1) => 0x90..=0xbf,
        (0xf4, 1) => 0x80..=0x8f,
        _ => 0x80..=0xbf,
    };
    range.contains(&b)
}

/// `raw` without a UTF-8 character cut off at its end.
fn without_cut_char(raw: &[u8]) -> &[u8] {
    let tail = raw.len().saturating_sub(3);
    match raw[tail..].iter().rposition(|&b| b >= 0xc0) {
        Some(at) if (0xc2..=0xf4).contains(&raw[tail + at]) && raw.len() - (tail + at) < utf8_len(raw[tail + at]) => {
            &raw[..tail + at]
        }
        _ => raw,
    }
}

/// A key press.
fn key(code: KeyCode, mods: KeyModifiers) -> Input {
    Input::Key(KeyEvent::new(code, mods))
}

/// A character key, with SHIFT when uppercase (as crossterm reports it).
fn char_key(c: char, mods: KeyModifiers) -> Input {
    let shift = if c.is_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    key(KeyCode::Char(c), mods | shift)
}

#[cfg(test)]
#[path = "decode_tests.rs"]
mod tests;
