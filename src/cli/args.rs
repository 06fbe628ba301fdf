//! Argument definitions (clap derive). Every command has `--help`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "factdesk",
    version,
    about = "A keyboard-driven terminal workstation for fact-checkers",
    long_about = "factdesk keeps a fact-check in a plain project directory: articles, one file per \
claim with its verdict, sources and a change log.\n\nExit codes: 0 ok, 1 user error, 2 internal error."
)]
pub struct Cli {
    /// Project directory (default: the current directory or its nearest parent with a factdesk.toml)
    #[arg(long, global = true, value_name = "DIR")]
    pub project: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new project directory
    Init(InitArgs),
    /// Import and list articles
    #[command(subcommand)]
    Article(ArticleCmd),
    /// List claims
    Claims(ClaimsArgs),
    /// Add, edit, split, merge, keep, drop or remove a claim
    #[command(subcommand)]
    Claim(ClaimCmd),
    /// Set a claim's verdict
    #[command(subcommand)]
    Verdict(VerdictCmd),
    /// Attach or remove evidence
    #[command(subcommand)]
    Evidence(EvidenceCmd),
    /// Import, list and remove sources
    #[command(subcommand)]
    Source(SourceCmd),
    /// Search the sources (or run a BEIR queries file into a TREC run)
    Search(SearchArgs),
    /// Rebuild the search index from sources/
    Reindex(ReindexArgs),
    /// Measure retrieval and check-worthiness quality on benchmark data
    #[command(subcommand)]
    Eval(EvalCmd),
    /// Check-worthiness: train the desk's model, re-score a project's claims
    #[command(subcommand)]
    Triage(TriageCmd),
    /// Show the change log, for the whole project or one claim
    History(HistoryArgs),
    /// The desk's verdict library: earlier verdicts and imported ClaimReview checks
    #[command(subcommand)]
    Library(LibraryCmd),
    /// Export claims and verdicts
    Export(ExportArgs),
    /// Open the workstation (the terminal UI) on a project
    Open(OpenArgs),
    /// Create the demo project (and open it)
    Demo(DemoArgs),
    /// Extract a PDF's text (run by factdesk itself in a child process)
    #[command(name = "__extract-pdf", hide = true)]
    ExtractPdf { file: PathBuf },
    /// Print shell completions
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Directory to create the project in (created if missing)
    pub dir: PathBuf,
    /// Project name (default: the directory name)
    #[arg(long)]
    pub name: Option<String>,
    /// Default language of articles and sources
    #[arg(long, default_value = "de", value_parser = ["de", "en"])]
    pub language: String,
    /// Rating scale preset: politifact, snopes, correctiv, dpa, fullfact
    #[arg(long, default_value = "correctiv")]
    pub scale: String,
    /// Publishing organisation's name (for ClaimReview)
    #[arg(long)]
    pub org_name: Option<String>,
    /// Publishing organisation's URL
    #[arg(long)]
    pub org_url: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ArticleCmd {
    /// Import an article (.txt, .md, .html); every sentence becomes a candidate claim
    Add(ArticleAddArgs),
    /// List the project's articles
    Ls {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct ArticleAddArgs {
    pub file: PathBuf,
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long)]
    pub url: Option<String>,
    #[arg(long)]
    pub publisher: Option<String>,
    #[arg(long)]
    pub author: Option<String>,
    /// Publication date, YYYY-MM-DD
    #[arg(long)]
    pub date: Option<String>,
    /// Language (default: the project's)
    #[arg(long, value_parser = ["de", "en"])]
    pub language: Option<String>,
    /// Do not turn sentences into candidate claims
    #[arg(long)]
    pub no_candidates: bool,
}

#[derive(Debug, Args)]
pub struct ClaimsArgs {
    /// Print a JSON array of claim objects
    #[arg(long)]
    pub json: bool,
    /// Include dropped candidates
    #[arg(long)]
    pub all: bool,
    /// Only claims of this article (id or prefix)
    #[arg(long)]
    pub article: Option<String>,
    /// Only claims with this status
    #[arg(long)]
    pub status: Option<String>,
    /// Order: id (article order) or score (most check-worthy first)
    #[arg(long, default_value = "id", value_parser = ["id", "score"])]
    pub sort: String,
}

#[derive(Debug, Subcommand)]
pub enum ClaimCmd {
    /// Add a claim from a character span or a text found in the article
    Add {
        /// Article id (or unique prefix; optional when the project has one article)
        #[arg(long)]
        article: Option<String>,
        /// Character span START:END in the article's normalised text
        #[arg(long, conflicts_with = "text")]
        span: Option<String>,
        /// Text of the claim, as it appears in the article
        #[arg(long)]
        text: Option<String>,
    },
    /// Change a claim's text, span or claimant
    Edit {
        id: u32,
        #[arg(long)]
        text: Option<String>,
        #[arg(long)]
        span: Option<String>,
        /// Who made the claim
        #[arg(long)]
        claimant: Option<String>,
    },
    /// Mark candidates as claims to check
    Keep { ids: Vec<u32> },
    /// Drop candidates (kept on disk as "not check-worthy")
    Drop { ids: Vec<u32> },
    /// Split a claim in two at a character offset within its text
    Split {
        id: u32,
        #[arg(long)]
        at: usize,
    },
    /// Merge two adjacent claims of the same article into the first
    Merge { first: u32, second: u32 },
    /// Delete a claim file
    Rm { id: u32 },
    /// Show one claim with its verdict and history
    Show {
        id: u32,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum VerdictCmd {
    /// Set any of rating, explanation, status, notes, reviewer
    Set {
        claim: u32,
        /// A label of the project's rating scale (free text on a written-conclusion scale)
        #[arg(long)]
        rating: Option<String>,
        /// Explanation; `-` reads it from standard input
        #[arg(long)]
        explanation: Option<String>,
        /// open, in progress, needs review, done
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        notes: Option<String>,
        #[arg(long)]
        reviewer: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum EvidenceCmd {
    /// Attach a passage of a source to a claim
    Add {
        claim: u32,
        /// Source id (or unique prefix)
        #[arg(long)]
        source: String,
        /// The quoted passage
        #[arg(long)]
        quote: String,
        #[arg(long, value_parser = ["supports", "refutes", "context"])]
        stance: String,
        /// Character range START:END of the quote in the source (found automatically if omitted)
        #[arg(long)]
        range: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Remove evidence item N (1-based, as `claim show` lists them)
    Rm { claim: u32, n: usize },
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only this claim
    pub claim: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// schema.org ClaimReview JSON-LD of the reviewed claims (rating and status done)
    Claimreview,
    /// Markdown report
    Md,
    /// Self-contained HTML report (no scripts; printable)
    Html,
    /// Claims and verdicts for spreadsheets
    Csv,
    /// Everything, as JSON
    Json,
}

impl From<ExportFormat> for crate::export::Format {
    fn from(f: ExportFormat) -> Self {
        use crate::export::Format;
        match f {
            ExportFormat::Claimreview => Format::ClaimReview,
            ExportFormat::Md => Format::Markdown,
            ExportFormat::Html => Format::Html,
            ExportFormat::Csv => Format::Csv,
            ExportFormat::Json => Format::Json,
        }
    }
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Output file (`-` for standard output); default: exports/ in the project
    /// (claimreview.jsonld, report.md, report.html, claims.csv, report.json)
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Overwrite an existing file
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct OpenArgs {
    /// Project directory (default: --project, or the current directory or its nearest parent)
    pub dir: Option<PathBuf>,
    /// Append per-frame render time and key-to-frame latency (microseconds) to FILE
    #[arg(long, value_name = "FILE")]
    pub trace_timings: Option<PathBuf>,
    /// Colour theme: dark, light, high-contrast, monochrome, or one of your config's themes
    #[arg(long, value_name = "NAME")]
    pub theme: Option<String>,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where to create the demo project (default: factdesk's data directory)
    pub dir: Option<PathBuf>,
    /// Only create the project, do not open the workstation
    #[arg(long)]
    pub no_tui: bool,
    /// Colour theme of the workstation (as for `open`)
    #[arg(long, value_name = "NAME")]
    pub theme: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum SourceCmd {
    /// Import files and folders (recursively): .txt, .md, .html, .pdf, .jsonl, .gz
    Add {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// List sources
    Ls {
        #[arg(long)]
        json: bool,
    },
    /// Remove a source (id or unique prefix) from sources/ and the index
    Rm { id: String },
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words, "phrases", AND/OR/NOT, +must -mustnot, title:, publisher:, date:[2023-01-01 TO 2023-12-31]
    #[arg(required_unless_present = "queries")]
    pub query: Option<String>,
    /// Print results as JSON (with highlight ranges)
    #[arg(long)]
    pub json: bool,
    /// Maximum number of sources
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Also match words one typo away
    #[arg(long)]
    pub fuzzy: bool,
    /// Only sources dated on or after (YYYY-MM-DD, YYYY-MM or YYYY)
    #[arg(long)]
    pub after: Option<String>,
    /// Only sources dated on or before
    #[arg(long)]
    pub before: Option<String>,
    /// A BEIR queries file (`{"_id","text"}` per line): run each as a claim
    #[arg(long, value_name = "FILE.jsonl", conflicts_with = "query")]
    pub queries: Option<PathBuf>,
    /// Documents per query in the run file
    #[arg(long, default_value_t = 100)]
    pub top: usize,
    /// TREC run file to write (`qid Q0 docid rank score tag`)
    #[arg(long, value_name = "OUT")]
    pub run: Option<PathBuf>,
    /// Tag in the run file's last column
    #[arg(long, default_value = "factdesk")]
    pub tag: String,
}

#[derive(Debug, Args)]
pub struct ReindexArgs {}

#[derive(Debug, Subcommand)]
pub enum EvalCmd {
    /// nDCG@10 and Recall@100 of claim-to-evidence retrieval on a BEIR dataset
    Beir(EvalBeirArgs),
    /// F1, precision, recall, AP (and MAP for ct19) of check-worthiness scoring
    Checkworthy(EvalCheckworthyArgs),
}

/// Measured the way users get it: a fresh project (`init`), the corpus added with
/// `source add`, the queries run with `search --queries`.
#[derive(Debug, Args)]
pub struct EvalBeirArgs {
    /// BEIR corpus.jsonl
    #[arg(long, required_unless_present = "cranfield")]
    pub corpus: Option<PathBuf>,
    /// BEIR queries.jsonl
    #[arg(long, required_unless_present = "cranfield")]
    pub queries: Option<PathBuf>,
    /// Qrels (query-id corpus-id score)
    #[arg(long, required_unless_present = "cranfield")]
    pub qrels: Option<PathBuf>,
    /// A Cranfield 1400 folder (cran.all.1400, cran.qry, cranqrel) instead of BEIR files
    #[arg(long, conflicts_with_all = ["corpus", "queries", "qrels"])]
    pub cranfield: Option<PathBuf>,
    /// Only the query ids listed in this file (one per line), e.g. bench/splits/*.txt
    #[arg(long)]
    pub ids: Option<PathBuf>,
    /// Default language of the project (as `init --language`); each text's own language is
    /// detected, this is the fallback
    #[arg(long, default_value = "de", value_parser = ["de", "en"])]
    pub language: String,
    /// Keep the evaluation project in this new folder instead of a temporary one
    #[arg(long)]
    pub keep: Option<PathBuf>,
    /// Also write the TREC run
    #[arg(long)]
    pub run: Option<PathBuf>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EvalCheckworthyArgs {
    /// Labelled training data (without it, the built-in features alone are scored)
    #[arg(long)]
    pub train: Option<PathBuf>,
    #[arg(long)]
    pub test: PathBuf,
    /// claimbuster (JSON array of {text,label}), ct19 (CSV text,label,file_name), germeval (CSV comment_text,Sub3_FactClaiming)
    #[arg(long, value_parser = ["claimbuster", "ct19", "germeval"])]
    pub format: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum TriageCmd {
    /// Fit the desk's check-worthiness model from kept/dropped claims and labelled files
    Train {
        /// Projects whose kept (check-worthy) and dropped (not) claims are labels
        #[arg(long = "from", value_name = "PROJECT")]
        projects: Vec<PathBuf>,
        /// Labelled sentences: a JSON array of {text, label} or a CSV/TSV with a text
        /// (sentence, text, comment_text) and a label (label, checkworthy) column
        #[arg(long, value_name = "FILE")]
        data: Vec<PathBuf>,
        /// Read --data as a benchmark format instead: claimbuster, ct19 or germeval
        #[arg(long, value_parser = ["claimbuster", "ct19", "germeval"])]
        format: Option<String>,
    },
    /// Re-score this project's claims with the desk's current model
    Score,
    /// Remove the desk's model (back to the built-in features)
    Reset,
}

#[derive(Debug, Subcommand)]
pub enum LibraryCmd {
    /// Put every rated claim of a project into the library (again: replaces its entries)
    AddProject {
        /// Project directory (default: --project or the current one)
        dir: Option<PathBuf>,
    },
    /// Import published ClaimReview JSON-LD files (object, array or @graph)
    Import {
        #[arg(required = true, value_name = "FILE.json")]
        files: Vec<PathBuf>,
    },
    /// Show earlier verdicts resembling a claim of this project
    Match {
        claim: u32,
        /// Also show near misses below the same-claim threshold
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// List the library's entries, newest first
    Ls {
        #[arg(long)]
        json: bool,
    },
}
