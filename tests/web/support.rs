//! The HTTP test server (tests/web/server.py) and factdesk runs that reach it directly.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use super::common::{bin, test_data_dir, Run};

pub const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

pub fn pdf_fixture() -> PathBuf {
    Path::new(MANIFEST_DIR).join("index/tests/fixtures/valid.pdf")
}

/// The test server on 127.0.0.1, killed when dropped (it also stops by itself after 5 min).
pub struct Server {
    child: Child,
    pub port: u16,
}

impl Server {
    pub fn start() -> Server {
        let mut child = Command::new("python3")
            .arg(Path::new(MANIFEST_DIR).join("tests/web/server.py"))
            .arg(pdf_fixture())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 runs tests/web/server.py");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line.trim().parse().expect("the server prints its port");
        Server { child, port }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// factdesk on `dir`, with no proxy from the environment: the loopback must be reached
/// directly.
pub fn fd(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = Command::new(bin());
    cmd.arg("--project").arg(dir).args(args);
    for var in [
        "http_proxy",
        "https_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "all_proxy",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("FACTDESK_USER", "tester")
        .env("FACTDESK_DATA_DIR", test_data_dir())
        .output()
        .expect("factdesk runs")
        .into()
}
