//! The per-day report aggregates (`report_days`) and the triggers that keep
//! them current, written from one table of contributions (issue 18).
//!
//! Every case contributes rows (dim, key, n) to `report_days` on its
//! reception day; the triggers add a case's rows on insert, remove them on
//! delete, and move them on an update of any fact they read. One table defines
//! the contributions once (see [`dims`]), so the backfill of migration 0060, the triggers and
//! the recount of [`super::reports::report_days_drift`] cannot disagree.
//!
//! The text generated here is part of a shipped migration: vaults already
//! hold these triggers, so it must not change (a test pins its digest). A
//! change to the contributions is a new migration that drops and recreates
//! the triggers.

use crate::domain::screening::Purpose;

/// The screening class of a case, the second part of a cross-table key.
const CLASS: &str = "(CASE WHEN {r}.identified THEN 'identified' \
                     WHEN {r}.decision = 'suspected_victim' THEN 'suspected' ELSE 'none' END)";

/// One contribution of a case: its dimension, the key expression (`VC`
/// stands for the class), the count expression and the condition, where
/// `{r}` is the row (`c`, `NEW` or `OLD`).
struct Dim {
    dim: &'static str,
    key: String,
    n: String,
    when: Option<String>,
}

/// The dimensions every case counts once in, with the expression of its value.
const EACH: &[(&str, &str)] = &[
    ("sex_age", "{r}.sex || '|' || {r}.age_band"),
    ("province", "ifnull({r}.home_province, '')"),
    ("destination", "{r}.dest_code"),
    ("nationality", "{r}.nat_code"),
    ("ethnicity", "{r}.ethnic_code"),
    ("gate", "ifnull({r}.gate_id, '')"),
    ("source", "{r}.source"),
    ("exit_legality", "{r}.exit_legality"),
    (
        "batch",
        "(CASE WHEN {r}.batch_id IS NULL THEN 'single' ELSE 'batch' END)",
    ),
    ("outcome", "ifnull({r}.screening_outcome, 'not_screened')"),
    (
        "children",
        "(CASE WHEN {r}.is_child THEN 'under_18' ELSE 'adult' END)",
    ),
];

/// The support given, by key, and when a case counts as having had it.
const SUPPORT: &[(&str, &str)] = &[
    ("meals", "{r}.sup_meals > 0"),
    ("clothing_sets", "{r}.sup_clothing > 0"),
    ("shelter_days", "{r}.sup_shelter > 0"),
    ("medical", "{r}.sup_medical"),
    ("travel", "{r}.sup_travel"),
    ("interpretation", "{r}.sup_interpretation"),
];

/// The legal measures: key and column.
const LEGAL: &[&str] = &["fined", "wanted"];

/// The sums: key and the column summed.
const AMOUNTS: &[(&str, &str)] = &[
    ("meals", "sup_meals"),
    ("clothing_sets", "sup_clothing"),
    ("shelter_days", "sup_shelter"),
    ("fine_vnd", "fine_amount"),
];

/// Every contribution, in the order of the shipped migration.
fn dims() -> Vec<Dim> {
    // `head` is the key before the class: `value || '|'` or `'literal|'`.
    let counted = |dim, head: &str, when: Option<String>| Dim {
        dim,
        key: format!("{head} || VC"),
        n: "1".into(),
        when,
    };
    let mut out: Vec<Dim> = EACH
        .iter()
        .map(|(dim, value)| counted(dim, &format!("{value} || '|'"), None))
        .collect();
    for (bit, purpose) in Purpose::ALL.iter().enumerate() {
        let when = format!("{{r}}.purposes & {}", 1 << bit);
        out.push(counted(
            "purpose",
            &format!("'{}|'", purpose.key()),
            Some(when),
        ));
    }
    out.push(counted(
        "purpose",
        "'none|'",
        Some("{r}.purposes = 0".into()),
    ));
    for (key, when) in SUPPORT {
        out.push(counted(
            "support",
            &format!("'{key}|'"),
            Some((*when).into()),
        ));
    }
    let any: Vec<&str> = SUPPORT.iter().map(|(_, when)| *when).collect();
    let none = format!("NOT ({})", any.join(" OR "));
    out.push(counted("support", "'none|'", Some(none)));
    for key in LEGAL {
        out.push(counted(
            "legal",
            &format!("'{key}|'"),
            Some(format!("{{r}}.{key}")),
        ));
    }
    out.extend(AMOUNTS.iter().map(|(key, column)| Dim {
        dim: "amount",
        key: format!("'{key}'"),
        n: format!("{{r}}.{column}"),
        when: Some(format!("{{r}}.{column} > 0")),
    }));
    out
}

