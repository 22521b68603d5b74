//! Forms (biểu mẫu): the ministry's appendices for a range of plan years, as data. A form
//! records where it came from and holds its catalog (appendices, columns, rows pointing at
//! indicators with stable ids) and its rules; each plan year uses the form in force for it.
//! The first form is the 2019 one the seed plan answers; a later form is written as the
//! changes it makes to the form before it, so every indicator keeps its id across forms and a
//! series runs on where a row is only relabelled or moved.

mod diff;
#[cfg(test)]
mod layer_tests;
mod layers;
mod propose;
pub mod read;
mod series;
mod similar;
#[cfg(test)]
mod tests;

pub use diff::{Diff, RowChange, diff};
pub use propose::{Factor, FundingColumn, Kind, Proposal, ProposedRow, propose};
pub use read::ReadForm;
pub use series::{Carry, Series, SeriesLink};

use crate::domain::catalog::{Catalog, CatalogError, Changes, RawCatalog, builtin_raw};
use crate::domain::org::Level;
use crate::domain::rules::RuleSet;
use crate::i18n::Text;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, OnceLock};

/// Where a form came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// A short stable id (`507-2019`, `hai-cap-2027`).
    pub id: String,
    /// The first plan year it applies to (the first form also applies before it).
    pub from_year: i32,
    pub title_vi: String,
    pub title_en: String,
    /// The guidance letter (`5678/BKHĐT-HTX`), when the form is the letter's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letter: Option<String>,
    /// The letter's date (`2019-08-12`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub issuer_vi: String,
    pub issuer_en: String,
    /// How kttt has the form (a plan's appendices, an imported workbook), in both languages.
    pub origin_vi: String,
    pub origin_en: String,
    /// A link to, or the file name of, what it was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// Whether it was checked against the ministry's own text.
    pub checked: bool,
    /// The levels of units that report on it, top first (`province`, `commune`).
    pub levels: Vec<String>,
    /// The form it is written as changes to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub based_on: Option<String>,
    /// An office's own rows: the code of the unit whose office adds them over the ministry's
    /// form. They apply to that unit and the units under it, in the plan years the form they
    /// are based on is in force from `from_year` on (`None`: the ministry's form, everywhere).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
}

impl Source {
    /// The source of a form read from a workbook (`file`, whose first title is `title`) to
    /// apply from `year`, based on `base` (its levels): the Ministry of Finance's, not checked,
    /// `bieu-mau-YEAR` — a caller says more when it knows more.
    pub fn imported(year: i32, file: &str, title: &str, base: &Form) -> Source {
        Source {
            id: format!("bieu-mau-{year}"),
            from_year: year,
            title_vi: format!("Biểu mẫu kế hoạch phát triển kinh tế tập thể năm {year}"),
            title_en: format!("Collective economy plan form {year}"),
            letter: None,
            date: None,
            issuer_vi: "Bộ Tài chính".into(),
            issuer_en: "Ministry of Finance".into(),
            origin_vi: format!("Nhập từ tệp {file} ({title})"),
            origin_en: format!("Imported from {file} ({title})"),
            link: Some(file.to_string()),
            checked: false,
            levels: base.source.levels.clone(),
            based_on: Some(base.source.id.clone()),
            office: None,
        }
    }

    /// The form's title in a language.
    pub fn title(&self) -> Text {
        Text::new(self.title_vi.clone(), self.title_en.clone())
    }

    /// Who issued it.
    pub fn issuer(&self) -> Text {
        Text::new(self.issuer_vi.clone(), self.issuer_en.clone())
    }

    /// How kttt has it.
    pub fn origin(&self) -> Text {
        Text::new(self.origin_vi.clone(), self.origin_en.clone())
    }

    /// The levels that report on it.
    pub fn levels(&self) -> Vec<Level> {
        self.levels.iter().filter_map(|l| Level::from_code(l)).collect()
    }
}

/// A form file: its source and what it changes in the form it is based on.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FormFile {
    pub version: u32,
    pub form: Source,
    #[serde(flatten)]
    pub changes: Changes,
    /// How its new indicators take their figures before it, from the form before's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub series: Vec<SeriesLink>,
}

impl FormFile {
    /// Reads a form file.
    pub fn parse(src: &str) -> Result<FormFile, CatalogError> {
        let f: FormFile = toml::from_str(src).map_err(|e| CatalogError(format!("form: {e}")))?;
        if f.version != 1 {
            return Err(CatalogError(format!(
                "form {}: version {} is not known",
                f.form.id, f.version
            )));
        }
        Ok(f)
    }
}

