//! A synthetic country for benchmarks and scale tests: the pre-2025 tree (63 provinces, 696
//! districts, 10,035 communes) and the post-2025 tree (34 provinces, 3,321 communes), with
//! synthetic names, eleven plan years of figures of the three kinds, each year on the form in
//! force for it (2027 on the two-level form; districts and provinces report every appendix
//! with its funding split, communes Phụ lục 1) and an edit history —
//! about 10⁷ figures and three audit rows each. Deterministic: the same size always gives the
//! same country. Pure: the store writes it.

mod figures;

pub use figures::{Figure, Figures};

use crate::domain::org::{Level, OrgId, OrgUnit};
use crate::i18n::Text;

/// How big a country to make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size {
    pub old_provinces: usize,
    pub old_districts: usize,
    pub old_communes: usize,
    pub new_provinces: usize,
    pub new_communes: usize,
}

impl Size {
    /// Vietnam before and after the 2025 reform.
    pub const NATIONAL: Size = Size {
        old_provinces: 63,
        old_districts: 696,
        old_communes: 10_035,
        new_provinces: 34,
        new_communes: 3_321,
    };

    /// Two small provinces merged into one: a quick check of the load, for tests.
    pub const DISTRICT: Size = Size {
        old_provinces: 2,
        old_districts: 4,
        old_communes: 40,
        new_provinces: 1,
        new_communes: 12,
    };

    /// About one province's worth, for tests.
    pub const PROVINCE: Size = Size {
        old_provinces: 2,
        old_districts: 20,
        old_communes: 280,
        new_provinces: 1,
        new_communes: 92,
    };
}

/// The plan years of the synthetic country: 2017 … 2027 (2027 on the two-level form).
pub const PLAN_YEARS: std::ops::RangeInclusive<i32> = 2017..=2027;
/// The last day of the old tree.
pub const REFORM_END: &str = "2025-06-30";
/// The first day of the new tree.
pub const REFORM_START: &str = "2025-07-01";

/// Splits `n` items over `k` groups as evenly as possible: how many go to group `i`.
fn share(n: usize, k: usize, i: usize) -> usize {
    n / k + usize::from(i < n % k)
}

fn unit(code: String, gso: String, level: Level, parent: Option<&str>, vi: String, en: String) -> OrgUnit {
    OrgUnit {
        id: OrgId(0),
        code,
        gso: Some(gso),
        level,
        parent: parent.map(str::to_string),
        short: Text::new(vi.clone(), en.clone()),
        name: Text::new(vi, en),
        valid_from: None,
        valid_to: None,
        successor: None,
        scheme: None,
    }
}

/// The code scheme of the synthetic units before the reform.
pub const OLD_SCHEME: &str = "s2004";
/// The code scheme of the synthetic units after it.
pub const NEW_SCHEME: &str = "s2025";
/// The synthetic country's top unit, over the provinces of both trees.
pub const COUNTRY: &str = "VN";

