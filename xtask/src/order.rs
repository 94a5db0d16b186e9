//! Function order for gzip: the optimised module's functions laid out so that similar code sits
//! together, where gzip's 32 KiB window finds it.
//!
//! rustc and wasm-opt leave functions roughly in the order LLVM emitted them, so the thirty
//! instances of one generic (`GenericShunt::next` for each type the JSON readers collect, each
//! hook's `use_effect`, every `drop_in_place`) are scattered across the code section and each
//! is compressed on its own. Sorted by name without the symbol hash, a trait's method for
//! every type together (`<T as Trait>::f` by `Trait::f`, then `T`), smallest first, the
//! instances of each generic come one after another. Measured on the self-check (docs/size.md,
//! session 7): −3.8 KB gzip against wasm-opt's order, −2.0 KB against wasm-opt's plain
//! `--reorder-functions-by-name`. The order changes nothing else: calls name functions by
//! index and wasm-opt renumbers them.
//!
//! How: [`rank_names`] rewrites the module's name section so that each defined function is
//! named by its rank (`00000`, `00001`, …), then wasm-opt `--reorder-functions-by-name
//! --strip-debug` lays them out in that order and drops the names.

use std::fs;
use std::path::Path;

fn leb(b: &[u8], i: &mut usize) -> Result<u32, String> {
    let mut r: u64 = 0;
    let mut shift = 0;
    loop {
        let x = *b.get(*i).ok_or("truncated LEB128")?;
        *i += 1;
        r |= u64::from(x & 0x7f) << shift;
        if x < 0x80 {
            return u32::try_from(r).map_err(|_| "LEB128 over 32 bits".to_string());
        }
        shift += 7;
        if shift > 35 {
            return Err("LEB128 too long".into());
        }
    }
}

