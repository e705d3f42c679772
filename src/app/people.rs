//! The people behind usernames, as papers and screens name them.

use std::collections::HashMap;

use crate::vault::{Result, Vault};

/// Display names by username (a paper names the officer, not the account).
pub struct Names(HashMap<String, String>);

impl Names {
    pub fn of(v: &Vault) -> Result<Names> {
        Ok(Names(
            v.list_users()?
                .into_iter()
                .map(|u| (u.username, u.display_name))
                .collect(),
        ))
    }

    /// The display name of a username (the username itself when unknown).
    pub fn get(&self, username: &str) -> String {
        self.0
            .get(username)
            .cloned()
            .unwrap_or_else(|| username.to_string())
    }
}
