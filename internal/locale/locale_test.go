package locale

import (
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// TestCatalogsComplete checks that every key exists in every language with
// the same placeholders, so no page or document falls back to a raw key.
func TestCatalogsComplete(t *testing.T) {
	keys := map[string]map[string]string{} // lang -> key -> text
	for _, f := range catalogFiles(t) {
		name, lang, m := f.name, f.lang, f.messages
		if keys[lang] == nil {
			keys[lang] = map[string]string{}
		}
		for k, v := range m {
			if _, dup := keys[lang][k]; dup {
				t.Errorf("%s: key %q defined twice for %s", name, k, lang)
			}
			keys[lang][k] = flatten(v)
		}
	}
	for _, l := range Languages {
		if len(keys[l]) == 0 {
			t.Fatalf("no messages for %s", l)
		}
	}
	placeholder := regexp.MustCompile(`\{\{\s*\.(\w+)`)
	for _, a := range Languages {
		for _, b := range Languages {
			if a == b {
				continue
			}
			for k, v := range keys[a] {
				w, ok := keys[b][k]
				if !ok {
					t.Errorf("key %q exists in %s but not in %s", k, a, b)
					continue
				}
				if pa, pb := names2(placeholder, v), names2(placeholder, w); pa != pb {
					t.Errorf("key %q: placeholders %s in %s, %s in %s", k, pa, a, pb, b)
				}
			}
		}
	}
}

// catalogFile is one translation file, parsed.
type catalogFile struct {
	name, lang string
	messages   map[string]any // key → text, or plural forms
}

// catalogFiles parses every translation file.
func catalogFiles(t *testing.T) []catalogFile {
	t.Helper()
	names, err := fs.Glob(files, "translations/*.toml")
	if err != nil || len(names) == 0 {
		t.Fatalf("translations: %v", err)
	}
	var out []catalogFile
	for _, name := range names {
		parts := strings.Split(strings.TrimPrefix(name, "translations/"), ".")
		if len(parts) != 3 {
			t.Fatalf("%s: want <area>.<lang>.toml", name)
		}
		b, err := fs.ReadFile(files, name)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]any{}
		if err := toml.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = append(out, catalogFile{name: name, lang: parts[1], messages: m})
	}
	return out
}

func flatten(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		var parts []string
		for _, p := range x {
			parts = append(parts, flatten(p))
		}
		sort.Strings(parts)
		return strings.Join(parts, " ")
	}
	return ""
}

func names2(re *regexp.Regexp, s string) string {
	set := map[string]bool{}
	for _, m := range re.FindAllStringSubmatch(s, -1) {
		set[m[1]] = true
	}
	var out []string
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

func TestTranslate(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ lang, key, want string }{
		{"fr", "lang.fr", "français"},
		{"fr-FR", "lang.en", "anglais"},
		{"de", "lang.fr", "French"},
		{"en", "no.such.key", "no.such.key"},
	}
	for _, tt := range tests {
		if got := c.T(tt.lang, tt.key, nil); got != tt.want {
			t.Errorf("T(%q, %q) = %q, want %q", tt.lang, tt.key, got, tt.want)
		}
	}
}

func TestMatch(t *testing.T) {
	tests := []struct{ header, want string }{
		{"fr-FR,fr;q=0.9,en;q=0.8", "fr"},
		{"en-GB", "en"},
		{"de-DE,fr;q=0.5", "fr"},
		{"", "en"},
		{"garbage;;", "en"},
	}
	for _, tt := range tests {
		if got := Match(tt.header); got != tt.want {
			t.Errorf("Match(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
}

// TestPluralsEveryCount checks that every plural message reads as a
// sentence for any count, in every language: French needs a "many" form
// for a million, which most messages leave to "other".
func TestPluralsEveryCount(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range catalogFiles(t) {
		name, lang, m := f.name, f.lang, f.messages
		for key, v := range m {
			if _, plural := v.(map[string]any); !plural {
				continue
			}
			for _, n := range []int{0, 1, 2, 1000000} {
				if got := c.N(lang, key, n, nil); got == key || got == "" {
					t.Errorf("%s: %q has no %s text for %d", name, key, lang, n)
				}
			}
		}
	}
}

// TestFrenchApostrophes keeps French text to the typographic apostrophe
// (’), as most of the catalog writes it; comments and template actions
// are left alone.
func TestFrenchApostrophes(t *testing.T) {
	names, err := fs.Glob(files, "translations/*.fr.toml")
	if err != nil || len(names) == 0 {
		t.Fatalf("translations: %v", err)
	}
	actions := regexp.MustCompile(`\{\{.*?\}\}`)
	for _, name := range names {
		b, err := fs.ReadFile(files, name)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			_, value, ok := strings.Cut(line, "=")
			if !ok || strings.HasPrefix(strings.TrimSpace(line), "#") {
				continue
			}
			if strings.Contains(actions.ReplaceAllString(value, ""), "'") {
				t.Errorf("%s:%d: straight apostrophe in French text: %s", name, i+1, strings.TrimSpace(line))
			}
		}
	}
}
