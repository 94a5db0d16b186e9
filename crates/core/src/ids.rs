//! Identifier checks: 统一社会信用代码 (GB 32100-2015) and 公民身份号码 (GB 11643-1999).
//!
//! The alphabets and weights are fixed by the standards themselves, not by any rule pack,
//! so they live here as constants.

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};

/// An identifier as people type and paste it, in the standards' own form: spaces removed
/// (half-width, full-width U+3000, tabs: a code printed in groups, `91 110000 600037341L`),
/// full-width digits and letters (U+FF10–U+FF5A, a Chinese input method) made half-width, and
/// lower-case letters made capitals (`…001x`). Nothing else changes: a letter O is never read
/// as a zero, a hyphen stays and is refused. python-stdnum reads both ids the same way.
/// Borrowed when the id was already in its standard form.
pub fn normalize(id: &str) -> Cow<'_, str> {
    let standard = |c: char| !c.is_whitespace() && !c.is_ascii_lowercase() && !is_full_width(c);
    if id.chars().all(standard) {
        return Cow::Borrowed(id);
    }
    Cow::Owned(
        id.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| {
                let c = if is_full_width(c) {
                    char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
                } else {
                    c
                };
                c.to_ascii_uppercase()
            })
            .collect(),
    )
}

/// A full-width digit or Latin letter (the forms a Chinese input method types).
fn is_full_width(c: char) -> bool {
    ('\u{ff10}'..='\u{ff19}').contains(&c)
        || ('\u{ff21}'..='\u{ff3a}').contains(&c)
        || ('\u{ff41}'..='\u{ff5a}').contains(&c)
}

/// Why an identifier was rejected, in words a clerk understands, in Chinese and English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdProblem {
    pub zh: String,
    pub en: String,
}

