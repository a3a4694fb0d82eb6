package jsonstr

import (
	"bytes"
	"encoding/json"
	"testing"
)

// want is what encoding/json writes for s, with or without HTML escaping.
func want(t testing.TB, s string, html bool) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(html)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

var samples = []string{
	"", "plain", `quote " and \ backslash`, "tab\tnew\nline\rret", "\x00\x01\x1f\x7f",
	"<script>&amp;</script>", "accents: éèà ç Œ", "line\u2028para\u2029", "bad \xff\xfe utf-8", "emoji 😀",
}

func TestAppendMatchesEncodingJSON(t *testing.T) {
	for _, html := range []bool{false, true} {
		for _, s := range samples {
			if got, w := string(Append(nil, s, html)), want(t, s, html); got != w {
				t.Errorf("Append(%q, html=%v) = %s, want %s", s, html, got, w)
			}
		}
	}
}

func FuzzAppend(f *testing.F) {
	for _, s := range samples {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, html bool) {
		if got, w := string(Append(nil, s, html)), want(t, s, html); got != w {
			t.Errorf("Append(%q, html=%v) = %s, want %s", s, html, got, w)
		}
	})
}
