//! Turns what people type — compose YAML and docker CLI text — into what the
//! model understands.
//!
//! The module list is a map of the crate:
//! - [`diag`]: diagnostics with file, line and column, shared by both front ends.
//! - [`source`]: the file system seen through a trait, so the browser can hand
//!   in files from memory and the command line from disk.
//! - [`compose`]: the compose file loader, in the numbered stages of
//!   `compose/mod.rs`, producing a normalised [`compose::Project`].
//! - [`cli`]: the script lexer and the docker CLI grammar, producing typed
//!   commands.
//!
//! Architecture invariant: nothing here reads the disk, the clock or the
//! process environment directly; all of it comes in through arguments.

pub mod cli;
pub mod compose;
pub mod diag;
pub mod source;
pub mod to_model;

pub use diag::{Diagnostic, Severity};
pub use source::{FileSource, MemorySource, ReadError};
