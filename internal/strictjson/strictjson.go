// Package strictjson rejects JSON that decoders accept but that is
// ambiguous as evidence: an object with the same key twice (encoding/json and
// most validators keep the last one, so `"status": "denied", …, "status":
// "ok"` reads as ok) and text that is not valid UTF-8 (replaced silently by
// U+FFFD). Snapshots, manifests and reports pass through Check before they
// are trusted.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Check returns an error naming the first problem: invalid UTF-8 (with its
// byte offset), or a duplicate key (with the JSON pointer of the object
// that repeats it). It does not validate anything else: a syntax error is
// left to the caller's decoder, which reports it better.
func Check(raw []byte) error {
	if !utf8.Valid(raw) {
		off := 0
		for off < len(raw) {
			r, n := utf8.DecodeRune(raw[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		return fmt.Errorf("not valid UTF-8 at byte %d", off)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := walk(dec, nil); err != nil && !errors.Is(err, errSyntax) {
		return err
	}
	return nil
}

// errSyntax stops the walk on malformed JSON, which the caller reports.
var errSyntax = errors.New("syntax")

// walk reads one value; path is the JSON pointer's reference tokens.
func walk(dec *json.Decoder, path []string) error {
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			return nil
		}
		return errSyntax
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return nil
	}
	switch d {
	case '{':
		seen := map[string]bool{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return errSyntax
			}
			k, ok := kt.(string)
			if !ok {
				return errSyntax
			}
			if seen[k] {
				return fmt.Errorf("duplicate key %q in the object at %s", k, pointer(path))
			}
			seen[k] = true
			if err := walk(dec, append(path, k)); err != nil {
				return err
			}
		}
	case '[':
		for i := 0; dec.More(); i++ {
			if err := walk(dec, append(path, strconv.Itoa(i))); err != nil {
				return err
			}
		}
	}
	if _, err := dec.Token(); err != nil { // the closing delimiter
		return errSyntax
	}
	return nil
}

// pointer renders reference tokens as a JSON pointer (RFC 6901), "/" for the root.
func pointer(path []string) string {
	if len(path) == 0 {
		return "/ (the top level)"
	}
	var b strings.Builder
	for _, p := range path {
		b.WriteByte('/')
		b.WriteString(strings.NewReplacer("~", "~0", "/", "~1").Replace(p))
	}
	return b.String()
}
