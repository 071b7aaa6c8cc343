package evidence

import (
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"
	"os"

	"github.com/hiddeco/sshsig"
	"golang.org/x/crypto/ssh"
)

// Signatures are SSH signatures (OpenSSH's PROTOCOL.sshsig, armored as
// "-----BEGIN SSH SIGNATURE-----"), the format `ssh-keygen -Y sign` writes
// and `ssh-keygen -Y verify` checks, in the namespace "irscan".
const (
	SignatureNamespace = "irscan"
	// PassphraseEnv holds the passphrase of an encrypted --sign-key. There
	// is deliberately no flag for it: command lines end up in shell
	// history, process lists and the manifest.
	PassphraseEnv = "IRSCAN_SIGN_PASSPHRASE"
)

// LoadSigner reads an OpenSSH (or PEM) private key for --sign-key. An
// encrypted key is decrypted with the passphrase in $IRSCAN_SIGN_PASSPHRASE.
func LoadSigner(path string) (ssh.Signer, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	signer, err := ssh.ParsePrivateKey(raw)
	var missing *ssh.PassphraseMissingError
	if errors.As(err, &missing) {
		pass, ok := os.LookupEnv(PassphraseEnv)
		if !ok || pass == "" {
			return nil, fmt.Errorf("%s: the key is encrypted: put its passphrase in $%s", path, PassphraseEnv)
		}
		signer, err = ssh.ParsePrivateKeyWithPassphrase(raw, []byte(pass))
		if err != nil {
			if errors.Is(err, x509.IncorrectPasswordError) {
				return nil, fmt.Errorf("%s: wrong passphrase in $%s", path, PassphraseEnv)
			}
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%s: not an SSH private key (ssh-keygen -t ed25519 makes one): %w", path, err)
	}
	return signer, nil
}

// Sign returns the armored SSH signature of the manifest bytes (SHA-512,
// as ssh-keygen signs by default).
func Sign(signer ssh.Signer, manifest []byte) ([]byte, error) {
	sig, err := sshsig.Sign(bytes.NewReader(manifest), signer, sshsig.HashSHA512, SignatureNamespace)
	if err != nil {
		return nil, err
	}
	return sshsig.Armor(sig), nil
}

// LoadPublicKeys reads --pubkey: one or more public keys in
// authorized_keys format, e.g. the .pub file ssh-keygen writes beside the
// private key.
func LoadPublicKeys(path string) ([]ssh.PublicKey, error) {
	rest, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var keys []ssh.PublicKey
	for len(bytes.TrimSpace(rest)) > 0 {
		var k ssh.PublicKey
		k, _, _, rest, err = ssh.ParseAuthorizedKey(rest)
		if err != nil {
			break
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%s: no SSH public key (want a line such as \"ssh-ed25519 AAAA... comment\")", path)
	}
	return keys, nil
}

// VerifySignature checks an armored SSH signature of the manifest against
// the allowed keys. The error says why it does not verify.
func VerifySignature(manifest, armored []byte, keys []ssh.PublicKey) (ssh.PublicKey, error) {
	sig, err := sshsig.Unarmor(armored)
	if err != nil {
		return nil, fmt.Errorf("not an SSH signature: %w", err)
	}
	if sig.Namespace != SignatureNamespace {
		return nil, fmt.Errorf("signature namespace is %q, want %q", sig.Namespace, SignatureNamespace)
	}
	for _, k := range keys {
		if ssh.FingerprintSHA256(k) != ssh.FingerprintSHA256(sig.PublicKey) {
			continue
		}
		if err := sshsig.Verify(bytes.NewReader(manifest), sig, k, sig.HashAlgorithm, SignatureNamespace); err != nil {
			return nil, fmt.Errorf("signature by %s does not match %s (one of them was changed): %w", ssh.FingerprintSHA256(k), ManifestName, err)
		}
		return k, nil
	}
	return nil, fmt.Errorf("signed by %s %s, which is not the given public key", sig.PublicKey.Type(), ssh.FingerprintSHA256(sig.PublicKey))
}
