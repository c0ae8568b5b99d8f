//! What a desk needs to know about its trust store: the countries its CSCAs cover, CSCAs
//! about to expire, how fresh each source is and which CRLs are overdue.

use super::check::format_time;
use super::snapshot::{Counts, Manifest, counts};
use super::store::TrustStore;
use serde::Serialize;
use std::collections::BTreeMap;

/// The status of a trust store (and of the snapshot it came from, when there is one).
#[derive(Debug, Clone, Serialize)]
pub struct TrustStatus {
    /// The time the status is for.
    pub at: String,
    /// When the snapshot was built, if the store came from one.
    pub built: Option<String>,
    /// What the store holds.
    pub counts: Counts,
    /// Every country with a CSCA (subject `C=`, upper case), sorted.
    pub countries: Vec<CountryCoverage>,
    /// CSCAs valid now whose validity ends within the window asked for, soonest first.
    pub expiring: Vec<ExpiringCsca>,
    /// Each source of the snapshot with the newest date of issue it held.
    pub sources: Vec<SourceFreshness>,
    /// CRLs whose nextUpdate has passed: revocation by them is unknown.
    pub crls_overdue: Vec<OverdueCrl>,
}

/// One country's CSCAs.
#[derive(Debug, Clone, Serialize)]
pub struct CountryCoverage {
    /// ISO 3166-1 alpha-2 as in the certificates.
    pub country: String,
    /// How many CSCAs (self-signed and link).
    pub cscas: usize,
    /// How many of them are valid at the status time.
    pub valid: usize,
}

/// A CSCA ending soon.
#[derive(Debug, Clone, Serialize)]
pub struct ExpiringCsca {
    /// Its country.
    pub country: String,
    /// Its subject.
    pub subject: String,
    /// Its notAfter.
    pub not_after: String,
    /// Whole days left.
    pub days_left: i64,
}

/// A source and how fresh it is.
#[derive(Debug, Clone, Serialize)]
pub struct SourceFreshness {
    /// The file.
    pub name: String,
    /// Its kind.
    pub kind: String,
    /// The newest date of issue among what it held.
    pub newest_issue: Option<String>,
}

/// A CRL whose nextUpdate has passed.
#[derive(Debug, Clone, Serialize)]
pub struct OverdueCrl {
    /// Its issuer.
    pub issuer: String,
    /// Its thisUpdate.
    pub this_update: String,
    /// Its nextUpdate.
    pub next_update: String,
}

/// The status of `store` at `time`, listing CSCAs that end within `within_days` days.
pub fn trust_status(
    store: &TrustStore,
    manifest: Option<&Manifest>,
    time: i64,
    within_days: i64,
) -> TrustStatus {
    let mut by_country: BTreeMap<String, CountryCoverage> = BTreeMap::new();
    let mut expiring = Vec::new();
    let horizon = time.saturating_add(within_days.saturating_mul(86_400));
    for c in store.cscas() {
        let country = c.subject.country().unwrap_or_else(|| "-".into());
        let entry = by_country
            .entry(country.clone())
            .or_insert_with(|| CountryCoverage {
                country: country.clone(),
                cscas: 0,
                valid: 0,
            });
        entry.cscas += 1;
        entry.valid += usize::from(c.valid_at(time));
        if (time..=horizon).contains(&c.not_after) {
            expiring.push(ExpiringCsca {
                country,
                subject: c.subject.display().to_string(),
                not_after: format_time(c.not_after),
                days_left: (c.not_after - time).div_euclid(86_400),
            });
        }
    }
    expiring.sort_by(|a, b| a.not_after.cmp(&b.not_after));
    let crls_overdue = store
        .crls()
        .iter()
        .filter(|c| c.expired_at(time))
        .map(|c| OverdueCrl {
            issuer: c.issuer.display().to_string(),
            this_update: format_time(c.this_update),
            next_update: c.next_update.map(format_time).unwrap_or_default(),
        })
        .collect();
    TrustStatus {
        at: format_time(time),
        built: manifest.map(|m| m.built.clone()),
        counts: counts(store),
        countries: by_country.into_values().collect(),
        expiring,
        sources: manifest
            .map(|m| {
                m.sources
                    .iter()
                    .map(|s| SourceFreshness {
                        name: s.name.clone(),
                        kind: s.kind.clone(),
                        newest_issue: s.newest_issue.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        crls_overdue,
    }
}

impl TrustStatus {
    /// The status as text lines for a desk (English).
    pub fn to_text(&self, within_days: i64) -> String {
        let mut out = String::new();
        let c = &self.counts;
        if let Some(b) = &self.built {
            out.push_str(&format!("snapshot built {b}\n"));
        }
        out.push_str(&format!(
            "{} CSCAs, {} CRLs, {} cached document signers, {} master-list roots\n",
            c.cscas, c.crls, c.document_signers, c.master_list_roots
        ));
        let list: Vec<String> = self.countries.iter().map(|c| c.country.clone()).collect();
        out.push_str(&format!(
            "countries covered by a CSCA ({}): {}\n",
            list.len(),
            list.join(" ")
        ));
        out.push_str(&format!(
            "CSCAs ending within {within_days} days: {}\n",
            self.expiring.len()
        ));
        for e in &self.expiring {
            out.push_str(&format!(
                "  {} {} ends {} ({} days)\n",
                e.country, e.subject, e.not_after, e.days_left
            ));
        }
        for s in &self.sources {
            out.push_str(&format!(
                "source {} ({}): newest issue {}\n",
                s.name,
                s.kind,
                s.newest_issue.as_deref().unwrap_or("-")
            ));
        }
        out.push_str(&format!("CRLs overdue: {}\n", self.crls_overdue.len()));
        for o in &self.crls_overdue {
            out.push_str(&format!(
                "  {} of {}: next update was due {}\n",
                o.issuer, o.this_update, o.next_update
            ));
        }
        out
    }
}
