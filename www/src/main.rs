//! The page's entry point; everything lives in the library so the
//! component tests can mount the same app.

fn main() {
    composenet_www::start();
}
