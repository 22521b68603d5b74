//! `kttt synth --out FILE`: a synthetic country in a new database, for benchmarks and scale
//! tests.

use super::args::HelpVi;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::session::open::{DbChoice, OpenOptions, init};
use crate::store::Fill;
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// Write a synthetic country into a new database (for benchmarks and scale tests)
#[derive(Args, Debug)]
pub struct SynthArgs {
    /// The new database file (must not exist)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// national: 63 + 34 provinces, 696 districts, 10,035 + 3,321 communes (about 10⁷ figures); province: a small one
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
        "national: 63 + 34 tỉnh, 696 huyện, 10.035 + 3.321 xã (khoảng 10 triệu số liệu); province: một tỉnh nhỏ",
    ),
];

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
    };
    let o = OpenOptions {
        create: Some(Fill::Empty),
        ..OpenOptions::new(db, lang)
    };
    let started = std::time::Instant::now();
    let mut s = init(&o, false)?.session;
    let n = s.load_synthetic(size, &mut |n| {
        super::out::error(&format!("{n} … ({:.0} s)", started.elapsed().as_secs_f64()));
    })?;
    outln!(
        "{} {} {} {} ({} {}, {:.0} s).",
        lang.pick("Đã ghi", "Wrote"),
        n,
        lang.pick("số liệu giả lập vào", "synthetic figures into"),
        args.out.display(),
        s.orgs().len(),
        lang.pick("đơn vị", "org units"),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
