//! Transfer bundles on the wire: the payload (JSON) signed with the unit's
//! Ed25519 key, then encrypted with age — to a passphrase or to the desk's
//! age public key. One file, written atomically. Reading a bundle never
//! panics, whatever the bytes, and costs bounded memory and work: the size is
//! checked before reading, decryption streams, an untrusted signer is refused
//! before the payload is read, and scrypt work is capped (see [`Limits`]).

use std::io::{BufRead, BufReader, Read, Write};
use std::iter;
use std::path::Path;
use std::str::FromStr;

use age::secrecy::SecretString;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
#[cfg(test)]
use serde::{Deserialize, Serialize};

use crate::domain::bundle::{self, Payload};

pub const ENVELOPE: &str = "tiepnhan-signed/1";
/// The largest bundle file read by default: 512 MiB, checked before reading.
pub const DEFAULT_MAX_BYTES: u64 = 512 << 20;
/// The largest scrypt work factor (log2 N) a passphrase bundle may ask for:
/// 2^20 is 1 GiB of memory and a few seconds here; more is refused unread.
pub const MAX_WORK_FACTOR: u8 = 20;
/// The scrypt work factor a passphrase bundle is sealed with (256 MiB).
pub const SEAL_WORK_FACTOR: u8 = 18;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BundleError {
    #[error("the bundle is damaged or incomplete (it could not be decrypted)")]
    Damaged,
    #[error("wrong bundle passphrase or key")]
    WrongKey,
    #[error("this bundle needs {0}")]
    NeedsKey(&'static str),
    #[error("not a TiepNhan bundle")]
    NotABundle,
    #[error("the signature does not match: the bundle was altered or signed with another key")]
    BadSignature,
    #[error("signed by a unit this desk does not trust (fingerprint {0})")]
    Untrusted(String),
    #[error("the bundle is too large ({bytes} bytes; the limit is {limit} bytes)")]
    TooLarge { bytes: u64, limit: u64 },
    #[error(
        "the bundle's passphrase protection asks for too much work (2^{required}; at most 2^{max} is accepted)"
    )]
    TooMuchWork { required: u8, max: u8 },
    #[error("invalid bundle: {0}")]
    Invalid(String),
    #[error("{0}")]
    Io(String),
}

/// What reading a bundle may cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest bundle file, checked before anything is read.
    pub max_bytes: u64,
    /// The largest scrypt work factor accepted; never more than [`MAX_WORK_FACTOR`].
    pub max_work_factor: u8,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_bytes: DEFAULT_MAX_BYTES,
            max_work_factor: MAX_WORK_FACTOR,
        }
    }
}

/// The signed envelope's format, field by field, in order
/// (`write_envelope` writes it; the test holds the two together).
#[cfg(test)]
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope {
    format: String,
    public_key: String,
    signature: String,
    payload: String,
}

