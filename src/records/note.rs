//! Signed checkpoints in the C2SP formats, so that the tools of other
//! transparency logs read them: a checkpoint (`tlog-checkpoint`: origin,
//! tree size, base64 root hash, one line each) signed as a note
//! (`signed-note`: the text, a blank line, then `— <key name>
//! <base64(key id || signature)>`), with Ed25519 keys written as the
//! signed-note signer and verifier key strings.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use super::merkle::Hash;

/// The signature type byte of Ed25519 in signed notes.
const ED25519: u8 = 0x01;

/// A private key and the name it signs as.
pub struct Signer {
    pub name: String,
    key: SigningKey,
}

/// A public key and the name it signs as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verifier {
    pub name: String,
    key: VerifyingKey,
}

/// The 4-byte key id of signed notes: the start of
/// SHA-256(name || "\n" || 0x01 || public key).
fn key_id(name: &str, public: &VerifyingKey) -> [u8; 4] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update(b"\n");
    h.update([ED25519]);
    h.update(public.as_bytes());
    let digest: [u8; 32] = h.finalize().into();
    [digest[0], digest[1], digest[2], digest[3]]
}

/// A key name may not be empty, hold spaces or `+`.
pub fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() || name.chars().any(|c| c.is_whitespace() || c == '+' || c.is_control()) {
        return Err(format!(
            "`{name}` cannot name a key: use a name without spaces or `+`, such as the site's host"
        ));
    }
    Ok(())
}

/// The `<name>+<id>+<key>` fields of a key string, the key decoded.
fn key_fields(text: &str) -> Result<(&str, String, Vec<u8>), String> {
    let mut parts = text.trim().splitn(3, '+');
    let (Some(name), Some(id), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
        return Err("a key is written `<name>+<key id>+<base64 key>`".to_string());
    };
    check_name(name)?;
    let key = STANDARD
        .decode(key)
        .map_err(|e| format!("its key is not base64: {e}"))?;
    Ok((name, id.to_string(), key))
}

impl Signer {
    /// A signer from a 32-byte Ed25519 seed.
    pub fn from_seed(name: &str, seed: [u8; 32]) -> Result<Signer, String> {
        check_name(name)?;
        Ok(Signer {
            name: name.to_string(),
            key: SigningKey::from_bytes(&seed),
        })
    }

    /// Reads a signer key string: `PRIVATE+KEY+<name>+<id>+<base64(0x01 || seed)>`.
    pub fn parse(text: &str) -> Result<Signer, String> {
        let rest = text
            .trim()
            .strip_prefix("PRIVATE+KEY+")
            .ok_or("a private key starts with `PRIVATE+KEY+`")?;
        let (name, id, key) = key_fields(rest)?;
        let seed: [u8; 32] = match key.split_first() {
            Some((&ED25519, seed)) => seed.try_into().map_err(|_| "its key is not 32 bytes long")?,
            _ => return Err("it is not an Ed25519 key".to_string()),
        };
        let signer = Signer::from_seed(name, seed)?;
        if id != signer.verifier().id_hex() {
            return Err(format!(
                "its key id {id} is not the key's ({})",
                signer.verifier().id_hex()
            ));
        }
        Ok(signer)
    }

    /// The signer key string, as `charter keygen` writes it.
    pub fn text(&self) -> String {
        let mut key = vec![ED25519];
        key.extend_from_slice(self.key.as_bytes());
        format!(
            "PRIVATE+KEY+{}+{}+{}",
            self.name,
            self.verifier().id_hex(),
            STANDARD.encode(key)
        )
    }

    pub fn verifier(&self) -> Verifier {
        Verifier {
            name: self.name.clone(),
            key: self.key.verifying_key(),
        }
    }

    /// `body` signed as a note: the body, a blank line, the signature line.
    /// Ed25519 signatures are deterministic, so the same body and key
    /// always give the same note.
    pub fn sign(&self, body: &str) -> String {
        let signature = self.key.sign(body.as_bytes());
        let mut blob = key_id(&self.name, &self.key.verifying_key()).to_vec();
        blob.extend_from_slice(&signature.to_bytes());
        format!("{body}\n\u{2014} {} {}\n", self.name, STANDARD.encode(blob))
    }
}

impl Verifier {
    /// Reads a verifier key string: `<name>+<id>+<base64(0x01 || key)>`.
    pub fn parse(text: &str) -> Result<Verifier, String> {
        let (name, id, key) = key_fields(text)?;
        let public: [u8; 32] = match key.split_first() {
            Some((&ED25519, public)) => public.try_into().map_err(|_| "its key is not 32 bytes long")?,
            _ => return Err("it is not an Ed25519 key".to_string()),
        };
        let key = VerifyingKey::from_bytes(&public).map_err(|_| "it is not a valid Ed25519 public key")?;
        let verifier = Verifier {
            name: name.to_string(),
            key,
        };
        if id != verifier.id_hex() {
            return Err(format!("its key id {id} is not the key's ({})", verifier.id_hex()));
        }
        Ok(verifier)
    }

    /// The verifier key string, as published at `/manifest/key`.
    pub fn text(&self) -> String {
        let mut key = vec![ED25519];
        key.extend_from_slice(self.key.as_bytes());
        format!("{}+{}+{}", self.name, self.id_hex(), STANDARD.encode(key))
    }

