//! A zip container (`.xlsx`, `.xlsm`, `.ods`) checked before a reader opens it: how many
//! entries it lists, and how many bytes each really inflates to, counted through a bounded
//! reader as it inflates (a zip's declared sizes can lie); a table of shared strings is
//! counted on the way, as calamine reserves room for as many strings as it claims.

use super::limits::{MAX_STRINGS, MAX_UNZIPPED_BYTES, MAX_ZIP_ENTRIES, TooLarge};
use super::{ReadError, broken};
use std::io::{BufReader, Cursor, Read};

/// Counts the bytes read through it.
struct Counted<R> {
    inner: R,
    n: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.n += n as u64;
        Ok(n)
    }
}

/// Checks a zip container within the limits; `Ok` means every entry inflates, and all of
/// them together to at most [`MAX_UNZIPPED_BYTES`].
pub fn check(bytes: &[u8]) -> Result<(), ReadError> {
    zip64_entries(bytes)?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(broken)?;
    let count = zip.len() as u64;
    if count > MAX_ZIP_ENTRIES {
        return Err(TooLarge::Entries { count }.into());
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(broken)?;
        let name = entry.name().map_err(broken)?.to_string();
        let mut r = Counted {
            inner: entry.take(MAX_UNZIPPED_BYTES - total + 1),
            n: 0,
        };
        if name.to_lowercase().ends_with("sharedstrings.xml") {
            shared_strings(&mut r)?;
        }
        std::io::copy(&mut r, &mut std::io::sink()).map_err(broken)?;
        total += r.n;
        if total > MAX_UNZIPPED_BYTES {
            return Err(TooLarge::Unzipped { entry: name }.into());
        }
    }
    Ok(())
}

/// A ZIP64 end record can claim billions of entries, which a zip reader would make room
/// for before reading any: every such record in the file (its locator right after it, as
/// a zip reader requires; compressed data that happens to hold the signature has none) is
/// looked at first.
fn zip64_entries(bytes: &[u8]) -> Result<(), ReadError> {
    const SIGNATURE: &[u8] = b"PK\x06\x06";
    const LOCATOR: &[u8] = b"PK\x06\x07";
    let mut at = 0;
    while let Some(k) = bytes[at..].windows(4).position(|w| w == SIGNATURE) {
        let start = at + k;
        at = start + 4;
        // Signature (4), record size (8, what follows it), versions (4), disk numbers
        // (8), then the entries on this disk and in all (8 each).
        let located = bytes
            .get(start + 4..start + 12)
            .map(|b| u64::from_le_bytes(b.try_into().unwrap_or_default()))
            .and_then(|size| usize::try_from(size).ok()?.checked_add(start + 12))
            .and_then(|end| bytes.get(end..end.checked_add(4)?))
            .is_some_and(|b| b == LOCATOR);
        if !located {
            continue;
        }
        for field in [24, 32] {
            if let Some(b) = bytes.get(start + field..start + field + 8) {
                let count = u64::from_le_bytes(b.try_into().unwrap_or_default());
                if count > MAX_ZIP_ENTRIES {
                    return Err(TooLarge::Entries { count }.into());
                }
            }
        }
    }
    Ok(())
}

/// Counts the strings of a shared-strings table, and the count it claims.
fn shared_strings(r: &mut impl Read) -> Result<(), ReadError> {
    use quick_xml::events::Event;
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(r));
    let mut buf = Vec::new();
    let mut count = 0u64;
    loop {
        buf.clear();
        // A malformed table is calamine's to report; the bytes are counted all the same.
        let Ok(ev) = xml.read_event_into(&mut buf) else {
            return Ok(());
        };
        match ev {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sst" => {
                for key in ["uniqueCount", "count"] {
                    let claimed = e
                        .try_get_attribute(key)
                        .ok()
                        .flatten()
                        .and_then(|a| a.value.trim().parse::<u64>().ok());
                    if let Some(n) = claimed.filter(|n| *n > MAX_STRINGS) {
                        return Err(TooLarge::Strings { count: n }.into());
                    }
                }
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "si" => {
                count += 1;
                if count > MAX_STRINGS {
                    return Err(TooLarge::Strings { count }.into());
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// The inflated bytes of an entry already checked by [`check`], by name.
pub fn entry(bytes: &[u8], name: &str) -> Result<Vec<u8>, ReadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(broken)?;
    let entry = zip.by_name(name).map_err(broken)?;
    let mut out = Vec::new();
    entry
        .take(MAX_UNZIPPED_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(broken)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A ZIP64 end record claiming `count` entries, with its locator after it or not.
    fn zip64_end(count: u64, located: bool) -> Vec<u8> {
        let mut b = b"junk PK\x06\x06".to_vec();
        b.extend_from_slice(&44u64.to_le_bytes());
        b.extend_from_slice(&[0; 12]);
        b.extend_from_slice(&count.to_le_bytes());
        b.extend_from_slice(&count.to_le_bytes());
        b.extend_from_slice(&[0; 16]);
        b.extend_from_slice(if located { b"PK\x06\x07" } else { b"PK\x01\x02" });
        b
    }

    #[test]
    fn a_zip64_record_claiming_billions_of_entries_is_refused_first() {
        assert!(matches!(
            zip64_entries(&zip64_end(1 << 40, true)),
            Err(ReadError::TooLarge(TooLarge::Entries {
                count: 1_099_511_627_776
            }))
        ));
        assert!(zip64_entries(&zip64_end(12, true)).is_ok());
        // The signature inside compressed data, without its locator, is no record.
        assert!(zip64_entries(&zip64_end(1 << 40, false)).is_ok());
    }

    #[test]
    fn an_entry_is_counted_as_it_really_inflates() {
        let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
        z.start_file("xl/a.bin", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut z, &vec![0u8; (MAX_UNZIPPED_BYTES + 1) as usize]).unwrap();
        let bytes = z.finish().unwrap().into_inner();
        assert!(bytes.len() < 1 << 20);
        assert!(matches!(
            check(&bytes),
            Err(ReadError::TooLarge(TooLarge::Unzipped { entry })) if entry == "xl/a.bin"
        ));
    }
}
