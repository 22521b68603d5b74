//! The real `kttt` binary in a pseudo-terminal: spawn it, send bytes (at once, as a paste or
//! a terminal's sequence does, or a key at a time, as a person types), read the screen.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

pub struct Tty {
    /// Tells the reader thread to let go of its end of the terminal.
    pub reading: std::sync::Arc<std::sync::atomic::AtomicBool>,
    pub reader: Option<std::thread::JoinHandle<()>>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    pub writer: Option<Box<dyn Write + Send>>,
    pub output: Receiver<Vec<u8>>,
    pub parser: vt100::Parser,
    pub raw: Vec<u8>,
    pub master: Option<Box<dyn portable_pty::MasterPty + Send>>,
    /// The program's end of the terminal, when the test keeps it open too (so that the
    /// terminal's settings outlive the program).
    pub slave: Option<Box<dyn portable_pty::SlavePty + Send>>,
}

impl Drop for Tty {
    /// A failed test leaves no process behind.
    fn drop(&mut self) {
        let _ = self.child.kill();
        self.hang_up();
    }
}

impl Tty {
    /// The app on a database (created and seeded first when missing).
    pub fn spawn(db: &std::path::Path) -> Tty {
        if !db.exists() {
            drop(super::open(db));
        }
        Tty::spawn_with(std::path::Path::new(env!("CARGO_BIN_EXE_kttt")), db, &[])
    }

    pub fn spawn_with(program: &std::path::Path, db: &std::path::Path, args: &[&str]) -> Tty {
        Tty::spawn_sized(program, db, args, (24, 80), &[])
    }

    /// A program in a terminal of `rows`×`cols` with extra environment variables.
    pub fn spawn_sized(
        program: &std::path::Path,
        db: &std::path::Path,
        args: &[&str],
        size: (u16, u16),
        env: &[(&str, &str)],
    ) -> Tty {
        Tty::spawn_inner(program, db, args, size, env, false)
    }

    /// A program in an 80×24 terminal whose other end the test keeps open as well, so that
    /// [`Tty::termios`] reads what the program left after it ends.
    pub fn spawn_holding(program: &std::path::Path, args: &[&str]) -> Tty {
        Tty::spawn_inner(program, std::path::Path::new("unused"), args, (24, 80), &[], true)
    }

