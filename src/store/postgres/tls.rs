//! TLS to the server, as the address asks: `sslmode=disable|prefer|require` (`prefer`
//! when not given: TLS when the server offers it), and kttt's own `sslrootcert=FILE`, the
//! certificate of the authority that signed the server's (without it, the system's trusted
//! authorities). When TLS is used the server's certificate and host name are always checked.
//! The TLS library is rustls, in the binary: no shared library to load at every start.

use crate::store::Refusal;
use crate::store::{StoreError, StoreResult};
use postgres::Socket;
use postgres::tls::{MakeTlsConnect, TlsConnect};
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use tokio_postgres_rustls::MakeRustlsConnect;

/// The stream a TLS connection is read and written through.
type TlsStream = <MakeRustlsConnect as MakeTlsConnect<Socket>>::Stream;

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
            let bad = |error: String| {
                StoreError::from(Refusal::BadCertificate {
                    path: p.to_path_buf(),
                    error,
                })
            };
            let certs = CertificateDer::pem_slice_iter(&pem)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| bad(e.to_string()))?;
            if certs.is_empty() {
                return Err(bad("-----BEGIN CERTIFICATE----- not found".into()));
            }
            // Each must be one an authority can be: refused here, not at the first connection.
            let mut roots = rustls::RootCertStore::empty();
            for c in &certs {
                roots.add(c.clone()).map_err(|e| bad(e.to_string()))?;
            }
            Some(certs)
        }
    };
    Ok(LazyTls { cert })
}

/// Makes TLS connections, setting the TLS library up on the first handshake.
pub struct LazyTls {
    cert: Option<Vec<CertificateDer<'static>>>,
}

/// One TLS handshake to come, with the server's name to check.
pub struct LazyHandshake {
    cert: Option<Vec<CertificateDer<'static>>>,
    domain: String,
}

type BoxError = Box<dyn std::error::Error + Sync + Send>;

impl MakeTlsConnect<Socket> for LazyTls {
    type Stream = TlsStream;
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
    type Stream = TlsStream;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<TlsStream, BoxError>> + Send>>;

    fn connect(self, stream: Socket) -> Self::Future {
        Box::pin(async move {
            let mut roots = rustls::RootCertStore::empty();
            match self.cert {
                Some(certs) => {
                    for c in certs {
                        roots.add(c)?;
                    }
                }
                None => {
                    // The system's trusted authorities; one it cannot use is left out, as
                    // OpenSSL would.
                    let found = rustls_native_certs::load_native_certs();
                    let (added, _) = roots.add_parsable_certificates(found.certs);
                    if added == 0 {
                        let why = found.errors.first().map(|e| e.to_string()).unwrap_or_default();
                        return Err(format!("no trusted certificate authority found on this system {why}").into());
                    }
                }
            }
            // ring's cryptography: it builds with a C compiler alone (aws-lc, rustls's other
            // provider, needs a far longer build). It has no post-quantum key exchange, which
            // rustls now warns of; the exchange is X25519 or an elliptic curve, as with
            // PostgreSQL clients linked with OpenSSL before 3.5.
            #[allow(deprecated)]
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            let config = rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()?
                .with_root_certificates(roots)
                .with_no_client_auth();
            let mut make = MakeRustlsConnect::new(config);
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
