#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum EngineVersion { V20_10, V25, V27, V28, #[default] V29 }
