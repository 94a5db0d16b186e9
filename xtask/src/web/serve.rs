//! The static server of dist/ (`cargo xtask demo`, the browser tests): GET/HEAD on 127.0.0.1.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::bundle::build_dist;
use super::size::{report_sizes, warn_budget};

/// A small static file server for dist/ (GET/HEAD, 127.0.0.1 only).
pub struct Server {
    pub url: String,
}

/// Folders served under `/<prefix>/` besides the root (e.g. `test-data` → target/e2e-data).
pub type Mounts = Vec<(String, PathBuf)>;

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "csv" => "text/csv; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "jsonl" => "application/x-ndjson",
        _ => "application/octet-stream",
    }
}

/// What a portal's server should send with each file of dist/ (dist/README.md has the nginx
/// and IIS settings that do the same): content-hashed names (`publish::is_hashed`) are cached
/// for a year as `immutable`; the entry points and pages (`xinyong-check.js`, `xinyong-api.js`,
/// `*.html`) are revalidated on every load (`no-cache`), so an upgrade reaches every visitor at
/// once. Mounted folders (test data, node_modules) are never cached.
pub(super) fn cache_control(rel: &str, mounted: bool) -> &'static str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if mounted {
        "no-store"
    } else if super::publish::is_hashed(name) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

/// The precompressed copy to send for `Accept-Encoding` (brotli first, then gzip), if the
/// client takes it and dist/ has it: (`Content-Encoding`, file suffix).
fn pick_encoding(accept: &str, file: &Path) -> Option<(&'static str, &'static str)> {
    let takes = |coding: &str| {
        accept.split(',').any(|part| {
            let mut it = part.split(';');
            let name = it.next().unwrap_or("").trim();
            let q_zero = it.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    == Some(0.0)
            });
            name.eq_ignore_ascii_case(coding) && !q_zero
        })
    };
    [("br", ".br"), ("gzip", ".gz")]
        .into_iter()
        .find(|(coding, suffix)| {
            let mut p = file.as_os_str().to_owned();
            p.push(suffix);
            takes(coding) && Path::new(&p).is_file()
        })
}

