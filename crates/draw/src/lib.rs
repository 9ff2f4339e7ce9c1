//! The topology drawing of a [`Scene`] as SVG text.
//!
//! The page and the command line draw the same picture from the same code:
//! the page puts [`Drawing::body`] inside its zoomable `<svg>` (and answers
//! clicks on elements carrying `data-select`), and `composenet up --export
//! svg` writes [`Drawing::standalone`], which carries its own styles. The
//! drawing reads only the scene (folded from the event log) and the
//! [`Layout`]; it decides no Docker rule. Its words come from the page's
//! catalogue (`www/ui/*.txt`), so they follow the page's language.
//!
//! Everything a user typed (names, images, commands) is escaped before it
//! goes into the text, so the page can insert the drawing as markup.

pub mod layout;
pub mod mermaid;
mod svg;

pub use svg::{coord, escape, status_words, subnet_words, Drawing, Marker};

use composenet_model::{ContainerId, NetworkId};

/// What the inspector shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selection {
    Container(ContainerId),
    Network(NetworkId),
}

impl Selection {
    /// The `data-select` value that names it in the drawing.
    pub fn key(self) -> String {
        match self {
            Selection::Container(c) => format!("c{}", c.0),
            Selection::Network(n) => format!("n{}", n.0),
        }
    }

    /// The selection a `data-select` value names.
    pub fn from_key(key: &str) -> Option<Selection> {
        let (kind, number) = key.split_at_checked(1)?;
        let number: u32 = number.parse().ok()?;
        match kind {
            "c" => Some(Selection::Container(ContainerId(number))),
            "n" => Some(Selection::Network(NetworkId(number))),
            _ => None,
        }
    }
}

/// Which words the drawing uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    /// Bridges, veth pairs, MACs: what `ip link` would show.
    #[default]
    Linux,
    /// Services, networks and names only.
    Services,
}
