//! `kttt synth --out FILE`: a synthetic country in a new database, for benchmarks and scale
//! tests.

use super::args::HelpVi;
use super::progress::{Bar, EXIT_INTERRUPTED, stopped};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::session::open::{DbChoice, OpenOptions, init};
use crate::store::Fill;
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Write a synthetic country into a new database (for benchmarks and scale tests)
#[derive(Args, Debug)]
pub struct SynthArgs {
    /// The new database file (must not exist)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// national: 63 + 34 provinces, 696 districts, 10,035 + 3,321 communes (about 10⁷ figures); province: a small one; district: two small provinces merged into one
    #[arg(long, value_enum, default_value_t = SynthSize::National)]
    pub size: SynthSize,
}

/// How big a synthetic country.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SynthSize {
    /// The whole country, both trees
    National,
    /// About one province
    Province,
    /// Two small provinces merged into one (a quick check)
    District,
}

/// `kttt synth`'s help in Vietnamese: (subcommand, argument id, text); "" names the command.
pub(super) const HELP_VI: HelpVi = &[
    (
        "",
        "",
        "Ghi một đất nước giả lập vào cơ sở dữ liệu mới (để đo tốc độ và thử ở quy mô lớn)",
    ),
    ("", "out", "Tệp cơ sở dữ liệu mới (chưa được có)"),
    (
        "",
        "size",
        "national: 63 + 34 tỉnh, 696 huyện, 10.035 + 3.321 xã (khoảng 10 triệu số liệu); province: một tỉnh nhỏ; district: hai tỉnh nhỏ sáp nhập thành một",
    ),
];

/// The hidden name a new database is built under, beside its own.
fn hidden(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let dir = out
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    dir.join(format!(".{name}.kttt-synth-{}.tmp", std::process::id()))
}

/// Removes a database file being built and its `-wal`/`-shm` files.
fn remove(path: Option<&Path>) {
    let Some(p) = path else {
        return;
    };
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut f = p.as_os_str().to_os_string();
        f.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(f));
    }
}

/// Ctrl+C: removes the file being built, says so and ends the process.
fn interrupted(building: Option<&Path>, lang: Lang) -> ! {
    remove(building);
    let flag = std::sync::atomic::AtomicBool::new(true);
    let _ = super::progress::said_stopped(&flag, lang);
    std::process::exit(i32::from(EXIT_INTERRUPTED))
}

/// Runs `kttt synth`.
pub fn run(args: &SynthArgs, files: &crate::files::Files, lang: Lang) -> Result<ExitCode> {
    let db = DbChoice::named(&args.out.to_string_lossy());
    if matches!(db, DbChoice::Explicit(_)) {
        files.server_file(&args.out)?;
    }
    if matches!(db, DbChoice::Explicit(_)) && args.out.exists() {
        return Err(Error::said(
            format!("Đã có tệp {}; kttt synth chỉ ghi vào tệp mới.", args.out.display()),
            format!("{} exists; kttt synth only writes a new file.", args.out.display()),
        ));
    }
    let size = match args.size {
        SynthSize::National => crate::synth::Size::NATIONAL,
        SynthSize::Province => crate::synth::Size::PROVINCE,
        SynthSize::District => crate::synth::Size::DISTRICT,
    };
    // A file is written under a hidden name beside it and takes its name only when whole:
    // stopped (Ctrl+C) or failed, it is removed and nothing is left under either name.
    let building = match &db {
        DbChoice::Explicit(p) => Some(hidden(p)),
        _ => None,
    };
    let o = OpenOptions {
        create: Some(Fill::Empty),
        ..OpenOptions::new(
            building.as_ref().map_or(db, |p| DbChoice::named(&p.to_string_lossy())),
            lang,
        )
    };
    // On a file, Ctrl+C removes it; on a server the process ends as before (its load's
    // transaction is not committed).
    let stop = match building {
        Some(_) => super::progress::stop_on_ctrl_c(),
        None => Default::default(),
    };
    let started = std::time::Instant::now();
    let result = (|| {
        let mut s = init(&o, false)?.session;
        let mut bar: Option<Bar> = None;
        let n = s.load_synthetic(size, &mut |at| {
            let bar = bar.get_or_insert_with(|| Bar::new(at.units_total, lang.pick("đơn vị", "units"), lang));
            let figures = crate::present::number(at.figures as usize, lang);
            bar.set(at.units, &format!("({figures} {})", lang.pick("số liệu", "figures")));
            if stopped(&stop) && building.is_some() {
                // The file being built is this process's alone: removed at once rather than
                // finished (its indexes) only to be removed.
                bar.clear();
                interrupted(building.as_deref(), lang);
            }
            !stopped(&stop)
        })?;
        Ok::<_, Error>((n, s.orgs().len()))
    })();
    let (n, units) = match result {
        Ok((Some(n), units)) => (n, units),
        Ok((None, _)) => interrupted(building.as_deref(), lang),
        Err(e) => {
            remove(building.as_deref());
            return Err(e);
        }
    };
    if let Some(tmp) = &building {
        // Never over a file that appeared meanwhile.
        let placed = std::fs::hard_link(tmp, &args.out).map_err(|e| Error::Io {
            path: args.out.clone(),
            source: e,
        });
        remove(Some(tmp));
        placed?;
    }
    outln!(
        "{} {} {} {} ({} {}, {:.0} s).",
        lang.pick("Đã ghi", "Wrote"),
        n,
        lang.pick("số liệu giả lập vào", "synthetic figures into"),
        args.out.display(),
        units,
        lang.pick("đơn vị", "org units"),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
