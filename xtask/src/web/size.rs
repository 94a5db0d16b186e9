//! The widget's gzip sizes and its budget: `cargo xtask size` (and `dist`, which prints them).

use std::fs;
use std::io::Write;
use std::path::Path;

use super::bundle::build_dist;
use super::no_args;
use crate::util::step;

/// Total gzip budget of what a portal page downloads for the widget (wasm + JS): issue #5's
/// "250 KB", measured in KiB as every figure here is.
const BUDGET_GZIP: u64 = 250 * 1024;

fn gzip_len(bytes: &[u8]) -> u64 {
    use flate2::{write::GzEncoder, Compression};
    let mut e = GzEncoder::new(Vec::new(), Compression::best());
    let _ = e.write_all(bytes);
    e.finish().map(|v| v.len() as u64).unwrap_or(0)
}

/// KiB (1024 bytes), the unit of the budget since it was first measured.
fn kb(n: u64) -> String {
    format!("{:.1} KiB", n as f64 / 1024.0)
}

/// Print raw and gzip sizes; the widget's gzip total (wasm + JS).
pub(super) fn report_sizes(dist: &Path) -> Result<u64, String> {
    step("sizes (raw / gzip -9)");
    let manifest = super::publish::read_manifest(dist)?;
    let mut total = 0;
    let mut api = 0;
    let mut staff = 0;
    let mut pack = 0;
    for f in [
        "xinyong_web_bg.wasm",
        "xinyong_web.js",
        "xinyong-check.js",
        "index.html",
        "xinyong-api_bg.wasm",
        "xinyong-api.js",
        "xinyong-staff_bg.wasm",
        "xinyong-staff.js",
        "xinyong-staff-worker.js",
        "xinyong_web_staff_bg.wasm",
        "xinyong_web_staff.js",
        "xinyong_web_pack_bg.wasm",
        "xinyong_web_pack.js",
    ] {
        let file = super::publish::resolve(&manifest, f);
        let bytes =
            fs::read(dist.join(&file)).map_err(|e| format!("cannot read dist/{file}: {e}"))?;
        let gz = gzip_len(&bytes);
        if f.starts_with("xinyong-api") {
            api += gz;
        } else if f.starts_with("xinyong_web_pack") {
            pack += gz;
        } else if f.starts_with("xinyong-staff") || f.starts_with("xinyong_web_staff") {
            staff += gz;
        } else if f != "index.html" {
            total += gz;
        }
        println!(
            "    {f:<34} {:>10} raw {:>10} gzip",
            kb(bytes.len() as u64),
            kb(gz)
        );
    }
    // `national` is compiled into every wasm; the self-check fetches one regional overlay, the
    // one a visitor picks (the other builds embed them all).
    let mut largest = 0;
    for l in xinyong_core::pack::pack_listing() {
        let json = xinyong_core::pack::builtin_json(l.id).unwrap_or_default();
        let gz = gzip_len(json.as_bytes());
        let (name, how) = match l.base {
            None => (format!("pack {}", l.id), "in every wasm"),
            Some(_) => {
                largest = largest.max(gz);
                (format!("packs/{}.json", l.id), "fetched when picked")
            }
        };
        println!(
            "    {name:<34} {:>10} raw {:>10} gzip  ({how})",
            kb(json.len() as u64),
            kb(gz)
        );
    }
    println!("    headless API total (wasm + JS): {} gzip", kb(api));
    println!(
        "    pack build (for pack-src: the self-check plus the pack checker and the regional packs; wasm + JS): {} gzip",
        kb(pack)
    );
    println!(
        "    staff mode total (staff build of the widget + staff module + worker; inquiry fetches only the module and worker; not in the widget budget): {} gzip",
        kb(staff)
    );
    println!(
        "    widget total (wasm + JS + element): {} gzip ({total} bytes), budget {} — {}; a visitor who picks a region also fetches its pack (at most {})",
        kb(total),
        kb(BUDGET_GZIP),
        if total <= BUDGET_GZIP {
            "within budget"
        } else {
            "OVER BUDGET"
        },
        kb(largest)
    );
    Ok(total)
}

fn over_budget(total: u64) -> String {
    format!(
        "the widget is {} gzip, over the {} budget",
        kb(total),
        kb(BUDGET_GZIP)
    )
}

/// Builds and tests go on when over budget (the overage is reported, and `cargo xtask size`
/// fails on it), so one heavy dependency does not block every other check.
pub(super) fn warn_budget(total: u64) {
    if total > BUDGET_GZIP {
        println!(
            "    WARNING: {}; `cargo xtask size` fails until it is fixed",
            over_budget(total)
        );
    }
}

pub fn dist(args: &[String]) -> Result<(), String> {
    no_args("dist", args)?;
    let d = build_dist()?;
    warn_budget(report_sizes(&d)?);
    Ok(())
}

pub fn size(args: &[String]) -> Result<(), String> {
    no_args("size", args)?;
    // Always rebuild: a stale dist/ would report yesterday's sizes (cargo is incremental).
    let d = build_dist()?;
    let total = report_sizes(&d)?;
    if total > BUDGET_GZIP {
        return Err(over_budget(total));
    }
    Ok(())
}
