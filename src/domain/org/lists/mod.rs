//! Unit lists and mappings as files: a tree of units with the code scheme and the dates it
//! is valid for (`level,gso,name,parent_gso`), and the mapping from the units that ended to
//! those that took their area (`old_gso,old_name,new_gso,new_name,kind,share`). Both are CSV
//! with `# key: value` lines before the header. Reading them is pure; what an import changes
//! is worked out in `import` and `mapping`.
//!
//! `file` reads what both files share (the `# key: value` lines, the CSV records, the codes);
//! `problem` is how a fault in either is told; `unit_list` and `mapping_list` read each one.

mod file;
mod mapping_list;
mod problem;
mod unit_list;

pub use mapping_list::{MapKind, Mapping, MappingList};
pub use problem::Problem;
pub use unit_list::{UnitList, UnitRow};