    fn spawn_inner(
        program: &std::path::Path,
        db: &std::path::Path,
        args: &[&str],
        (rows, cols): (u16, u16),
        env: &[(&str, &str)],
        hold: bool,
    ) -> Tty {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("KTTT_DB", db);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("KTTT_LANG");
        cmd.env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        let slave = hold.then_some(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        // Non-blocking reads, so the reader thread can let go of the terminal when asked.
        let fd = pair.master.as_raw_fd().unwrap();
        // SAFETY: fcntl on a descriptor the master owns; only its status flags change.
        unsafe {
            let flags = libc::fcntl(fd, libc::F_GETFL);
            libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK);
        }
        let (tx, output) = channel();
        let reading = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let keep = reading.clone();
        let handle = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while keep.load(std::sync::atomic::Ordering::Relaxed) {
                match reader.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        if tx.send(buf[..n].to_vec()).is_err() {
                            break;
                        }
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(5))
                    }
                    Err(_) => break,
                }
            }
        });
        Tty {
            reading,
            reader: Some(handle),
            child,
            writer: Some(writer),
            output,
            parser: vt100::Parser::new(
                std::num::NonZeroU16::new(rows.min(200)).unwrap(),
                std::num::NonZeroU16::new(cols.min(400)).unwrap(),
                0,
            ),
            raw: Vec::new(),
            master: Some(pair.master),
            slave,
        }
    }

    pub fn pump(&mut self, wait: Duration) {
        if let Ok(chunk) = self.output.recv_timeout(wait) {
            self.parser.process(&chunk);
            self.raw.extend_from_slice(&chunk);
        }
    }

    /// Reads output until the program has been quiet for a moment.
    pub fn settle(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            match self.output.recv_timeout(Duration::from_millis(120)) {
                Ok(chunk) => {
                    self.parser.process(&chunk);
                    self.raw.extend_from_slice(&chunk);
                }
                Err(_) => return,
            }
        }
    }

    /// What the screen shows now.
    #[allow(dead_code)]
    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Waits until the screen shows `text`.
    pub fn wait_for(&mut self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.parser.screen().contents().contains(text) {
                return;
            }
            self.pump(Duration::from_millis(50));
        }
        panic!(
            "screen never showed {text:?}; it shows:\n{}",
            self.parser.screen().contents()
        );
    }

    /// Sends bytes at once, as a paste or a terminal's escape sequence arrives.
    pub fn send(&mut self, s: &str) {
        let mut rest = s.as_bytes();
        let deadline = Instant::now() + Duration::from_secs(20);
        while !rest.is_empty() {
            let w = self.writer.as_mut().expect("the terminal is open");
            match w.write(rest) {
                Ok(n) => rest = &rest[n..],
                // The terminal's buffer is full until the program reads: let it.
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    assert!(Instant::now() < deadline, "the program stopped reading its input");
                    self.pump(Duration::from_millis(1));
                }
                Err(e) => panic!("{e}"),
            }
        }
        if let Some(w) = self.writer.as_mut() {
            let _ = w.flush();
        }
    }

    /// Types text a key at a time, as a person does.
    /// Types `s` one key at a time, as a person does. Before an Enter or a
    /// Tab it waits until the screen has caught up with the keys before it:
    /// the app treats keys that reach it together as a paste and leaves a
    /// paste's last Enter unconfirmed, so on a loaded machine a typist's
    /// keys must not pile up.
    pub fn typ(&mut self, s: &str) {
        for c in s.chars() {
            if c == '\r' || c == '\t' {
                // A person looks before pressing Enter: the screen settles, and the key comes
                // later than the app's burst tail (keys read together under load are taken as
                // a paste, and an Enter right after one is not taken as a save).
                self.settle();
                let until = Instant::now() + Duration::from_millis(250);
                while let Some(left) = until.checked_duration_since(Instant::now()) {
                    self.pump(left);
                }
            }
            self.send(&c.to_string());
            self.answered();
        }
    }

    /// Waits for the program's answer to a key: its first output (at most half a second, for
    /// a key that changes nothing on screen), then until it has been quiet for 15 ms, drawn
    /// and reading keys again. So the next key reaches it on its own, as a typist's does; on
    /// a loaded machine keys sent on the first byte of the last answer piled up and were read
    /// together, which the app takes for a paste (`input::burst`).
    fn answered(&mut self) {
        let mut wait = Duration::from_millis(500);
        while let Ok(chunk) = self.output.recv_timeout(wait) {
            self.parser.process(&chunk);
            self.raw.extend_from_slice(&chunk);
            wait = Duration::from_millis(15);
        }
    }

    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            self.pump(Duration::from_millis(20));
            if let Some(s) = self.child.try_wait().unwrap() {
                // Drain what is left onto the screen too: until the reader has seen the
                // terminal close (every byte the program wrote is read, however loaded the
                // machine), or, while the test holds the terminal's other end (no close to
                // see), until a quiet moment.
                let until = Instant::now() + Duration::from_secs(10);
                loop {
                    match self.output.recv_timeout(Duration::from_millis(100)) {
                        Ok(c) => {
                            self.parser.process(&c);
                            self.raw.extend_from_slice(&c);
                        }
                        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
                        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                            if self.slave.is_some() || Instant::now() > until {
                                break;
                            }
                        }
                    }
                }
                return s;
            }
            assert!(
                Instant::now() < deadline,
                "kttt did not exit; the screen shows:\n{}",
                self.parser.screen().contents()
            );
        }
    }

    /// Closes every handle on the terminal's other end, as a closed window or a dropped SSH
    /// link does.
    pub fn hang_up(&mut self) {
        self.reading.store(false, std::sync::atomic::Ordering::Relaxed);
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        self.writer = None;
        self.master = None;
    }

    /// The terminal's settings now (raw mode turns echo and line editing off).
    pub fn termios(&self) -> libc::termios {
        let fd = self
            .master
            .as_ref()
            .and_then(|m| m.as_raw_fd())
            .expect("the terminal is open");
        // SAFETY: termios is plain data that tcgetattr fills; the descriptor is the master's.
        unsafe {
            let mut t: libc::termios = std::mem::zeroed();
            assert_eq!(libc::tcgetattr(fd, &mut t), 0, "{}", std::io::Error::last_os_error());
            t
        }
    }

    pub fn restored(&self) -> bool {
        let raw = String::from_utf8_lossy(&self.raw);
        let left = raw.rfind("\u{1b}[?1049l");
        let entered = raw.rfind("\u{1b}[?1049h");
        left.is_some() && left > entered && raw.contains("\u{1b}[?25h")
    }
}
