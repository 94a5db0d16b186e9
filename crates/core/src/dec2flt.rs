//! A JSON number's text to the nearest `f64` (correctly rounded, ties to even): the value
//! `str::parse::<f64>` gives, and serde_json with its `float_roundtrip` feature.
//!
//! Why not `str::parse::<f64>` itself: core's Eisel-Lemire carries a 10 KB table of 128-bit
//! powers of five, which was ≈ 12 KB gzip of the widget (measured for `web/src/draft.rs`'s
//! `decimal`, and again for this reader; docs/size.md). The numbers a subject file holds are
//! short (amounts, points, shares), so this takes the exact shortcut when it applies and
//! otherwise corrects a close first guess by comparing with the decimal exactly, in big integers
//! (the guess is a few units in the last place off at most, so it takes a few comparisons).
//!
//! Why exactness matters: the JSON writer emits the shortest digits that read back as the same
//! `f64` *under correct rounding*; a reader that is one unit off (serde_json's default, which this
//! reader mirrored until the `json_roundtrip` fuzz target caught `8.88888884888889e97`) turns an
//! exported subject into a slightly different one on import.

use std::cmp::Ordering;

/// Significant digits kept. A halfway point between two adjacent `f64`s has at most 767
/// significant decimal digits, so the digits after the first 768 only matter through whether
/// any of them is non-zero (kept as one trailing `1`); a few more for good measure.
const MAX_DIGITS: usize = 800;

/// `text` (digits, an optional `.` and digits, an optional `e`/`E`, sign and digits; no sign in
/// front) as the nearest `f64`: `+∞` when it rounds past `f64::MAX`, `0.0` when it rounds below
/// the least subnormal. Bytes outside that grammar are ignored (the caller has validated it).
pub(crate) fn parse_decimal(text: &[u8]) -> f64 {
    let (mantissa, exp_text) = match text.iter().position(|b| *b | 0x20 == b'e') {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => (text, &[][..]),
    };
    // The exponent, saturated far beyond where every value is 0 or ∞.
    let mut e10: i64 = 0;
    for &b in exp_text {
        if b.is_ascii_digit() {
            e10 = (e10 * 10 + i64::from(b - b'0')).min(1 << 40);
        }
    }
    if exp_text.first() == Some(&b'-') {
        e10 = -e10;
    }
    // value = digits × 10^e10, digits without leading zeros.
    let mut digits: Vec<u8> = Vec::new();
    let mut in_fraction = false;
    let mut tail = false;
    for &b in mantissa {
        if b == b'.' {
            in_fraction = true;
            continue;
        }
        if !b.is_ascii_digit() {
            continue;
        }
        let d = b - b'0';
        if digits.len() < MAX_DIGITS && (d != 0 || !digits.is_empty()) {
            digits.push(d);
            e10 -= i64::from(in_fraction);
        } else if digits.is_empty() {
            // A leading zero.
            e10 -= i64::from(in_fraction);
        } else {
            // Beyond the digits kept.
            tail |= d != 0;
            e10 += i64::from(!in_fraction);
        }
    }
    if tail {
        digits.push(1);
        e10 -= 1;
    }
    while digits.last() == Some(&0) {
        digits.pop();
        e10 += 1;
    }
    let n = digits.len() as i64;
    if n == 0 || n + e10 < -324 {
        // Below 10⁻³²⁴, less than half the least subnormal (4.9e-324).
        return 0.0;
    }
    if n + e10 > 310 {
        // At least 10³⁰⁹.
        return f64::INFINITY;
    }
    let e10 = e10 as i32;
    // The first 19 digits and the power of ten that goes with them.
    let head = n.min(19) as usize;
    let w = digits[..head]
        .iter()
        .fold(0u64, |w, d| w * 10 + u64::from(*d));
    let e_head = e10 + (n as i32 - head as i32);
    if head == digits.len() && w < 1 << 53 && e_head.unsigned_abs() <= 22 {
        // Clinger's fast path: both factors exact, one rounding.
        let p = POW10[e_head.unsigned_abs() as usize];
        return if e_head < 0 {
            w as f64 / p
        } else {
            w as f64 * p
        };
    }
    let mut z = approximate(w, e_head);
    // The exact decimal, as big integers: value = big × 5^e10 × 2^e10.
    let mut big = Big::default();
    for chunk in digits.chunks(9) {
        let (mut c, mut scale) = (0u32, 1u32);
        for d in chunk {
            c = c * 10 + u32::from(*d);
            scale *= 10;
        }
        big.mul_add(scale, c);
    }
    if e10 > 0 {
        big.mul_pow5(e10 as u32);
    }
    // Compare the value with the halfway points around z and step z towards it.
    loop {
        let bits = z.to_bits();
        let (m, k) = match bits >> 52 {
            0 => (bits, -1074),
            e => (bits & ((1 << 52) - 1) | 1 << 52, e as i32 - 1075),
        };
        match compare(&big, e10, 2 * m + 1, k - 1) {
            Ordering::Greater => {
                z = f64::from_bits(bits + 1);
                if z.is_infinite() {
                    return z;
                }
                continue;
            }
            Ordering::Equal => return f64::from_bits(bits + (m & 1)),
            Ordering::Less => {}
        }
        if m == 0 {
            return z;
        }
        // Below a power of two the neighbour is half as far.
        let (lm, lk) = if m == 1 << 52 && k > -1074 {
            (4 * m - 1, k - 2)
        } else {
            (2 * m - 1, k - 1)
        };
        match compare(&big, e10, lm, lk) {
            Ordering::Less => z = f64::from_bits(bits - 1),
            Ordering::Equal => return f64::from_bits(bits - (m & 1)),
            Ordering::Greater => return z,
        }
    }
}

