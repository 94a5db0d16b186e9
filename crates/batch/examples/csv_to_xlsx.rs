//! A CSV batch (UTF-8, as `cargo xtask dataset --csv` writes it) as a workbook of the same cells,
//! every cell a string, written in low-memory mode (rows flushed as they go, strings shared as Excel saves them): the XLSX input of the batch
//! measurements in docs/scale.md.
//!
//! `csv_to_xlsx IN.csv OUT.xlsx`

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, out] = &args[..] else {
        return Err("usage: csv_to_xlsx IN.csv OUT.xlsx".into());
    };
    let file = std::fs::File::open(input).map_err(|e| format!("{input}: {e}"))?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(std::io::BufReader::new(file));
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb
        .add_worksheet_with_low_memory()
        .map_err(|e| e.to_string())?;
    let mut rec = csv::StringRecord::new();
    let mut row = 0u32;
    while rdr.read_record(&mut rec).map_err(|e| e.to_string())? {
        for (c, v) in rec.iter().enumerate() {
            let v = if row == 0 {
                v.trim_start_matches('\u{feff}')
            } else {
                v
            };
            if !v.is_empty() {
                ws.write_string(row, c as u16, v)
                    .map_err(|e| e.to_string())?;
            }
        }
        row += 1;
    }
    wb.save(out).map_err(|e| e.to_string())?;
    eprintln!("{row} rows → {out}");
    Ok(())
}