/// How a bundle is encrypted.
pub enum Seal<'a> {
    Passphrase(&'a str),
    /// An age X25519 public key (`age1...`).
    Recipient(&'a str),
}

/// Sign and encrypt a payload.
pub fn seal(payload: &Payload, key: &SigningKey, how: Seal<'_>) -> Result<Vec<u8>, BundleError> {
    let mut out = Vec::new();
    seal_to(payload, key, how, &mut out)?;
    Ok(out)
}

/// As [`seal`], the bundle written to `out` as it is encrypted.
pub fn seal_to(
    payload: &Payload,
    key: &SigningKey,
    how: Seal<'_>,
    out: impl Write,
) -> Result<(), BundleError> {
    let io = |e: std::io::Error| BundleError::Io(e.to_string());
    let bytes = serde_json::to_vec(payload).map_err(|e| BundleError::Io(e.to_string()))?;
    let encryptor = match how {
        Seal::Passphrase(p) => {
            let mut r = age::scrypt::Recipient::new(SecretString::from(p.to_string()));
            r.set_work_factor(SEAL_WORK_FACTOR);
            age::Encryptor::with_recipients(iter::once(&r as &dyn age::Recipient))
                .map_err(|e| BundleError::Io(e.to_string()))?
        }
        Seal::Recipient(r) => {
            let r = age::x25519::Recipient::from_str(r.trim())
                .map_err(|_| BundleError::Invalid("not an age public key (age1...)".into()))?;
            age::Encryptor::with_recipients(iter::once(&r as &dyn age::Recipient))
                .map_err(|e| BundleError::Io(e.to_string()))?
        }
    };
    let mut w = encryptor
        .wrap_output(std::io::BufWriter::with_capacity(64 * 1024, out))
        .map_err(io)?;
    write_envelope(&mut w, key, &bytes).map_err(io)?;
    w.finish().map_err(io)?.flush().map_err(io)
}

/// The envelope around `payload` (its JSON), signed, written straight into
/// the encryption stream: the same bytes as serialising [`Envelope`], without
/// holding its base64 payload and the envelope as two more copies in memory
/// (a bundle with photos is hundreds of megabytes).
fn write_envelope(w: &mut impl Write, key: &SigningKey, payload: &[u8]) -> std::io::Result<()> {
    let field = |w: &mut dyn Write, name: &str, value: &str| -> std::io::Result<()> {
        write!(w, "\"{name}\":")?;
        serde_json::to_writer(&mut *w, value).map_err(std::io::Error::other)
    };
    let public_key = B64.encode(key.verifying_key().to_bytes());
    let signature = B64.encode(key.sign(payload).to_bytes());
    w.write_all(b"{")?;
    field(w, "format", ENVELOPE)?;
    w.write_all(b",")?;
    field(w, "public_key", &public_key)?;
    w.write_all(b",")?;
    field(w, "signature", &signature)?;
    // Base64 needs no JSON escape: the string is written as it is encoded.
    w.write_all(b",\"payload\":\"")?;
    {
        let mut enc = base64::write::EncoderWriter::new(&mut *w, &B64);
        enc.write_all(payload)?;
        enc.finish()?;
    }
    w.write_all(b"\"}")
}

/// How to open a bundle.
pub enum Key<'a> {
    Passphrase(&'a str),
    /// The contents of an age identity file (`AGE-SECRET-KEY-...`).
    Identity(&'a str),
}

/// An opened bundle: the checked payload, the signer's public key (base64)
/// and what the trust check said about the signer.
#[derive(Debug)]
pub struct Opened<T> {
    pub payload: Payload,
    pub public_key: String,
    pub sender: T,
}

/// Open a bundle file for import: the size is checked before reading, the
/// file is decrypted as a stream, and `trust` is asked about the signer (its
/// base64 public key) as soon as the envelope names it — before the payload is
/// read — so a bundle from a unit the desk does not trust is refused after a
/// few kilobytes. `trust` returns what it knows of the sender, or `None` to
/// refuse it. Then the signature is checked, the payload parsed and validated.
pub fn open_file<T>(
    path: &Path,
    key: Key<'_>,
    limits: &Limits,
    trust: impl FnOnce(&str) -> Result<Option<T>, BundleError>,
) -> Result<Opened<T>, BundleError> {
    let meta = std::fs::metadata(path).map_err(|e| BundleError::Io(e.to_string()))?;
    check_size(meta.len(), limits)?;
    let file = std::fs::File::open(path).map_err(|e| BundleError::Io(e.to_string()))?;
    open_reader(file, meta.len(), key, limits, trust)
}

/// As [`open_file`], from a reader of `len` bytes (checked against the limit
/// before reading; reading also stops at the limit).
pub fn open_reader<R: Read, T>(
    reader: R,
    len: u64,
    key: Key<'_>,
    limits: &Limits,
    trust: impl FnOnce(&str) -> Result<Option<T>, BundleError>,
) -> Result<Opened<T>, BundleError> {
    check_size(len, limits)?;
    let input = BufReader::new(reader.take(limits.max_bytes));
    let plain = decrypt(input, key, limits)?;
    let mut plain = BufReader::with_capacity(64 * 1024, plain.take(limits.max_bytes));
    let env = read_envelope(&mut plain, limits.max_bytes, trust)?;
    let payload: Payload = serde_json::from_slice(&env.payload)
        .map_err(|e| BundleError::Invalid(first_line(&e.to_string())))?;
    if payload.sender.public_key != env.public_key {
        return Err(BundleError::BadSignature);
    }
    bundle::validate(&payload).map_err(|e| BundleError::Invalid(e.to_string()))?;
    Ok(Opened {
        payload,
        public_key: env.public_key,
        sender: env.sender,
    })
}

/// Decrypt, check the signature and parse a bundle held in memory, whoever
/// signed it (the caller checks the signer): for tests and tools. Imports use
/// [`open_file`], which refuses an untrusted signer before reading the payload.
pub fn open(bytes: &[u8], key: Key<'_>) -> Result<(Payload, String), BundleError> {
    let o = open_reader(bytes, bytes.len() as u64, key, &Limits::default(), |_| {
        Ok(Some(()))
    })?;
    Ok((o.payload, o.public_key))
}

fn check_size(len: u64, limits: &Limits) -> Result<(), BundleError> {
    if len > limits.max_bytes {
        return Err(BundleError::TooLarge {
            bytes: len,
            limit: limits.max_bytes,
        });
    }
    Ok(())
}

fn map_decrypt_error(e: age::DecryptError, max: u8) -> BundleError {
    match e {
        age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => {
            BundleError::WrongKey
        }
        age::DecryptError::ExcessiveWork { required, .. } => {
            BundleError::TooMuchWork { required, max }
        }
        age::DecryptError::InvalidHeader | age::DecryptError::UnknownFormat => {
            BundleError::NotABundle
        }
        _ => BundleError::Damaged,
    }
}

/// The decrypting reader of a bundle: age's STREAM, 64 KiB at a time.
fn decrypt<'r, R: BufRead + 'r>(
    input: R,
    key: Key<'_>,
    limits: &Limits,
) -> Result<Box<dyn Read + 'r>, BundleError> {
    let max = limits.max_work_factor.min(MAX_WORK_FACTOR);
    let decryptor = age::Decryptor::new_buffered(input).map_err(|e| match e {
        age::DecryptError::InvalidHeader | age::DecryptError::UnknownFormat => {
            BundleError::NotABundle
        }
        _ => BundleError::Damaged,
    })?;
    let scrypt = decryptor.is_scrypt();
    let reader = match key {
        Key::Passphrase(p) => {
            if !scrypt {
                return Err(BundleError::NeedsKey("an age identity file (--identity)"));
            }
            let mut id = age::scrypt::Identity::new(SecretString::from(p.to_string()));
            id.set_max_work_factor(max);
            decryptor.decrypt(iter::once(&id as &dyn age::Identity))
        }
        Key::Identity(text) => {
            if scrypt {
                return Err(BundleError::NeedsKey("a passphrase"));
            }
            let ids = age::IdentityFile::from_buffer(text.as_bytes())
                .and_then(|f| {
                    f.into_identities()
                        .map_err(|e| std::io::Error::other(e.to_string()))
                })
                .map_err(|_| BundleError::Invalid("not an age identity file".into()))?;
            decryptor.decrypt(ids.iter().map(|i| i.as_ref() as &dyn age::Identity))
        }
    }
    .map_err(|e| map_decrypt_error(e, max))?;
    Ok(Box::new(reader))
}

/// The envelope as read: the signer checked, the payload's bytes verified.
struct ReadEnvelope<T> {
    public_key: String,
    payload: Vec<u8>,
    sender: T,
}

/// The byte after whitespace, consumed; `None` at the end. A read error
/// (a chunk that does not decrypt) is damage.
fn next_byte(r: &mut impl BufRead) -> Result<Option<u8>, BundleError> {
    loop {
        let buf = r.fill_buf().map_err(|_| BundleError::Damaged)?;
        let Some(&b) = buf.first() else {
            return Ok(None);
        };
        r.consume(1);
        if !b.is_ascii_whitespace() {
            return Ok(Some(b));
        }
    }
}

fn expect(r: &mut impl BufRead, want: u8) -> Result<(), BundleError> {
    match next_byte(r)? {
        Some(b) if b == want => Ok(()),
        _ => Err(BundleError::NotABundle),
    }
}

/// A short JSON string without escapes (keys, the format, keys and
/// signatures in base64), at most `max` bytes; the opening quote is read.
fn short_string(r: &mut impl BufRead, max: usize) -> Result<String, BundleError> {
    let mut out = Vec::new();
    let mut body = UntilQuote::new(r);
    let read = (&mut body).take(max as u64 + 1).read_to_end(&mut out);
    read.map_err(|e| body.error(e))?;
    if out.len() > max || !body.closed {
        return Err(BundleError::NotABundle);
    }
    String::from_utf8(out).map_err(|_| BundleError::NotABundle)
}

/// Reads the body of a JSON string up to its closing quote (consumed).
/// Escapes and control characters are refused: none of the envelope's
/// strings needs them.
struct UntilQuote<'a, R: BufRead> {
    inner: &'a mut R,
    closed: bool,
    /// The text is not what the envelope holds (unterminated, escaped).
    bad: bool,
    /// Reading failed underneath: a chunk did not decrypt.
    failed: bool,
}

