//! A total spread over its parts in proportion to weights, to a fixed step (1 for counts),
//! the parts adding up to the total exactly: each part gets its share rounded down and the
//! steps left over go to the largest remainders (ties: the earlier part).

use rust_decimal::Decimal;

/// Spreads `total` over parts weighted by `weights`, each share a multiple of `step`
/// (`total` itself must be one). All weights zero (or none given): equal shares. `None`
/// when a weight is negative, `total` is not a multiple of `step`, or the sums overflow.
pub fn spread(total: Decimal, weights: &[Decimal], step: Decimal) -> Option<Vec<Decimal>> {
    if weights.is_empty() || step <= Decimal::ZERO || weights.iter().any(|w| w.is_sign_negative() && !w.is_zero()) {
        return None;
    }
    if !(total % step).is_zero() {
        return None;
    }
    let sum: Decimal = weights.iter().try_fold(Decimal::ZERO, |a, w| a.checked_add(*w))?;
    let equal = vec![Decimal::ONE; weights.len()];
    let (weights, sum) = if sum.is_zero() {
        (equal.as_slice(), Decimal::from(weights.len()))
    } else {
        (weights, sum)
    };
    // Work in whole steps: `units` steps to hand out.
    let units = total.checked_div(step)?;
    let negative = units.is_sign_negative();
    let units = units.abs();
    let mut shares = Vec::with_capacity(weights.len());
    let mut rem = Vec::with_capacity(weights.len());
    for w in weights {
        let exact = units.checked_mul(*w)?.checked_div(sum)?;
        let whole = exact.floor();
        shares.push(whole);
        rem.push(exact - whole);
    }
    let given: Decimal = shares.iter().copied().sum();
    let mut left = units - given;
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|a, b| rem[*b].cmp(&rem[*a]).then(a.cmp(b)));
    for i in order {
        if left <= Decimal::ZERO {
            break;
        }
        shares[i] += Decimal::ONE;
        left -= Decimal::ONE;
    }
    Some(
        shares
            .into_iter()
            .map(|s| {
                let v = if negative { -s } else { s } * step;
                v.normalize()
            })
            .collect(),
    )
}

/// The step of figures like these: 1 for whole numbers, else 10^-scale of the finest figure.
pub fn step_of(values: &[Decimal], whole: bool) -> Decimal {
    if whole {
        return Decimal::ONE;
    }
    let scale = values.iter().map(|v| v.normalize().scale()).max().unwrap_or(0);
    Decimal::new(1, scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn largest_remainders_make_the_sum_exact() {
        // 10 over 1:1:1 → 3.33 each; the first remainder wins the extra one.
        let s = spread(d("10"), &[d("1"), d("1"), d("1")], d("1")).unwrap();
        assert_eq!(s, vec![d("4"), d("3"), d("3")]);
        // 7 over 5:3:2 → 3.5, 2.1, 1.4: floors 3+2+1 = 6, the largest remainder (0.5) gets 1.
        let s = spread(d("7"), &[d("5"), d("3"), d("2")], d("1")).unwrap();
        assert_eq!(s, vec![d("4"), d("2"), d("1")]);
    }

    #[test]
    fn amounts_spread_to_their_precision() {
        let s = spread(d("100.0"), &[d("1"), d("2")], d("0.1")).unwrap();
        assert_eq!(s, vec![d("33.3"), d("66.7")]);
        assert_eq!(step_of(&[d("12.50"), d("3.4")], false), d("0.1"));
        assert_eq!(step_of(&[d("12.5")], true), d("1"));
    }

    #[test]
    fn no_weights_means_equal_shares_and_bad_input_gives_none() {
        assert_eq!(spread(d("5"), &[d("0"), d("0")], d("1")).unwrap(), vec![d("3"), d("2")]);
        assert_eq!(spread(d("5"), &[d("-1"), d("2")], d("1")), None);
        assert_eq!(spread(d("5.5"), &[d("1")], d("1")), None);
        assert_eq!(spread(d("5"), &[], d("1")), None);
        assert_eq!(
            spread(d("-4"), &[d("1"), d("1")], d("1")).unwrap(),
            vec![d("-2"), d("-2")]
        );
    }
}
