//! Identifier checks: 统一社会信用代码 (GB 32100-2015) and 公民身份号码 (GB 11643-1999).
//!
//! The alphabets and weights are fixed by the standards themselves, not by any rule pack,
//! so they live here as constants.

use chrono::{Datelike, NaiveDate};

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
pub fn check_uscc(id: &str) -> Result<(), IdProblem> {
    let n = id.chars().count();
    if n != 18 {
        return Err(IdProblem::new(
            format!("统一社会信用代码应为 18 位，实际为 {n} 位"),
            format!("a unified social credit code has 18 characters, this one has {n}"),
        ));
    }
    if let Some((pos, c)) = id
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii() || uscc_value(*c as u8).is_none())
    {
        let hint_zh = if c.is_ascii_lowercase() {
            "（请使用大写字母）"
        } else {
            "（不使用 I、O、S、V、Z）"
        };
        let hint_en = if c.is_ascii_lowercase() {
            " (use capital letters)"
        } else {
            " (the letters I, O, S, V and Z are never used)"
        };
        return Err(IdProblem::new(
            format!(
                "第 {} 位字符“{c}”不允许出现在统一社会信用代码中{hint_zh}",
                pos + 1
            ),
            format!(
                "character {} '{c}' is not allowed in a unified social credit code{hint_en}",
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
    let expected = uscc_check_char(&id[..17]).unwrap_or('?');
    let got = id.as_bytes()[17] as char;
    if expected != got {
        return Err(IdProblem::new(
            format!("校验位错误：最后一位应为“{expected}”，实际为“{got}”，请核对是否抄错"),
            format!("check character mismatch: the last character should be '{expected}', not '{got}'; check for a typing error"),
        ));
    }
    Ok(())
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
pub fn check_citizen_id(id: &str, today: NaiveDate) -> Result<(), IdProblem> {
    let n = id.chars().count();
    if n != 18 {
        return Err(IdProblem::new(
            format!("居民身份证号码应为 18 位，实际为 {n} 位"),
            format!("a citizen ID number has 18 characters, this one has {n}"),
        ));
    }
    if !id.is_ascii() || !id[..17].bytes().all(|c| c.is_ascii_digit()) {
        return Err(IdProblem::new(
            "前 17 位应全部为数字",
            "the first 17 characters must be digits",
        ));
    }
    let last = id.as_bytes()[17];
    if !(last.is_ascii_digit() || last == b'X') {
        let hint = if last == b'x' {
            "（请使用大写 X）"
        } else {
            ""
        };
        let hint_en = if last == b'x' {
            " (use a capital X)"
        } else {
            ""
        };
        return Err(IdProblem::new(
            format!("最后一位应为数字或 X{hint}"),
            format!("the last character must be a digit or X{hint_en}"),
        ));
    }
    let (y, m, d) = (&id[6..10], &id[10..12], &id[12..14]);
    let birth = NaiveDate::from_ymd_opt(
        y.parse().unwrap_or(0),
        m.parse().unwrap_or(0),
        d.parse().unwrap_or(0),
    );
    match birth {
        Some(b) if b.year() >= 1900 && b <= today => {}
        _ => {
            return Err(IdProblem::new(
                format!("第 7–14 位出生日期 {y}{m}{d} 不是有效日期"),
                format!("characters 7–14 ({y}{m}{d}) are not a valid date of birth"),
            ))
        }
    }
    let expected = citizen_check_char(&id[..17]).unwrap_or('?');
    let got = last as char;
    if expected != got {
        return Err(IdProblem::new(
            format!("校验位错误：最后一位应为“{expected}”，实际为“{got}”，请核对是否抄错"),
            format!("check character mismatch: the last character should be '{expected}', not '{got}'; check for a typing error"),
        ));
    }
    Ok(())
}

/// Mask an identifier for output: keep the first 4 and last 2 characters (contract v1).
pub fn mask(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    let n = chars.len();
    if n <= 6 {
        return "*".repeat(n);
    }
    let mut s: String = chars[..4].iter().collect();
    s.extend(std::iter::repeat_n('*', n - 6));
    s.extend(&chars[n - 2..]);
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
        assert!(e.zh.contains("应为“A”"), "{e:?}");
        let e = check_citizen_id("110105194912310021", today()).unwrap_err();
        assert!(e.en.contains("should be 'X'"), "{e:?}");
    }

    #[test]
    fn forbidden_letters_and_lowercase() {
        assert!(check_uscc("9135020077604965IA")
            .unwrap_err()
            .zh
            .contains("第 17 位"));
        assert!(check_uscc("91350200776049653a")
            .unwrap_err()
            .en
            .contains("capital"));
    }

    #[test]
    fn impossible_birth_dates() {
        assert!(check_citizen_id("110105199902310021", today())
            .unwrap_err()
            .en
            .contains("date of birth"));
        assert!(check_citizen_id("110105209901010021", today()).is_err());
    }

    #[test]
    fn masking_keeps_four_and_two() {
        assert_eq!(mask("91350200MA2Y4K7N0A"), "9135************0A");
        assert_eq!(mask("11010519491231002X"), "1101************2X");
        assert_eq!(mask("abc"), "***");
    }
}