/// `w × 10^e` within a few units in the last place (serde_json's default algorithm), finite and
/// positive or zero: where to start correcting.
fn approximate(w: u64, mut e: i32) -> f64 {
    let mut f = w as f64;
    if e > 308 {
        f *= 1e308;
        e -= 308;
    }
    while e < -308 {
        f /= 1e308;
        e += 308;
    }
    let p = POW10[e.unsigned_abs() as usize];
    f = if e < 0 { f / p } else { f * p };
    f.min(f64::MAX)
}

/// `big × 10^e10` (big already multiplied by `5^e10` when `e10 > 0`) against `m × 2^k`.
fn compare(big: &Big, e10: i32, m: u64, k: i32) -> Ordering {
    let mut left = big.clone();
    let mut right = Big(vec![m as u32, (m >> 32) as u32]);
    right.trim();
    // Powers of two: left has 2^max(e10, 0); right has 2^k, and 5^-e10 × 2^-e10 when e10 < 0.
    let (mut l2, mut r2) = (i64::from(e10.max(0)), i64::from(k));
    if e10 < 0 {
        right.mul_pow5(e10.unsigned_abs());
        r2 -= i64::from(e10);
    }
    let low = l2.min(r2);
    l2 -= low;
    r2 -= low;
    left.shl(l2 as usize);
    right.shl(r2 as usize);
    left.less_equal_greater(&right)
}

/// A non-negative big integer, 32-bit limbs, least significant first, no high zero limbs.
#[derive(Clone, Default)]
struct Big(Vec<u32>);