/// Every column the contributions read (an update of another column moves nothing).
const COLUMNS: &[&str] = &[
    "received_on",
    "sex",
    "age_band",
    "identified",
    "decision",
    "home_province",
    "dest_code",
    "nat_code",
    "ethnic_code",
    "gate_id",
    "source",
    "exit_legality",
    "batch_id",
    "screening_outcome",
    "is_child",
    "purposes",
    "sup_meals",
    "sup_clothing",
    "sup_shelter",
    "sup_medical",
    "sup_travel",
    "sup_interpretation",
    "fined",
    "wanted",
    "fine_amount",
];

const UPSERT: &str = "ON CONFLICT (day, dim, key) DO UPDATE SET n = n + excluded.n";

/// The static part of migration 0060: the fact columns, their backfill and the tables.
const TABLES: &str = include_str!("migrations/0060_report_days.sql");

impl Dim {
    fn key_of(&self, r: &str) -> String {
        self.key.replace("VC", CLASS).replace("{r}", r)
    }

    fn where_of(&self, r: &str) -> String {
        self.when
            .as_ref()
            .map(|w| format!(" WHERE {}", w.replace("{r}", r)))
            .unwrap_or_default()
    }
}

/// What every case contributes, with its reception day, over all cases
/// (`c`), referrals and first receptions: the backfill and the recount.
pub fn recount_sql() -> String {
    let mut parts: Vec<String> = dims()
        .iter()
        .map(|d| {
            format!(
                "SELECT c.received_on AS day, '{}' AS dim, {} AS key, {} AS n FROM cases c{}",
                d.dim,
                d.key_of("c"),
                d.n.replace("{r}", "c"),
                d.where_of("c")
            )
        })
        .collect();
    parts.push(
        "SELECT c.received_on AS day, 'referral' AS dim, ifnull(r.agency_id, '') || '|' || \
         r.status AS key, 1 AS n FROM referrals r JOIN cases c ON c.id = r.case_id"
            .into(),
    );
    parts.push(
        "SELECT first_on AS day, 'repeat' AS dim, 'first' AS key, 1 AS n FROM \
         (SELECT min(received_on) AS first_on FROM cases GROUP BY person_id)"
            .into(),
    );
    parts.join("\nUNION ALL\n")
}

/// Adds (`sign` 1) or removes (-1) the contributions of one row (`NEW` or `OLD`).
fn add_row(r: &str, sign: i32) -> String {
    let parts: Vec<String> = dims()
        .iter()
        .map(|d| {
            let n = d.n.replace("{r}", r);
            let n = if sign < 0 { format!("-({n})") } else { n };
            format!(
                "    SELECT '{}' AS dim, {} AS key, {n} AS n{}",
                d.dim,
                d.key_of(r),
                d.where_of(r)
            )
        })
        .collect();
    format!(
        "INSERT INTO report_days (day, dim, key, n)\nSELECT {r}.received_on, dim, key, n FROM (\n{}\n) WHERE true\n{UPSERT};",
        parts.join("\n    UNION ALL\n")
    )
}

/// A referral counts on its case's reception day.
fn add_referral(r: &str, sign: i32) -> String {
    format!(
        "INSERT INTO report_days (day, dim, key, n)\nSELECT c.received_on, 'referral', \
         ifnull({r}.agency_id, '') || '|' || {r}.status, {sign} FROM cases c WHERE c.id = {r}.case_id\n{UPSERT};"
    )
}

