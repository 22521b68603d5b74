//! Formulas a workbook holds without their result — a program that wrote the file did not
//! compute them — worked out when they are simple: numbers, `+ - * /`, brackets, references
//! to cells of the same sheet and `SUM` of cells and ranges, in exact decimals. Anything else
//! stays a formula without a result, which the import reports at its cell: never a blank.

use super::grid::{Raw, RawSheet};
use rust_decimal::Decimal;
use std::str::FromStr;

/// The most steps worked out for one sheet (a hostile file's formulas cost no more).
const MAX_STEPS: usize = 200_000;
/// How deep a formula may lean on other formulas.
const MAX_DEPTH: usize = 16;
/// How deeply brackets and signs may nest in one formula.
const MAX_NEST: usize = 64;

/// A double from a workbook as the decimal that was written (its shortest text).
pub fn decimal_of(value: f64) -> Option<Decimal> {
    if !value.is_finite() {
        return None;
    }
    Decimal::from_str(&format!("{value}"))
        .or_else(|_| Decimal::from_scientific(&format!("{value:e}")))
        .ok()
}

/// Works out every simple formula without a result in a sheet, in place.
pub fn resolve(sheet: &mut RawSheet) {
    let mut steps = 0;
    let found: Vec<(usize, usize, Decimal)> = sheet
        .formulas()
        .into_iter()
        .filter_map(|(r, c, f)| {
            let mut e = Eval {
                sheet,
                steps: &mut steps,
                depth: 0,
                nest: 0,
            };
            e.formula(&f).map(|d| (r, c, d))
        })
        .collect();
    for (r, c, d) in found {
        let d = crate::domain::number::normalize_zero(d.normalize());
        sheet.set(
            r,
            c,
            Raw::Number {
                value: rust_decimal::prelude::ToPrimitive::to_f64(&d).unwrap_or(0.0),
                text: Some(crate::domain::number::canonical(&d)),
            },
        );
    }
}

struct Eval<'a> {
    sheet: &'a RawSheet,
    steps: &'a mut usize,
    depth: usize,
    nest: usize,
}

/// A reader over a formula's text.
struct Src<'t> {
    s: &'t [u8],
    at: usize,
}

