pub mod triage;