impl IdProblem {
    fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        IdProblem {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

/// GB 32100 alphabet: digits and capitals without I, O, S, V, Z; value = index.
const USCC_CHARS: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

fn uscc_value(c: u8) -> Option<u32> {
    USCC_CHARS.iter().position(|&x| x == c).map(|p| p as u32)
}

/// The check character (position 18) that the first 17 characters call for.
pub fn uscc_check_char(first17: &str) -> Option<char> {
    let b = first17.as_bytes();
    if b.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (i, &c) in b.iter().enumerate() {
        sum += uscc_value(c)? * USCC_WEIGHTS[i];
    }
    let v = (31 - sum % 31) % 31;
    Some(USCC_CHARS[v as usize] as char)
}

/// Validate a 统一社会信用代码: length, alphabet, division code digits, check character.
/// The id is read in its [`normalize`]d form (positions in errors count that form).
pub fn check_uscc(id: &str) -> Result<(), IdProblem> {
    let id = &*normalize(id);
    let n = id.chars().count();
    if n != 18 {
        return Err(IdProblem::new(
            format!("统一社会信用代码应为 18 位，实际为 {n} 位"),
            format!("a unified social credit code has 18 characters, this one has {n}"),
        ));
    }
    // Errors name the position and what is wrong with it, never the characters themselves:
    // an error travels further than the id (logs, rejected-row files) and must not rebuild
    // what the masked form hides.
    if let Some((pos, c)) = id
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii() || uscc_value(*c as u8).is_none())
    {
        let (hint_zh, hint_en) = char_hint(
            c,
            "（不使用 I、O、S、V、Z）",
            " (the letters I, O, S, V and Z are never used)",
        );
        return Err(IdProblem::new(
            format!(
                "第 {} 位字符不允许出现在统一社会信用代码中{hint_zh}",
                pos + 1
            ),
            format!(
                "character {} is not allowed in a unified social credit code{hint_en}",
                pos + 1
            ),
        ));
    }
    if !id[2..8].bytes().all(|c| c.is_ascii_digit()) {
        return Err(IdProblem::new(
            "第 3–8 位应为行政区划代码（6 位数字）",
            "characters 3–8 must be the 6-digit administrative division code",
        ));
    }
    if uscc_check_char(&id[..17]) != Some(id.as_bytes()[17] as char) {
        return Err(check_mismatch());
    }
    Ok(())
}

/// The check character disagrees with the rest. Which character is wrong cannot be known, so
/// the error names none (naming the expected check character would invite "fixing" the wrong
/// one, and would tell a reader of the error more about the hidden characters).
fn check_mismatch() -> IdProblem {
    IdProblem::new(
        "校验位不符：最后一位校验码与前 17 位不一致，号码中可能有字符抄错，请逐位核对",
        "check character does not match: the last character does not agree with the first 17, so a character was probably mistyped; check each one",
    )
}

/// Why a character is refused, without quoting it: full-width forms (a Chinese input method),
/// lower case, or else `other`.
fn char_hint(
    c: char,
    other_zh: &'static str,
    other_en: &'static str,
) -> (&'static str, &'static str) {
    if ('\u{ff01}'..='\u{ff5e}').contains(&c) {
        (
            "（请使用半角数字和字母，不要使用全角字符）",
            " (use half-width digits and letters, not full-width characters)",
        )
    } else if c.is_ascii_lowercase() {
        ("（请使用大写字母）", " (use capital letters)")
    } else {
        (other_zh, other_en)
    }
}

const CID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CID_CHECK: &[u8; 11] = b"10X98765432";

/// The check character (position 18) of a 公民身份号码 (ISO 7064 MOD 11-2).
pub fn citizen_check_char(first17: &str) -> Option<char> {
    let b = first17.as_bytes();
    if b.len() != 17 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = b
        .iter()
        .zip(CID_WEIGHTS)
        .map(|(c, w)| (c - b'0') as u32 * w)
        .sum();
    Some(CID_CHECK[(sum % 11) as usize] as char)
}

/// Validate an 18-digit 居民身份证号码: digits, a real birth date not after `today`, check character.
/// The id is read in its [`normalize`]d form (positions in errors count that form).
pub fn check_citizen_id(id: &str, today: NaiveDate) -> Result<(), IdProblem> {
    let id = &*normalize(id);
    let n = id.chars().count();
    if n != 18 {
        return Err(IdProblem::new(
            format!("居民身份证号码应为 18 位，实际为 {n} 位"),
            format!("a citizen ID number has 18 characters, this one has {n}"),
        ));
    }
    if let Some((pos, c)) = id
        .chars()
        .take(17)
        .enumerate()
        .find(|(_, c)| !c.is_ascii_digit())
    {
        let (hint_zh, hint_en) = char_hint(c, "", "");
        return Err(IdProblem::new(
            format!("前 17 位应全部为数字，第 {} 位不是{hint_zh}", pos + 1),
            format!(
                "the first 17 characters must be digits; character {} is not{hint_en}",
                pos + 1
            ),
        ));
    }
    let last = id.chars().nth(17).unwrap_or('?');
    if !(last.is_ascii_digit() || last == 'X') {
        let (hint_zh, hint_en) = char_hint(last, "", "");
        return Err(IdProblem::new(
            format!("最后一位应为数字或 X{hint_zh}"),
            format!("the last character must be a digit or X{hint_en}"),
        ));
    }
    // The birth-date part is named, never quoted: with the masked form (first 4 and last 2
    // characters) it would give away 14 of the 18.
    let (y, m, d) = (&id[6..10], &id[10..12], &id[12..14]);
    let birth = NaiveDate::from_ymd_opt(
        y.parse().unwrap_or(0),
        m.parse().unwrap_or(0),
        d.parse().unwrap_or(0),
    );
    let wrong = match birth {
        None => Some(("不是有效日期", "is not a valid date")),
        Some(b) if b.year() < 1900 => Some(("早于 1900 年", "is before 1900")),
        Some(b) if b > today => Some(("晚于查询日期", "is after the check date")),
        Some(_) => None,
    };
    if let Some((zh, en)) = wrong {
        return Err(IdProblem::new(
            format!("第 7–14 位的出生日期部分{zh}"),
            format!("the date of birth (characters 7–14) {en}"),
        ));
    }
    if citizen_check_char(&id[..17]) != Some(last) {
        return Err(check_mismatch());
    }
    Ok(())
}

/// Mask an identifier for output: keep the first 4 and last 2 characters (contract v1).
pub fn mask(id: &str) -> String {
    let n = id.chars().count();
    if n <= 6 {
        return "*".repeat(n);
    }
    // Byte offsets of the 5th and the second-to-last character: one string, sized once.
    let at = |k: usize| id.char_indices().nth(k).map_or(id.len(), |(i, _)| i);
    let (head, tail) = (at(4), at(n - 2));
    let mut s = String::with_capacity(head + (n - 6) + (id.len() - tail));
    s.push_str(&id[..head]);
    s.extend(std::iter::repeat_n('*', n - 6));
    s.push_str(&id[tail..]);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn known_good_codes_pass() {
        for c in [
            "91350200776049653A",
            "91350500798359476R",
            "913502000728319549",
            "91440101MA5CJQ4N59",
            "91350213678251743X",
        ] {
            assert_eq!(check_uscc(c), Ok(()), "{c}");
        }
    }

    #[test]
    fn standard_example_citizen_id_passes() {
        assert_eq!(check_citizen_id("11010519491231002X", today()), Ok(()));
    }

    #[test]
    fn one_changed_character_is_caught() {
        let e = check_uscc("91350200776049653B").unwrap_err();
        assert!(e.zh.starts_with("校验位不符"), "{e:?}");
        let e = check_citizen_id("110105194912310021", today()).unwrap_err();
        assert!(e.en.starts_with("check character does not match"), "{e:?}");
    }

    #[test]
    fn forbidden_letters_and_lowercase() {
        assert!(check_uscc("9135020077604965IA")
            .unwrap_err()
            .zh
            .contains("第 17 位"));
        // Characters a normalisation must not "fix": O for 0, a hyphen, a Chinese 〇.
        assert!(check_uscc("91350200776O49653A").is_err());
        assert!(check_uscc("9135-0200776049653A").is_err());
        assert!(check_citizen_id("11010519491231〇02X", today()).is_err());
        // Full-width punctuation is not a digit or letter: refused with the full-width hint.
        let e = check_citizen_id("1101051949１2310－2X", today()).unwrap_err();
        assert!(e.en.contains("half-width"), "{e:?}");
    }

    /// What people type and paste is read as the standards write it (python-stdnum's own
    /// test ids among them); nothing else is changed.
    #[test]
    fn typed_and_pasted_forms_are_normalised() {
        for (typed, standard) in [
            ("91350200776049653a", "91350200776049653A"),
            ("91 110000 600037341L", "91110000600037341L"),
            ("９1350200776049653Ａ", "91350200776049653A"),
            (" 91440101ma5cjq4n59\t", "91440101MA5CJQ4N59"),
            ("44011320141005001x", "44011320141005001X"),
            ("1101051949１231002ｘ", "11010519491231002X"),
            ("110105\u{3000}19491231002X", "11010519491231002X"),
        ] {
            assert_eq!(normalize(typed), standard, "{typed:?}");
        }
        assert!(matches!(normalize("91350200776049653A"), Cow::Borrowed(_)));
        assert_eq!(normalize("9135-O200"), "9135-O200");
        assert_eq!(check_uscc("91350200776049653a"), Ok(()));
        assert_eq!(check_uscc("91 110000 600037341L"), Ok(()));
        assert_eq!(check_uscc("９1350200776049653Ａ"), Ok(()));
        assert_eq!(check_citizen_id("44011320141005001x", today()), Ok(()));
        assert_eq!(check_citizen_id("1101051949１231002ｘ", today()), Ok(()));
    }

    #[test]
    fn impossible_birth_dates() {
        let e = check_citizen_id("110105199902310021", today()).unwrap_err();
        assert!(
            e.en.contains("date of birth") && e.en.contains("not a valid date"),
            "{e:?}"
        );
        let e = check_citizen_id("110105209901010021", today()).unwrap_err();
        assert!(e.zh.contains("晚于查询日期"), "{e:?}");
        let e = check_citizen_id("110105189901010021", today()).unwrap_err();
        assert!(e.zh.contains("早于 1900 年"), "{e:?}");
    }

    /// An error names the part of an id that is wrong, never its characters: the masked form
    /// shows the first 4 and the last 2, and the birth date or the expected check character
    /// would tell a reader of the error much of the rest.
    #[test]
    fn errors_never_quote_the_ids_characters() {
        let people = [
            "110105199902310021", // impossible birth date
            "110105209901010021", // born after the check date
            "110105189901010021", // before 1900
            "110105194912310021", // check character
            "1101051949123100x1", // a letter (made a capital) among the 17 digits
            "1101051949123100Z2", // a letter among the 17 digits
        ];
        for id in people {
            let e = check_citizen_id(id, today()).unwrap_err();
            for window in id.as_bytes().windows(3) {
                let w = std::str::from_utf8(window).unwrap();
                assert!(!e.zh.contains(w) && !e.en.contains(w), "{id}: {w} in {e:?}");
            }
            assert!(
                !e.zh.contains("应为“") && !e.en.contains("should be '"),
                "{id}: {e:?}"
            );
        }
        for id in [
            "91350200776049653B",
            "9135020077604965IA",
            "9135A200MA2Y4K7N0A",
        ] {
            let e = check_uscc(id).unwrap_err();
            for window in id.as_bytes().windows(2) {
                let w = std::str::from_utf8(window).unwrap();
                assert!(!e.zh.contains(w) && !e.en.contains(w), "{id}: {w} in {e:?}");
            }
            assert!(!e.zh.contains("“A”") && !e.zh.contains("“I”"), "{e:?}");
        }
    }

    #[test]
    fn masking_keeps_four_and_two() {
        assert_eq!(mask("91350200MA2Y4K7N0A"), "9135************0A");
        assert_eq!(mask("11010519491231002X"), "1101************2X");
        assert_eq!(mask("abc"), "***");
        // Characters, not bytes: the first four and the last two kept whatever their width.
        assert_eq!(mask("甲乙丙丁戊己庚辛"), "甲乙丙丁**庚辛");
        assert_eq!(mask("abcdefg"), "abcd*fg");
        assert_eq!(mask("ａｂｃｄｅｆ"), "******");
    }
}