/// The synthetic units of a size, parents before children: the country, the old tree, then
/// the new one.
pub fn units(size: Size) -> Vec<OrgUnit> {
    let mut out = Vec::new();
    let mut vn = unit(
        COUNTRY.into(),
        "00".into(),
        Level::Country,
        None,
        "Cả nước (giả lập)".into(),
        "Country (synthetic)".into(),
    );
    vn.gso = None;
    out.push(vn);
    let (mut d_no, mut c_no) = (0usize, 0usize);
    for p in 0..size.old_provinces {
        let pcode = format!("p{:02}", p + 1);
        let mut pu = unit(
            pcode.clone(),
            format!("{:02}", p + 1),
            Level::Province,
            Some(COUNTRY),
            format!("Tỉnh số {:02}", p + 1),
            format!("Province {:02}", p + 1),
        );
        pu.valid_to = Some(REFORM_END.into());
        pu.scheme = Some(OLD_SCHEME.into());
        pu.successor = Some(format!(
            "P{:02}",
            p * size.new_provinces / size.old_provinces.max(1) + 1
        ));
        out.push(pu);
        for _ in 0..share(size.old_districts, size.old_provinces, p) {
            d_no += 1;
            let dcode = format!("d{d_no:03}");
            let mut du = unit(
                dcode.clone(),
                format!("{d_no:03}"),
                Level::District,
                Some(&pcode),
                format!("Huyện số {d_no:03}"),
                format!("District {d_no:03}"),
            );
            du.valid_to = Some(REFORM_END.into());
            du.scheme = Some(OLD_SCHEME.into());
            out.push(du);
            for _ in 0..share(size.old_communes, size.old_districts, d_no - 1) {
                c_no += 1;
                let mut cu = unit(
                    format!("x{c_no:05}"),
                    format!("{c_no:05}"),
                    Level::Commune,
                    Some(&dcode),
                    format!("Xã số {c_no:05}"),
                    format!("Commune {c_no:05}"),
                );
                cu.valid_to = Some(REFORM_END.into());
                cu.scheme = Some(OLD_SCHEME.into());
                out.push(cu);
            }
        }
    }
    let mut n_no = 0usize;
    for p in 0..size.new_provinces {
        let pcode = format!("P{:02}", p + 1);
        let mut pu = unit(
            pcode.clone(),
            format!("{:02}", p + 1),
            Level::Province,
            Some(COUNTRY),
            format!("Tỉnh mới số {:02}", p + 1),
            format!("New province {:02}", p + 1),
        );
        pu.valid_from = Some(REFORM_START.into());
        pu.scheme = Some(NEW_SCHEME.into());
        out.push(pu);
        for _ in 0..share(size.new_communes, size.new_provinces, p) {
            n_no += 1;
            let mut cu = unit(
                format!("X{n_no:05}"),
                format!("{n_no:05}"),
                Level::Commune,
                Some(&pcode),
                format!("Xã mới số {n_no:05}"),
                format!("New commune {n_no:05}"),
            );
            cu.valid_from = Some(REFORM_START.into());
            cu.scheme = Some(NEW_SCHEME.into());
            out.push(cu);
        }
    }
    out
}

/// The synthetic reform's mapping: each old province whole into a new one, each old commune
/// whole into a new one (several old into each new, in order).
pub fn mapping(size: Size) -> crate::domain::org::MappingList {
    use crate::domain::org::{MapKind, Mapping};
    let mut rows = Vec::new();
    let mut push = |old: String, new: String| {
        rows.push(Mapping {
            line: rows.len() + 1,
            old_name: old.clone(),
            new_name: new.clone(),
            old_gso: old,
            new_gso: new,
            kind: MapKind::Whole,
            share: None,
        });
    };
    for p in 0..size.old_provinces {
        let new = p * size.new_provinces / size.old_provinces.max(1) + 1;
        push(format!("{:02}", p + 1), format!("{new:02}"));
    }
    for c in 0..size.old_communes {
        let new = c * size.new_communes / size.old_communes.max(1) + 1;
        push(format!("{:05}", c + 1), format!("{new:05}"));
    }
    crate::domain::org::MappingList {
        meta: Default::default(),
        from_scheme: OLD_SCHEME.into(),
        to_scheme: NEW_SCHEME.into(),
        effective: REFORM_START.into(),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::org::OrgUnits;

    #[test]
    fn the_national_trees_have_their_real_sizes() {
        let u = units(Size::NATIONAL);
        let count = |l: Level, old: bool| u.iter().filter(|x| x.level == l && x.valid_to.is_some() == old).count();
        assert_eq!(u[0].code, COUNTRY);
        assert_eq!(count(Level::Province, true), 63);
        assert_eq!(count(Level::District, true), 696);
        assert_eq!(count(Level::Commune, true), 10_035);
        assert_eq!(count(Level::Province, false), 34);
        assert_eq!(count(Level::Commune, false), 3_321);
        assert!(OrgUnits::new(u).is_ok(), "codes are unique");
    }

    #[test]
    fn figures_are_deterministic_and_fit_their_kinds() {
        let forms = crate::domain::form::Forms::builtin();
        let c = forms.registry().clone();
        let mut all = crate::domain::org::parse_org_units(crate::assets::ORG_UNITS)
            .unwrap()
            .all()
            .to_vec();
        all.extend(units(Size::PROVINCE));
        let orgs = OrgUnits::new(all).unwrap();
        let a: Vec<Figure> = Figures::new(forms, &orgs).take(5000).collect();
        let b: Vec<Figure> = Figures::new(forms, &orgs).take(5000).collect();
        assert_eq!(a, b);
        for f in &a {
            let ind = c.get(f.key.indicator);
            assert!(crate::domain::validity::check_value(ind, &f.value).is_ok(), "{f:?}");
            assert_eq!(f.history.len(), 2);
        }
        let n = Figures::new(forms, &orgs).count();
        assert!(n > 50_000, "{n}");
    }
}
