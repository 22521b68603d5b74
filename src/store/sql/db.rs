//! The few things the store's logic asks of a SQL connection, the same for SQLite and
//! PostgreSQL: run a statement with parameters, read rows of plain values, begin and end a
//! write transaction. Statements are written once, with `?1`-style parameters (a backend
//! that numbers them otherwise translates them); values cross as [`Value`]s, so a figure is
//! exact text in SQLite and `NUMERIC` in PostgreSQL without the logic knowing which.

use crate::domain::number::{canonical, parse_canonical};
use crate::store::{StoreError, StoreResult};
use rust_decimal::Decimal;

/// A value going into or coming out of a statement.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value {
    #[default]
    Null,
    Int(i64),
    /// A float another tool stored (kttt never writes one).
    Real(f64),
    Text(String),
    /// An exact number (PostgreSQL `NUMERIC`).
    Num(Decimal),
    Bool(bool),
}

/// Turns a Rust value into a statement parameter (by reference, as `params!` passes it).
pub trait ToValue {
    fn to_value(&self) -> Value;
}

impl ToValue for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }
}
impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_string())
    }
}
impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
}
impl ToValue for i64 {
    fn to_value(&self) -> Value {
        Value::Int(*self)
    }
}
impl ToValue for i32 {
    fn to_value(&self) -> Value {
        Value::Int(i64::from(*self))
    }
}
impl ToValue for u32 {
    fn to_value(&self) -> Value {
        Value::Int(i64::from(*self))
    }
}
impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::Bool(*self)
    }
}
impl ToValue for Decimal {
    fn to_value(&self) -> Value {
        Value::Num(*self)
    }
}
impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}
impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, |v| v.to_value())
    }
}

/// The parameters of a statement: `params![a, b]` (each taken by reference).
#[macro_export]
#[doc(hidden)]
macro_rules! sql_params {
    () => { &[] as &[$crate::store::sql::Value] };
    ($($x:expr),+ $(,)?) => { &[$($crate::store::sql::ToValue::to_value(&$x)),+] as &[$crate::store::sql::Value] };
}
pub use crate::sql_params as params;

fn wrong(what: &str, v: &Value) -> StoreError {
    StoreError::Backend(format!("a stored value is not {what}: {v:?}"))
}

/// Reads a column's value as a Rust value.
pub trait FromValue: Sized {
    fn from_value(v: &Value) -> StoreResult<Self>;
    /// The same from a value the caller gives up (text is moved, not copied).
    fn from_owned(v: Value) -> StoreResult<Self> {
        Self::from_value(&v)
    }
}