/// A form: its source, its catalog (numbered in the registry's order) and its rules.
#[derive(Clone, Debug)]
pub struct Form {
    pub source: Source,
    pub catalog: Arc<Catalog>,
    /// Its rules, worked out when first asked for (a process uses one or two years' forms).
    pub(crate) rules: OnceLock<Arc<RuleSet>>,
    /// What it changes in the form before it (empty for the first).
    pub changes: Changes,
    /// How its new indicators take figures from the form before, for the years before it.
    pub series: Arc<Series>,
    /// Its rows as a catalog file holds them (for the whole form written out).
    pub(crate) raw: Arc<RawCatalog>,
    /// The text of its form file.
    pub(crate) text: String,
}

impl Form {
    /// Its rules: the built-in ones that name only its rows, and those its rows imply.
    pub fn rules(&self) -> &Arc<RuleSet> {
        self.rules.get_or_init(|| Arc::new(RuleSet::builtin(&self.catalog)))
    }

    /// The text of its form file (its source and the changes it makes).
    pub fn file_text(&self) -> &str {
        &self.text
    }

    /// The whole form as one TOML file for review: its source, units, funding sources,
    /// appendices and rows, and the app's tabs.
    pub fn to_toml(&self) -> Result<String, CatalogError> {
        #[derive(Serialize)]
        struct Whole<'a> {
            form: &'a Source,
            #[serde(flatten)]
            rows: &'a RawCatalog,
        }
        toml::to_string(&Whole {
            form: &self.source,
            rows: &self.raw,
        })
        .map_err(|e| CatalogError(format!("form {}: {e}", self.source.id)))
    }
}

/// Every form kttt knows, oldest first: the first covers every year before the second.
#[derive(Clone, Debug)]
pub struct Forms {
    forms: Vec<Form>,
    /// Offices' own rows over the ministry's forms, in the order they were added.
    layers: Vec<Form>,
    /// Every indicator of every form, each as its newest form defines it: the codes the
    /// store maps and the rows it mirrors.
    registry: Arc<Catalog>,
}

impl Forms {
    /// Builds the forms from the first form's catalog and the later forms' files, in order.
    pub(crate) fn build(
        first: FormFile,
        base: Catalog,
        raw: RawCatalog,
        later: Vec<(FormFile, &str)>,
    ) -> Result<Forms, CatalogError> {
        let first_text = toml::to_string(&first).unwrap_or_default();
        let raw = Arc::new(raw);
        let mut forms = vec![Form {
            rules: OnceLock::new(),
            catalog: Arc::new(base),
            source: first.form,
            changes: Changes::default(),
            series: Arc::new(Series::default()),
            raw: raw.clone(),
            text: first_text,
        }];
        let mut raw = raw;
        let (offices, later): (Vec<_>, Vec<_>) = later.into_iter().partition(|(f, _)| f.form.office.is_some());
        for (file, src) in later {
            let prev = forms.last().expect("the first form is there");
            if file.form.based_on.as_deref() != Some(prev.source.id.as_str()) {
                return Err(CatalogError(format!(
                    "form {}: it must be based on the form before it, {}",
                    file.form.id, prev.source.id
                )));
            }
            if file.form.from_year < prev.source.from_year {
                return Err(CatalogError(format!(
                    "form {}: it must apply from the year of the form before it, {}, or later",
                    file.form.id, prev.source.from_year
                )));
            }
            let (catalog, next_raw) = Catalog::derive(&prev.catalog, &raw, &file.changes, src)?;
            raw = Arc::new(next_raw);
            let series = Series::read(&file.series, &prev.catalog, &catalog, file.form.from_year)?;
            forms.push(Form {
                series: Arc::new(series),
                rules: OnceLock::new(),
                catalog: Arc::new(catalog),
                source: file.form,
                changes: file.changes,
                raw: raw.clone(),
                text: src.to_string(),
            });
        }
        let mut registry = registry(&forms);
        let mut layers = layers::build(&forms, &mut registry, offices)?;
        if !layers.is_empty() {
            // An office's figures are read wherever its unit's are (a roll-up above it, a
            // push): every catalog then knows every indicator, out of its form if not in it.
            for f in forms.iter_mut().chain(layers.iter_mut()) {
                if f.catalog.indicators.len() < registry.indicators.len() {
                    f.catalog = Arc::new((*f.catalog).clone().renumbered(&registry));
                }
            }
        }
        Ok(Forms {
            forms,
            layers,
            registry: Arc::new(registry),
        })
    }