impl<'a, R: BufRead> UntilQuote<'a, R> {
    fn new(inner: &'a mut R) -> Self {
        UntilQuote {
            inner,
            closed: false,
            bad: false,
            failed: false,
        }
    }

    fn error(&self, _e: std::io::Error) -> BundleError {
        if self.failed || !self.bad {
            BundleError::Damaged
        } else {
            BundleError::NotABundle
        }
    }
}

impl<R: BufRead> Read for UntilQuote<'_, R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.closed || out.is_empty() {
            return Ok(0);
        }
        let buf = match self.inner.fill_buf() {
            Ok(b) => b,
            Err(e) => {
                self.failed = true;
                return Err(e);
            }
        };
        if buf.is_empty() {
            // The stream ended inside the string.
            self.bad = true;
            return Err(std::io::Error::other("unterminated string"));
        }
        let end = buf
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
            .unwrap_or(buf.len());
        if end < buf.len() && buf[end] != b'"' {
            self.bad = true;
            return Err(std::io::Error::other("escape or control character"));
        }
        let n = end.min(out.len());
        out[..n].copy_from_slice(&buf[..n]);
        if n == end && end < buf.len() {
            // The closing quote.
            self.inner.consume(n + 1);
            self.closed = true;
        } else {
            self.inner.consume(n);
        }
        Ok(n)
    }
}

