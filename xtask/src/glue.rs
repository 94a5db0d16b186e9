//! Short names for the wires between a wasm module and its wasm-bindgen JS glue.
//!
//! wasm-bindgen names every import `__wbg_<method>_<16 hex digits>` and the closure shims it
//! exports `wasm_bindgen__convert__closures_____invoke__h<16 hex digits>`. Each name is
//! written twice, in the wasm's import or export section and in the glue, and the hashes do
//! not compress: for the self-check widget about 4.8 KB of its gzip size (docs/size.md).
//! Nothing outside the pair sees these names, so both are renamed together to `a`, `b`, …
//! before wasm-opt and terser run. The public JS API (the glue's own exports such as `mount`)
//! is untouched.

use std::fs;
use std::path::Path;

/// Renames the imports of `bg_wasm` from its glue module and, with `exports`, the exports
/// wasm-bindgen generated (a bundle with a TypeScript declaration keeps them: its `InitOutput` lists them),
/// and rewrites `glue_js` to match. Refuses (and changes nothing) when the glue mentions a name in
/// a way this does not understand, so a future wasm-bindgen cannot be half-renamed silently.
pub fn shorten(bg_wasm: &Path, glue_js: &Path, exports: bool) -> Result<(), String> {
    let bytes = fs::read(bg_wasm).map_err(|e| format!("cannot read {}: {e}", bg_wasm.display()))?;
    let mut js = fs::read_to_string(glue_js)
        .map_err(|e| format!("cannot read {}: {e}", glue_js.display()))?;
    let mut module = walrus::Module::from_buffer(&bytes)
        .map_err(|e| format!("cannot read {} as wasm: {e}", bg_wasm.display()))?;
    let glue_module = format!(
        "./{}",
        bg_wasm
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .replace(".wasm", ".js")
    );
    if js.contains("wasm[") {
        return Err(format!(
            "{}: the glue indexes `wasm[…]`; renaming its exports would miss that",
            glue_js.display()
        ));
    }
    let mut next = 0usize;
    // Each name is renamed in the wasm and in the glue, or the build stops.
    // `exactly == usize::MAX`: a generated export the glue may not use at all (e.g.
    // `__wbindgen_free` once no export returns a string); nothing can reach it then (no
    // `wasm[…]`, checked above), so it is renamed in the wasm alone.
    let mut rename = |name: &mut String, what: &str, prefix: &str, exactly: usize| {
        let new = short_name(next);
        next += 1;
        if exactly == usize::MAX && !js.contains(name.as_str()) {
            *name = new;
            return Ok(());
        }
        let exactly = if exactly == usize::MAX { 0 } else { exactly };
        js = replace_tokens(&js, name, &new, prefix, exactly)
            .map_err(|e| format!("{}: {what} {name}: {e}", glue_js.display()))?;
        *name = new;
        Ok::<(), String>(())
    };
    for imp in module.imports.iter_mut() {
        if imp.module == glue_module {
            // An import is one key of the glue's import object: exactly one mention.
            rename(&mut imp.name, "import", "", 1)?;
        }
    }
    for exp in module.exports.iter_mut() {
        if exports && GENERATED.iter().any(|p| exp.name.starts_with(p)) {
            // The glue reads an export as `wasm.<name>` (never `wasm[…]`, checked above).
            rename(&mut exp.name, "export", "wasm.", usize::MAX)?;
        }
    }
    fs::write(bg_wasm, module.emit_wasm())
        .map_err(|e| format!("cannot write {}: {e}", bg_wasm.display()))?;
    fs::write(glue_js, js).map_err(|e| format!("cannot write {}: {e}", glue_js.display()))
}

/// Prefixes of the exports wasm-bindgen adds for its glue (allocator, externref table, closure
/// shims, class finalizers); the crate's own API (`mount`, `widget_unmount`, …) keeps its names,
/// which the glue's JS functions share.
const GENERATED: &[&str] = &["__wbindgen", "__wbg_", "wasm_bindgen__", "__externref"];

/// `a` … `z`, `A` … `Z`, then `aa`, `ab`, …: valid JS identifiers that no wasm-bindgen name
/// (`__wbg_…`, `__wbindgen_…`, `memory`) can equal.
fn short_name(mut n: usize) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut s = Vec::new();
    loop {
        s.push(ALPHABET[n % ALPHABET.len()]);
        n /= ALPHABET.len();
        if n == 0 {
            break;
        }
        n -= 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII")
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$'
}

/// Replaces every whole-token `old` in `js` that follows `prefix` by `new`. With `exactly` > 0,
/// `old` must be mentioned exactly that many times, all after `prefix`; otherwise at least once
/// after `prefix`, and other mentions (a glue function named like the export it wraps, which
/// terser renames anyway) are left alone.
fn replace_tokens(
    js: &str,
    old: &str,
    new: &str,
    prefix: &str,
    exactly: usize,
) -> Result<String, String> {
    let b = js.as_bytes();
    let mut out = String::with_capacity(js.len());
    let (mut last, mut mentions, mut replaced) = (0, 0, 0);
    for (at, _) in js.match_indices(old) {
        let end = at + old.len();
        let whole = (at == 0 || !is_ident(b[at - 1])) && (end == b.len() || !is_ident(b[end]));
        if !whole {
            continue;
        }
        mentions += 1;
        if !js[..at].ends_with(prefix) {
            continue;
        }
        out.push_str(&js[last..at]);
        out.push_str(new);
        last = end;
        replaced += 1;
    }
    out.push_str(&js[last..]);
    if exactly > 0 && (mentions != exactly || replaced != exactly) {
        return Err(format!(
            "expected {exactly} mention(s) as `{prefix}{old}`, found {mentions} ({replaced} so)"
        ));
    }
    if replaced == 0 {
        return Err(format!("never mentioned as `{prefix}{old}`"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_distinct_identifiers() {
        let names: Vec<String> = (0..3000).map(short_name).collect();
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len());
        assert_eq!(&names[..3], ["a", "b", "c"]);
        assert_eq!(names[52], "aa");
        assert!(names
            .iter()
            .all(|n| n.bytes().all(|c| c.is_ascii_alphabetic()) && n != "memory"));
    }

    #[test]
    fn tokens_are_replaced_whole_and_only_with_their_prefix() {
        let js = "function f(x) { return wasm.f(x); } wasm.f_all(); wasm.ff; f(1)";
        assert_eq!(
            replace_tokens(js, "f", "a", "wasm.", 0).unwrap(),
            "function f(x) { return wasm.a(x); } wasm.f_all(); wasm.ff; f(1)"
        );
        assert_eq!(
            replace_tokens("function f() {}", "f", "a", "wasm.", 0).unwrap_err(),
            "never mentioned as `wasm.f`"
        );
        let js = "{ __wbg_f_1: function() {}, __wbg_f_12: 1 }";
        assert_eq!(
            replace_tokens(js, "__wbg_f_1", "b", "", 1).unwrap(),
            "{ b: function() {}, __wbg_f_12: 1 }"
        );
        assert_eq!(
            replace_tokens("x; x", "x", "y", "", 1).unwrap_err(),
            "expected 1 mention(s) as `x`, found 2 (2 so)"
        );
    }
}
