package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/locale"
)

func render(t *testing.T, s contacts.Summary, lang string) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteHTML(&b, s, lang); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestWriteHTML checks the structure, not the wording, which belongs to
// the translation files.
func TestWriteHTML(t *testing.T) {
	tests := []struct {
		lang       string
		wantTotal  string // TotalContacts formatted for the language
		wantShare  string // DocumentedShare
		wantMarker string
	}{
		{"en", "12,345", "41%", "3 years"},
		{"fr", "12\u202f345", "41\u202f%", "3 ans"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			h := render(t, sample(), tt.lang)
			mustContain(t, h,
				`<html lang="`+tt.lang+`">`,
				`<dd class="value">`+tt.wantTotal+`</dd>`,
				`<dd class="value">`+tt.wantShare+`</dd>`,
				tt.wantMarker,
				locale.T(tt.lang, "report.footer.legal", nil),
				locale.T(tt.lang, "report.title", nil),
			)
			for _, st := range contacts.Statuses {
				mustContain(t, h, `<tr class="s-`+string(st)+`">`, locale.T(tt.lang, st.LabelKey(), nil))
			}
			for _, id := range []string{"figures", "status", "purposes", "age", "sources", "reasons", "next", "files"} {
				mustContain(t, h, `<section id="`+id+`"`)
			}
			if n := strings.Count(h, `role="img"`); n != 3+len(sample().ByPurpose) {
				t.Errorf("%d charts, want donut, age bars, sources and one bar per purpose", n)
			}
			selfContained(t, h)
		})
	}
}

func mustContain(t *testing.T, h string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(h, s) {
			t.Errorf("report lacks %q", s)
		}
	}
}

var external = regexp.MustCompile(`(?i)(src|href|action|srcset)\s*=\s*["']?\s*(https?:|//)|url\(\s*["']?\s*(https?:|//)|@import`)

// selfContained checks that the page loads nothing and runs nothing.
func selfContained(t *testing.T, h string) {
	t.Helper()
	if m := external.FindString(h); m != "" {
		t.Errorf("report refers to an external resource: %s", m)
	}
	for _, bad := range []string{"<script", "<link", "<iframe", "<img"} {
		if strings.Contains(strings.ToLower(h), bad) {
			t.Errorf("report contains %s", bad)
		}
	}
}

func TestWriteHTMLEscapes(t *testing.T) {
	h := render(t, sample(), "en")
	if strings.Contains(h, "members_export_<b>") {
		t.Error("a file path is not escaped")
	}
	mustContain(t, h, "members_export_&lt;b&gt;")
}

func TestWriteHTMLEmpty(t *testing.T) {
	h := render(t, contacts.Summary{}, "fr")
	mustContain(t, h, `<html lang="fr">`, locale.T("fr", "report.purpose.none", nil), locale.T("fr", "report.next.nothing", nil))
	if strings.Contains(h, `id="sources"`) {
		t.Error("an empty report shows a sources chart")
	}
	selfContained(t, h)
}

func TestNextSteps(t *testing.T) {
	steps := nextSteps(normalize(sample()), newTr("en"))
	want := []string{"6,395 contacts", "830 contacts", "Nothing to do.", "17 rows", "12 contacts", "5,120 contacts"}
	if len(steps) != len(want) {
		t.Fatalf("%d steps, want %d", len(steps), len(want))
	}
	for i, s := range steps {
		if s.Count != want[i] {
			t.Errorf("step %d (%s) count = %q, want %q", i, s.Title, s.Count, want[i])
		}
	}
}

// TestWriteHTMLConcurrent checks that reports in two languages can be
// written at the same time (the web UI will): each call has its own clone
// of the template.
func TestWriteHTMLConcurrent(t *testing.T) {
	for _, lang := range []string{"en", "fr", "en", "fr"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			if h := render(t, sample(), lang); !strings.Contains(h, `<html lang="`+lang+`">`) {
				t.Errorf("report in %s lost its language", lang)
			}
		})
	}
}
