//! `kttt synth --out FILE`: a synthetic country in a new database, for benchmarks and scale
//! tests.

use super::args::{SynthArgs, SynthSize};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::session::open::{DbChoice, OpenOptions, init};
use crate::store::Fill;
use std::process::ExitCode;

/// Runs `kttt synth`.
pub fn run(args: &SynthArgs, files: &crate::files::Files, lang: Lang) -> Result<ExitCode> {
    let db = DbChoice::named(&args.out.to_string_lossy());
    if matches!(db, DbChoice::Explicit(_)) {
        files.server_file(&args.out)?;
    }
    if matches!(db, DbChoice::Explicit(_)) && args.out.exists() {
        return Err(Error::refused(
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
