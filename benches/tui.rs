//! Benchmarks of the app: drawing a frame, and one keystroke of an edit (parse, live
//! preview of percentages and findings, redraw).

mod measure;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kttt::i18n::Lang;
use kttt::session::Session;
use kttt::store::Fill;
use kttt::store::sqlite::SqliteStore;
use kttt::tui::app::App;
use kttt::tui::theme::Theme;
use kttt::tui::views;
use measure::Bench;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;

fn app() -> App {
    let store = SqliteStore::open_in_memory(Fill::Seed).unwrap();
    App::new(Session::new(store, Lang::Vi).unwrap(), Theme { mono: false })
}

fn press(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn benches(c: &mut Bench) {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let mut a = app();
        a.tab = 1;
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        c.bench_function(&format!("draw the cooperatives tab at {w}x{h}"), |b| {
            b.iter(|| {
                t.draw(|f| views::draw(f, &mut a)).unwrap();
                black_box(t.backend().buffer().area.width)
            })
        });
    }
    let mut a = app();
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    c.bench_function("draw the overview at 80x24", |b| {
        b.iter(|| {
            t.draw(|f| views::draw(f, &mut a)).unwrap();
        })
    });
    let mut a = app();
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Char('2'));
    press(&mut a, KeyCode::Char('1'));
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut flip = false;
    c.bench_function("one keystroke of an edit: live recompute and redraw at 80x24", |b| {
        b.iter(|| {
            flip = !flip;
            press(&mut a, if flip { KeyCode::Char('0') } else { KeyCode::Backspace });
            t.draw(|f| views::draw(f, &mut a)).unwrap();
        })
    });
}

fn main() {
    let mut c = Bench::from_args();
    benches(&mut c);
}
