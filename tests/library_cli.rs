//! `factdesk library ...` end to end: real projects, a real library in a temp data dir.

mod common;

use std::path::Path;
use std::process::Command;

use common::{bin, Run};

fn fd_data(data: &Path, args: &[&str]) -> Run {
    Command::new(bin())
        .args(args)
        .env("FACTDESK_USER", "tester")
        .env("FACTDESK_DATA_DIR", data)
        .output()
        .expect("factdesk runs")
        .into()
}

fn library_same_claim() -> f32 {
    factdesk_index::library::SAME_CLAIM
}

fn ok(r: Run) -> Run {
    assert_eq!(r.code, 0, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    r
}

/// A project with one English article whose sentences are claims; claim 1 rated.
fn project(tmp: &Path, data: &Path, name: &str, text: &str, rating: &str) -> String {
    let dir = tmp.join(name);
    let d = dir.to_str().unwrap().to_string();
    ok(fd_data(
        data,
        &[
            "init",
            &d,
            "--language",
            "en",
            "--scale",
            "politifact",
            "--org-name",
            name,
        ],
    ));
    let article = tmp.join(format!("{name}.txt"));
    std::fs::write(&article, text).unwrap();
    ok(fd_data(
        data,
        &[
            "--project",
            &d,
            "article",
            "add",
            article.to_str().unwrap(),
            "--url",
            "https://example.org/a",
        ],
    ));
    ok(fd_data(
        data,
        &["--project", &d, "verdict", "set", "1", "--rating", rating],
    ));
    d
}

/// Project "alpha": its claim 1 rated False.
fn alpha(tmp: &Path, data: &Path) -> String {
    project(
        tmp,
        data,
        "alpha",
        "Wind turbines kill millions of birds every year in the United States.\n",
        "False",
    )
}

#[test]
fn add_project_then_match_from_another_project() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let a = alpha(tmp.path(), &data);
    let r = ok(fd_data(&data, &["library", "add-project", &a]));
    assert!(r.stdout.contains("1 rated claims"), "{}", r.stdout);
    // Adding again replaces instead of duplicating.
    ok(fd_data(&data, &["library", "add-project", &a]));
    let ls = ok(fd_data(&data, &["library", "ls", "--json"]));
    let items: serde_json::Value = serde_json::from_str(&ls.stdout).unwrap();
    assert_eq!(items.as_array().unwrap().len(), 1, "{}", ls.stdout);
    assert_eq!(items[0]["rating"], "False");
    assert_eq!(items[0]["publisher"], "alpha");

    let b = project(
        tmp.path(),
        &data,
        "beta",
        "Millions of birds are killed by wind turbines in the US each year.\n",
        "True",
    );
    let m = ok(fd_data(
        &data,
        &["--project", &b, "library", "match", "1", "--json"],
    ));
    let found: serde_json::Value = serde_json::from_str(&m.stdout).unwrap();
    assert_eq!(found[0]["rating"], "False", "{}", m.stdout);
    assert_eq!(found[0]["reusable_rating"], "False");
    assert!(found[0]["similarity"].as_f64().unwrap() >= f64::from(library_same_claim()));
    // A claim never matches its own entry (beta's verdict, filed by `verdict set`, it does).
    let own = ok(fd_data(
        &data,
        &["--project", &a, "library", "match", "1", "--json"],
    ));
    let own: serde_json::Value = serde_json::from_str(&own.stdout).unwrap();
    let publishers: Vec<&str> = own
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["publisher"].as_str().unwrap())
        .collect();
    assert_eq!(publishers, ["beta"]);
}

fn entries(data: &Path) -> Vec<serde_json::Value> {
    let ls = ok(fd_data(data, &["library", "ls", "--json"]));
    serde_json::from_str(&ls.stdout).unwrap()
}

#[test]
fn verdict_set_files_the_verdict_in_the_library() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    // `project` rates claim 1 with `verdict set`: no add-project needed.
    let a = alpha(tmp.path(), &data);
    let items = entries(&data);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["rating"], "False");
    ok(fd_data(
        &data,
        &[
            "--project",
            &a,
            "verdict",
            "set",
            "1",
            "--rating",
            "mostly false",
            "--explanation",
            "Studies count far fewer.",
        ],
    ));
    let items = entries(&data);
    assert_eq!(items.len(), 1, "replaced, not added");
    assert_eq!(items[0]["rating"], "Mostly False");
    assert_eq!(items[0]["explanation"], "Studies count far fewer.");
    // Clearing the rating takes the verdict out of the library.
    ok(fd_data(
        &data,
        &["--project", &a, "verdict", "set", "1", "--rating", ""],
    ));
    assert!(entries(&data).is_empty());

    // A library that cannot be written never fails the save.
    let broken = tmp.path().join("broken");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(broken.join("library"), "not a library").unwrap();
    let r = fd_data(
        &broken,
        &["--project", &a, "verdict", "set", "1", "--rating", "True"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("verdict library was not updated"),
        "{}",
        r.stderr
    );
    let shown = ok(fd_data(&data, &["--project", &a, "claims", "--json"]));
    assert!(shown.stdout.contains("\"True\""), "{}", shown.stdout);
}

/// Claim origins (`project:<dir>#<id>`) in the library, as claim ids.
fn filed_ids(data: &Path) -> Vec<u64> {
    let mut ids: Vec<u64> = entries(data)
        .iter()
        .filter_map(|e| e["origin"].as_str()?.rsplit('#').next()?.parse().ok())
        .collect();
    ids.sort_unstable();
    ids
}

