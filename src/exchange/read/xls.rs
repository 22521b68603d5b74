//! `.xls` (BIFF5 and BIFF8 in a compound file): calamine lays out every sheet as a dense
//! grid when it opens the file, and first makes room for the range each sheet's DIMENSIONS
//! record claims. So the Workbook stream is scanned first: the sheet names (BOUNDSHEET), the
//! length of each shared string (SST and its CONTINUE records), and every record that gives
//! a cell a value (NUMBER, RK, MULRK, LABELSST, LABEL, RSTRING, BOOLERR, FORMULA and its
//! STRING), refused past the limits before calamine opens the file. Styled empty cells
//! (BLANK, MULBLANK) are not values; a DIMENSIONS record claiming more than the limits is
//! rewritten to the values' true extent, in place, in the bytes calamine then reads.

use super::limits::{MAX_COLS, MAX_FILE_BYTES, MAX_ROWS, MAX_STRINGS, Tally, TooLarge};
use super::{RawSheet, ReadError, broken};
use std::io::{Cursor, Read, Seek, SeekFrom, Write};

/// Reads every sheet of a workbook's bytes.
pub fn read(bytes: Vec<u8>) -> Result<Vec<RawSheet>, ReadError> {
    let bytes = scan_and_patch(bytes)?;
    let mut wb: calamine::Xls<_> = calamine::Reader::new(Cursor::new(bytes)).map_err(broken)?;
    super::sheets_of(&mut wb)
}

/// Scans the Workbook stream; returns the file's bytes, with any DIMENSIONS record that
/// claims more than the limits rewritten.
fn scan_and_patch(bytes: Vec<u8>) -> Result<Vec<u8>, ReadError> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(broken)?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| cf.is_stream(n))
        .ok_or_else(|| broken("no Workbook stream"))?;
    let mut stream = Vec::new();
    cf.open_stream(name)
        .map_err(broken)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut stream)
        .map_err(broken)?;
    let patches = scan(&stream)?;
    if !patches.is_empty() {
        let mut s = cf.open_stream(name).map_err(broken)?;
        for (at, data) in patches {
            s.seek(SeekFrom::Start(at as u64)).map_err(broken)?;
            s.write_all(&data).map_err(broken)?;
        }
        s.flush().map_err(broken)?;
    }
    Ok(cf.into_inner().into_inner())
}

/// A BIFF record: its type, where its data starts in the stream, and the data.
struct Record<'a> {
    typ: u16,
    at: usize,
    data: &'a [u8],
}

/// The records from `from` on, until the stream ends or a record runs past it.
fn records(stream: &[u8], from: usize) -> impl Iterator<Item = Record<'_>> {
    let mut pos = from;
    std::iter::from_fn(move || {
        let head = stream.get(pos..pos.checked_add(4)?)?;
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = u16::from_le_bytes([head[2], head[3]]) as usize;
        let at = pos + 4;
        let data = stream.get(at..at + len)?;
        pos = at + len;
        Some(Record { typ, at, data })
    })
}

fn u16_at(d: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(d.get(i..i + 2)?.try_into().ok()?))
}

fn u32_at(d: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(d.get(i..i + 4)?.try_into().ok()?))
}

/// Text of `cch` characters costs at most three bytes each once decoded.
fn text_cost(cch: u16) -> u64 {
    u64::from(cch) * 3
}

/// A sheet listed in the workbook globals.
struct Sheet {
    name: String,
    pos: usize,
}

