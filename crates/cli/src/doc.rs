//! `xinyong pack doc ID|PACK-FILE`: the Markdown page of a pack (see `docs/packs/`).

use xinyong_core::pack::{self, Format, Pack};

use crate::{read_input, Fail};

/// The page of a built-in pack by id, or of a pack file (`.toml` / `.json`) on its base.
pub fn run(target: &str) -> Result<String, Fail> {
    let is_file = [".toml", ".json"]
        .iter()
        .any(|e| target.to_ascii_lowercase().ends_with(e));
    let owned: Pack;
    let p: &Pack = if is_file {
        let text = read_input(target, "PACK", pack::MAX_PACK_BYTES)?;
        // Linted like any pack; a page documents the file as written, so a shipped pack's
        // source (with its built-in id) is documented too.
        owned = pack::load_as_shipped(&text, Format::from_name(target))?;
        &owned
    } else {
        pack::builtin(target)?
    };
    let base = match &p.meta.base {
        Some(b) => Some(pack::builtin(b)?),
        None => None,
    };
    // A pack file's wording is someone else's text: no control character reaches the page or
    // the terminal it is printed on (its own line breaks stay).
    Ok(crate::term::safe_lines(&pack::doc::markdown(p, base)).into_owned())
}