impl Big {
    /// `self × m + a`.
    fn mul_add(&mut self, m: u32, a: u32) {
        let mut carry = u64::from(a);
        for limb in &mut self.0 {
            let x = u64::from(*limb) * u64::from(m) + carry;
            *limb = x as u32;
            carry = x >> 32;
        }
        if carry != 0 {
            self.0.push(carry as u32);
        }
        self.trim();
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn mul_pow5(&mut self, mut p: u32) {
        while p > 0 {
            let step = p.min(13);
            self.mul_add(5u32.pow(step), 0);
            p -= step;
        }
    }

    fn shl(&mut self, bits: usize) {
        if self.0.is_empty() {
            return;
        }
        if bits & 31 != 0 {
            self.mul_add(1 << (bits & 31), 0);
        }
        let mut shifted = vec![0; bits / 32];
        shifted.append(&mut self.0);
        self.0 = shifted;
    }

    /// Compared as numbers (no high zero limbs on either side).
    fn less_equal_greater(&self, other: &Big) -> Ordering {
        let (a, b) = (&self.0, &other.0);
        if a.len() != b.len() {
            return a.len().cmp(&b.len());
        }
        for i in (0..a.len()).rev() {
            if a[i] != b[i] {
                return a[i].cmp(&b[i]);
            }
        }
        Ordering::Equal
    }
}

/// 10⁰ … 10³⁰⁸, each the nearest `f64` (exact up to 10²²).
#[rustfmt::skip]
static POW10: [f64; 309] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27, 1e28, 1e29,
    1e30, 1e31, 1e32, 1e33, 1e34, 1e35, 1e36, 1e37, 1e38, 1e39, 1e40, 1e41, 1e42, 1e43,
    1e44, 1e45, 1e46, 1e47, 1e48, 1e49, 1e50, 1e51, 1e52, 1e53, 1e54, 1e55, 1e56, 1e57,
    1e58, 1e59, 1e60, 1e61, 1e62, 1e63, 1e64, 1e65, 1e66, 1e67, 1e68, 1e69, 1e70, 1e71,
    1e72, 1e73, 1e74, 1e75, 1e76, 1e77, 1e78, 1e79, 1e80, 1e81, 1e82, 1e83, 1e84, 1e85,
    1e86, 1e87, 1e88, 1e89, 1e90, 1e91, 1e92, 1e93, 1e94, 1e95, 1e96, 1e97, 1e98, 1e99,
    1e100, 1e101, 1e102, 1e103, 1e104, 1e105, 1e106, 1e107, 1e108, 1e109, 1e110, 1e111,
    1e112, 1e113, 1e114, 1e115, 1e116, 1e117, 1e118, 1e119, 1e120, 1e121, 1e122, 1e123,
    1e124, 1e125, 1e126, 1e127, 1e128, 1e129, 1e130, 1e131, 1e132, 1e133, 1e134, 1e135,
    1e136, 1e137, 1e138, 1e139, 1e140, 1e141, 1e142, 1e143, 1e144, 1e145, 1e146, 1e147,
    1e148, 1e149, 1e150, 1e151, 1e152, 1e153, 1e154, 1e155, 1e156, 1e157, 1e158, 1e159,
    1e160, 1e161, 1e162, 1e163, 1e164, 1e165, 1e166, 1e167, 1e168, 1e169, 1e170, 1e171,
    1e172, 1e173, 1e174, 1e175, 1e176, 1e177, 1e178, 1e179, 1e180, 1e181, 1e182, 1e183,
    1e184, 1e185, 1e186, 1e187, 1e188, 1e189, 1e190, 1e191, 1e192, 1e193, 1e194, 1e195,
    1e196, 1e197, 1e198, 1e199, 1e200, 1e201, 1e202, 1e203, 1e204, 1e205, 1e206, 1e207,
    1e208, 1e209, 1e210, 1e211, 1e212, 1e213, 1e214, 1e215, 1e216, 1e217, 1e218, 1e219,
    1e220, 1e221, 1e222, 1e223, 1e224, 1e225, 1e226, 1e227, 1e228, 1e229, 1e230, 1e231,
    1e232, 1e233, 1e234, 1e235, 1e236, 1e237, 1e238, 1e239, 1e240, 1e241, 1e242, 1e243,
    1e244, 1e245, 1e246, 1e247, 1e248, 1e249, 1e250, 1e251, 1e252, 1e253, 1e254, 1e255,
    1e256, 1e257, 1e258, 1e259, 1e260, 1e261, 1e262, 1e263, 1e264, 1e265, 1e266, 1e267,
    1e268, 1e269, 1e270, 1e271, 1e272, 1e273, 1e274, 1e275, 1e276, 1e277, 1e278, 1e279,
    1e280, 1e281, 1e282, 1e283, 1e284, 1e285, 1e286, 1e287, 1e288, 1e289, 1e290, 1e291,
    1e292, 1e293, 1e294, 1e295, 1e296, 1e297, 1e298, 1e299, 1e300, 1e301, 1e302, 1e303,
    1e304, 1e305, 1e306, 1e307, 1e308
];

#[cfg(test)]
mod tests {
    use super::parse_decimal;
    use proptest::prelude::*;

    fn same_as_std(text: &str) -> Result<(), String> {
        let want: f64 = text.parse().map_err(|e| format!("{text}: {e}"))?;
        let got = parse_decimal(text.as_bytes());
        if got.to_bits() == want.to_bits() {
            Ok(())
        } else {
            Err(format!("{text}: {got:e}, not {want:e}"))
        }
    }

