//! The command line: argument definitions here, one module per command group.

mod args;
mod claims;
mod demo;
mod export;
mod library;
mod model;
mod project_cmds;
mod review;
mod search;
mod sources;
mod suggest;
mod sync;
mod team;
mod triage;

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::{CommandFactory, Parser};

pub use args::{Cli, Command};

use crate::error::{exit_code, one_line, EXIT_OK, EXIT_USER};
use crate::project::{lock, Access, Project};

/// Run the CLI; returns the process exit code (0 ok, 1 user error, 2 internal error).
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USER } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    if handles_interrupts(&cli.command) {
        // Without it, Ctrl-C would leave the lock behind (and a colleague on another host
        // locked out for good).
        if let Err(e) = crate::interrupt::install() {
            let _ = writeln!(std::io::stderr(), "factdesk: cannot handle Ctrl-C: {e}");
        }
    }
    let ran = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        quiet_output_failures();
        run(cli)
    })) {
        Ok(ran) => ran,
        Err(panic) => return output_failure(panic),
    };
    match ran {
        Ok(()) => EXIT_OK,
        Err(e) if crate::interrupt::interrupted() => {
            // The signal thread reports and exits once the unit that saw the signal is done.
            drop(e);
            loop {
                std::thread::park();
            }
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "factdesk: {}", one_line(&e));
            exit_code(&e)
        }
    }
}

/// What `println!` panics with when standard output cannot be written (a full disk, a closed
/// pipe).
const OUTPUT_FAILED: &str = "failed printing to stdout";

/// A failed write of the output is a condition of the machine, not a bug: no backtrace.
fn quiet_output_failures() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let msg = panic_text(info.payload());
        if !msg.starts_with(OUTPUT_FAILED) {
            default(info);
        }
    }));
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

/// The command unwound (its lock released, what it saved kept) because its output could not
/// be written: say so, exit 1. Any other panic is a bug: exit 2.
fn output_failure(panic: Box<dyn std::any::Any + Send>) -> i32 {
    let msg = panic_text(panic.as_ref());
    match msg.strip_prefix(OUTPUT_FAILED) {
        Some(why) => {
            let why = why.trim_start_matches(':').trim();
            let _ = writeln!(
                std::io::stderr(),
                "factdesk: cannot write the output ({why}); what the command saved is kept"
            );
            EXIT_USER
        }
        None => 2,
    }
}

/// Every command but the workstation (which saves its editors on a signal itself) and the
/// helpers other processes start.
fn handles_interrupts(command: &Command) -> bool {
    !matches!(
        command,
        Command::Open(_)
            | Command::Demo(_)
            | Command::ExtractPdf { .. }
            | Command::MergeDriver { .. }
            | Command::EmbedWorker
            | Command::Completions { .. }
    )
}

pub fn run(cli: Cli) -> Result<()> {
    let project_arg = cli.project.clone();
    let ctx = Ctx {
        project_arg: project_arg.as_deref(),
    };
    match cli.command {
        Command::Init(a) => project_cmds::init(a),
        Command::Article(a) => project_cmds::article(&ctx, a),
        Command::Claims(a) => claims::list(&ctx, a),
        Command::Claim(a) => claims::claim(&ctx, a),
        Command::Verdict(a) => claims::verdict(&ctx, a),
        Command::Evidence(a) => claims::evidence(&ctx, a),
        Command::Review(a) => review::run(&ctx, a),
        Command::Sync(a) => sync::run(&ctx, a),
        Command::History(a) => claims::history(&ctx, a),
        Command::Library(a) => library::run(&ctx, a),
        Command::Source(a) => sources::run(&ctx, a),
        Command::Search(a) => search::run(&ctx, a),
        Command::Reindex(a) => search::reindex(&ctx, a),
        Command::Model(a) => model::run(a),
        Command::Embed(a) => model::embed(&ctx, a),
        Command::EmbedWorker => model::worker(&ctx),
        Command::Eval(args::EvalCmd::Beir(a)) => search::eval_beir(a),
        Command::Eval(args::EvalCmd::Checkworthy(a)) => triage::eval(a),
        Command::Triage(a) => triage::run(&ctx, a),
        Command::ExtractPdf { file } => std::process::exit(sources::extract_pdf_child(file)),
        Command::MergeDriver {
            kind,
            base,
            ours,
            theirs,
            path,
        } => std::process::exit(crate::sync::driver::run(
            &kind, &base, &ours, &theirs, &path,
        )),
        Command::Export(a) => export::run(&ctx, a),
        Command::Open(a) => {
            let root = match a.dir {
                Some(d) => Project::find_root(&d)?,
                None => ctx.root()?,
            };
            workstation(
                &root,
                crate::tui::Options {
                    trace_timings: a.trace_timings,
                    theme: a.theme,
                },
            )
        }
        Command::Demo(a) => demo::run(a),
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "factdesk",
                &mut std::io::stdout(),
            );
            Ok(())
        }
    }
}

/// What every command needs to find its project.
pub struct Ctx<'a> {
    project_arg: Option<&'a Path>,
}

impl Ctx<'_> {
    pub fn root(&self) -> Result<PathBuf> {
        match self.project_arg {
            Some(p) => Project::find_root(p),
            None => Project::find_root(Path::new(".")),
        }
    }

    pub fn open(&self, access: Access) -> Result<Project> {
        let root = self.root()?;
        let project = match access {
            Access::Write => Project::open_waiting(&root, lock::command_wait())?,
            Access::ReadOnly => Project::open(&root, access)?,
        };
        say_notices(&project);
        Ok(project)
    }
}

/// What opening the project repaired (an edit or import a crash interrupted), on stderr.
fn say_notices(project: &Project) {
    for notice in project.notices() {
        eprintln!("factdesk: {notice}");
    }
}

/// The project at `root` for writing, as every command opens it: waiting for another
/// command's lock, saying what was repaired.
pub(super) fn open_writer(root: &Path) -> Result<Project> {
    let project = Project::open_waiting(root, lock::command_wait())?;
    say_notices(&project);
    Ok(project)
}

/// Open the workstation on a project directory.
pub fn open_workstation(dir: &Path, theme: Option<String>) -> Result<()> {
    let opts = crate::tui::Options {
        theme,
        ..Default::default()
    };
    workstation(dir, opts)
}

/// The workstation draws on a terminal and reads keys from it: without one (a pipe, cron, a
/// script) say so, instead of the operating system's "No such device or address".
fn workstation(dir: &Path, opts: crate::tui::Options) -> Result<()> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(crate::error::user_error(
            "the workstation needs a terminal (standard input and output are not one): run \
             `factdesk open` in a terminal, or use the other commands (`factdesk --help`)",
        ));
    }
    crate::semantic::before_workstation(dir);
    crate::tui::open(dir, opts)
}
