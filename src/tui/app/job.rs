//! Long work in the app, off the input thread: writing a workbook (`E`) and reading one in
//! (`I`) run on a thread of their own while keys go on working (moving, the help, the
//! tabs). The screen shows how far the work has come — a line over the footer with a gauge,
//! the counts and the time taken ([`Job::shown`]) — and the key bound to
//! [`Action::StopWork`] (`Esc`) stops it, leaving nothing half-done: an export writes its
//! file whole at the end or not at all, and an import writes nothing to the database until
//! the file has been read whole (then one transaction stages it as a scenario).

use super::{App, Mode, NameInput};
use crate::error::{Error, Result};
use crate::exchange::parse::Parsed;
use crate::keys::Action;
use crate::work::Watch;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What long work hands back when it ends.
pub enum Done {
    /// The files an export wrote.
    Exported(Vec<PathBuf>),
    /// A file read for import, to be staged (`force`: doubtful figures taken as read).
    Read {
        path: PathBuf,
        force: bool,
        parsed: Box<Parsed>,
    },
}

/// The work a thread does: told a watch, it reports to it and stops when it says so.
pub type Work = Box<dyn FnOnce(Watch) -> Result<Done> + Send>;

/// Long work running off the input thread.
pub struct Job {
    /// What it does, in words ("Đang ghi"), and to what (a file's path).
    label: (String, String),
    /// What it counts (Vietnamese, English).
    unit: (&'static str, &'static str),
    done: Arc<AtomicU64>,
    total: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<Result<Done>>>,
    started: Instant,
    /// The field the work was asked from, opened again with the reason when it fails.
    retry: Option<NameInput>,
}

/// How far a job has come, as the progress line draws it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    /// What it does ("Đang ghi") and to what (a file's path).
    pub label: (String, String),
    /// Steps done of `total` (nothing of nothing while the work lays out what it counts).
    pub done: u64,
    pub total: u64,
    /// What a step is ("ô", "bước"), in the app's language.
    pub unit: &'static str,
    /// Whole seconds since it started.
    pub seconds: u64,
    /// `Esc` was pressed: it ends at its next step.
    pub stopping: bool,
}

impl Job {
    /// Starts `work` on a thread of its own; `label` says what it does and to what.
    pub fn spawn(label: (String, String), unit: (&'static str, &'static str), work: Work) -> Job {
        let done = Arc::new(AtomicU64::new(0));
        let total = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (d, t, s) = (done.clone(), total.clone(), stop.clone());
        let handle = std::thread::spawn(move || {
            work(&mut |at, of| {
                crate::work::pace();
                d.store(at, Ordering::Relaxed);
                t.store(of, Ordering::Relaxed);
                !s.load(Ordering::Relaxed)
            })
        });
        Job {
            label,
            unit,
            done,
            total,
            stop,
            handle: Some(handle),
            started: Instant::now(),
            retry: None,
        }
    }

    /// How far it has come, in a language.
    pub fn shown(&self, lang: crate::i18n::Lang) -> Shown {
        Shown {
            label: self.label.clone(),
            done: self.done.load(Ordering::Relaxed),
            total: self.total.load(Ordering::Relaxed),
            unit: lang.pick(self.unit.0, self.unit.1),
            seconds: self.started.elapsed().as_secs(),
            stopping: self.stop.load(Ordering::Relaxed),
        }
    }

    fn finished(&self) -> bool {
        self.handle.as_ref().is_none_or(|h| h.is_finished())
    }

    /// Waits for the thread and takes what it handed back.
    fn join(mut self) -> (Result<Done>, Option<NameInput>) {
        let result = match self.handle.take().map(|h| h.join()) {
            Some(Ok(r)) => r,
            // The work panicked: said as an error, the app goes on.
            _ => Err(Error::said(
                "Việc chạy nền bị lỗi; không ghi gì.",
                "The background work failed; nothing was written.",
            )),
        };
        (result, self.retry)
    }
}

impl App {
    /// Runs long work off the input thread (one at a time: a second is refused while the
    /// first runs); `retry` is the field reopened with the reason if the work fails.
    pub fn start_job(&mut self, job: Job, retry: Option<NameInput>) {
        if self.job.is_some() {
            // Already started: told to stop, it ends at its first step having written nothing.
            job.stop.store(true, Ordering::Relaxed);
            let m = self.busy();
            return self.complain(m);
        }
        self.job = Some(Job { retry, ..job });
    }

    /// Why new long work cannot start now.
    pub(super) fn busy(&self) -> String {
        format!(
            "{} {} {}",
            self.t(
                "Đang có việc chạy nền; chờ xong hoặc bấm",
                "Work is running; wait for it or press"
            ),
            crate::keys::key_of(&Action::StopWork),
            self.t("để dừng.", "to stop it.")
        )
    }

    /// The long work running, if any.
    pub fn job(&self) -> Option<&Job> {
        self.job.as_ref()
    }

    /// Asks the running work to stop (`Esc`); it ends at its next step having written
    /// nothing, and says so.
    pub(super) fn stop_job(&mut self) {
        if let Some(j) = &self.job {
            j.stop.store(true, Ordering::Relaxed);
        }
    }

    /// Looks at the running work: when it has ended, takes what it handed back. Whether
    /// there is work to draw (running or just ended).
    pub fn poll_job(&mut self) -> bool {
        match &self.job {
            None => false,
            Some(j) if !j.finished() => true,
            Some(_) => {
                self.end_job();
                true
            }
        }
    }

    /// Waits for the running work to end and takes what it handed back (tests; quitting).
    pub fn finish_job(&mut self) {
        while self.job.as_ref().is_some_and(|j| !j.finished()) {
            std::thread::sleep(Duration::from_millis(5));
        }
        self.end_job();
    }

    /// Stops the running work and waits for it (the app is quitting).
    pub fn abandon_job(&mut self) {
        self.stop_job();
        if let Some(j) = self.job.take() {
            let _ = j.join();
        }
    }

    fn end_job(&mut self) {
        let Some(job) = self.job.take() else {
            return;
        };
        let (result, retry) = job.join();
        match result {
            Ok(Done::Exported(files)) => self.exported(&files),
            Ok(Done::Read { path, force, parsed }) => self.stage(&path, force, *parsed),
            Err(e) if e.is_stopped() => {
                let m = e.message_in(self.session.lang(), crate::present::Shell::App);
                self.say(m);
            }
            Err(e) => {
                // Back to the field it was asked from, unless the user has moved on.
                if let Some(n) = retry
                    && matches!(self.mode, Mode::Browse)
                {
                    self.mode = Mode::NameInput(n);
                }
                self.fail(e);
            }
        }
    }
}
