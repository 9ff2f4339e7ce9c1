//! The compose file loader (work in progress by a helper).
