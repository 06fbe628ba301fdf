//! `eval checkworthy`.

use anyhow::Result;

use super::args::EvalCheckworthyArgs;
use crate::error::user_error;
use crate::triage::eval::{run_eval, Format};

pub fn eval(a: EvalCheckworthyArgs) -> Result<()> {
    let format: Format = a
        .format
        .parse()
        .map_err(|e: anyhow::Error| user_error(e.to_string()))?;
    let report = run_eval(a.train.as_deref(), &a.test, format)
        .map_err(|e| user_error(crate::error::one_line(&e)))?;
    if a.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        println!("F1         {:.4}", report.f1);
        println!("precision  {:.4}", report.precision);
        println!("recall     {:.4}", report.recall);
        println!("AP         {:.4}", report.ap);
        if let Some(map) = report.map {
            println!("MAP        {map:.4}");
        }
    }
    Ok(())
}
