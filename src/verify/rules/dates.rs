//! Date rules: expiry, birth, age and issue date against each other and the check time.

use super::Outcome;
use crate::verify::calendar::{age_on, days};
use crate::verify::config::VerifierConfig;
use crate::verify::context::Context;

fn no_date(de: &str, en: &str) -> Outcome {
    Outcome::not_checked(format!("{de} nicht bekannt"), format!("{en} not known"))
}

/// `doc.expired`: the date of expiry is not before the check date (a document is valid
/// through its expiry day).
pub fn expired(cx: &Context<'_>) -> Outcome {
    let (Some(expiry), Some(today)) = (cx.expiry_date(), cx.today) else {
        return no_date("Ablaufdatum", "Date of expiry");
    };
    let o = if expiry < today {
        Outcome::failed(
            format!("Abgelaufen am {expiry}"),
            format!("Expired on {expiry}"),
        )
    } else {
        Outcome::passed(
            format!("Gültig bis {expiry}"),
            format!("Valid until {expiry}"),
        )
    };
    o.with("date_of_expiry", expiry).with("check_date", today)
}

/// `doc.expiring_soon`: warns when the document expires within the configured days.
pub fn expiring_soon(cx: &Context<'_>, config: &VerifierConfig) -> Outcome {
    let (Some(expiry), Some(today)) = (cx.expiry_date(), cx.today) else {
        return no_date("Ablaufdatum", "Date of expiry");
    };
    let left = days(expiry) - days(today);
    let limit = i64::from(config.thresholds.expiring_within_days);
    let o = if left < 0 {
        Outcome::not_checked("Bereits abgelaufen", "Already expired")
    } else if left <= limit {
        Outcome::new(
            crate::pki::Status::Warning,
            format!("Läuft in {left} Tagen ab ({expiry})"),
            format!("Expires in {left} days ({expiry})"),
        )
    } else {
        Outcome::passed(
            format!("Noch {left} Tage gültig"),
            format!("Valid for {left} more days"),
        )
    };
    o.with("days_left", left).with("threshold_days", limit)
}

/// `person.birth_in_future`: the date of birth is not after the check date. The MRZ's
/// two-digit year is always placed in the past, so only DG11's full date can fail this.
pub fn birth_in_future(cx: &Context<'_>) -> Outcome {
    let (Some((birth, source)), Some(today)) = (cx.birth_date(), cx.today) else {
        return no_date("Geburtsdatum", "Date of birth");
    };
    let o = if birth > today {
        Outcome::failed(
            format!("Geburtsdatum {birth} liegt in der Zukunft"),
            format!("Date of birth {birth} is in the future"),
        )
    } else {
        Outcome::passed(
            format!("Geburtsdatum {birth}"),
            format!("Date of birth {birth}"),
        )
    };
    o.with("date_of_birth", birth).with("source", source)
}

/// `person.implausible_age`: the holder's age lies within the configured limits.
pub fn implausible_age(cx: &Context<'_>, config: &VerifierConfig) -> Outcome {
    let (Some((birth, source)), Some(today)) = (cx.birth_date(), cx.today) else {
        return no_date("Geburtsdatum", "Date of birth");
    };
    let age = age_on(birth, today);
    let (min, max) = (
        i32::from(config.thresholds.min_age_years),
        i32::from(config.thresholds.max_age_years),
    );
    let o = if age < min || age > max {
        Outcome::failed(
            format!("Alter {age} Jahre außerhalb {min}–{max}"),
            format!("Age {age} years outside {min}–{max}"),
        )
    } else {
        Outcome::passed(format!("Alter {age} Jahre"), format!("Age {age} years"))
    };
    o.with("age", age).with("source", source)
}

/// `doc.issue_before_birth`: the date of issue (DG12) is not before the date of birth.
pub fn issue_before_birth(cx: &Context<'_>) -> Outcome {
    let (Some(issue), Some((birth, _))) = (cx.issue_date(), cx.birth_date()) else {
        return no_date("Ausstellungs- oder Geburtsdatum", "Date of issue or birth");
    };
    let o = if issue < birth {
        Outcome::failed(
            format!("Ausgestellt ({issue}) vor der Geburt ({birth})"),
            format!("Issued ({issue}) before birth ({birth})"),
        )
    } else {
        Outcome::passed(
            format!("Ausgestellt am {issue}"),
            format!("Issued on {issue}"),
        )
    };
    o.with("date_of_issue", issue).with("date_of_birth", birth)
}

/// `doc.issue_after_check_time`: the date of issue (DG12) is not after the check date.
pub fn issue_after_check_time(cx: &Context<'_>) -> Outcome {
    let (Some(issue), Some(today)) = (cx.issue_date(), cx.today) else {
        return no_date("Ausstellungsdatum", "Date of issue");
    };
    let o = if issue > today {
        Outcome::failed(
            format!("Ausstellungsdatum {issue} liegt nach dem Prüfzeitpunkt"),
            format!("Date of issue {issue} is after the check time"),
        )
    } else {
        Outcome::passed(
            format!("Ausgestellt am {issue}"),
            format!("Issued on {issue}"),
        )
    };
    o.with("date_of_issue", issue).with("check_date", today)
}
