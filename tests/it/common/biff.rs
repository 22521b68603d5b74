//! A minimal `.xls` written by hand: a compound file whose Workbook stream holds BIFF8
//! records (the globals with a shared-string table and one sheet, then the sheet), so that a
//! test can place any record anywhere, as a hostile file would.

use std::io::Write;

/// A BIFF record: its type and data.
pub type Record = (u16, Vec<u8>);

fn bytes(record: &Record) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&record.0.to_le_bytes());
    out.extend_from_slice(&(record.1.len() as u16).to_le_bytes());
    out.extend_from_slice(&record.1);
    out
}

fn bof(kind: u16) -> Record {
    let mut d = vec![0x00, 0x06];
    d.extend_from_slice(&kind.to_le_bytes());
    d.extend_from_slice(&[0; 12]);
    (0x0809, d)
}

/// A string as BIFF8 writes it in a table (`cch`, flags, UTF-16 characters).
fn unicode(s: &str) -> Vec<u8> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut d = (units.len() as u16).to_le_bytes().to_vec();
    d.push(1);
    for u in units {
        d.extend_from_slice(&u.to_le_bytes());
    }
    d
}

/// A NUMBER record.
pub fn number(row: u16, col: u16, v: f64) -> Record {
    let mut d = [row.to_le_bytes(), col.to_le_bytes(), [0, 0]].concat();
    d.extend_from_slice(&v.to_le_bytes());
    (0x0203, d)
}

/// A LABELSST record: the shared string `index`.
pub fn text(row: u16, col: u16, index: u32) -> Record {
    let mut d = [row.to_le_bytes(), col.to_le_bytes(), [0, 0]].concat();
    d.extend_from_slice(&index.to_le_bytes());
    (0x00FD, d)
}

/// A BLANK record: a styled cell without a value.
pub fn blank(row: u16, col: u16) -> Record {
    (0x0201, [row.to_le_bytes(), col.to_le_bytes(), [0, 0]].concat())
}

/// A DIMENSIONS record claiming rows `first..last` and columns `first..last` (ends past).
pub fn dimensions(rows: (u32, u32), cols: (u16, u16)) -> Record {
    let mut d = [rows.0.to_le_bytes(), rows.1.to_le_bytes()].concat();
    d.extend_from_slice(&cols.0.to_le_bytes());
    d.extend_from_slice(&cols.1.to_le_bytes());
    d.extend_from_slice(&[0, 0]);
    (0x0200, d)
}

/// The bytes of an `.xls` with one sheet named `sheet`, the shared strings `strings`, and
/// the sheet's `cells` records in order.
pub fn workbook(sheet: &str, strings: &[&str], cells: &[Record]) -> Vec<u8> {
    let mut sst = (strings.len() as u32).to_le_bytes().repeat(2);
    for s in strings {
        sst.extend(unicode(s));
    }
    let name = unicode(sheet);
    // BOUNDSHEET: the sheet's offset (filled below), visible worksheet, a one-byte count.
    let boundsheet = |pos: u32| {
        let mut d = pos.to_le_bytes().to_vec();
        d.extend_from_slice(&[0, 0]);
        d.push(name[0]);
        d.extend_from_slice(&name[2..]);
        (0x0085, d)
    };
    let globals = |pos: u32| -> Vec<u8> {
        [
            bof(0x0005),
            (0x00FC, sst.clone()),
            boundsheet(pos),
            (0x000A, Vec::new()),
        ]
        .iter()
        .flat_map(bytes)
        .collect()
    };
    let pos = globals(0).len() as u32;
    let mut stream = globals(pos);
    for r in std::iter::once(bof(0x0010))
        .chain(cells.iter().cloned())
        .chain(std::iter::once((0x000A, Vec::new())))
    {
        stream.extend(bytes(&r));
    }
    let mut cf = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    let mut s = cf.create_stream("/Workbook").unwrap();
    s.write_all(&stream).unwrap();
    s.flush().unwrap();
    drop(s);
    cf.flush().unwrap();
    cf.into_inner().into_inner()
}
