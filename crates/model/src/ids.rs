//! Newtype ids. The model hands these out and never reuses them, so an id
//! held by a later step (or by the browser) can never name a different object.

use std::fmt;

macro_rules! id {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
        pub struct $name(pub u32);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($prefix, "{}"), self.0)
            }
        }
    };
}

id!(
    /// A container, alive or removed.
    ContainerId,
    "c"
);
id!(
    /// A network, alive or removed.
    NetworkId,
    "n"
);
id!(
    /// A named volume, alive or removed.
    VolumeId,
    "v"
);
