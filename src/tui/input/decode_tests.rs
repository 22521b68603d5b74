use super::*;
use crossterm::event::{KeyEventKind, KeyEventState};
use proptest::prelude::*;

const NONE: KeyModifiers = KeyModifiers::NONE;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;
const ALT: KeyModifiers = KeyModifiers::ALT;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

fn k(code: KeyCode, mods: KeyModifiers) -> Input {
    Input::Key(KeyEvent::new(code, mods))
}

fn c(ch: char) -> Input {
    k(KeyCode::Char(ch), NONE)
}

fn ctrl(ch: char) -> Input {
    k(KeyCode::Char(ch), CTRL)
}

fn alt(ch: char) -> Input {
    k(KeyCode::Char(ch), ALT)
}

fn chars(s: &str) -> Vec<Input> {
    s.chars().map(|ch| char_key(ch, NONE)).collect()
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// Feeds `bytes` at once, then lets every timeout pass; asserts that nothing is left pending.
fn all(bytes: &[u8]) -> Vec<Input> {
    let t0 = Instant::now();
    let mut d = Decoder::new();
    let mut out = d.feed(bytes, t0);
    out.extend(d.timeout(t0 + ms(10_000)));
    assert!(!d.pending(), "pending after timeout: {bytes:?}");
    out
}

/// Feeds `bytes` at once without any timeout.
fn now(bytes: &[u8]) -> (Vec<Input>, Decoder) {
    let mut d = Decoder::new();
    let out = d.feed(bytes, Instant::now());
    (out, d)
}

/// The exact fields of every key, since `KeyEvent`'s `PartialEq` ignores how case and SHIFT are combined.
fn raw(inputs: &[Input]) -> Vec<(KeyCode, KeyModifiers, KeyEventKind, KeyEventState)> {
    inputs
        .iter()
        .filter_map(|i| match i {
            Input::Key(e) => Some((e.code, e.modifiers, e.kind, e.state)),
            _ => None,
        })
        .collect()
}

#[test]
fn utf8_text_and_vietnamese_letters() {
    assert_eq!(all("aư ặđĐ!".as_bytes()), chars("aư ặđĐ!"));
    let keys = raw(&all("aĐ".as_bytes()));
    assert_eq!(
        keys[0],
        (KeyCode::Char('a'), NONE, KeyEventKind::Press, KeyEventState::NONE)
    );
    assert_eq!(
        keys[1],
        (KeyCode::Char('Đ'), SHIFT, KeyEventKind::Press, KeyEventState::NONE)
    );
}

#[test]
fn utf8_split_across_feeds() {
    for text in ["ặ", "ư", "đ", "😀"] {
        let bytes = text.as_bytes();
        for cut in 1..bytes.len() {
            let t0 = Instant::now();
            let mut d = Decoder::new();
            assert_eq!(d.feed(&bytes[..cut], t0), vec![]);
            assert!(d.pending());
            assert_eq!(d.deadline(), Some(t0 + ESC_TIMEOUT));
            assert_eq!(d.feed(&bytes[cut..], t0 + ms(50)), chars(text));
            assert!(!d.pending());
        }
    }
}

#[test]
fn invalid_utf8_is_ignored_without_losing_sync() {
    assert_eq!(all(b"\xffa"), vec![Input::Ignored, c('a')]);
    assert_eq!(all(b"\x80\xbfa"), vec![Input::Ignored, Input::Ignored, c('a')]);
    assert_eq!(all(b"\xe1a"), vec![Input::Ignored, c('a')]);
    assert_eq!(all(b"\xe1\xbaa"), vec![Input::Ignored, c('a')]);
    assert_eq!(all(b"\xc0\xafa"), vec![Input::Ignored, Input::Ignored, c('a')]);
    assert_eq!(
        all(b"\xe0\x80\x80a"),
        vec![Input::Ignored, Input::Ignored, Input::Ignored, c('a')]
    );
    assert_eq!(all(b"\xed\xa0\x80a")[3], c('a'));
    assert_eq!(all(b"\xf4\x90\x80\x80a")[4], c('a'));
    assert_eq!(all(b"\xe1\x1b[A"), vec![Input::Ignored, k(KeyCode::Up, NONE)]);
    // A partial character at the end times out as Ignored.
    assert_eq!(all(b"x\xe1\xba"), vec![c('x'), Input::Ignored]);
}

#[test]
fn control_bytes() {
    let cases: &[(u8, Input)] = &[
        (0x0d, k(KeyCode::Enter, NONE)),
        (0x0a, k(KeyCode::Enter, NONE)),
        (0x09, k(KeyCode::Tab, NONE)),
        (0x7f, k(KeyCode::Backspace, NONE)),
        (0x08, ctrl('h')),
        (0x00, ctrl(' ')),
        (0x01, ctrl('a')),
        (0x03, ctrl('c')),
        (0x0b, ctrl('k')),
        (0x0c, ctrl('l')),
        (0x0e, ctrl('n')),
        (0x1a, ctrl('z')),
        (0x1c, ctrl('4')),
        (0x1d, ctrl('5')),
        (0x1e, ctrl('6')),
        (0x1f, ctrl('7')),
    ];
    for (byte, want) in cases {
        assert_eq!(all(&[*byte]), vec![want.clone()], "byte {byte:#04x}");
    }
    for byte in (0x01..=0x1a).filter(|b| ![0x08, 0x09, 0x0a, 0x0d].contains(b)) {
        assert_eq!(all(&[byte]), vec![ctrl(char::from(b'a' + byte - 1))]);
    }
}

#[test]
fn every_key_is_a_press_without_state() {
    let keys = raw(&all(b"a\x01\x1b[A\x1bx\x1b[1;5C\x1bOP\x1b[15~\x1b"));
    assert_eq!(keys.len(), 8);
    assert!(
        keys.iter()
            .all(|k| k.2 == KeyEventKind::Press && k.3 == KeyEventState::NONE)
    );
}

#[test]
fn lone_esc_waits_for_the_timeout() {
    let t0 = Instant::now();
    let mut d = Decoder::new();
    assert_eq!(d.feed(b"\x1b", t0), vec![]);
    assert!(d.pending());
    assert_eq!(d.deadline(), Some(t0 + ESC_TIMEOUT));
    assert_eq!(d.timeout(t0 + ms(99)), vec![]);
    assert_eq!(d.timeout(t0 + ESC_TIMEOUT), vec![k(KeyCode::Esc, NONE)]);
    assert!(!d.pending());
    assert_eq!(d.deadline(), None);
    assert_eq!(d.timeout(t0 + ms(1000)), vec![]);
}

#[test]
fn esc_esc_is_esc_then_a_new_escape() {
    let (out, d) = now(b"\x1b\x1b");
    assert_eq!(out, vec![k(KeyCode::Esc, NONE)]);
    assert!(d.pending());
    assert_eq!(all(b"\x1b\x1b"), vec![k(KeyCode::Esc, NONE); 2]);
    assert_eq!(all(b"\x1b\x1b[A"), vec![k(KeyCode::Esc, NONE), k(KeyCode::Up, NONE)]);
    assert_eq!(all(b"\x1b\x1bx"), vec![k(KeyCode::Esc, NONE), alt('x')]);
    assert_eq!(all(b"\x1b\xff"), vec![k(KeyCode::Esc, NONE), Input::Ignored]);
}

#[test]
fn esc_then_key_is_alt() {
    assert_eq!(now(b"\x1b1").0, vec![alt('1')]);
    assert_eq!(now(b"\x1ba").0, vec![alt('a')]);
    assert_eq!(now(b"\x1b ").0, vec![alt(' ')]);
    assert_eq!(now("\x1bư".as_bytes()).0, vec![alt('ư')]);
    assert_eq!(now(b"\x1b\r").0, vec![k(KeyCode::Enter, ALT)]);
    assert_eq!(now(b"\x1b\t").0, vec![k(KeyCode::Tab, ALT)]);
    assert_eq!(now(b"\x1b\x7f").0, vec![k(KeyCode::Backspace, ALT)]);
    assert_eq!(now(b"\x1b\x01").0, vec![k(KeyCode::Char('a'), CTRL | ALT)]);
    assert_eq!(now(b"\x1b\x08").0, vec![k(KeyCode::Char('h'), CTRL | ALT)]);
    assert_eq!(raw(&now(b"\x1bA").0)[0].1, ALT | SHIFT);
}

#[test]
fn introducer_alone_is_alt_key() {
    assert_eq!(all(b"\x1b["), vec![alt('[')]);
    assert_eq!(all(b"\x1bO"), vec![k(KeyCode::Char('O'), ALT | SHIFT)]);
    assert_eq!(all(b"\x1b]"), vec![alt(']')]);
    assert_eq!(all(b"\x1bP"), vec![k(KeyCode::Char('P'), ALT | SHIFT)]);
    // Followed by a byte that cannot continue the sequence.
    assert_eq!(now(b"\x1b[\x03").0, vec![alt('['), ctrl('c')]);
    assert_eq!(
        now(b"\x1bO\r").0,
        vec![k(KeyCode::Char('O'), ALT), k(KeyCode::Enter, NONE)]
    );
    assert_eq!(now(b"\x1b]\x03").0, vec![alt(']'), ctrl('c')]);
    assert_eq!(all(b"\x1b[\x1b"), vec![alt('['), k(KeyCode::Esc, NONE)]);
}

#[test]
fn csi_cursor_keys() {
    let cases: &[(&[u8], KeyCode)] = &[
        (b"\x1b[A", KeyCode::Up),
        (b"\x1b[B", KeyCode::Down),
        (b"\x1b[C", KeyCode::Right),
        (b"\x1b[D", KeyCode::Left),
        (b"\x1b[H", KeyCode::Home),
        (b"\x1b[F", KeyCode::End),
        (b"\x1b[E", KeyCode::KeypadBegin),
    ];
    for (bytes, code) in cases {
        assert_eq!(now(bytes).0, vec![k(*code, NONE)], "{bytes:?}");
    }
    assert_eq!(now(b"\x1b[Z").0, vec![k(KeyCode::BackTab, SHIFT)]);
    assert_eq!(now(b"\x1b[1;5Z").0, vec![k(KeyCode::BackTab, SHIFT | CTRL)]);
}

#[test]
fn csi_modifier_parameter() {
    let cases = [
        (2, SHIFT),
        (3, ALT),
        (4, SHIFT | ALT),
        (5, CTRL),
        (6, CTRL | SHIFT),
        (7, CTRL | ALT),
        (8, CTRL | ALT | SHIFT),
        (1, NONE),
    ];
    for (param, mods) in cases {
        for (fin, code) in [
            ('A', KeyCode::Up),
            ('D', KeyCode::Left),
            ('H', KeyCode::Home),
            ('F', KeyCode::End),
        ] {
            let seq = format!("\x1b[1;{param}{fin}");
            assert_eq!(now(seq.as_bytes()).0, vec![k(code, mods)], "{seq:?}");
        }
        let seq = format!("\x1b[3;{param}~");
        assert_eq!(now(seq.as_bytes()).0, vec![k(KeyCode::Delete, mods)], "{seq:?}");
    }
}

#[test]
fn csi_tilde_keys() {
    let cases: &[(u16, KeyCode)] = &[
        (1, KeyCode::Home),
        (7, KeyCode::Home),
        (2, KeyCode::Insert),
        (3, KeyCode::Delete),
        (4, KeyCode::End),
        (8, KeyCode::End),
        (5, KeyCode::PageUp),
        (6, KeyCode::PageDown),
        (11, KeyCode::F(1)),
        (12, KeyCode::F(2)),
        (13, KeyCode::F(3)),
        (14, KeyCode::F(4)),
        (15, KeyCode::F(5)),
        (17, KeyCode::F(6)),
        (18, KeyCode::F(7)),
        (19, KeyCode::F(8)),
        (20, KeyCode::F(9)),
        (21, KeyCode::F(10)),
        (23, KeyCode::F(11)),
        (24, KeyCode::F(12)),
    ];
    for (n, code) in cases {
        assert_eq!(now(format!("\x1b[{n}~").as_bytes()).0, vec![k(*code, NONE)], "{n}");
        assert_eq!(now(format!("\x1b[{n};5~").as_bytes()).0, vec![k(*code, CTRL)], "{n};5");
    }
    for n in [0, 9, 10, 16, 22, 99, 65535, 99999] {
        assert_eq!(now(format!("\x1b[{n}~").as_bytes()).0, vec![Input::Ignored], "{n}");
    }
}

#[test]
fn csi_and_ss3_function_keys() {
    for (i, fin) in ['P', 'Q', 'R', 'S'].into_iter().enumerate() {
        let f = KeyCode::F(i as u8 + 1);
        assert_eq!(now(format!("\x1b[{fin}").as_bytes()).0, vec![k(f, NONE)]);
        assert_eq!(now(format!("\x1b[1;2{fin}").as_bytes()).0, vec![k(f, SHIFT)]);
        assert_eq!(now(format!("\x1bO{fin}").as_bytes()).0, vec![k(f, NONE)]);
    }
    // Linux console (and PuTTY's "Linux" function keys): ESC [ [ A..E.
    assert_eq!(
        now(b"\x1b[[A\x1b[[E").0,
        vec![k(KeyCode::F(1), NONE), k(KeyCode::F(5), NONE)]
    );
    assert_eq!(all(b"\x1b[[Zq"), vec![Input::Ignored, c('q')]);
}

#[test]
fn ss3_keys() {
    let cases: &[(u8, KeyCode)] = &[
        (b'A', KeyCode::Up),
        (b'B', KeyCode::Down),
        (b'C', KeyCode::Right),
        (b'D', KeyCode::Left),
        (b'H', KeyCode::Home),
        (b'F', KeyCode::End),
        (b'M', KeyCode::Enter),
        (b'p', KeyCode::Char('0')),
        (b'y', KeyCode::Char('9')),
        (b'k', KeyCode::Char('+')),
    ];
    for (fin, code) in cases {
        assert_eq!(now(&[0x1b, b'O', *fin]).0, vec![k(*code, NONE)]);
    }
    assert_eq!(now(b"\x1bO5A").0, vec![k(KeyCode::Up, CTRL)]);
    assert_eq!(now(b"\x1bO1;2P").0, vec![k(KeyCode::F(1), SHIFT)]);
    assert_eq!(now(b"\x1bOZq").0, vec![Input::Ignored, c('q')]);
}

#[test]
fn focus_events() {
    assert_eq!(now(b"\x1b[I\x1b[O").0, vec![Input::FocusGained, Input::FocusLost]);
}

#[test]
fn mouse_reports_are_ignored() {
    assert_eq!(all(b"\x1b[<0;10;5Mq"), vec![Input::Ignored, c('q')]);
    assert_eq!(all(b"\x1b[<64;120;40mq"), vec![Input::Ignored, c('q')]);
    assert_eq!(all(b"\x1b[M !!q"), vec![Input::Ignored, c('q')]);
    assert_eq!(all(b"\x1b[M\x1b\xff\x80q"), vec![Input::Ignored, c('q')]);
    let t0 = Instant::now();
    let mut d = Decoder::new();
    assert_eq!(d.feed(b"\x1b[M ", t0), vec![]);
    assert_eq!(d.feed(b"!!q", t0 + ms(20)), vec![Input::Ignored, c('q')]);
}

#[test]
fn other_csi_sequences_are_ignored() {
    for seq in [
        &b"\x1b[?1;2c"[..],
        b"\x1b[12;40R",
        b"\x1b[5A",
        b"\x1b[27;5;13~",
        b"\x1b[>0;1u",
        b"\x1b[1 q",
        b"\x1b[201~",
    ] {
        assert_eq!(all(&[seq, b"x"].concat()), vec![Input::Ignored, c('x')], "{seq:?}");
    }
    // Parameter after an intermediate, and an overlong sequence.
    assert_eq!(all(b"\x1b[ 1Ax"), vec![Input::Ignored, c('x')]);
    let long = [&b"\x1b["[..], &[b'1'; 100], b"Ax"].concat();
    assert_eq!(all(&long), vec![Input::Ignored, c('x')]);
}

#[test]
fn invalid_byte_aborts_a_csi_and_is_decoded_afresh() {
    assert_eq!(now(b"\x1b[1;\x03").0, vec![Input::Ignored, ctrl('c')]);
    assert_eq!(now(b"\x1b[1;\x1b[A").0, vec![Input::Ignored, k(KeyCode::Up, NONE)]);
    assert_eq!(now("\x1b[12ư".as_bytes()).0, vec![Input::Ignored, c('ư')]);
    assert_eq!(now(b"\x1bO5\x03").0, vec![Input::Ignored, ctrl('c')]);
}

#[test]
fn incomplete_sequences_time_out_as_ignored() {
    let t0 = Instant::now();
    let mut d = Decoder::new();
    assert_eq!(d.feed(b"\x1b[<0;", t0), vec![]);
    assert_eq!(d.deadline(), Some(t0 + ESC_TIMEOUT));
    assert_eq!(d.timeout(t0 + ESC_TIMEOUT), vec![Input::Ignored]);
    assert_eq!(d.feed(b"q", t0 + ms(200)), vec![c('q')]);
    assert_eq!(all(b"\x1b[1;"), vec![Input::Ignored]);
    assert_eq!(all(b"\x1bO1"), vec![Input::Ignored]);
    assert_eq!(all(b"\x1b]11;rgb"), vec![Input::Ignored]);
    assert_eq!(all(b"\x1b[M!"), vec![Input::Ignored]);
    assert_eq!(all(b"\x1b[["), vec![Input::Ignored]);
}

#[test]
fn osc_and_dcs_replies_are_ignored() {
    assert_eq!(all(b"\x1b]11;rgb:0000/0000/0000\x07x"), vec![Input::Ignored, c('x')]);
    assert_eq!(all(b"\x1b]11;rgb:ffff/ffff/ffff\x1b\\x"), vec![Input::Ignored, c('x')]);
    assert_eq!(all(b"\x1bP1$r0m\x1b\\x"), vec![Input::Ignored, c('x')]);
    assert_eq!(all("\x1b]2;tiếng việt\x07x".as_bytes()), vec![Input::Ignored, c('x')]);
    // Cut off by another escape sequence, or by a control byte.
    assert_eq!(all(b"\x1b]abc\x1b[A"), vec![Input::Ignored, k(KeyCode::Up, NONE)]);
    assert_eq!(all(b"\x1bPabc\x03"), vec![Input::Ignored, ctrl('c')]);
    // Split terminator.
    let t0 = Instant::now();
    let mut d = Decoder::new();
    assert_eq!(d.feed(b"\x1b]52;c;abc\x1b", t0), vec![]);
    assert_eq!(d.feed(b"\\x", t0 + ms(10)), vec![Input::Ignored, c('x')]);
}

#[test]
fn overlong_osc_is_dropped_and_decoding_resyncs() {
    let bytes = [&b"\x1b]"[..], &[b'a'; MAX_STRING], b"bc"].concat();
    assert_eq!(all(&bytes), vec![Input::Ignored, c('b'), c('c')]);
    let bytes = [&b"\x1b]"[..], &[b'a'; MAX_STRING], b"\x07x"].concat();
    assert_eq!(all(&bytes), vec![Input::Ignored, c('x')]);
}

#[test]
fn esc_and_rest_50ms_apart_is_f2() {
    let t0 = Instant::now();
    let mut d = Decoder::new();
    assert_eq!(d.feed(b"\x1b", t0), vec![]);
    assert_eq!(d.timeout(t0 + ms(50)), vec![]);
    assert_eq!(d.feed(b"[12~", t0 + ms(50)), vec![k(KeyCode::F(2), NONE)]);
    assert!(!d.pending());
}

#[test]
fn esc_timed_out_then_rest_is_plain_keys() {
    let t0 = Instant::now();
    let mut d = Decoder::new();
    assert_eq!(d.feed(b"\x1b", t0), vec![]);
    assert_eq!(d.timeout(t0 + ms(150)), vec![k(KeyCode::Esc, NONE)]);
    assert_eq!(d.feed(b"[12~", t0 + ms(150)), chars("[12~"));
}

#[test]
fn deadline_counts_from_the_last_byte() {
    let t0 = Instant::now();
    let mut d = Decoder::new();
    d.feed(b"\x1b[", t0);
    d.feed(b"1", t0 + ms(80));
    assert_eq!(d.deadline(), Some(t0 + ms(180)));
    assert_eq!(d.timeout(t0 + ms(150)), vec![]);
    assert_eq!(d.feed(b"5~", t0 + ms(160)), vec![k(KeyCode::F(5), NONE)]);
    assert_eq!(d.deadline(), None);
    assert_eq!(d.feed(b"", t0 + ms(170)), vec![]);
}

fn paste(text: &str) -> Input {
    Input::Paste(text.to_string())
}

#[test]
fn bracketed_paste() {
    assert_eq!(
        all(b"\x1b[200~hello\r\nworld\rx\ny\x1b[201~q"),
        vec![paste("hello\nworld\nx\ny"), c('q')]
    );
    assert_eq!(all(b"\x1b[200~\x1b[201~"), vec![paste("")]);
    assert_eq!(all("\x1b[200~gặp\tđi\x1b[201~".as_bytes()), vec![paste("gặp\tđi")]);
    // Escape sequences and control bytes inside are text; ESC and the other controls are dropped.
    assert_eq!(
        all(b"\x1b[200~a\x1b[Ab\x07\x03c\x7f\x1b[200~\x1b[201~"),
        vec![paste("a[Abc[200~")]
    );
    assert_eq!(
        all(b"\x1b[200~x\x1b[20a\x1b[201x\x1b\x1b[201~"),
        vec![paste("x[20a[201x")]
    );
    assert_eq!(all(b"\x1b[200~\xffok\xe1\x1b[201~"), vec![paste("\u{fffd}ok\u{fffd}")]);
    assert_eq!(all("\x1b[200~\u{9b}x\x1b[201~".as_bytes()), vec![paste("x")]);
}

#[test]
fn paste_split_across_feeds() {
    let bytes = "ab\x1b[200~gặp\r\n\x1b[2x\x1b[201~q".as_bytes();
    let want = vec![c('a'), c('b'), paste("gặp\n[2x"), c('q')];
    for cut in 0..=bytes.len() {
        let t0 = Instant::now();
        let mut d = Decoder::new();
        let mut out = d.feed(&bytes[..cut], t0);
        out.extend(d.feed(&bytes[cut..], t0 + ms(30)));
        assert_eq!(out, want, "cut at {cut}");
        assert!(!d.pending());
    }
}

#[test]
fn unterminated_paste_times_out() {
    let t0 = Instant::now();
    let mut d = Decoder::new();
    assert_eq!(d.feed(b"\x1b[200~abc", t0), vec![]);
    assert!(d.pending());
    assert_eq!(d.deadline(), Some(t0 + PASTE_TIMEOUT));
    assert_eq!(d.timeout(t0 + ms(299)), vec![]);
    assert_eq!(d.timeout(t0 + PASTE_TIMEOUT), vec![paste("abc")]);
    assert!(!d.pending());
    assert_eq!(d.feed(b"\x03", t0 + ms(400)), vec![ctrl('c')]);
    // A half-received end marker is dropped with it.
    assert_eq!(all(b"\x1b[200~abc\x1b[20"), vec![paste("abc")]);
}

#[test]
fn paste_timeout_counts_from_the_last_byte() {
    let t0 = Instant::now();
    let mut d = Decoder::new();
    d.feed(b"\x1b[200~ab", t0);
    d.feed(b"c", t0 + ms(200));
    assert_eq!(d.timeout(t0 + ms(400)), vec![]);
    assert_eq!(d.deadline(), Some(t0 + ms(500)));
    assert_eq!(d.timeout(t0 + ms(500)), vec![paste("abc")]);
}

#[test]
fn paste_is_capped() {
    let t0 = Instant::now();
    let mut d = Decoder::new();
    assert_eq!(d.feed(b"\x1b[200~", t0), vec![]);
    let body = vec![b'x'; MAX_PASTE + 5000];
    for chunk in body.chunks(4096) {
        assert_eq!(d.feed(chunk, t0), vec![]);
    }
    let out = d.feed(b"\x1b[201~q", t0);
    assert_eq!(out.len(), 2);
    assert!(matches!(&out[0], Input::Paste(s) if s.len() == MAX_PASTE && s.bytes().all(|b| b == b'x')));
    assert_eq!(out[1], c('q'));
    // A character cut by the cap is dropped whole.
    let bytes = [&b"\x1b[200~"[..], &vec![b'a'; MAX_PASTE - 1], "ưz\x1b[201~".as_bytes()].concat();
    let out = all(&bytes);
    assert!(matches!(&out[0], Input::Paste(s) if s.len() == MAX_PASTE - 1 && !s.contains('\u{fffd}')));
}

#[test]
fn large_ascii_burst_is_linear() {
    let bytes: Vec<u8> = (0..100_000).map(|i| b'a' + (i % 26) as u8).collect();
    let start = Instant::now();
    let out = now(&bytes).0;
    assert!(start.elapsed() < Duration::from_secs(2), "took {:?}", start.elapsed());
    assert_eq!(out.len(), 100_000);
    assert!(out.iter().zip(&bytes).all(|(i, b)| *i == c(char::from(*b))));
}

#[test]
fn large_paste_in_chunks_is_linear() {
    let line = "Hợp tác xã Bình Minh;12,5\r\n";
    let body = line.repeat((1 << 20) / line.len());
    let bytes = [&b"\x1b[200~"[..], body.as_bytes(), b"\x1b[201~"].concat();
    let start = Instant::now();
    let mut d = Decoder::new();
    let mut out = Vec::new();
    for chunk in bytes.chunks(4096) {
        out.extend(d.feed(chunk, start));
    }
    assert!(start.elapsed() < Duration::from_secs(2), "took {:?}", start.elapsed());
    assert_eq!(out, vec![Input::Paste(body.replace("\r\n", "\n"))]);
}

#[test]
fn default_is_new() {
    assert!(!Decoder::default().pending());
    assert_eq!(Decoder::default().deadline(), None);
}

/// Feeds `bytes` in chunks cut at `cuts` (positions modulo the length), a millisecond apart.
fn chunked(bytes: &[u8], cuts: &[usize]) -> (Vec<Input>, Decoder) {
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
    cuts.sort_unstable();
    let t0 = Instant::now();
    let mut d = Decoder::new();
    let mut out = Vec::new();
    let mut from = 0;
    for (i, cut) in cuts.into_iter().chain([bytes.len()]).enumerate() {
        out.extend(d.feed(&bytes[from..cut], t0 + ms(i as u64)));
        from = cut;
    }
    (out, d)
}

/// Bytes that exercise the decoder: mostly escape-sequence material, some of everything else.
fn interesting_bytes() -> impl Strategy<Value = Vec<u8>> {
    let byte = prop_oneof![
        any::<u8>(),
        prop::sample::select(b"\x1b[O]P;<~\\\x07Mz0125".to_vec()),
        Just(0x1b),
    ];
    let piece = prop_oneof![
        prop::collection::vec(byte, 0..8),
        prop::sample::select(vec![
            b"\x1b[200~".to_vec(),
            b"\x1b[201~".to_vec(),
            "ặ".as_bytes().to_vec()
        ]),
    ];
    prop::collection::vec(piece, 0..64).prop_map(|v| v.concat())
}

/// Where to cut the input into chunks.
fn cuts(max: usize) -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(any::<usize>(), 0..max)
}