/// What the globals say: the sheets and the cost of each shared string.
fn globals(stream: &[u8]) -> Result<(Vec<Sheet>, Vec<u64>), ReadError> {
    let mut sheets = Vec::new();
    let mut strings = Vec::new();
    let mut biff8 = true;
    let mut recs = records(stream, 0).peekable();
    while let Some(r) = recs.next() {
        match r.typ {
            0x0809 => biff8 = u16_at(r.data, 0).is_none_or(|v| v >= 0x0600),
            0x0085 => {
                let pos = u32_at(r.data, 0).ok_or_else(|| broken("BOUNDSHEET"))? as usize;
                let cch = *r.data.get(6).unwrap_or(&0) as usize;
                let name = if biff8 && r.data.get(7).is_some_and(|f| f & 1 == 1) {
                    let units: Vec<u16> = r.data[8.min(r.data.len())..]
                        .chunks_exact(2)
                        .take(cch)
                        .map(|c| u16::from_le_bytes([c[0], c[1]]))
                        .collect();
                    String::from_utf16_lossy(&units)
                } else {
                    let from = if biff8 { 8 } else { 7 };
                    r.data.iter().skip(from).take(cch).map(|b| *b as char).collect()
                };
                sheets.push(Sheet { name, pos });
            }
            0x00FC => {
                let mut segs = vec![r.data.get(8..).unwrap_or_default()];
                while let Some(c) = recs.next_if(|c| c.typ == 0x003C) {
                    segs.push(c.data);
                }
                strings = sst_costs(segs)?;
            }
            0x000A => break,
            _ => {}
        }
    }
    Ok((sheets, strings))
}

/// The shared-string table read as calamine reads it: each string's header within one
/// record, its characters across CONTINUE records (each starting with a flags byte), its
/// formatting runs and extension skipped.
fn sst_costs(segs: Vec<&[u8]>) -> Result<Vec<u64>, ReadError> {
    let bad = || broken("SST");
    let mut segs = segs.into_iter();
    let mut data: &[u8] = segs.next().unwrap_or_default();
    let mut costs = Vec::new();
    loop {
        while data.is_empty() {
            match segs.next() {
                Some(d) => data = d,
                None => return Ok(costs),
            }
        }
        if costs.len() as u64 >= MAX_STRINGS {
            return Err(TooLarge::Strings {
                count: costs.len() as u64 + 1,
            }
            .into());
        }
        let cch = u16_at(data, 0).ok_or_else(bad)?;
        let flags = *data.get(2).ok_or_else(bad)?;
        let mut head = 3;
        let runs = if flags & 0x8 != 0 {
            head += 2;
            u16_at(data, 3).ok_or_else(bad)? as usize
        } else {
            0
        };
        let ext = if flags & 0x4 != 0 {
            let e = u32_at(data, head).ok_or_else(bad)? as usize;
            head += 4;
            e
        } else {
            0
        };
        data = data.get(head..).ok_or_else(bad)?;
        let (mut left, mut wide) = (cch as usize, flags & 1 == 1);
        while left > 0 {
            let per = if wide { 2 } else { 1 };
            let n = left.min(data.len() / per);
            data = &data[n * per..];
            left -= n;
            if left > 0 {
                data = segs.next().ok_or_else(bad)?;
                wide = data.first().ok_or_else(bad)? & 1 == 1;
                data = &data[1..];
            }
        }
        let mut skip = runs * 4 + ext;
        while skip > 0 {
            if data.is_empty() {
                data = segs.next().ok_or_else(bad)?;
            }
            let n = skip.min(data.len());
            data = &data[n..];
            skip -= n;
        }
        costs.push(text_cost(cch));
    }
}

