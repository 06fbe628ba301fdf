//! Frame time of the article pane for a 1 MB article at 200x60, and start-up to first frame
//! on the demo project (TestBackend, so it measures layout and drawing, not the terminal).
//! `cargo run --release --example tui_bench`

use std::time::Instant;

use factdesk::project::{Access, Project};
use factdesk::tui::msg::Msg;
use factdesk::tui::run::load_state;
use factdesk::tui::state::ArticleView;
use factdesk::tui::text_layout::TextLayout;
use factdesk::tui::update::update;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    factdesk::demo::ensure(dir.path()).unwrap();

    let t0 = Instant::now();
    let p = Project::open(dir.path(), Access::ReadOnly).unwrap();
    let mut s = load_state(&p).unwrap();
    let mut term = Terminal::new(TestBackend::new(160, 48)).unwrap();
    update(&mut s, Msg::Resize(160, 48), Instant::now());
    term.draw(|f| factdesk::tui::view::draw(f, &s)).unwrap();
    println!(
        "start to first frame (demo, 160x48): {:.2} ms",
        t0.elapsed().as_secs_f64() * 1e3
    );

    // A 1 MB article: the demo text repeated, claims kept as they are.
    let base = &s.articles[0].layout.text;
    let mut big = String::new();
    while big.len() < 1_000_000 {
        big.push_str(base);
        big.push_str("\n\n");
    }
    let meta = s.articles[0].meta.clone();
    let t_index = Instant::now();
    s.articles[0] = ArticleView {
        meta,
        layout: TextLayout::new(big),
    };
    println!(
        "paragraph index of 1 MB: {:.2} ms",
        t_index.elapsed().as_secs_f64() * 1e3
    );
    update(&mut s, Msg::Resize(200, 60), Instant::now());
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let mut times = Vec::new();
    let paras = s.articles[0].layout.para_count();
    for i in 0..200 {
        // Scroll through the whole article so every frame lays out different text.
        s.article_pane.scroll.para = i * paras / 200;
        s.article_pane.scroll.line = 0;
        let f0 = Instant::now();
        term.draw(|f| factdesk::tui::view::draw(f, &s)).unwrap();
        times.push(f0.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "frame, 1 MB article at 200x60: median {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        times[times.len() / 2],
        times[times.len() * 99 / 100],
        times[times.len() - 1]
    );
}
