//! The browser app comes with its own issue; this placeholder keeps the
//! workspace layout the product was specified with and proves the model
//! links into a binary that has no terminal of its own.

fn main() {
    let host = composenet_model::Host::new(composenet_model::EngineVersion::default(), 0);
    let _ = host.snapshot();
}
