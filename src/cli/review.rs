//! `review request|approve|reject|publish`: the rules live in `crate::review`.

use anyhow::Result;

use super::args::ReviewCmd;
use super::Ctx;
use crate::project::Access;
use crate::review;

pub fn run(ctx: &Ctx, cmd: ReviewCmd) -> Result<()> {
    let mut project = ctx.open(Access::Write)?;
    match cmd {
        ReviewCmd::Request { claim } => {
            let c = review::request(&mut project, claim)?;
            println!(
                "claim {}: {} (waiting for a second person)",
                c.id,
                c.verdict.status.as_str()
            );
        }
        ReviewCmd::Approve { claim, comment } => {
            let c = review::approve(&mut project, claim, comment.as_deref())?;
            println!(
                "claim {}: approved by {} ({}): done",
                c.id,
                crate::text::one_line(&c.verdict.reviewer),
                c.verdict.approved_hash
            );
        }
        ReviewCmd::Reject { claim, comment } => {
            let c = review::reject(&mut project, claim, &comment)?;
            println!("claim {}: sent back: {}", c.id, c.verdict.status.as_str());
        }
        ReviewCmd::Publish { claims } => {
            let done = review::publish(&mut project, &claims)?;
            let ids: Vec<String> = done.iter().map(|c| c.id.to_string()).collect();
            if ids.is_empty() {
                println!("nothing new to publish: the claims are published as they are");
            } else {
                println!("published: claim {}", ids.join(", "));
            }
        }
    }
    Ok(())
}
