//! Organisations the unit works with: the agencies people are referred or
//! handed over to.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agency {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub address: String,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gate {
    pub id: i64,
    pub name: String,
    pub is_other: bool,
    pub active: bool,
}