/// A case's referrals, moved with its reception day (`sign` on `day`).
fn move_referrals(r: &str, count: &str) -> String {
    format!(
        "INSERT INTO report_days (day, dim, key, n)\nSELECT {r}.received_on, 'referral', \
         ifnull(r.agency_id, '') || '|' || r.status, {count}\nFROM referrals r WHERE r.case_id = {r}.id GROUP BY 3\n{UPSERT};"
    )
}

/// First receptions follow `person_first`.
fn add_first(day: &str, sign: i32) -> String {
    format!(
        "INSERT INTO report_days (day, dim, key, n) VALUES ({day}, 'repeat', 'first', {sign})\n{UPSERT};"
    )
}

/// Recomputes `person_first` for the persons of `persons` (a SQL list).
fn refresh_first(persons: &str) -> String {
    format!(
        "DELETE FROM person_first WHERE person_id {persons};\nINSERT INTO person_first (person_id, first_on)\n\
         SELECT person_id, min(received_on) FROM cases WHERE person_id {persons}"
    )
}

/// Fills the empty `person_first`: every person's first reception.
const FIRST_RECEPTIONS: &str = "INSERT INTO person_first (person_id, first_on)\n\
     SELECT person_id, min(received_on) FROM cases GROUP BY person_id;\n";

/// Fills the empty `report_days` and `person_first` from the rows: the
/// backfill of migration 0060.
fn backfill_sql() -> String {
    format!(
        "INSERT INTO report_days (day, dim, key, n)\nSELECT day, dim, key, sum(n) FROM (\n{}\n) GROUP BY day, dim, key;\n",
        recount_sql()
    ) + "\n"
        + FIRST_RECEPTIONS
}

/// Adds every row's contributions to `report_days` and fills the empty
/// `person_first`, at the end of a bulk load (`Vault::bulk_load`, which keeps
/// `TRIGGERS` off while it writes). Unlike the backfill, the contributions
/// are added up in the aggregate table as they come, not sorted first: a
/// million cases make 14 million of them, which a sort would hold in memory.
pub fn refill_sql() -> String {
    format!(
        "INSERT INTO report_days (day, dim, key, n)\nSELECT day, dim, key, n FROM (\n{}\n) WHERE true\n{UPSERT};\n",
        recount_sql()
    ) + FIRST_RECEPTIONS
}

/// The triggers that keep the aggregates (created by migration 0060).
pub const TRIGGERS: &[&str] = &[
    "cases_report_insert",
    "cases_report_delete",
    "cases_report_update",
    "cases_report_person",
    "referrals_report_insert",
    "referrals_report_delete",
    "referrals_report_update",
    "cases_report_referrals",
    "person_first_insert",
    "person_first_delete",
    "person_first_update",
];