impl FromValue for i64 {
    fn from_value(v: &Value) -> StoreResult<Self> {
        match v {
            Value::Int(i) => Ok(*i),
            Value::Bool(b) => Ok(i64::from(*b)),
            Value::Num(d) => rust_decimal::prelude::ToPrimitive::to_i64(d).ok_or_else(|| wrong("an integer", v)),
            Value::Text(t) => t.parse().map_err(|_| wrong("an integer", v)),
            _ => Err(wrong("an integer", v)),
        }
    }
}
impl FromValue for i32 {
    fn from_value(v: &Value) -> StoreResult<Self> {
        i32::try_from(i64::from_value(v)?).map_err(|_| wrong("a 32-bit integer", v))
    }
}
impl FromValue for u32 {
    fn from_value(v: &Value) -> StoreResult<Self> {
        u32::try_from(i64::from_value(v)?).map_err(|_| wrong("a 32-bit integer", v))
    }
}
impl FromValue for bool {
    fn from_value(v: &Value) -> StoreResult<Self> {
        match v {
            Value::Bool(b) => Ok(*b),
            Value::Int(i) => Ok(*i != 0),
            _ => Err(wrong("a truth value", v)),
        }
    }
}
impl FromValue for String {
    fn from_value(v: &Value) -> StoreResult<Self> {
        text(v).ok_or_else(|| wrong("text", v))
    }
    fn from_owned(v: Value) -> StoreResult<Self> {
        match v {
            Value::Text(t) => Ok(t),
            v => Self::from_value(&v),
        }
    }
}
impl FromValue for Decimal {
    fn from_value(v: &Value) -> StoreResult<Self> {
        figure(v).ok().flatten().ok_or_else(|| wrong("a figure", v))
    }
}
impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: &Value) -> StoreResult<Self> {
        match v {
            Value::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
    fn from_owned(v: Value) -> StoreResult<Self> {
        match v {
            Value::Null => Ok(None),
            v => T::from_owned(v).map(Some),
        }
    }
}

/// Text of a column that should hold text, whatever another tool stored in it (an exact
/// number reads as its canonical text, so a figure reads the same from either backend).
pub fn text(v: &Value) -> Option<String> {
    match v {
        Value::Text(t) => Some(t.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Num(d) => Some(canonical(d)),
        _ => None,
    }
}

/// A stored value that is not a figure (another tool's float or text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotAFigure;

/// A stored figure: `Ok(None)` blank, `Err` something that is not a figure.
pub fn figure(v: &Value) -> Result<Option<Decimal>, NotAFigure> {
    match v {
        Value::Null => Ok(None),
        Value::Int(i) => Ok(Some(Decimal::from(*i))),
        Value::Num(d) => Ok(Some(*d)),
        Value::Text(t) => parse_canonical(t).map(Some).ok_or(NotAFigure),
        Value::Real(_) | Value::Bool(_) => Err(NotAFigure),
    }
}

/// One row of a result.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row(pub Vec<Value>);

impl Row {
    /// The value of column `i` as a Rust value.
    pub fn get<T: FromValue>(&self, i: usize) -> StoreResult<T> {
        T::from_value(self.value(i))
    }

    /// Takes the value of column `i` out of the row (it reads as `Null` after).
    pub fn take<T: FromValue>(&mut self, i: usize) -> StoreResult<T> {
        T::from_owned(self.0.get_mut(i).map(std::mem::take).unwrap_or_default())
    }

    /// The raw value of column `i` (`Null` past the end).
    pub fn value(&self, i: usize) -> &Value {
        self.0.get(i).unwrap_or(&Value::Null)
    }

    /// Column `i` as text, if it is text (or a number).
    pub fn text(&self, i: usize) -> Option<String> {
        text(self.value(i))
    }

    /// Column `i` as text borrowed from the row (empty when it is not text).
    pub fn str(&self, i: usize) -> &str {
        match self.value(i) {
            Value::Text(t) => t,
            _ => "",
        }
    }
}

/// Which SQL the connection speaks, for the few statements that differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A connection (or a transaction on one) that runs statements.
pub trait Db {
    /// Runs a statement; the number of rows it changed.
    fn execute(&self, sql: &str, params: &[Value]) -> StoreResult<u64>;
    /// Runs a query, handing each row to `f` as it is read (one row buffer, reused: a large
    /// result is never held whole). `f` may take the row's values.
    fn query_each(
        &self,
        sql: &str,
        params: &[Value],
        f: &mut dyn FnMut(&mut Row) -> StoreResult<()>,
    ) -> StoreResult<()>;
    /// Runs a query; every row, as values.
    fn query(&self, sql: &str, params: &[Value]) -> StoreResult<Vec<Row>> {
        let mut out = Vec::new();
        self.query_each(sql, params, &mut |r| {
            out.push(Row(std::mem::take(&mut r.0)));
            Ok(())
        })?;
        Ok(out)
    }
    /// Runs several statements without parameters (schema steps).
    fn batch(&self, sql: &str) -> StoreResult<()>;
    /// The SQL it speaks.
    fn dialect(&self) -> Dialect;
}

/// Conveniences over [`Db`], for any connection.
pub trait DbExt: Db {
    /// The first row mapped, or an error when there is none.
    fn query_row<T>(&self, sql: &str, params: &[Value], f: impl FnOnce(&Row) -> StoreResult<T>) -> StoreResult<T> {
        match self.query(sql, params)?.first() {
            Some(r) => f(r),
            None => Err(StoreError::Backend(format!("no row: {}", first_words(sql)))),
        }
    }

    /// The first row mapped, if there is one.
    fn query_opt<T>(
        &self,
        sql: &str,
        params: &[Value],
        f: impl FnOnce(&Row) -> StoreResult<T>,
    ) -> StoreResult<Option<T>> {
        self.query(sql, params)?.first().map(f).transpose()
    }

    /// Every row mapped.
    fn query_map<T>(&self, sql: &str, params: &[Value], f: impl FnMut(&Row) -> StoreResult<T>) -> StoreResult<Vec<T>> {
        self.query(sql, params)?.iter().map(f).collect()
    }

    /// Every row mapped as it is read, each lent to the mapping (which may take its text).
    fn query_owned<T>(
        &self,
        sql: &str,
        params: &[Value],
        mut f: impl FnMut(&mut Row) -> StoreResult<T>,
    ) -> StoreResult<Vec<T>> {
        let mut out = Vec::new();
        self.query_each(sql, params, &mut |r| {
            out.push(f(r)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// Runs an `INSERT … RETURNING id`; the id.
    fn insert_id(&self, sql: &str, params: &[Value]) -> StoreResult<i64> {
        self.query_row(sql, params, |r| r.get(0))
    }
}

impl<D: Db + ?Sized> DbExt for D {}

fn first_words(sql: &str) -> String {
    sql.split_whitespace().take(6).collect::<Vec<_>>().join(" ")
}

/// What a backend does to begin and end a write transaction.
pub trait Transactions: Db {
    /// Begins a transaction that holds the write lock from its first statement, so that what
    /// it reads cannot change before it writes and batches are numbered in commit order.
    fn begin_write(&self) -> StoreResult<()>;
    fn commit(&self) -> StoreResult<()>;
    fn rollback(&self);
}

/// An open write transaction: rolled back when dropped without [`Tx::commit`].
pub struct Tx<'a> {
    db: &'a dyn Transactions,
    done: bool,
}

impl<'a> Tx<'a> {
    /// Begins a write transaction on `db`.
    pub fn begin(db: &'a dyn Transactions) -> StoreResult<Tx<'a>> {
        db.begin_write()?;
        Ok(Tx { db, done: false })
    }

    /// Commits it.
    pub fn commit(mut self) -> StoreResult<()> {
        self.done = true;
        self.db.commit()
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if !self.done {
            self.db.rollback();
        }
    }
}

impl Db for Tx<'_> {
    fn execute(&self, sql: &str, params: &[Value]) -> StoreResult<u64> {
        self.db.execute(sql, params)
    }
    fn query_each(
        &self,
        sql: &str,
        params: &[Value],
        f: &mut dyn FnMut(&mut Row) -> StoreResult<()>,
    ) -> StoreResult<()> {
        self.db.query_each(sql, params, f)
    }
    fn batch(&self, sql: &str) -> StoreResult<()> {
        self.db.batch(sql)
    }
    fn dialect(&self) -> Dialect {
        self.db.dialect()
    }
}
