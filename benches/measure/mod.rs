//! The harness of the in-process benchmarks (`engine`, `tui`): each one is warmed up, then
//! timed in batches of iterations until its time is spent, and its time per iteration is
//! printed as the fastest batch's, the median batch's and the slowest batch's, the way
//! criterion printed them (`time: [low median high]`). Kept small on purpose: the suite
//! builds it in a second where criterion and its 20 crates took a tenth of a CI run.
//!
//! `cargo bench --bench engine -- "allocate|goal seek"` runs the benchmarks whose name holds
//! one of the words between `|` (any, when none is given); `KTTT_BENCH_SECONDS` (default 3)
//! is each one's measuring time, after a warm-up of a third of it.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// How many batches a benchmark is timed in.
const BATCHES: usize = 30;

/// Runs benchmarks by name, as the command line chose them.
pub struct Bench {
    wanted: Vec<String>,
    measure: Duration,
}

impl Bench {
    /// The benchmarks the command line names (arguments that are not flags; `cargo bench`
    /// passes `--bench`), timed for `KTTT_BENCH_SECONDS` each.
    pub fn from_args() -> Bench {
        let wanted = std::env::args()
            .skip(1)
            .filter(|a| !a.starts_with("--"))
            .flat_map(|a| a.split('|').map(str::to_string).collect::<Vec<_>>())
            .filter(|w| !w.is_empty())
            .collect();
        let seconds = std::env::var("KTTT_BENCH_SECONDS")
            .ok()
            .and_then(|s| s.parse::<f64>().ok())
            .filter(|s| *s > 0.0)
            .unwrap_or(3.0);
        Bench {
            wanted,
            measure: Duration::from_secs_f64(seconds),
        }
    }

    /// Times `f`'s [`Bencher::iter`] under `name`, unless the command line leaves it out.
    pub fn bench_function(&mut self, name: &str, mut f: impl FnMut(&mut Bencher)) -> &mut Bench {
        if !self.wanted.is_empty() && !self.wanted.iter().any(|w| name.contains(w.as_str())) {
            return self;
        }
        let mut b = Bencher {
            iters: 1,
            elapsed: Duration::ZERO,
        };
        // Warm up, doubling the batch until one takes a hundredth of the measuring time (or
        // the warm-up's time is spent).
        let warm_until = Instant::now() + self.measure / 3;
        loop {
            f(&mut b);
            if b.elapsed * 100 >= self.measure || Instant::now() >= warm_until {
                break;
            }
            b.iters *= 2;
        }
        let per_iter = b.elapsed.as_secs_f64() / b.iters as f64;
        let batch = self.measure.as_secs_f64() / BATCHES as f64;
        b.iters = ((batch / per_iter.max(1e-9)) as u64).max(1);
        let mut times: Vec<f64> = (0..BATCHES)
            .map(|_| {
                f(&mut b);
                b.elapsed.as_secs_f64() / b.iters as f64
            })
            .collect();
        times.sort_by(f64::total_cmp);
        println!(
            "{name}\n                        time:   [{} {} {}]  ({BATCHES} batches of {} iterations)",
            shown(times[0]),
            shown(times[BATCHES / 2]),
            shown(times[BATCHES - 1]),
            b.iters
        );
        self
    }
}

/// Runs the measured code a batch's number of times.
pub struct Bencher {
    iters: u64,
    elapsed: Duration,
}

impl Bencher {
    /// Times `f` run this batch's number of times (its results kept from the optimiser).
    pub fn iter<O>(&mut self, mut f: impl FnMut() -> O) {
        let start = Instant::now();
        for _ in 0..self.iters {
            black_box(f());
        }
        self.elapsed = start.elapsed();
    }
}

/// A time per iteration in the unit that shows it best.
fn shown(seconds: f64) -> String {
    if seconds >= 1.0 {
        format!("{seconds:.3} s")
    } else if seconds >= 1e-3 {
        format!("{:.3} ms", seconds * 1e3)
    } else if seconds >= 1e-6 {
        format!("{:.3} µs", seconds * 1e6)
    } else {
        format!("{:.1} ns", seconds * 1e9)
    }
}