    fn id_hex(&self) -> String {
        key_id(&self.name, &self.key)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The text a signed note signs, when this key signed it; else why not.
    pub fn open<'a>(&self, note: &'a str) -> Result<&'a str, String> {
        let cut = note
            .rfind("\n\n")
            .ok_or("it is not signed: a signed note has a blank line before its signatures")?;
        let (body, signatures) = (&note[..=cut], &note[cut + 2..]);
        let id = key_id(&self.name, &self.key);
        let mut named = false;
        for line in signatures.lines() {
            let Some(rest) = line.strip_prefix("\u{2014} ") else {
                return Err(format!("`{line}` is not a signature line (`— <key name> <signature>`)"));
            };
            let Some((name, blob)) = rest.split_once(' ') else {
                continue;
            };
            if name != self.name {
                continue;
            }
            named = true;
            let Ok(blob) = STANDARD.decode(blob) else { continue };
            if blob.len() != 68 || blob[..4] != id {
                continue;
            }
            let signature = Signature::from_slice(&blob[4..]).map_err(|_| "its signature is malformed")?;
            return match self.key.verify_strict(body.as_bytes(), &signature) {
                Ok(()) => Ok(body),
                Err(_) => Err(format!(
                    "the signature of {} does not verify: the note was altered or forged",
                    self.name
                )),
            };
        }
        Err(if named {
            format!("it is signed under the name {}, but by another key", self.name)
        } else {
            format!("it has no signature by {}", self.name)
        })
    }
}

/// A checkpoint: the log `origin` had `size` leaves with this `root`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub origin: String,
    pub size: usize,
    pub root: Hash,
}

impl Checkpoint {
    /// The checkpoint's text, the part that is signed.
    pub fn body(&self) -> String {
        format!("{}\n{}\n{}\n", self.origin, self.size, STANDARD.encode(self.root))
    }

    /// Reads a checkpoint's text (its first three lines; extension lines
    /// after them are allowed and ignored).
    pub fn parse(body: &str) -> Result<Checkpoint, String> {
        let mut lines = body.lines();
        let (Some(origin), Some(size), Some(root)) = (lines.next(), lines.next(), lines.next()) else {
            return Err("a checkpoint has three lines: origin, tree size, root hash".to_string());
        };
        let size = size
            .parse()
            .map_err(|_| format!("its tree size `{size}` is not a number"))?;
        let root: Hash = STANDARD
            .decode(root)
            .ok()
            .and_then(|r| r.try_into().ok())
            .ok_or_else(|| format!("its root hash `{root}` is not 32 bytes of base64"))?;
        Ok(Checkpoint {
            origin: origin.to_string(),
            size,
            root,
        })
    }
}

/// A site's origin line: its base URL without the scheme or a trailing
/// slash (`https://policies.example/` is `policies.example`).
pub fn origin(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, rest)| rest);
    rest.trim_end_matches('/').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer() -> Signer {
        Signer::from_seed("policies.example", [7; 32]).unwrap()
    }

    #[test]
    fn keys_round_trip_through_their_strings() {
        let s = signer();
        let back = Signer::parse(&s.text()).unwrap();
        assert_eq!(back.text(), s.text());
        let v = Verifier::parse(&s.verifier().text()).unwrap();
        assert_eq!(v, s.verifier());
        assert!(s.verifier().text().starts_with("policies.example+"));
        let bad_id = s.verifier().text().replacen('+', "+0", 1);
        assert!(Verifier::parse(&bad_id).is_err());
    }

    #[test]
    fn notes_sign_deterministically_and_verify() {
        let s = signer();
        let body = Checkpoint {
            origin: "policies.example".into(),
            size: 3,
            root: [1; 32],
        }
        .body();
        let note = s.sign(&body);
        assert_eq!(note, s.sign(&body));
        assert!(note.starts_with(&format!("{body}\n\u{2014} policies.example ")));
        assert_eq!(s.verifier().open(&note).unwrap(), body);
        let forged = note.replacen("\n3\n", "\n4\n", 1);
        assert!(s.verifier().open(&forged).unwrap_err().contains("does not verify"));
        let other = Signer::from_seed("policies.example", [8; 32]).unwrap();
        assert!(other.verifier().open(&note).unwrap_err().contains("another key"));
        assert!(s.verifier().open(&body).is_err());
    }

    #[test]
    fn checkpoints_round_trip() {
        let c = Checkpoint {
            origin: "a.example/p".into(),
            size: 12,
            root: [9; 32],
        };
        assert_eq!(Checkpoint::parse(&c.body()).unwrap(), c);
        assert!(Checkpoint::parse("a\nx\nAAAA\n").is_err());
        assert_eq!(origin("https://a.example/p/"), "a.example/p");
    }

    /// The example of golang.org/x/mod/sumdb/note, the reference
    /// implementation of signed notes: its keys and its signed note, byte
    /// for byte, so that its tools read charter's checkpoints.
    #[test]
    fn matches_the_go_signed_note_example() {
        let skey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
        let vkey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
        let text =
            "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
        let signer = Signer::parse(skey).unwrap();
        assert_eq!(signer.text(), skey);
        assert_eq!(signer.verifier().text(), vkey);
        let note = signer.sign(text);
        assert_eq!(
            note,
            format!(
                "{text}\n\u{2014} PeterNeumann \
                 x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
            )
        );
        assert_eq!(Verifier::parse(vkey).unwrap().open(&note).unwrap(), text);
    }

    /// RFC 8032, 7.1, test 1: the Ed25519 this module signs with is the standard one.
    #[test]
    fn ed25519_matches_rfc_8032() {
        let seed: [u8; 32] = (0..32)
            .map(|i| {
                u8::from_str_radix(
                    &"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"[i * 2..i * 2 + 2],
                    16,
                )
                .unwrap()
            })
            .collect::<Vec<_>>()
            .try_into()
            .unwrap();
        let key = SigningKey::from_bytes(&seed);
        let hex: String = key.sign(b"").to_bytes().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        );
    }
}
