//! Random MRZs with correct check digits for every layout (ICAO 9303-4 TD3, -5 TD1, -6 TD2,
//! -7 MRV-A/B): names long enough to be truncated, short ones with long filler runs, and
//! names full of K next to fillers (the classic '<' vs K confusion).

use idverify::mrz::check_digit;

use super::ocrb::Rng;

/// The layouts the generator makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Td1,
    Td2,
    Td3,
    MrvA,
    MrvB,
}

pub const KINDS: [Kind; 5] = [Kind::Td1, Kind::Td2, Kind::Td3, Kind::MrvA, Kind::MrvB];

const SURNAMES: &[&str] = &[
    "ERIKSSON",
    "KOK",
    "MUELLER",
    "KIKKERT",
    "O",
    "VAN DER KOOK",
    "SCHWARZENEGGER-KRAKOWSKI",
    "NGUYEN",
    "KAKK",
    "LI",
    "DOS SANTOS PEREIRA DA SILVA",
    "KLEIN",
    "XU",
    "OKONKWO",
];
const GIVEN: &[&str] = &[
    "ANNA MARIA",
    "K",
    "KAI",
    "JEAN PIERRE KARL",
    "ZOE",
    "BOB",
    "KRISTIAN KONSTANTIN",
    "MAXIMILIANO ALEXANDER BENEDIKT",
    "IKE",
    "AK",
    "YUKIKO",
];
const STATES: &[&str] = &[
    "UTO", "D<<", "FRA", "NLD", "KOR", "GBR", "ZZZ", "XXA", "KEN",
];

fn cd(s: &str) -> String {
    check_digit(s).expect("MRZ alphabet").to_string()
}

fn alnum(rng: &mut Rng, n: usize) -> String {
    const SET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    (0..n).map(|_| *rng.pick(SET) as char).collect()
}

fn date(rng: &mut Rng) -> String {
    format!(
        "{:02}{:02}{:02}",
        rng.below(100),
        1 + rng.below(12),
        1 + rng.below(28)
    )
}

/// Name field of `width`: SURNAME<<GIVEN<NAMES, truncated or filled.
fn names(rng: &mut Rng, width: usize) -> String {
    let s = rng.pick(SURNAMES).replace([' ', '-'], "<");
    let g = rng.pick(GIVEN).replace(' ', "<");
    let mut out = format!("{s}<<{g}");
    out.truncate(width);
    while out.len() < width {
        out.push('<');
    }
    out
}

fn optional(rng: &mut Rng, n: usize) -> String {
    if rng.below(2) == 0 {
        "<".repeat(n)
    } else {
        let k = 1 + rng.below(n);
        let mut s = alnum(rng, k);
        s.push_str(&"<".repeat(n - k));
        s
    }
}

/// Number, nationality, birth, sex and expiry with their check digits: the start of the
/// lower line of TD2, TD3 and the visas.
fn data_head(number: &str, nat: &str, birth: &str, sex: &str, expiry: &str) -> String {
    format!(
        "{number}{}{nat}{birth}{}{sex}{expiry}{}",
        cd(number),
        cd(birth),
        cd(expiry)
    )
}

/// A random valid MRZ of `kind`, its lines.
pub fn random_mrz(kind: Kind, rng: &mut Rng) -> Vec<String> {
    let issuer = rng.pick(STATES).to_string();
    let nat = rng.pick(STATES).to_string();
    let number = alnum(rng, 9);
    let (birth, expiry) = (date(rng), date(rng));
    let sex = *rng.pick(&["M", "F", "<", "X"]);
    match kind {
        Kind::Td3 | Kind::MrvA => {
            let code = if kind == Kind::Td3 { "P<" } else { "V<" };
            let l1 = format!("{code}{issuer}{}", names(rng, 39));
            let head = data_head(&number, &nat, &birth, sex, &expiry);
            let l2 = if kind == Kind::Td3 {
                let personal = optional(rng, 14);
                let pcd = if personal.bytes().all(|b| b == b'<') && rng.below(2) == 0 {
                    "<".to_string()
                } else {
                    cd(&personal)
                };
                let comp = format!(
                    "{}{}{}{personal}{pcd}",
                    &head[0..10],
                    &head[13..20],
                    &head[21..28]
                );
                format!("{head}{personal}{pcd}{}", cd(&comp))
            } else {
                format!("{head}{}", optional(rng, 16))
            };
            vec![l1, l2]
        }
        Kind::Td2 | Kind::MrvB => {
            let code = if kind == Kind::Td2 {
                *rng.pick(&["I<", "AC", "C<", "ID"])
            } else {
                "V<"
            };
            let l1 = format!("{code}{issuer}{}", names(rng, 31));
            let head = data_head(&number, &nat, &birth, sex, &expiry);
            let l2 = if kind == Kind::Td2 {
                let opt = optional(rng, 7);
                let comp = format!("{}{}{}{opt}", &head[0..10], &head[13..20], &head[21..28]);
                format!("{head}{opt}{}", cd(&comp))
            } else {
                format!("{head}{}", optional(rng, 8))
            };
            vec![l1, l2]
        }
        Kind::Td1 => {
            let code = *rng.pick(&["I<", "ID", "AC", "C<"]);
            let opt1 = optional(rng, 15);
            let l1 = format!("{code}{issuer}{number}{}{opt1}", cd(&number));
            let opt2 = optional(rng, 11);
            let l2head = format!(
                "{birth}{}{sex}{expiry}{}{nat}{opt2}",
                cd(&birth),
                cd(&expiry)
            );
            let comp = format!(
                "{}{}{}{}",
                &l1[5..30],
                &l2head[0..7],
                &l2head[8..15],
                &l2head[18..29]
            );
            let l2 = format!("{l2head}{}", cd(&comp));
            vec![l1, l2, names(rng, 30)]
        }
    }
}
