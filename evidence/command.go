package evidence

import (
	"net/url"
	"strings"
)

// Redacted replaces a secret in the recorded command line.
const Redacted = "REDACTED"

// secretFlag says whether a flag's value is a secret: --external-id, and
// any flag named like a secret, password, passphrase or token (but not a
// *-file flag, whose value is a path).
func secretFlag(name string) bool {
	if strings.HasSuffix(name, "-file") || strings.HasSuffix(name, "-path") {
		return false
	}
	if name == "external-id" {
		return true
	}
	for _, w := range []string{"secret", "password", "passphrase", "token", "credential"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// RedactCommand returns a copy of a command line with secrets removed: the
// value of every secret flag (--flag=value or --flag value), and the user
// information and query values of URLs (e.g. --endpoint-url
// https://user:pass@host/?sig=...).
func RedactCommand(args []string) []string {
	out := make([]string, len(args))
	redactNext := false
	for i, a := range args {
		switch {
		case redactNext:
			out[i] = Redacted
			redactNext = false
			continue
		case strings.HasPrefix(a, "--"):
			name, value, hasValue := strings.Cut(strings.TrimPrefix(a, "--"), "=")
			if secretFlag(name) {
				if hasValue {
					out[i] = "--" + name + "=" + Redacted
				} else {
					out[i] = a
					redactNext = true
				}
				continue
			}
			if hasValue {
				out[i] = "--" + name + "=" + redactURL(value)
				continue
			}
		}
		out[i] = redactURL(a)
	}
	return out
}

func redactURL(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	u, err := url.Parse(s)
	if err != nil {
		return Redacted
	}
	if u.User != nil {
		u.User = url.User(Redacted)
	}
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			q[k] = []string{Redacted}
		}
		u.RawQuery = q.Encode()
	}
	return u.String()
}