#[test]
fn claim_drop_merge_rm_and_edit_keep_the_library_in_step() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let a = project(
        tmp.path(),
        &data,
        "gamma",
        "Wind turbines kill millions of birds every year. Solar farms cover half of Nevada. \
         Coal plants emit no mercury at all. Nuclear power caused ten thousand deaths in 2020.\n",
        "False",
    );
    for id in ["2", "3", "4"] {
        ok(fd_data(
            &data,
            &["--project", &a, "verdict", "set", id, "--rating", "False"],
        ));
    }
    assert_eq!(filed_ids(&data), [1, 2, 3, 4]);

    ok(fd_data(&data, &["--project", &a, "claim", "drop", "2"]));
    assert_eq!(filed_ids(&data), [1, 3, 4], "a dropped claim leaves");
    ok(fd_data(&data, &["--project", &a, "claim", "keep", "2"]));
    assert_eq!(filed_ids(&data), [1, 2, 3, 4], "kept again, filed again");

    ok(fd_data(
        &data,
        &["--project", &a, "claim", "merge", "3", "4"],
    ));
    assert_eq!(filed_ids(&data), [1, 2, 3], "the merged-away claim leaves");
    let merged = entries(&data)
        .into_iter()
        .find(|e| e["origin"].as_str().unwrap().ends_with("#3"))
        .unwrap();
    assert!(
        merged["claim"].as_str().unwrap().contains("Nuclear"),
        "the merged text is filed: {merged}"
    );

    ok(fd_data(
        &data,
        &[
            "--project",
            &a,
            "claim",
            "edit",
            "1",
            "--text",
            "Wind turbines kill birds.",
        ],
    ));
    let edited = entries(&data)
        .into_iter()
        .find(|e| e["origin"].as_str().unwrap().ends_with("#1"))
        .unwrap();
    assert_eq!(edited["claim"], "Wind turbines kill birds.");

    ok(fd_data(&data, &["--project", &a, "claim", "rm", "2"]));
    assert_eq!(filed_ids(&data), [1, 3], "a removed claim leaves");
}

#[test]
fn a_project_that_opts_out_files_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let a = alpha(tmp.path(), &data);
    assert_eq!(entries(&data).len(), 1);
    ok(fd_data(
        &data,
        &["--project", &a, "verdict", "set", "1", "--rating", ""],
    ));
    assert!(entries(&data).is_empty());

    let manifest = Path::new(&a).join("factdesk.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, format!("{text}\n[library]\nfile = false\n")).unwrap();
    ok(fd_data(
        &data,
        &["--project", &a, "verdict", "set", "1", "--rating", "False"],
    ));
    assert!(entries(&data).is_empty(), "opted out: nothing filed");
    let r = fd_data(&data, &["library", "add-project", &a]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("factdesk.toml"), "{}", r.stderr);
    assert!(r.stderr.contains("file = false"), "{}", r.stderr);
}

#[test]
fn the_demo_project_keeps_its_verdicts_out_of_the_library() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let demo = tmp.path().join("demo");
    let d = demo.to_str().unwrap();
    ok(fd_data(&data, &["demo", d, "--no-tui"]));
    ok(fd_data(
        &data,
        &["--project", d, "verdict", "set", "1", "--rating", "Falsch"],
    ));
    assert!(entries(&data).is_empty());
}

#[test]
fn claimreview_import_reports_bad_entries_and_matches() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let file = tmp.path().join("checks.json");
    std::fs::write(
        &file,
        r#"{"@context":"https://schema.org","@graph":[
          {"@type":"ClaimReview","claimReviewed":"Drinking hot water cures the coronavirus.",
           "reviewRating":{"@type":"Rating","alternateName":"False"},
           "url":"https://checker.example/hot-water","datePublished":"2020-03-20",
           "author":{"@type":"Organization","name":"Other Checker"}},
          {"@type":"ClaimReview","reviewRating":{"alternateName":"True"}}]}"#,
    )
    .unwrap();
    let r = ok(fd_data(
        &data,
        &["library", "import", file.to_str().unwrap()],
    ));
    assert!(
        r.stdout.contains("1 checks imported, 1 skipped"),
        "{}",
        r.stdout
    );
    assert!(r.stderr.contains("entry 2"), "{}", r.stderr);
    // Importing the same file again replaces its entries.
    ok(fd_data(
        &data,
        &["library", "import", file.to_str().unwrap()],
    ));

    let p = project(
        tmp.path(),
        &data,
        "gamma",
        "The coronavirus can be cured by drinking hot water.\n",
        "Half True",
    );
    let m = ok(fd_data(&data, &["--project", &p, "library", "match", "1"]));
    assert!(
        m.stdout.contains("https://checker.example/hot-water"),
        "{}",
        m.stdout
    );
    assert!(m.stdout.contains("2020-03-20"), "{}", m.stdout);
    assert!(m.stdout.contains("Other Checker"), "{}", m.stdout);

    let broken = tmp.path().join("broken.json");
    std::fs::write(&broken, "{not json").unwrap();
    let r = fd_data(&data, &["library", "import", broken.to_str().unwrap()]);
    assert_eq!(
        r.code, 0,
        "a file that is not JSON is reported, not fatal: {}",
        r.stderr
    );
    assert!(r.stderr.contains("not JSON"), "{}", r.stderr);
    let missing = fd_data(&data, &["library", "import", "/nonexistent/x.json"]);
    assert_eq!(missing.code, 1, "{}", missing.stderr);
}
