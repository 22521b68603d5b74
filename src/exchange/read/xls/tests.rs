use super::*;

#[test]
fn shared_strings_are_measured_across_continue_records() {
    // "abc" (8-bit); "xyzw" split after two characters, going on as UTF-16; then one with
    // two formatting runs and a 3-byte extension split over the boundary.
    let first: &[u8] = &[3, 0, 0, b'a', b'b', b'c', 4, 0, 0, b'x', b'y'];
    let second: &[u8] = &[
        1, b'z', 0, b'w', 0, 2, 0, 0x0C, 2, 0, 3, 0, 0, 0, b'q', b'r', 1, 2, 3, 4, 5,
    ];
    let third: &[u8] = &[6, 7, 8, 9, 10, 11];
    assert_eq!(sst_costs(vec![first, second, third]).unwrap(), vec![9, 12, 6]);
    // A string whose characters run past the table is damaged.
    assert!(matches!(sst_costs(vec![&[9, 0, 0, b'a']]), Err(ReadError::Broken(_))));
}

#[test]
fn a_claimed_dimension_past_the_limits_is_rewritten_to_the_values() {
    let mut all = Vec::new();
    for v in [0u32, 65_536] {
        all.extend_from_slice(&v.to_le_bytes());
    }
    all.extend_from_slice(&[0, 0, 0, 1, 0, 0]);
    assert!(claims_too_much(&all));
    let fixed = dimensions(14, 52, 10);
    assert_eq!(fixed, [0, 0, 0, 0, 52, 0, 0, 0, 0, 0, 10, 0, 0, 0]);
    assert!(!claims_too_much(&fixed));
    // Last before first is nonsense calamine would underflow on.
    assert!(claims_too_much(&[5, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0]));
    assert_eq!(dimensions(10, 3, 2), [0, 0, 3, 0, 0, 0, 2, 0, 0, 0]);
}
