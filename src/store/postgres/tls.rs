//! TLS to the server, as the address asks: `sslmode=disable|prefer|require` (`prefer`
//! when not given: TLS when the server offers it), and kttt's own `sslrootcert=FILE`, the
//! certificate of the authority that signed the server's (without it, the system's trusted
//! authorities). When TLS is used the server's certificate and host name are always checked.

use crate::store::Refusal;
use crate::store::{StoreError, StoreResult};
use postgres::Socket;
use postgres::tls::{MakeTlsConnect, TlsConnect};
use postgres_native_tls::{MakeTlsConnector, TlsStream};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;

/// An address split into what the `postgres` crate reads and what kttt reads itself.
pub struct Address {
    pub url: String,
    pub root_cert: Option<PathBuf>,
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Takes kttt's own parameters out of an address.
pub fn split(url: &str) -> Address {
    let Some((base, query)) = url.split_once('?') else {
        return Address {
            url: url.to_string(),
            root_cert: None,
        };
    };
    let mut root_cert = None;
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| match p.split_once('=') {
            Some(("sslrootcert", v)) => {
                root_cert = Some(PathBuf::from(percent_decode(v)));
                false
            }
            _ => !p.is_empty(),
        })
        .collect();
    let url = if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    Address { url, root_cert }
}

/// The TLS connector for an address. The authority's certificate is read here (a missing or
/// unreadable file is refused before connecting); the TLS library itself is set up only
/// when the server agrees to TLS: setting it up reads the system's whole list of trusted
/// authorities, about 40 ms, which a server without TLS (or `sslmode=disable`) never needs.
pub fn connector(root_cert: Option<&Path>) -> StoreResult<LazyTls> {
    let cert = match root_cert {
        None => None,
        Some(p) => {
            let pem = std::fs::read(p).map_err(|e| StoreError::Io {
                path: p.to_path_buf(),
                message: e.to_string(),
            })?;
            Some(native_tls::Certificate::from_pem(&pem).map_err(|e| {
                StoreError::from(Refusal::BadCertificate {
                    path: p.to_path_buf(),
                    error: e.to_string(),
                })
            })?)
        }
    };
    Ok(LazyTls { cert })
}

/// Makes TLS connections, setting the TLS library up on the first handshake.
pub struct LazyTls {
    cert: Option<native_tls::Certificate>,
}

/// One TLS handshake to come, with the server's name to check.
pub struct LazyHandshake {
    cert: Option<native_tls::Certificate>,
    domain: String,
}

type BoxError = Box<dyn std::error::Error + Sync + Send>;

impl MakeTlsConnect<Socket> for LazyTls {
    type Stream = TlsStream<Socket>;
    type TlsConnect = LazyHandshake;
    type Error = BoxError;

    fn make_tls_connect(&mut self, domain: &str) -> Result<LazyHandshake, BoxError> {
        Ok(LazyHandshake {
            cert: self.cert.clone(),
            domain: domain.to_string(),
        })
    }
}

impl TlsConnect<Socket> for LazyHandshake {
    type Stream = TlsStream<Socket>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<TlsStream<Socket>, BoxError>> + Send>>;

    fn connect(self, stream: Socket) -> Self::Future {
        Box::pin(async move {
            let mut b = native_tls::TlsConnector::builder();
            if let Some(c) = self.cert {
                b.add_root_certificate(c);
            }
            let mut make = MakeTlsConnector::new(b.build()?);
            let handshake = MakeTlsConnect::<Socket>::make_tls_connect(&mut make, &self.domain)?;
            Ok(handshake.connect(stream).await?)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kttts_own_parameters_are_taken_out_of_the_address() {
        let a = split("postgres://kttt@db.bo.gov.vn/kttt?sslmode=require&sslrootcert=%2Fetc%2Fkttt%2Fca.pem");
        assert_eq!(a.url, "postgres://kttt@db.bo.gov.vn/kttt?sslmode=require");
        assert_eq!(a.root_cert.as_deref(), Some(Path::new("/etc/kttt/ca.pem")));
        let b = split("postgres://kttt@localhost/kttt?sslrootcert=/x/ca.pem");
        assert_eq!(
            (b.url.as_str(), b.root_cert.is_some()),
            ("postgres://kttt@localhost/kttt", true)
        );
        assert_eq!(split("postgres://a@b/c").url, "postgres://a@b/c");
    }

    #[test]
    fn a_missing_or_unreadable_authority_is_refused_before_connecting() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("ca.pem");
        assert!(matches!(connector(Some(&missing)), Err(StoreError::Io { .. })));
        std::fs::write(&missing, "not a certificate").unwrap();
        match connector(Some(&missing)) {
            Err(StoreError::Refused(r)) => assert!(matches!(*r, Refusal::BadCertificate { .. }), "{r:?}"),
            Err(e) => panic!("{e:?}"),
            Ok(_) => panic!("a file that is not PEM was taken"),
        }
        assert!(connector(None).is_ok());
    }
}