impl Src<'_> {
    fn skip(&mut self) {
        while self.s.get(self.at).is_some_and(|b| b.is_ascii_whitespace()) {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip();
        self.s.get(self.at).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    /// A cell reference `A1`, `$B$12` (0-based row and column).
    fn reference(&mut self) -> Option<(usize, usize)> {
        self.skip();
        let start = self.at;
        self.eat(b'$');
        let mut col = 0usize;
        let mut letters = 0;
        while let Some(b) = self.s.get(self.at).filter(|b| b.is_ascii_alphabetic()) {
            col = col
                .checked_mul(26)?
                .checked_add((b.to_ascii_uppercase() - b'A' + 1) as usize)?;
            letters += 1;
            self.at += 1;
        }
        self.eat(b'$');
        let mut row = 0usize;
        let mut digits = 0;
        while let Some(b) = self.s.get(self.at).filter(|b| b.is_ascii_digit()) {
            row = row.checked_mul(10)?.checked_add((b - b'0') as usize)?;
            digits += 1;
            self.at += 1;
        }
        if letters == 0 || letters > 3 || digits == 0 || row == 0 {
            self.at = start;
            return None;
        }
        Some((row - 1, col - 1))
    }
}

impl Eval<'_> {
    fn formula(&mut self, f: &str) -> Option<Decimal> {
        let mut src = Src {
            s: f.trim_start_matches('=').as_bytes(),
            at: 0,
        };
        let v = self.expr(&mut src)?;
        (src.peek().is_none()).then_some(v)
    }

    fn step(&mut self) -> Option<()> {
        *self.steps += 1;
        (*self.steps <= MAX_STEPS).then_some(())
    }

    fn expr(&mut self, s: &mut Src<'_>) -> Option<Decimal> {
        let mut v = self.term(s)?;
        loop {
            if s.eat(b'+') {
                v = v.checked_add(self.term(s)?)?;
            } else if s.eat(b'-') {
                v = v.checked_sub(self.term(s)?)?;
            } else {
                return Some(v);
            }
        }
    }

    fn term(&mut self, s: &mut Src<'_>) -> Option<Decimal> {
        let mut v = self.factor(s)?;
        loop {
            if s.eat(b'*') {
                v = v.checked_mul(self.factor(s)?)?;
            } else if s.eat(b'/') {
                v = v.checked_div(self.factor(s)?)?;
            } else {
                return Some(v);
            }
        }
    }

    fn factor(&mut self, s: &mut Src<'_>) -> Option<Decimal> {
        self.step()?;
        if self.nest >= MAX_NEST {
            return None;
        }
        self.nest += 1;
        let v = self.operand(s);
        self.nest -= 1;
        v
    }

    /// A number, a reference, `SUM(…)`, a bracketed expression, or a signed one of these.
    fn operand(&mut self, s: &mut Src<'_>) -> Option<Decimal> {
        if s.eat(b'-') {
            return Some(-self.factor(s)?);
        }
        if s.eat(b'+') {
            return self.factor(s);
        }
        if s.eat(b'(') {
            let v = self.expr(s)?;
            return s.eat(b')').then_some(v);
        }
        match s.peek()? {
            b'0'..=b'9' | b'.' => {
                let start = s.at;
                while s.s.get(s.at).is_some_and(|b| b.is_ascii_digit() || *b == b'.') {
                    s.at += 1;
                }
                Decimal::from_str(std::str::from_utf8(&s.s[start..s.at]).ok()?).ok()
            }
            _ => {
                let rest = &s.s[s.at..];
                if rest.len() >= 4 && rest[..4].eq_ignore_ascii_case(b"SUM(") {
                    s.at += 4;
                    return self.sum(s);
                }
                let (r, c) = s.reference()?;
                self.cell(r, c, false)
            }
        }
    }

    /// `SUM(` … `)`: cells and ranges (text and empty cells count nothing), and expressions.
    fn sum(&mut self, s: &mut Src<'_>) -> Option<Decimal> {
        let mut total = Decimal::ZERO;
        if s.eat(b')') {
            return Some(total);
        }
        loop {
            let save = s.at;
            let range = s.reference().and_then(|a| {
                if s.eat(b':') {
                    s.reference().map(|b| (a, b))
                } else {
                    None
                }
            });
            match range {
                Some(((r0, c0), (r1, c1))) => {
                    for r in r0.min(r1)..=r0.max(r1) {
                        for c in c0.min(c1)..=c0.max(c1) {
                            self.step()?;
                            total = total.checked_add(self.cell(r, c, true)?)?;
                        }
                    }
                }
                None => {
                    s.at = save;
                    total = total.checked_add(self.expr(s)?)?;
                }
            }
            if s.eat(b')') {
                return Some(total);
            }
            if !(s.eat(b',') || s.eat(b';')) {
                return None;
            }
        }
    }

    /// A referenced cell's number: empty is 0; text is 0 inside `SUM` and no number outside.
    fn cell(&mut self, r: usize, c: usize, in_sum: bool) -> Option<Decimal> {
        match self.sheet.get(r, c) {
            Raw::Empty => Some(Decimal::ZERO),
            Raw::Number { text: Some(t), .. } => Decimal::from_str(t).ok(),
            Raw::Number { value, text: None } => decimal_of(*value),
            Raw::Text(_) if in_sum => Some(Decimal::ZERO),
            Raw::Formula(f) if self.depth < MAX_DEPTH => {
                let f = f.clone();
                self.depth += 1;
                let v = self.formula(&f);
                self.depth -= 1;
                v
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::read::SheetBuilder;
    use crate::exchange::read::limits::Tally;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn simple_formulas_are_worked_out_and_others_stay() {
        let mut t = Tally::default();
        let mut b = SheetBuilder::new("s", &mut t).unwrap();
        let num = |v: f64| Raw::Number { value: v, text: None };
        b.put(0, 0, num(200.0)).unwrap();
        b.put(1, 0, num(0.1)).unwrap();
        b.put(2, 0, Raw::Text("-".into())).unwrap();
        b.put(0, 1, Raw::Formula("A1+1".into())).unwrap();
        b.put(1, 1, Raw::Formula("SUM(A1:A3)*2-$A$2".into())).unwrap();
        b.put(2, 1, Raw::Formula("B1/3".into())).unwrap();
        b.put(3, 1, Raw::Formula("VLOOKUP(A1,A1:A3,1)".into())).unwrap();
        b.put(4, 1, Raw::Formula("A3+1".into())).unwrap();
        b.put(5, 1, Raw::Formula("B6+1".into())).unwrap();
        b.put(6, 1, Raw::Formula("1/0".into())).unwrap();
        let mut s = b.finish(Vec::new()).unwrap();
        resolve(&mut s);
        let n = |r, c| match s.get(r, c) {
            Raw::Number { text: Some(t), .. } => Some(d(t)),
            _ => None,
        };
        assert_eq!(n(0, 1), Some(d("201")));
        assert_eq!(n(1, 1), Some(d("400.1")), "exact decimals: (200 + 0,1) × 2 − 0,1");
        assert_eq!(n(2, 1), Some(d("67")), "a formula over a formula");
        // What is not simple, text in arithmetic, a loop and a division by zero stay formulas.
        for r in 3..=6 {
            assert!(matches!(s.get(r, 1), Raw::Formula(_)), "row {r}: {:?}", s.get(r, 1));
        }
        assert_eq!(s.formulas().len(), 4);
    }

    #[test]
    fn a_hostile_formula_costs_little() {
        let mut t = Tally::default();
        let mut b = SheetBuilder::new("s", &mut t).unwrap();
        let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
        b.put(0, 0, Raw::Formula(deep)).unwrap();
        b.put(1, 0, Raw::Formula("-".repeat(100_000) + "1")).unwrap();
        b.put(2, 0, Raw::Formula("SUM(A1:XFD1048576)".into())).unwrap();
        let mut s = b.finish(Vec::new()).unwrap();
        let started = std::time::Instant::now();
        resolve(&mut s);
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        assert_eq!(s.formulas().len(), 3, "none worked out, none read as a blank");
    }
}