fn respond(mut s: TcpStream, root_dir: &Path, mounts: &Mounts) {
    let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(match s.try_clone() {
        Ok(c) => c,
        Err(_) => return,
    });
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    // Read the headers (only Accept-Encoding matters); the body of a GET is empty.
    let mut accept = String::new();
    let mut h = String::new();
    while reader.read_line(&mut h).map(|n| n > 2).unwrap_or(false) {
        if let Some((k, v)) = h.split_once(':') {
            if k.trim().eq_ignore_ascii_case("accept-encoding") {
                accept = v.trim().to_string();
            }
        }
        h.clear();
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let rel = path.trim_start_matches('/');
    let rel = if rel.is_empty() { "index.html" } else { rel };
    // A mount's prefix picks its folder; the same traversal check applies inside it.
    let (dir, rel, mounted) = mounts
        .iter()
        .find_map(|(prefix, d)| {
            rel.strip_prefix(prefix.as_str())
                .and_then(|r| r.strip_prefix('/'))
                .map(|r| (d.as_path(), r, true))
        })
        .unwrap_or((root_dir, rel, false));
    let file = dir.join(rel);
    let safe = !rel.split('/').any(|c| c == ".." || c.is_empty()) && file.starts_with(dir);
    let mut extra = String::new();
    let (status, body, ctype) = match (method, safe) {
        ("GET" | "HEAD", true) if file.is_file() => {
            let encoding = pick_encoding(&accept, &file);
            let mut variant = file.as_os_str().to_owned();
            if let Some((coding, suffix)) = encoding {
                variant.push(suffix);
                extra += &format!("Content-Encoding: {coding}\r\n");
            }
            let mut br = file.as_os_str().to_owned();
            br.push(".br");
            let mut gz = file.as_os_str().to_owned();
            gz.push(".gz");
            if Path::new(&br).is_file() || Path::new(&gz).is_file() {
                extra += "Vary: Accept-Encoding\r\n";
            }
            extra += &format!("Cache-Control: {}\r\n", cache_control(rel, mounted));
            match fs::read(&variant) {
                Ok(b) => ("200 OK", b, content_type(&file)),
                Err(_) => ("404 Not Found", b"not found".to_vec(), "text/plain"),
            }
        }
        ("GET" | "HEAD", true) => ("404 Not Found", b"not found".to_vec(), "text/plain"),
        ("GET" | "HEAD", false) => ("403 Forbidden", b"forbidden".to_vec(), "text/plain"),
        _ => (
            "405 Method Not Allowed",
            b"method not allowed".to_vec(),
            "text/plain",
        ),
    };
    if !extra.contains("Cache-Control") {
        extra += "Cache-Control: no-store\r\n";
    }
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n{extra}X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = s.write_all(head.as_bytes());
    if method != "HEAD" {
        let _ = s.write_all(&body);
    }
    let _ = s.flush();
    // Let the client close first so no data is lost to a reset.
    let _ = s.shutdown(std::net::Shutdown::Write);
    let _ = reader.read(&mut [0u8; 64]);
}

/// The framework builds the demo pages `demo/react.html` and `demo/vue.html` load, from the npm
/// packages of the committed lock file (dev dependencies; nothing is vendored into dist/):
/// `/vendor/react/`, `/vendor/react-dom/` (React 18's UMD builds) and `/vendor/vue/` (Vue's ES
/// module build with the template compiler).
pub(super) fn vendor_mounts() -> Mounts {
    let nm = crate::util::root().join("node_modules");
    vec![
        ("vendor/react".into(), nm.join("react/umd")),
        ("vendor/react-dom".into(), nm.join("react-dom/umd")),
        ("vendor/vue".into(), nm.join("vue/dist")),
    ]
}

/// Serve `dir` on 127.0.0.1:`port` (0 = any free port) from a background thread.
#[cfg(test)]
pub fn serve(dir: PathBuf, port: u16) -> Result<Server, String> {
    serve_with(dir, Vec::new(), port)
}

/// `serve`, plus each mount's folder under `/<prefix>/`.
pub fn serve_with(dir: PathBuf, mounts: Mounts, port: u16) -> Result<Server, String> {
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
        format!("cannot listen on 127.0.0.1:{port}: {e} (is another server running there?)")
    })?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    std::thread::spawn(move || {
        let mounts = std::sync::Arc::new(mounts);
        for s in listener.incoming().flatten() {
            let dir = dir.clone();
            let mounts = mounts.clone();
            std::thread::spawn(move || respond(s, &dir, &mounts));
        }
    });
    Ok(Server {
        url: format!("http://{addr}/"),
    })
}

