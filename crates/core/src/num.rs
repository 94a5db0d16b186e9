//! Numbers as text, written the way `format!("{x}")` writes an `f64`, without core's float
//! formatter.
//!
//! Why: `f64`'s `Display` brings Grisu and Dragon (both the shortest and the exact algorithm,
//! ≈ 6 KB gzip) into every browser build, while `zmij` (serde_json's formatter, which the JSON
//! reader already uses for its messages) finds the same shortest digits. Only the layout
//! differs (zmij writes `5000.0` and `1e16`), so this lays zmij's digits out as `Display`
//! does: no exponent, no trailing `.0`.
//!
//! One difference remains, and the property test pins it: when two strings of the shortest
//! length are exactly as near to `x` (a tie, which takes 16 or more significant digits, e.g.
//! `655040539742922.25`), `Display` writes the upper one (`…922.3`) and zmij may write the
//! lower (`…922.2`). Both read back as `x`; no amount, score or point count a person types
//! comes near such a tie.

/// `format!("{x}")` for an `f64` (up to ties, see above): the shortest digits that read back as
/// `x`, never an exponent.
pub fn decimal_text(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    let mut buffer = zmij::Buffer::new();
    let text = buffer.format_finite(x);
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match text.split_once('e') {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // The value is 0.DIGITS × 10^point.
    let joined = format!("{int}{frac}");
    let leading = joined.len() - joined.trim_start_matches('0').len();
    let digits = joined.trim_matches('0');
    let point = int.len() as i32 + exponent - leading as i32;
    let mut out = String::with_capacity(digits.len() + 8);
    if negative {
        out.push('-');
    }
    if digits.is_empty() {
        out.push('0');
    } else if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-point) as usize));
        out.push_str(digits);
    } else if point as usize >= digits.len() {
        out.push_str(digits);
        out.extend(std::iter::repeat_n('0', point as usize - digits.len()));
    } else {
        let (a, b) = digits.split_at(point as usize);
        out.push_str(a);
        out.push('.');
        out.push_str(b);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::decimal_text;
    use proptest::prelude::*;

    #[test]
    fn writes_numbers_as_display_does() {
        for x in [
            0.0,
            -0.0,
            1.0,
            -3.0,
            5000.0,
            0.5,
            2.5,
            0.1,
            1e16,
            1.5e21,
            1e-7,
            123.456,
            -0.001,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            assert_eq!(decimal_text(x), format!("{x}"), "{x:e}");
        }
    }

    /// The tie the module documents: both strings read back as `x`.
    #[test]
    fn a_tie_may_round_the_other_way() {
        let x = f64::from_bits(4828595525231744594);
        assert_eq!(format!("{x}"), "655040539742922.3");
        let ours = decimal_text(x);
        assert!(
            ours == "655040539742922.2" || ours == "655040539742922.3",
            "{ours}"
        );
        assert_eq!(ours.parse::<f64>().unwrap(), x);
    }

    proptest! {
        /// Equal to `Display`, or else the other of two equally short, equally near strings:
        /// same length, reads back as `x`, and differs only in the last digit by one.
        #[test]
        fn agrees_with_display_on_any_f64(bits: u64) {
            let x = f64::from_bits(bits);
            let (ours, theirs) = (decimal_text(x), format!("{x}"));
            if ours != theirs {
                prop_assert_eq!(ours.len(), theirs.len(), "{} vs {}", ours, theirs);
                prop_assert_eq!(ours.parse::<f64>().unwrap().to_bits(), x.to_bits());
                let (a, b) = (ours.as_bytes(), theirs.as_bytes());
                let last = a.len() - 1;
                prop_assert_eq!(&a[..last], &b[..last], "{} vs {}", ours, theirs);
                prop_assert_eq!(a[last] + 1, b[last], "{} vs {}", ours, theirs);
            }
        }

        #[test]
        fn agrees_with_display_on_everyday_numbers(n in -1_000_000_000i64..1_000_000_000, scale in 0u32..6) {
            let x = n as f64 / 10f64.powi(scale as i32);
            prop_assert_eq!(decimal_text(x), format!("{x}"));
        }
    }
}
