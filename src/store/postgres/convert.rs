//! Between kttt's portable statements and the server: `?1` parameters become `$1`, a
//! [`Value`] is sent as whatever type the server expects at its place (a figure's text as
//! `NUMERIC`, a year as `BIGINT`), and a row comes back as plain values.

use crate::store::sql::Value;
use crate::store::{StoreError, StoreResult};
use bytes::BytesMut;
use postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use rust_decimal::Decimal;
use std::error::Error;

/// The statement with `?N` parameters numbered `$N` (outside quoted text).
pub fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    for c in sql.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '?' if !quoted => out.push('$'),
            _ => out.push(c),
        }
    }
    out
}

/// A parameter as the server takes it.
#[derive(Debug)]
pub struct Param(Value);

/// The parameters of a statement.
pub fn args(params: &[Value]) -> Vec<Param> {
    params.iter().cloned().map(Param).collect()
}

type BoxError = Box<dyn Error + Sync + Send>;

fn parse_decimal(t: &str) -> Result<Decimal, BoxError> {
    crate::domain::number::parse_canonical(t).ok_or_else(|| format!("not a figure: {t}").into())
}

impl ToSql for Param {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        let v = &self.0;
        if *v == Value::Null {
            return Ok(IsNull::Yes);
        }
        match *ty {
            Type::INT2 | Type::INT4 | Type::INT8 => {
                let i = match v {
                    Value::Int(i) => *i,
                    Value::Bool(b) => i64::from(*b),
                    Value::Text(t) => t.parse()?,
                    Value::Num(d) => rust_decimal::prelude::ToPrimitive::to_i64(d).ok_or("not an integer")?,
                    other => return Err(format!("not an integer: {other:?}").into()),
                };
                match *ty {
                    Type::INT2 => i16::try_from(i)?.to_sql(ty, out),
                    Type::INT4 => i32::try_from(i)?.to_sql(ty, out),
                    _ => i.to_sql(ty, out),
                }
            }
            Type::NUMERIC => {
                let d = match v {
                    Value::Num(d) => *d,
                    Value::Int(i) => Decimal::from(*i),
                    Value::Text(t) => parse_decimal(t)?,
                    other => return Err(format!("not a figure: {other:?}").into()),
                };
                d.to_sql(ty, out)
            }
            Type::BOOL => {
                let b = match v {
                    Value::Bool(b) => *b,
                    Value::Int(i) => *i != 0,
                    other => return Err(format!("not a truth value: {other:?}").into()),
                };
                b.to_sql(ty, out)
            }
            Type::FLOAT8 | Type::FLOAT4 => {
                let f = match v {
                    Value::Real(f) => *f,
                    Value::Int(i) => *i as f64,
                    other => return Err(format!("not a number: {other:?}").into()),
                };
                f.to_sql(ty, out)
            }
            _ => {
                let t = match v {
                    Value::Text(t) => t.clone(),
                    Value::Int(i) => i.to_string(),
                    Value::Num(d) => crate::domain::number::canonical(d),
                    Value::Bool(b) => b.to_string(),
                    Value::Real(f) => f.to_string(),
                    Value::Null => unreachable!("handled above"),
                };
                t.to_sql(ty, out)
            }
        }
    }

    fn accepts(_ty: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

fn backend(e: postgres::Error) -> StoreError {
    StoreError::Backend(e.to_string())
}

/// A row as plain values, column by column by the server's type, into a buffer (emptied
/// first), so that a long result reuses one.
pub fn row_into(r: &postgres::Row, vals: &mut Vec<Value>) -> StoreResult<()> {
    vals.clear();
    for (i, c) in r.columns().iter().enumerate() {
        let v = match *c.type_() {
            Type::INT2 => r
                .try_get::<_, Option<i16>>(i)
                .map_err(backend)?
                .map(|x| Value::Int(x.into())),
            Type::INT4 => r
                .try_get::<_, Option<i32>>(i)
                .map_err(backend)?
                .map(|x| Value::Int(x.into())),
            Type::INT8 => r.try_get::<_, Option<i64>>(i).map_err(backend)?.map(Value::Int),
            Type::NUMERIC => r.try_get::<_, Option<Decimal>>(i).map_err(backend)?.map(Value::Num),
            Type::BOOL => r.try_get::<_, Option<bool>>(i).map_err(backend)?.map(Value::Bool),
            Type::FLOAT4 => r
                .try_get::<_, Option<f32>>(i)
                .map_err(backend)?
                .map(|x| Value::Real(x.into())),
            Type::FLOAT8 => r.try_get::<_, Option<f64>>(i).map_err(backend)?.map(Value::Real),
            _ => r.try_get::<_, Option<String>>(i).map_err(backend)?.map(Value::Text),
        };
        vals.push(v.unwrap_or(Value::Null));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_numbered_outside_quoted_text() {
        assert_eq!(
            numbered("SELECT a FROM t WHERE b = ?1 AND c = '?2' OR d = ?12"),
            "SELECT a FROM t WHERE b = $1 AND c = '?2' OR d = $12"
        );
    }
}