/// Migration 0060: the fact columns and tables, the backfill of every
/// existing case, and the triggers.
pub fn migration_0060() -> String {
    let changed = COLUMNS
        .iter()
        .map(|c| format!("OLD.{c} IS NOT NEW.{c}"))
        .collect::<Vec<_>>()
        .join(" OR ");
    let out = [
        TABLES.to_string(),
        backfill_sql(),
        "CREATE INDEX person_first_on ON person_first (first_on);\n".into(),
        format!(
            "CREATE TRIGGER cases_report_insert AFTER INSERT ON cases BEGIN\n{}\n\
             INSERT INTO person_first (person_id, first_on) VALUES (NEW.person_id, NEW.received_on)\n\
             ON CONFLICT (person_id) DO UPDATE SET first_on = min(first_on, excluded.first_on)\n\
             WHERE excluded.first_on < first_on;\nEND;\n",
            add_row("NEW", 1)
        ),
        format!(
            "CREATE TRIGGER cases_report_delete AFTER DELETE ON cases BEGIN\n{}\n{} GROUP BY person_id;\nEND;\n",
            add_row("OLD", -1),
            refresh_first("= OLD.person_id")
        ),
        format!(
            "CREATE TRIGGER cases_report_update AFTER UPDATE ON cases WHEN {changed} BEGIN\n{}\n{}\nEND;\n",
            add_row("OLD", -1),
            add_row("NEW", 1)
        ),
        format!(
            "CREATE TRIGGER cases_report_person AFTER UPDATE ON cases\n\
             WHEN OLD.person_id IS NOT NEW.person_id OR OLD.received_on IS NOT NEW.received_on BEGIN\n\
             {}\nGROUP BY person_id;\nEND;\n",
            refresh_first("IN (OLD.person_id, NEW.person_id)")
        ),
        format!(
            "CREATE TRIGGER referrals_report_insert AFTER INSERT ON referrals BEGIN\n{}\nEND;\n",
            add_referral("NEW", 1)
        ),
        format!(
            "CREATE TRIGGER referrals_report_delete AFTER DELETE ON referrals BEGIN\n{}\nEND;\n",
            add_referral("OLD", -1)
        ),
        format!(
            "CREATE TRIGGER referrals_report_update AFTER UPDATE ON referrals\n\
             WHEN OLD.status IS NOT NEW.status OR OLD.agency_id IS NOT NEW.agency_id \
             OR OLD.case_id IS NOT NEW.case_id BEGIN\n{}\n{}\nEND;\n",
            add_referral("OLD", -1),
            add_referral("NEW", 1)
        ),
        format!(
            "CREATE TRIGGER cases_report_referrals AFTER UPDATE OF received_on ON cases\n\
             WHEN OLD.received_on IS NOT NEW.received_on BEGIN\n{}\n{}\nEND;\n",
            move_referrals("OLD", "-count(*)"),
            move_referrals("NEW", "count(*)")
        ),
        format!(
            "CREATE TRIGGER person_first_insert AFTER INSERT ON person_first BEGIN\n{}\nEND;\n",
            add_first("NEW.first_on", 1)
        ),
        format!(
            "CREATE TRIGGER person_first_delete AFTER DELETE ON person_first BEGIN\n{}\nEND;\n",
            add_first("OLD.first_on", -1)
        ),
        format!(
            "CREATE TRIGGER person_first_update AFTER UPDATE ON person_first \
             WHEN OLD.first_on IS NOT NEW.first_on BEGIN\n{}\n{}\nEND;\n",
            add_first("OLD.first_on", -1),
            add_first("NEW.first_on", 1)
        ),
    ];
    out.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    /// Vaults already hold what this migration wrote: its text is frozen.
    /// Its statements are byte for byte those of the generated file it
    /// replaced (only two comments differ).
    #[test]
    fn migration_0060_is_the_shipped_text() {
        let digest = hex::encode(Sha256::digest(migration_0060().as_bytes()));
        assert_eq!(
            digest,
            "e5e14521bd688b6be3382235036f9ef1ce5ff27f4664cecc01310c15628f5658"
        );
    }

    /// `TRIGGERS` names every trigger the migration creates, no more.
    #[test]
    fn the_trigger_list_is_the_migrations() {
        let sql = migration_0060();
        let created: Vec<&str> = sql
            .split("CREATE TRIGGER ")
            .skip(1)
            .filter_map(|t| t.split_whitespace().next())
            .collect();
        assert_eq!(created, TRIGGERS);
    }

    #[test]
    fn every_contribution_is_in_the_backfill_and_both_trigger_directions() {
        let sql = migration_0060();
        for d in dims() {
            let key = d.key_of("NEW");
            assert!(
                sql.contains(&key),
                "{} missing in the insert trigger",
                d.dim
            );
            assert!(
                sql.contains(&d.key_of("OLD")),
                "{} missing on delete",
                d.dim
            );
            assert!(
                recount_sql().contains(&d.key_of("c")),
                "{} not recounted",
                d.dim
            );
        }
        assert!(
            !sql.contains("{r}") && !sql.contains(" VC"),
            "a placeholder left"
        );
    }

    #[test]
    fn the_support_counted_is_the_support_the_report_shows() {
        let mut keys: Vec<&str> = SUPPORT.iter().map(|(k, _)| *k).collect();
        keys.push("none");
        assert_eq!(keys, crate::domain::report::SUPPORT_ROWS);
    }
}