/// Read the envelope `{"format", "public_key", "signature", "payload"}` as
/// a stream: the signer is checked by `trust` before the payload is read,
/// the payload is base64-decoded as it comes and its signature verified.
fn read_envelope<T>(
    r: &mut impl BufRead,
    max_bytes: u64,
    trust: impl FnOnce(&str) -> Result<Option<T>, BundleError>,
) -> Result<ReadEnvelope<T>, BundleError> {
    let mut trust = Some(trust);
    let (mut format, mut public, mut signature, mut payload) = (None, None, None, None);
    let mut sender: Option<T> = None;
    expect(r, b'{')?;
    loop {
        expect(r, b'"')?;
        let field = short_string(r, 16)?;
        expect(r, b':')?;
        expect(r, b'"')?;
        match field.as_str() {
            "format" if format.is_none() => {
                let f = short_string(r, 64)?;
                if f != ENVELOPE {
                    return Err(BundleError::NotABundle);
                }
                format = Some(f);
            }
            "public_key" if public.is_none() => {
                let text = short_string(r, 64)?;
                let raw: [u8; 32] = base64_bytes(&text)?;
                let check = trust.take().ok_or(BundleError::NotABundle)?;
                match check(&text)? {
                    Some(t) => sender = Some(t),
                    None => {
                        return Err(BundleError::Untrusted(crate::domain::bundle::fingerprint(
                            &raw,
                        )));
                    }
                }
                public = Some((text, raw));
            }
            "signature" if signature.is_none() => {
                let text = short_string(r, 128)?;
                let sig: [u8; 64] = base64_bytes(&text)?;
                signature = Some(sig);
            }
            // The payload is read only once its signer is known and trusted.
            "payload" if payload.is_none() && public.is_some() => {
                let mut body = UntilQuote::new(r);
                let mut bytes = Vec::new();
                let decoded = base64::read::DecoderReader::new(&mut body, &B64)
                    .take(max_bytes)
                    .read_to_end(&mut bytes);
                match decoded {
                    Ok(_) if body.closed => payload = Some(bytes),
                    Ok(_) => return Err(BundleError::NotABundle),
                    // A chunk that does not decrypt, or an end without the last chunk.
                    Err(_) if body.failed => return Err(BundleError::Damaged),
                    // Not base64, or not a plain string.
                    Err(_) => return Err(BundleError::NotABundle),
                }
            }
            _ => return Err(BundleError::NotABundle),
        }
        match next_byte(r)? {
            Some(b',') => continue,
            Some(b'}') => break,
            _ => return Err(BundleError::NotABundle),
        }
    }
    if next_byte(r)?.is_some() {
        return Err(BundleError::NotABundle);
    }
    let (Some(_), Some((public_key, raw)), Some(signature), Some(payload), Some(sender)) =
        (format, public, signature, payload, sender)
    else {
        return Err(BundleError::NotABundle);
    };
    let vk = VerifyingKey::from_bytes(&raw).map_err(|_| BundleError::BadSignature)?;
    vk.verify(&payload, &Signature::from_bytes(&signature))
        .map_err(|_| BundleError::BadSignature)?;
    Ok(ReadEnvelope {
        public_key,
        payload,
        sender,
    })
}

fn first_line(s: &str) -> String {
    s.lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(200)
        .collect()
}

/// A key or signature of exactly `N` bytes in base64 (anything else is a bad signature).
fn base64_bytes<const N: usize>(text: &str) -> Result<[u8; N], BundleError> {
    B64.decode(text)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(BundleError::BadSignature)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The envelope written as a stream is, byte for byte, the serialised
    /// [`Envelope`] every earlier release wrote and every desk reads.
    #[test]
    fn the_streamed_envelope_is_the_serialised_one() {
        let key = SigningKey::from_bytes(&[7; 32]);
        for payload in [
            &b"{}"[..],
            b"{\"cases\":[\"Nguy\xe1\xbb\x85n\"]}",
            &[0xffu8; 1000][..],
        ] {
            let mut streamed = Vec::new();
            write_envelope(&mut streamed, &key, payload).unwrap();
            let env = Envelope {
                format: ENVELOPE.into(),
                public_key: B64.encode(key.verifying_key().to_bytes()),
                signature: B64.encode(key.sign(payload).to_bytes()),
                payload: B64.encode(payload),
            };
            assert_eq!(streamed, serde_json::to_vec(&env).unwrap());
        }
    }
}