proptest! {
    #[test]
    fn random_bytes_never_panic_and_always_resolve(bytes in interesting_bytes(), cuts in cuts(8)) {
        let (chunked_out, mut d) = chunked(&bytes, &cuts);
        let far = Instant::now() + Duration::from_secs(3600);
        let mut whole = Decoder::new();
        let whole_out = whole.feed(&bytes, Instant::now());
        // Chunking never changes what is decoded.
        prop_assert_eq!(&chunked_out, &whole_out);
        prop_assert_eq!(d.timeout(far), whole.timeout(far));
        prop_assert!(!d.pending());
        prop_assert_eq!(d.deadline(), None);
        // And the decoder is in sync again: a key decodes as itself.
        prop_assert_eq!(d.feed(b"q", far), vec![c('q')]);
    }

    #[test]
    fn printable_ascii_decodes_to_its_characters(text in "[ -~]{0,200}", cuts in cuts(10)) {
        // Printable text holds no ESC, so nothing waits.
        let (out, d) = chunked(text.as_bytes(), &cuts);
        prop_assert!(!d.pending());
        prop_assert_eq!(out.len(), text.len());
        for (input, ch) in out.iter().zip(text.chars()) {
            prop_assert!(matches!(input, Input::Key(e) if e.code == KeyCode::Char(ch)), "{:?} for {:?}", input, ch);
        }
    }
}
