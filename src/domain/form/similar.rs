//! Words of labels and units compared as an office reads them: without diacritics, a bullet
//! or a "Trong đó:" in front ignored; how close two labels are (one word changed, most words
//! shared); codes and unit codes made from words.

use crate::domain::text::fold;
use crate::i18n::Text;

/// A label as compared: no bullet in front, folded.
pub(super) fn key(label: &str) -> String {
    fold(label.trim().trim_start_matches(['-', '+', '•', '–']).trim())
}

/// The words of a label, folded.
pub(super) fn words(label: &str) -> Vec<String> {
    let joined = key(label)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    // The abbreviations a form writes as it pleases.
    format!(" {joined} ")
        .replace(" to hop tac ", " tht ")
        .replace(" hop tac xa ", " htx ")
        .replace(" lien hiep ", " lh ")
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Word-level edit distance (insert, drop or change a word), `None` past `cap` words.
fn distance(a: &[String], b: &[String], cap: usize) -> Option<usize> {
    if a.len() > cap || b.len() > cap {
        return None;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(x != y)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev.last().copied()
}

/// The distinct words, sorted (searched by halves).
fn word_set(x: &[String]) -> Vec<&str> {
    let mut v: Vec<&str> = x.iter().map(String::as_str).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// How close a label read is to a label of the form: a score (the share of words they
/// share) and why they may be the same row, or `None` when they are not close.
pub(super) fn close(read: &str, form: &str) -> Option<(f64, Text)> {
    close_words(&words(read), &words(form))
}

/// [`close`] of labels already split into [`words`].
pub(super) fn close_words(a: &[String], b: &[String]) -> Option<(f64, Text)> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let (set_a, set_b) = (word_set(a), word_set(b));
    let shared = set_a.iter().filter(|w| set_b.binary_search(w).is_ok()).count();
    let union = (set_a.len() + set_b.len() - shared).max(1);
    let share = shared as f64 / union as f64;
    if a.len().abs_diff(b.len()) <= 1 && distance(b, a, 30) == Some(1) && a.len().min(b.len()) >= 2 {
        let why = if a.len() == b.len() {
            let (old, new) = b
                .iter()
                .zip(a)
                .find(|(x, y)| x != y)
                .map(|(x, y)| (x.as_str(), y.as_str()))
                .unwrap_or_default();
            Text::new(
                format!("đổi một từ: “{old}” → “{new}”"),
                format!("one word changed: “{old}” → “{new}”"),
            )
        } else if a.len() > b.len() {
            let w = a
                .iter()
                .find(|w| set_b.binary_search(&w.as_str()).is_err())
                .map_or("", |w| w.as_str());
            Text::new(format!("thêm một từ: “{w}”"), format!("one word added: “{w}”"))
        } else {
            let w = b
                .iter()
                .find(|w| set_a.binary_search(&w.as_str()).is_err())
                .map_or("", |w| w.as_str());
            Text::new(format!("bớt một từ: “{w}”"), format!("one word dropped: “{w}”"))
        };
        return Some((share.max(0.9), why));
    }
    (share >= 0.6 && shared >= 2).then(|| {
        (
            share,
            Text::new(
                format!("{shared} trên {union} từ giống nhau"),
                format!("{shared} of {union} words shared"),
            ),
        )
    })
}

/// Words that say little in a code.
const FILLER: [&str; 14] = [
    "so", "cua", "la", "va", "cac", "duoc", "mot", "trong", "do", "voi", "cho", "nam", "tong", "co",
];

/// A code segment from a label: its first telling words joined by `_`, cooperatives as
/// `htx` (`Số hợp tác xã ứng dụng công nghệ cao` → `htx_ung_dung_cong_nghe`).
pub(super) fn slug(label: &str) -> String {
    let picked: Vec<String> = words(label)
        .iter()
        .filter(|w| !FILLER.contains(&w.as_str()))
        .map(|w| w.chars().filter(char::is_ascii_alphanumeric).collect::<String>())
        .filter(|w| !w.is_empty())
        .take(5)
        .collect();
    if picked.is_empty() {
        "row".to_string()
    } else {
        picked.join("_")
    }
}

/// A unit code from its printed name (`Tr đồng/tháng` → `tr-dong-thang`).
pub(super) fn unit_slug(name: &str) -> String {
    let s: Vec<String> = fold(name)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    if s.is_empty() {
        if name.contains('%') {
            "phan-tram".into()
        } else {
            "unit".into()
        }
    } else {
        s.join("-")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_labels_say_why() {
        let why = |a: &str, b: &str| close(a, b).map(|x| x.1.en);
        assert_eq!(
            why(
                "Số hợp tác xã hoạt động có hiệu quả",
                "Số hợp tác xã hoạt động hiệu quả"
            )
            .as_deref(),
            Some("one word added: “co”")
        );
        assert_eq!(
            why("Số hợp tác xã giải thể", "Số hợp tác xã thành lập mới").as_deref(),
            None
        );
        assert_eq!(
            why("Số thành viên mới", "Số thành viên cũ").as_deref(),
            Some("one word changed: “cu” → “moi”")
        );
        assert_eq!(
            why("Tổng số thành viên HTX", "Tổng số thành viên hợp tác xã").as_deref(),
            Some("5 of 5 words shared")
        );
        assert_eq!(
            why(
                "Số THT có đăng ký hoạt động với chính quyền cấp xã",
                "Số THT có đăng ký hoạt động với chính quyền xã/phường/thị trấn"
            )
            .as_deref(),
            Some("11 of 15 words shared")
        );
        assert!(close("Xếp loại tốt", "Hỗ trợ khác").is_none());
    }

    #[test]
    fn slugs_are_short_codes() {
        assert_eq!(slug("Số hợp tác xã ứng dụng công nghệ cao"), "htx_ung_dung_cong_nghe");
        assert_eq!(slug("- Tổng kinh phí hỗ trợ"), "kinh_phi_ho_tro");
        assert_eq!(slug("!!"), "row");
        assert_eq!(unit_slug("Tr đồng/tháng"), "tr-dong-thang");
        assert_eq!(unit_slug("%"), "phan-tram");
    }
}
