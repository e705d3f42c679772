//! The age the law reads, and the presumption of minority, in one place: the
//! screening rule, the case record, the store and the report all ask here.
//!
//! Two thresholds are in force: **under 16** is a child ("trẻ em", Law on
//! Children 2016 art. 1; Penal Code art. 151 for the victim of trafficking),
//! **under 18** is "người dưới 18 tuổi" (Law 53/2024 on Prevention and
//! Combat of Human Trafficking, for whom no means element is needed).
//!
//! An uncertain age is read at the lower end of the estimate, two years below
//! it (the usual margin of an age assessment): a person estimated at 19 is
//! treated as 17 until the age is established.

use serde::{Deserialize, Serialize};

/// The years taken off an uncertain age estimate.
pub const UNCERTAINTY_MARGIN: u32 = 2;

/// The age band a person falls in, by the effective age.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
pub enum AgeBand {
    /// Under 16: a child ("trẻ em").
    #[serde(rename = "under_16")]
    Under16,
    /// 16 or 17: under 18 but not a child in the sense of the Law on Children.
    #[serde(rename = "16_17")]
    From16To17,
    /// 18 and over.
    #[serde(rename = "adult")]
    Adult,
    /// No age known.
    #[serde(rename = "unknown")]
    #[default]
    Unknown,
}

impl AgeBand {
    /// Every band, in report order.
    pub const ALL: [AgeBand; 4] = [
        AgeBand::Under16,
        AgeBand::From16To17,
        AgeBand::Adult,
        AgeBand::Unknown,
    ];

    /// The stable key (JSON, the store, report rows).
    pub fn key(self) -> &'static str {
        match self {
            AgeBand::Under16 => "under_16",
            AgeBand::From16To17 => "16_17",
            AgeBand::Adult => "adult",
            AgeBand::Unknown => "unknown",
        }
    }

    pub fn from_key(s: &str) -> Option<AgeBand> {
        AgeBand::ALL.into_iter().find(|b| b.key() == s)
    }

    /// The band of an effective age.
    pub fn of(effective: Option<u32>) -> AgeBand {
        match effective {
            Some(a) if a < 16 => AgeBand::Under16,
            Some(a) if a < 18 => AgeBand::From16To17,
            Some(_) => AgeBand::Adult,
            None => AgeBand::Unknown,
        }
    }
}

/// The age as the rule reads it: `age_years` when it is certain; two years
/// below the estimate when it is uncertain; unknown without an estimate.
pub fn effective_age(age_years: Option<u32>, age_uncertain: bool) -> Option<u32> {
    match (age_years, age_uncertain) {
        (Some(a), false) => Some(a),
        (Some(a), true) => Some(a.saturating_sub(UNCERTAINTY_MARGIN)),
        (None, _) => None,
    }
}

/// Everything the age decides, read once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgeReading {
    /// See [`effective_age`].
    pub effective: Option<u32>,
    pub band: AgeBand,
    /// The child lists apply: effective age under 18, or no age known and the
    /// age uncertain (the presumption of minority). This is "under 18" for
    /// the case, the store and the report.
    pub child_list: bool,
    /// The child lists apply although the stated age is 18 or more, or none.
    pub presumed_child: bool,
}

impl AgeReading {
    pub fn new(age_years: Option<u32>, age_uncertain: bool) -> AgeReading {
        let effective = effective_age(age_years, age_uncertain);
        let child_list = match effective {
            Some(a) => a < 18,
            None => age_uncertain,
        };
        AgeReading {
            effective,
            band: AgeBand::of(effective),
            child_list,
            presumed_child: child_list && age_years.is_none_or(|a| a >= 18),
        }
    }

    /// Under 16 (a child, "trẻ em").
    pub fn under_16(&self) -> bool {
        self.band == AgeBand::Under16
    }

    /// Under 18 ("người dưới 18 tuổi"), presumption of minority included.
    pub fn under_18(&self) -> bool {
        self.child_list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn effective_age_reads_an_uncertain_estimate_two_years_lower() {
        // (age_years, uncertain, effective)
        let table = [
            (Some(30), false, Some(30)),
            (Some(17), false, Some(17)),
            (Some(19), true, Some(17)),
            (Some(20), true, Some(18)),
            (Some(1), true, Some(0)),
            (Some(0), false, Some(0)),
            (None, true, None),
            (None, false, None),
        ];
        for (age, uncertain, expected) in table {
            assert_eq!(
                effective_age(age, uncertain),
                expected,
                "{age:?} uncertain={uncertain}"
            );
        }
    }

    #[test]
    fn bands_child_list_and_presumption() {
        use AgeBand::*;
        // (age_years, uncertain, band, child list, presumed child)
        let table = [
            (Some(15), false, Under16, true, false),
            (Some(16), false, From16To17, true, false),
            (Some(17), false, From16To17, true, false),
            (Some(18), false, Adult, false, false),
            (Some(45), false, Adult, false, false),
            // Uncertain: two years lower.
            (Some(17), true, Under16, true, false),
            (Some(18), true, From16To17, true, true),
            (Some(19), true, From16To17, true, true),
            (Some(20), true, Adult, false, false),
            // No age: unknown; the child list only if the age is uncertain.
            (None, true, Unknown, true, true),
            (None, false, Unknown, false, false),
        ];
        for (age, uncertain, band, child, presumed) in table {
            let r = AgeReading::new(age, uncertain);
            assert_eq!(r.band, band, "{age:?} uncertain={uncertain}");
            assert_eq!(r.child_list, child, "{age:?} uncertain={uncertain}");
            assert_eq!(r.presumed_child, presumed, "{age:?} uncertain={uncertain}");
            assert_eq!(r.under_18(), child);
            assert_eq!(r.under_16(), band == Under16);
        }
    }

    #[test]
    fn band_keys_round_trip() {
        for b in AgeBand::ALL {
            assert_eq!(AgeBand::from_key(b.key()), Some(b));
            assert_eq!(
                serde_json::to_value(b).unwrap(),
                serde_json::Value::String(b.key().into())
            );
        }
        assert_eq!(AgeBand::from_key("child"), None);
    }
}