pub fn demo(args: &[String]) -> Result<(), String> {
    let port = match args {
        [] => 8080,
        [flag, p] if flag == "--port" => p
            .parse()
            .map_err(|_| format!("--port wants a number, got `{p}`"))?,
        _ => return Err("usage: cargo xtask demo [--port N]".into()),
    };
    let d = build_dist()?;
    warn_budget(report_sizes(&d)?);
    let server = serve_with(d, vendor_mounts(), port)?;
    println!(
        "\n  xinyong demo: {}\n  embedding demos: {}demo/ (portal, headless API, events, strict CSP, portal pack, React, Vue)\n  (serving dist/ on 127.0.0.1 only; Ctrl-C to stop)",
        server.url.trim_end_matches('/'),
        server.url
    );
    loop {
        std::thread::park();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::fresh_temp_dir;

    fn get(url: &str, path: &str) -> String {
        String::from_utf8_lossy(&get_with(url, path, "")).into_owned()
    }

    fn get_with(url: &str, path: &str, headers: &str) -> Vec<u8> {
        let addr = url.trim_start_matches("http://").trim_end_matches('/');
        let mut s = TcpStream::connect(addr).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\n{headers}\r\n").unwrap();
        let mut out = Vec::new();
        s.read_to_end(&mut out).unwrap();
        out
    }

    /// (lower-case header lines, body) of a response.
    fn split(resp: &[u8]) -> (String, Vec<u8>) {
        let at = resp.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        (
            String::from_utf8_lossy(&resp[..at]).to_lowercase(),
            resp[at + 4..].to_vec(),
        )
    }

    /// What a portal should send, as `cargo xtask demo` and the browser tests send it: the
    /// precompressed copy the client takes (brotli before gzip), its Content-Encoding, the
    /// file's own Content-Type (application/wasm), a year of `immutable` for hashed names and
    /// `no-cache` for the entry points.
    #[test]
    fn precompressed_files_with_the_headers_a_portal_should_send() {
        let root = fresh_temp_dir("serve-enc").unwrap();
        let wasm = "xinyong_web_bg.0123456789.wasm";
        fs::write(root.join(wasm), b"\0asm plain").unwrap();
        fs::write(root.join(format!("{wasm}.br")), b"brotli bytes").unwrap();
        fs::write(root.join(format!("{wasm}.gz")), b"gzip bytes").unwrap();
        fs::write(root.join("xinyong-check.js"), b"plain js").unwrap();
        fs::write(root.join("xinyong-check.js.gz"), b"gzip js").unwrap();
        let server = serve(root.clone(), 0).unwrap();
        let url = &server.url;

        let (h, body) = split(&get_with(
            url,
            &format!("/{wasm}"),
            "Accept-Encoding: gzip, deflate, br, zstd\r\n",
        ));
        assert!(h.starts_with("http/1.1 200"), "{h}");
        assert!(h.contains("\r\ncontent-type: application/wasm\r\n"), "{h}");
        assert!(h.contains("\r\ncontent-encoding: br\r\n"), "{h}");
        assert!(h.contains("\r\nvary: accept-encoding\r\n"), "{h}");
        assert!(
            h.contains("\r\ncache-control: public, max-age=31536000, immutable\r\n"),
            "{h}"
        );
        assert!(
            h.contains(&format!("\r\ncontent-length: {}\r\n", body.len())),
            "{h}"
        );
        assert_eq!(body, b"brotli bytes");

        let (h, body) = split(&get_with(
            url,
            &format!("/{wasm}"),
            "Accept-Encoding: gzip;q=1.0, br;q=0\r\n",
        ));
        assert!(h.contains("\r\ncontent-encoding: gzip\r\n"), "{h}");
        assert_eq!(body, b"gzip bytes");

        let (h, body) = split(&get_with(url, &format!("/{wasm}"), ""));
        assert!(!h.contains("content-encoding"), "{h}");
        assert!(h.contains("\r\nvary: accept-encoding\r\n"), "{h}");
        assert_eq!(body, b"\0asm plain");

        // The entry point keeps its name, so it is revalidated on every page load.
        let (h, body) = split(&get_with(
            url,
            "/xinyong-check.js",
            "Accept-Encoding: br, gzip\r\n",
        ));
        assert!(
            h.contains("\r\ncontent-type: text/javascript; charset=utf-8\r\n"),
            "{h}"
        );
        assert!(
            h.contains("\r\ncontent-encoding: gzip\r\n"),
            "no .br: gzip: {h}"
        );
        assert!(h.contains("\r\ncache-control: no-cache\r\n"), "{h}");
        assert_eq!(body, b"gzip js");
        let _ = fs::remove_dir_all(root);
    }

    #[test]
    fn mounts_serve_their_folder_and_keep_traversal_out() {
        let root = fresh_temp_dir("serve-root").unwrap();
        let data = fresh_temp_dir("serve-data").unwrap();
        fs::write(root.join("a.txt"), "root file").unwrap();
        fs::write(data.join("b.csv"), "data file").unwrap();
        fs::write(root.join("b.csv"), "not this one").unwrap();
        let server = serve_with(root.clone(), vec![("test-data".into(), data.clone())], 0).unwrap();
        let ok = |p: &str, body: &str| {
            let r = get(&server.url, p);
            assert!(
                r.starts_with("HTTP/1.1 200") && r.ends_with(body),
                "{p}: {r}"
            );
        };
        ok("/a.txt", "root file");
        ok("/test-data/b.csv", "data file");
        ok("/b.csv", "not this one");
        for bad in [
            "/test-data/../a.txt",
            "/test-data/..",
            "/../a.txt",
            "/test-data//b.csv",
        ] {
            let r = get(&server.url, bad);
            assert!(r.starts_with("HTTP/1.1 403"), "{bad}: {r}");
        }
        assert!(get(&server.url, "/test-data/none.json").starts_with("HTTP/1.1 404"));
        // A prefix only counts as a whole path segment.
        assert!(get(&server.url, "/test-database/b.csv").starts_with("HTTP/1.1 404"));
        let _ = fs::remove_dir_all(root);
        let _ = fs::remove_dir_all(data);
    }
}