    /// The forms compiled into kttt (read once per process).
    pub fn builtin() -> &'static Forms {
        Forms::shared_arc()
    }

    /// The forms compiled into kttt, shared.
    pub fn shared() -> Arc<Forms> {
        Forms::shared_arc().clone()
    }

    fn shared_arc() -> &'static Arc<Forms> {
        static FORMS: OnceLock<Arc<Forms>> = OnceLock::new();
        FORMS.get_or_init(|| {
            let first = FormFile::parse(crate::assets::FORM_2019).expect("the built-in forms are checked by tests");
            let later = crate::assets::LATER_FORMS
                .iter()
                .map(|src| {
                    (
                        FormFile::parse(src).expect("the built-in forms are checked by tests"),
                        *src,
                    )
                })
                .collect();
            let raw = builtin_raw();
            let base = Catalog::from_builtin_raw(raw.clone());
            Arc::new(Forms::build(first, base, raw, later).expect("the built-in forms are checked by tests"))
        })
    }

    /// The forms compiled into kttt and, after them, forms added to a database (their files'
    /// texts, in the order they were added).
    pub fn with_added(texts: &[String]) -> Result<Forms, CatalogError> {
        let first = FormFile::parse(crate::assets::FORM_2019)?;
        let mut later = Vec::new();
        for src in crate::assets::LATER_FORMS.iter() {
            later.push((FormFile::parse(src)?, *src));
        }
        for t in texts {
            later.push((FormFile::parse(t)?, t.as_str()));
        }
        let raw = builtin_raw();
        Forms::build(first, Catalog::from_builtin_raw(raw.clone()), raw, later)
    }

    /// The newest form (the one a form added now is based on).
    pub fn newest(&self) -> &Form {
        self.forms.last().expect("the first form is there")
    }

    /// The form in force for a plan year.
    pub fn for_year(&self, year: i32) -> &Form {
        self.forms
            .iter()
            .rev()
            .find(|f| f.source.from_year <= year)
            .unwrap_or(&self.forms[0])
    }

    /// The form with this id (the ministry's or an office's).
    pub fn get(&self, id: &str) -> Option<&Form> {
        self.forms.iter().chain(&self.layers).find(|f| f.source.id == id)
    }

    /// Every form of the ministry, oldest first.
    pub fn all(&self) -> &[Form] {
        &self.forms
    }

    /// Every office's own rows over the ministry's forms, in the order they were added.
    pub fn layers(&self) -> &[Form] {
        &self.layers
    }

    /// The plan years a form is in force for: from its year to the year before the next
    /// form (`None`: no end). An office's rows end with the ministry's form they are on.
    pub fn years_of(&self, id: &str) -> Option<(i32, Option<i32>)> {
        if let Some(l) = self.layers.iter().find(|f| f.source.id == id) {
            let (_, to) = self.years_of(&self.ministry_form_of(l).source.id)?;
            return Some((l.source.from_year, to));
        }
        let at = self.forms.iter().position(|f| f.source.id == id)?;
        let next = self.forms.get(at + 1).map(|f| f.source.from_year - 1);
        Some((self.forms[at].source.from_year, next))
    }

    /// Every indicator of every form, as its newest form defines it.
    pub fn registry(&self) -> &Arc<Catalog> {
        &self.registry
    }

    /// The newest form holding an indicator code, and the catalog that defines it there (an
    /// office's rows after every ministry form).
    pub fn defining(&self, code: &str) -> Option<&Form> {
        self.forms
            .iter()
            .rev()
            .chain(self.layers.iter().rev())
            .find(|f| f.catalog.find(code).is_some_and(|id| f.catalog.get(id).in_form))
    }
}

/// The newest form's catalog, with each indicator the newest form lacks as the newest form
/// holding it defines it (still out of the form: no form in force shows it from then on).
fn registry(forms: &[Form]) -> Catalog {
    let newest = forms.last().expect("the first form is there");
    let mut c = (*newest.catalog).clone();
    for i in 0..c.indicators.len() {
        if c.indicators[i].in_form {
            continue;
        }
        let code = c.indicators[i].code.clone();
        if let Some(f) = forms
            .iter()
            .rev()
            .find(|f| f.catalog.find(&code).is_some_and(|id| f.catalog.get(id).in_form))
        {
            let def = f.catalog.get(f.catalog.find(&code).expect("found above"));
            let ind = &mut c.indicators[i];
            ind.has_values = def.has_values;
            ind.funded = def.funded;
            ind.kind = def.kind;
            ind.signed = def.signed;
            ind.name = def.name.clone();
            ind.short = def.short.clone();
        }
    }
    let mut fp = String::new();
    for f in forms {
        fp.push_str(&f.catalog.fingerprint);
    }
    c.fingerprint = crate::domain::catalog::fingerprint(&fp);
    c
}
