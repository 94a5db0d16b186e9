//! Which pack answers a region, and fetching the regional overlays the self-check build does
//! not embed.
//!
//! The public self-check embeds `national` only (core without its `overlays` feature): each
//! overlay is 3–8 KB gzip and a visitor needs one at most, while all of them embedded were
//! 15 KB of every visitor's download. `cargo xtask dist` writes `packs/<id>.<hash>.json` beside the
//! module; the build knows each file's SRI hash, so the browser refuses a file that is not the
//! one this build was made with. What a fetch reveals is the region picked, never subject data.

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use xinyong_core::pack::{pack_listing, Pack, PackListing};
use xinyong_core::Problem;

use crate::dom::js_text;

thread_local! {
    /// Overlays fetched on this page. A pack lives as long as the page (components hold
    /// `&'static` packs, like the embedded ones), so each is fetched and parsed once per page
    /// whichever widget asked first.
    static FETCHED: RefCell<Vec<&'static Pack>> = const { RefCell::new(Vec::new()) };
}

/// What answers a region now.
#[derive(Clone, Copy, Debug)]
pub enum PackFor {
    Ready(&'static Pack),
    /// A shipped overlay this build does not embed and this page has not fetched yet.
    Fetch(&'static PackListing),
}

/// The pack a region names: embedded, fetched on this page, or to fetch; an unknown region
/// falls back to the first embedded pack (`national`).
pub fn pack_for(region: &str) -> Option<PackFor> {
    let embedded = xinyong_core::pack::builtin_packs().ok()?;
    if let Some(p) = embedded.iter().find(|p| p.meta.id == region) {
        return Some(PackFor::Ready(p));
    }
    if let Some(p) = FETCHED.with(|f| f.borrow().iter().copied().find(|p| p.meta.id == region)) {
        return Some(PackFor::Ready(p));
    }
    if let Some(l) = pack_listing().iter().find(|l| l.id == region) {
        return Some(PackFor::Fetch(l));
    }
    embedded.first().map(PackFor::Ready)
}

/// Fetch `<base><id>.<hash>.json` (`listing.file`, content-addressed so a portal may cache it
/// for a year), check it against the build's hash and load it on its embedded base.
pub async fn fetch(base: &str, listing: &'static PackListing) -> Result<&'static Pack, Problem> {
    let id = listing.id;
    let url = format!("{base}{}", listing.file);
    let failed = |why: String| {
        Problem::new(
            "region",
            Some(format!("\"{id}\"")),
            format!("地区规则包载入失败（{url}）：{why}。请刷新页面重试。"),
            format!("The regional rule pack could not be loaded ({url}): {why}. Reload the page to try again."),
        )
    };
    let window = web_sys::window().ok_or_else(|| failed("no window".into()))?;
    let init = web_sys::RequestInit::new();
    // The browser checks the file against the hash this build was made with.
    init.set_integrity(listing.integrity);
    let response =
        wasm_bindgen_futures::JsFuture::from(window.fetch_with_str_and_init(&url, &init))
            .await
            .map_err(|e| failed(js_text(e)))?;
    let response: web_sys::Response = response.dyn_into().map_err(|e| failed(js_text(e)))?;
    if !response.ok() {
        return Err(failed(format!("HTTP {}", response.status())));
    }
    let text =
        wasm_bindgen_futures::JsFuture::from(response.text().map_err(|e| failed(js_text(e)))?)
            .await
            .map_err(|e| failed(js_text(e)))?
            .as_string()
            .unwrap_or_default();
    // Pinned by its hash to the file the build linted: loaded without the lint.
    let pack = xinyong_core::pack::load_shipped(&text).map_err(|p| failed(p.to_string()))?;
    if pack.meta.id != id {
        return Err(failed(format!("the file holds pack \"{}\"", pack.meta.id)));
    }
    Ok(FETCHED.with(|f| {
        let mut f = f.borrow_mut();
        // Two widgets may have fetched the same pack at once; the page keeps the first.
        if let Some(p) = f.iter().copied().find(|p| p.meta.id == id) {
            return p;
        }
        let p: &'static Pack = Box::leak(Box::new(pack));
        f.push(p);
        p
    }))
}