fn put_leb(out: &mut Vec<u8>, mut n: u32) {
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// A Rust symbol without its `::h<16 hex digits>` hash or `[<16 hex digits>]` crate
/// disambiguator, and without leading `<` and `"` (so `<T as Trait>::f` sorts with `T`).
fn sort_key(name: &str) -> String {
    let mut s = String::with_capacity(name.len());
    let b = name.as_bytes();
    let hex = |r: &[u8]| r.len() >= 16 && r[..16].iter().all(u8::is_ascii_hexdigit);
    let mut i = 0;
    while i < b.len() {
        if name[i..].starts_with("::h") && hex(&b[i + 3..]) {
            i += 19;
            continue;
        }
        if b[i] == b'[' && hex(&b[i + 1..]) && b.get(i + 17) == Some(&b']') {
            i += 18;
            continue;
        }
        let c = name[i..].chars().next().unwrap_or('\u{fffd}');
        s.push(c);
        i += c.len_utf8();
    }
    // A trait method, `<T as Trait>::f`, sorts with the other types' `Trait::f` (every
    // `Iterator::next`, every `FromJson::from_json`): they share more code than one type's
    // methods do.
    if let Some(inner) = s.strip_prefix('<') {
        if let Some(a) = inner.rfind(" as ") {
            if let Some(m) = inner[a + 4..].find(">::") {
                let (ty, tr) = (&inner[..a], &inner[a + 4..a + 4 + m]);
                return format!("{tr}::{}|{ty}", &inner[a + 4 + m + 3..]);
            }
        }
    }
    s.trim_start_matches(['<', '"']).to_string()
}

/// Rename every defined function of `wasm` (which must carry a name section, as wasm-opt `-g`
/// writes it) to its rank in the gzip-friendly order. Imports keep no names (they are never
/// reordered). A module without names is left as it is: its order cannot be improved.
pub fn rank_names(wasm: &Path) -> Result<(), String> {
    let data = fs::read(wasm).map_err(|e| format!("cannot read {}: {e}", wasm.display()))?;
    let out = rank_names_bytes(&data).map_err(|e| format!("{}: {e}", wasm.display()))?;
    if let Some(out) = out {
        fs::write(wasm, out).map_err(|e| format!("cannot write {}: {e}", wasm.display()))?;
    }
    Ok(())
}

fn rank_names_bytes(data: &[u8]) -> Result<Option<Vec<u8>>, String> {
    if data.len() < 8 || &data[..4] != b"\0asm" {
        return Err("not a wasm module".into());
    }
    // (id, start of the section header, start of its payload, payload length)
    let mut sections = Vec::new();
    let mut i = 8;
    while i < data.len() {
        let start = i;
        let id = data[i];
        i += 1;
        let n = leb(data, &mut i)? as usize;
        if i + n > data.len() {
            return Err("a section runs past the end".into());
        }
        sections.push((id, start, i, n));
        i += n;
    }
    let mut imported = 0u32;
    let mut sizes: Vec<usize> = Vec::new();
    let mut named: Vec<(u32, String)> = Vec::new();
    let mut name_section = None;
    for &(id, start, p, n) in &sections {
        let b = &data[p..p + n];
        let mut j = 0;
        match id {
            2 => {
                for _ in 0..leb(b, &mut j)? {
                    for _ in 0..2 {
                        let l = leb(b, &mut j)? as usize;
                        j += l;
                    }
                    let kind = *b.get(j).ok_or("truncated import")?;
                    j += 1;
                    match kind {
                        0 => {
                            leb(b, &mut j)?;
                            imported += 1;
                        }
                        1 | 2 => {
                            if kind == 1 {
                                j += 1; // element type
                            }
                            let flags = *b.get(j).ok_or("truncated limits")?;
                            j += 1;
                            leb(b, &mut j)?;
                            if flags & 1 != 0 {
                                leb(b, &mut j)?;
                            }
                        }
                        3 => j += 2,
                        4 => {
                            j += 1;
                            leb(b, &mut j)?;
                        }
                        k => return Err(format!("unknown import kind {k}")),
                    }
                }
            }
            10 => {
                for _ in 0..leb(b, &mut j)? {
                    let l = leb(b, &mut j)? as usize;
                    sizes.push(l);
                    j += l;
                }
            }
            0 => {
                let l = leb(b, &mut j)? as usize;
                if b.get(j..j + l) != Some(b"name".as_slice()) {
                    continue;
                }
                j += l;
                name_section = Some(start);
                while j < b.len() {
                    let sub = b[j];
                    j += 1;
                    let len = leb(b, &mut j)? as usize;
                    let end = j + len;
                    if sub == 1 {
                        let mut k = j;
                        for _ in 0..leb(b, &mut k)? {
                            let idx = leb(b, &mut k)?;
                            let l = leb(b, &mut k)? as usize;
                            let s =
                                String::from_utf8_lossy(b.get(k..k + l).ok_or("truncated name")?)
                                    .into_owned();
                            k += l;
                            named.push((idx, s));
                        }
                    }
                    j = end;
                }
            }
            _ => {}
        }
    }
    let mut names: Vec<Option<String>> = vec![None; sizes.len()];
    for (idx, s) in named {
        if let Some(slot) = idx
            .checked_sub(imported)
            .and_then(|f| names.get_mut(f as usize))
        {
            *slot = Some(s);
        }
    }
    if name_section.is_none() || names.iter().all(Option::is_none) {
        return Ok(None);
    }
    let keys: Vec<String> = names
        .iter()
        .map(|n| n.as_deref().map(sort_key).unwrap_or_default())
        .collect();
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    // Same name: smallest first; the index keeps the order total.
    order.sort_by(|&a, &b| {
        keys[a]
            .cmp(&keys[b])
            .then(sizes[a].cmp(&sizes[b]))
            .then(a.cmp(&b))
    });
    let mut rank = vec![0usize; sizes.len()];
    for (r, &f) in order.iter().enumerate() {
        rank[f] = r;
    }
    let mut map = Vec::new();
    put_leb(&mut map, sizes.len() as u32);
    for (f, r) in rank.iter().enumerate() {
        put_leb(&mut map, imported + f as u32);
        let s = format!("{r:06}");
        put_leb(&mut map, s.len() as u32);
        map.extend_from_slice(s.as_bytes());
    }
    let mut payload = Vec::new();
    put_leb(&mut payload, 4);
    payload.extend_from_slice(b"name");
    payload.push(1);
    put_leb(&mut payload, map.len() as u32);
    payload.extend_from_slice(&map);
    let mut out = data[..8].to_vec();
    for &(_, start, p, n) in &sections {
        if Some(start) != name_section {
            out.extend_from_slice(&data[start..p + n]);
        }
    }
    out.push(0);
    put_leb(&mut out, payload.len() as u32);
    out.extend_from_slice(&payload);
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_drop_hashes_and_leading_brackets() {
        assert_eq!(
            sort_key("<core::iter::adapters::GenericShunt<I,R> as core::iter::traits::iterator::Iterator>::next::hc21ed4b4286889c9"),
            "core::iter::traits::iterator::Iterator::next|core::iter::adapters::GenericShunt<I,R>"
        );
        assert_eq!(
            sort_key("<core[c5930c85a12de822]::str::pattern::StrSearcher>::new"),
            "core::str::pattern::StrSearcher>::new"
        );
        assert_eq!(
            sort_key("core::ptr::drop_in_place<xinyong_json::Json>::hbe1352e3360377c5"),
            "core::ptr::drop_in_place<xinyong_json::Json>"
        );
        // Not a hash: kept.
        assert_eq!(sort_key("a::hello"), "a::hello");
    }

    /// A module of three functions named c, a, b: the name section comes out with their ranks
    /// (a → 0, b → 1, c → 2), everything else byte for byte.
    #[test]
    fn ranks_replace_the_names() {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        // type section: one type () -> ()
        m.extend_from_slice(&[1, 4, 1, 0x60, 0, 0]);
        // function section: three functions of type 0
        m.extend_from_slice(&[3, 4, 3, 0, 0, 0]);
        // code section: three empty bodies (0 locals, end)
        m.extend_from_slice(&[10, 10, 3, 2, 0, 0x0b, 2, 0, 0x0b, 2, 0, 0x0b]);
        let mut names = vec![3u8];
        for (i, n) in ["c", "a", "b"].iter().enumerate() {
            names.extend_from_slice(&[i as u8, 1, n.as_bytes()[0]]);
        }
        let mut payload = vec![4];
        payload.extend_from_slice(b"name");
        payload.extend_from_slice(&[1, names.len() as u8]);
        payload.extend_from_slice(&names);
        m.push(0);
        m.push(payload.len() as u8);
        m.extend_from_slice(&payload);
        let out = rank_names_bytes(&m).unwrap().unwrap();
        let code_end = 8 + 6 + 6 + 12;
        assert_eq!(out[..code_end], m[..code_end]);
        let tail = String::from_utf8_lossy(&out[code_end..]).into_owned();
        let ranks: Vec<&str> = ["000002", "000000", "000001"].to_vec();
        let mut at = 0;
        for r in ranks {
            let p = tail[at..].find(r).expect("rank in order of index");
            at += p + r.len();
        }
        // No names, no change.
        assert!(rank_names_bytes(&m[..code_end]).unwrap().is_none());
    }
}