/// Scans every sheet against the limits; returns the DIMENSIONS records to rewrite.
fn scan(stream: &[u8]) -> Result<Vec<(usize, Vec<u8>)>, ReadError> {
    let (sheets, strings) = globals(stream)?;
    let mut tally = Tally::default();
    let mut patches = Vec::new();
    for sheet in &sheets {
        tally.sheet()?;
        let mut extent: Option<(u64, u64)> = None;
        let mut dims: Option<(usize, usize)> = None;
        let mut depth = 0usize;
        let mut last_formula = (0u64, 0u64);
        for r in records(stream, sheet.pos) {
            match r.typ {
                0x0809 => depth += 1,
                0x000A if depth <= 1 => break,
                0x000A => depth -= 1,
                _ if depth > 1 => {}
                0x0200 => dims = Some((r.at, r.data.len())),
                0x0207 => {
                    let cch = u16_at(r.data, 0).unwrap_or(0);
                    tally.text(&sheet.name, last_formula, text_cost(cch))?;
                }
                typ => {
                    let Some((row, col, across, text)) = value_cell(typ, r.data, &strings) else {
                        continue;
                    };
                    tally.cells(&sheet.name, (row, col), (1, across), text)?;
                    if typ == 0x0006 {
                        last_formula = (row, col);
                    }
                    let (h, w) = extent.unwrap_or((0, 0));
                    extent = Some((h.max(row + 1), w.max(col + across)));
                }
            }
        }
        let (h, w) = extent.unwrap_or((0, 0));
        tally.extent(&sheet.name, h, w)?;
        if let Some((at, len)) = dims
            && matches!(len, 10 | 14 | 16)
            && let Some(data) = stream.get(at..at + len)
            && claims_too_much(data)
        {
            patches.push((at, dimensions(len, h, w)));
        }
    }
    Ok(patches)
}

/// A record that gives cells a value: its first cell, how many across, and the text each
/// holds; `None` for any other record.
fn value_cell(typ: u16, d: &[u8], strings: &[u64]) -> Option<(u64, u64, u64, u64)> {
    let (row, col) = (u64::from(u16_at(d, 0)?), u64::from(u16_at(d, 2)?));
    let (across, text) = match typ {
        // NUMBER, RK, BOOLERR, FORMULA.
        0x0203 | 0x027E | 0x0205 | 0x0006 => (1, 0),
        // MULRK: the last column is the record's last two bytes.
        0x00BD => {
            let last = u64::from(u16_at(d, d.len().checked_sub(2)?)?);
            (last.checked_sub(col)? + 1, 0)
        }
        // LABELSST.
        0x00FD => (1, strings.get(u32_at(d, 6)? as usize).copied().unwrap_or(0)),
        // LABEL, RSTRING: the string's length follows the cell's format index.
        0x0204 | 0x00D6 => (1, text_cost(u16_at(d, 6)?)),
        _ => return None,
    };
    Some((row, col, across, text))
}

/// Whether a DIMENSIONS record claims more than a sheet may hold, or nonsense.
fn claims_too_much(d: &[u8]) -> bool {
    let (rf, rl, cf, cl) = match d.len() {
        10 => (
            u32::from(u16_at(d, 0).unwrap_or(0)),
            u32::from(u16_at(d, 2).unwrap_or(0)),
            u16_at(d, 4).unwrap_or(0),
            u16_at(d, 6).unwrap_or(0),
        ),
        _ => (
            u32_at(d, 0).unwrap_or(0),
            u32_at(d, 4).unwrap_or(0),
            u16_at(d, 8).unwrap_or(0),
            u16_at(d, 10).unwrap_or(0),
        ),
    };
    rl < rf || cl < cf || u64::from(rl - rf) * u64::from(cl - cf) > MAX_ROWS * MAX_COLS
}

/// A DIMENSIONS record's data of `len` bytes for `rows` × `cols` from A1.
fn dimensions(len: usize, rows: u64, cols: u64) -> Vec<u8> {
    let mut d = Vec::with_capacity(len);
    if len == 10 {
        d.extend_from_slice(&[0, 0]);
        d.extend_from_slice(&(rows as u16).to_le_bytes());
    } else {
        d.extend_from_slice(&[0, 0, 0, 0]);
        d.extend_from_slice(&(rows as u32).to_le_bytes());
    }
    d.extend_from_slice(&[0, 0]);
    d.extend_from_slice(&(cols as u16).to_le_bytes());
    d.resize(len, 0);
    d
}

#[cfg(test)]
mod tests;