    /// `a + b`, both non-negative decimals in fixed notation with the same number of fraction
    /// digits.
    fn add(a: &str, b: &str) -> String {
        let frac = a.split_once('.').map_or(0, |(_, f)| f.len());
        let digits =
            |s: &str| -> Vec<u8> { s.bytes().filter(|c| *c != b'.').map(|c| c - b'0').collect() };
        let (a, b) = (digits(a), digits(b));
        let n = a.len().max(b.len()) + 1;
        let mut out = vec![0u8; n];
        let mut carry = 0;
        for i in 0..n {
            let d = |v: &Vec<u8>| if i < v.len() { v[v.len() - 1 - i] } else { 0 };
            let x = d(&a) + d(&b) + carry;
            out[n - 1 - i] = x % 10;
            carry = x / 10;
        }
        let mut s: String = out.iter().map(|d| char::from(b'0' + d)).collect();
        if frac > 0 {
            s.insert(s.len() - frac, '.');
        }
        s
    }

    /// The exact decimal halfway between `x` (positive, finite, not the largest) and the next
    /// double up: `x` printed exactly plus half a unit in its last place printed exactly.
    fn halfway(x: f64) -> String {
        let bits = x.to_bits();
        let k = if bits >> 52 == 0 {
            -1074
        } else {
            (bits >> 52) as i32 - 1075
        };
        let frac = (1 - k).max(0) as usize;
        let half_ulp = if k > -1074 {
            format!("{:.*}", frac, 2f64.powi(k - 1))
        } else {
            // 2⁻¹⁰⁷⁵ is no double: halve 2⁻¹⁰⁷⁴ digit by digit.
            let mut rem = 0;
            format!("{:.*}", frac, f64::from_bits(1))
                .chars()
                .map(|c| {
                    if c == '.' {
                        return c;
                    }
                    let v = rem * 10 + c.to_digit(10).unwrap();
                    rem = v % 2;
                    char::from_digit(v / 2, 10).unwrap()
                })
                .collect()
        };
        add(&format!("{:.*}", frac, x), &half_ulp)
    }

    #[test]
    fn edges() {
        for text in [
            "0",
            "0.000",
            "1e-400",
            "1e309",
            "9e309",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "2.2250738585072014e-308",
            "2.2250738585072011e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "1e-324",
            "3e-324",
            "5e-324",
            "1e-2147483647",
            "1e0000000000000000002",
            "8.88888884888889e+97",
        ] {
            same_as_std(text).unwrap();
        }
        // Halfway cases: ties go to the even neighbour, a hair above goes up, below goes down.
        for x in [
            1.0,
            0.1,
            f64::from_bits(1),
            f64::MIN_POSITIVE,
            2f64.powi(-1022) - f64::from_bits(1),
            9007199254740992.0,
            f64::MAX / 2.0,
            8.88888884888889e97,
        ] {
            let h = halfway(x);
            same_as_std(&h).unwrap();
            same_as_std(&format!("{h}000000001")).unwrap();
            if let Some(stem) = h.strip_suffix('5') {
                same_as_std(&format!("{stem}4999999999")).unwrap();
            }
        }
        // 800 significant digits and more: the digits past those kept only count as a nudge.
        let long = format!("{}5{}1e-300", "1".repeat(17), "0".repeat(900));
        same_as_std(&long).unwrap();
        same_as_std(&halfway(1.0).replace('.', "").replacen("1", "1.", 1)).unwrap();
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// The decimal exactly halfway between two doubles, and a hair either side of it.
        #[test]
        fn halfway_cases(bits in 1u64..0x7fef_ffff_ffff_ffff, small in any::<bool>()) {
            // Half of the cases near the subnormals and the small numbers, where the exact
            // decimals are longest.
            let x = f64::from_bits(if small { bits >> 10 } else { bits }.max(1));
            let h = halfway(x);
            prop_assert!(same_as_std(&h).is_ok(), "{}", same_as_std(&h).unwrap_err());
            let above = if h.contains('.') { format!("{h}0000001") } else { format!("{h}.0000001") };
            prop_assert!(same_as_std(&above).is_ok(), "{}", same_as_std(&above).unwrap_err());
            if let Some(stem) = h.strip_suffix('5') {
                let below = format!("{stem}49999999");
                prop_assert!(same_as_std(&below).is_ok(), "{}", same_as_std(&below).unwrap_err());
            }
        }

        /// Digits and exponents anywhere in and around the range of doubles.
        #[test]
        fn decimals(digits in "[1-9][0-9]{0,60}", point in 0usize..62, exp in -400i32..400) {
            let mut text = digits.clone();
            if point > 0 && point < digits.len() {
                text.insert(point, '.');
            }
            let text = format!("{text}e{exp}");
            prop_assert!(same_as_std(&text).is_ok(), "{}", same_as_std(&text).unwrap_err());
        }
    }
}
