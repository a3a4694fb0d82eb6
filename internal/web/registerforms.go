package web

import (
	"encoding/json"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/locale"
	"github.com/gdprkit/gdprkit/internal/register"
)

// form reads the fields of a posted register form. Values are trimmed;
// a field that cannot be read (a number, a date, a country) becomes an
// EINVALID error naming the field, shown next to it like the service's.
type form struct{ v url.Values }

func postedForm(r *http.Request) (form, error) {
	if err := r.ParseForm(); err != nil {
		return form{}, gdprkit.Errorf(gdprkit.EINVALID, "registerweb.form.unreadable", nil, "read form: %v", err)
	}
	return form{r.PostForm}, nil
}

func (f form) str(k string) string { return strings.TrimSpace(f.v.Get(k)) }

// lines reads a textarea holding one item per line.
func (f form) lines(k string) []string {
	var out []string
	for _, l := range strings.Split(f.v.Get(k), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// list reads the ticked boxes of a group.
func (f form) list(k string) []string {
	var out []string
	for _, x := range f.v[k] {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func (f form) bool(k string) bool {
	switch f.v.Get(k) {
	case "1", "on", "yes", "true":
		return true
	}
	return false
}

// int0 reads a number, 0 when absent or unreadable.
func (f form) int0(k string) int {
	n, _ := strconv.Atoi(f.str(k))
	return n
}

// int reads a whole number for field; empty is 0.
func (f form) int(k, field string) (int, error) {
	s := f.str(k)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fieldError(field, "registerweb.form.number", s)
	}
	return n, nil
}

func (f form) id(k string) int64 {
	n, _ := strconv.ParseInt(f.str(k), 10, 64)
	return n
}

func (f form) ids(k string) []int64 {
	var out []int64
	for _, x := range f.v[k] {
		if n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64); err == nil && n > 0 {
			out = append(out, n)
		}
	}
	return out
}

// date reads a day written 2026-01-31 (what <input type=date> sends) or
// 31/01/2026.
func (f form) date(k, field string) (time.Time, error) {
	s := f.str(k)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.DateOnly, "02/01/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fieldError(field, "registerweb.form.date", s)
}

// countries reads a list of countries typed as codes or names, in either
// language, separated by commas: "FR, United States, Irlande". What is
// not a country is kept as typed, for the register's validation to name.
func (f form) countries(k string) []string {
	var out []string
	for _, item := range register.SplitList(f.v.Get(k)) {
		if code, ok := countryCode(item); ok {
			item = code
		}
		if !slices.Contains(out, item) {
			out = append(out, item)
		}
	}
	return out
}

// country reads one country, or none.
func (f form) country(k string) string {
	if code, ok := countryCode(f.str(k)); ok {
		return code
	}
	return f.str(k)
}

func fieldError(field, key, value string) error {
	return gdprkit.Errorf(gdprkit.EINVALID, key, map[string]any{"Field": field, "Value": value}, "form: %s: %q", field, value)
}

// countryNames maps the folded English and French names of every country
// to its ISO code, built once.
var countryNames = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			r, err := language.ParseRegion(code)
			if err != nil || !register.ValidCountry(code) || r.String() != code {
				continue
			}
			for _, tag := range []language.Tag{language.English, language.French} {
				// The first code keeps a name: FR, not the deprecated FX.
				if name := fold(display.Regions(tag).Name(r)); name != "" && m[name] == "" {
					m[name] = code
				}
			}
		}
	}
	return m
})

// countryCode reads a country code ("fr") or name ("États-Unis").
func countryCode(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) == 2 && register.ValidCountry(strings.ToUpper(s)) {
		return strings.ToUpper(s), true
	}
	code, ok := countryNames()[fold(s)]
	return code, ok
}

// fold lowers a name and strips its accents and punctuation, so "etats
// unis" finds "États-Unis".
func fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, strings.ToLower(s))
	if err != nil {
		out = strings.ToLower(s)
	}
	return strings.Join(strings.FieldsFunc(out, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }), " ")
}

// party reads the fields of one person or organisation, named prefix.
func (f form) party(prefix string) register.Party {
	return register.Party{LastName: f.str(prefix + "last_name"), FirstName: f.str(prefix + "first_name"), Company: f.str(prefix + "company"),
		Address: f.str(prefix + "address"), PostCode: f.str(prefix + "post_code"), City: f.str(prefix + "city"),
		Country: f.country(prefix + "country"), Phone: f.str(prefix + "phone"), Email: f.str(prefix + "email")}
}

// firstErr keeps the first error of a form's fields while the others are
// still read, so the form comes back with everything the user typed.
type firstErr struct{ err error }

func (e *firstErr) keep(err error) {
	if e.err == nil {
		e.err = err
	}
}

// rows counts the numbered rows of a repeated group ("data.0.category",
// "data.1.category"…) a form sent.
func (f form) rows(group string) int {
	n := 0
	for k := range f.v {
		if rest, ok := strings.CutPrefix(k, group+"."); ok {
			if i, err := strconv.Atoi(strings.SplitN(rest, ".", 2)[0]); err == nil && i+1 > n && i < maxRows {
				n = i + 1
			}
		}
	}
	return n
}

// maxRows bounds the rows of one repeated group a form may send.
const maxRows = 200

func row(group string, i int, field string) string {
	return group + "." + strconv.Itoa(i) + "." + field
}

// registerFuncs are the template functions of the register pages.
func registerFuncs(lang string) template.FuncMap {
	return template.FuncMap{
		"label":     func(vocab, key string) string { return register.Label(lang, vocab, key) },
		"labels":    func(vocab string, keys []string) string { return register.Labels(lang, vocab, keys) },
		"country":   func(code string) string { return register.CountryName(lang, code) },
		"countries": func(codes []string) string { return register.Labels(lang, "country", codes) },
		"codes":     func(codes []string) string { return strings.Join(codes, ", ") },
		"riskText":  func(p register.RiskPoint) string { return register.ExplainRisk(lang, p) },
		"riskShort": func(p register.RiskPoint) string { return riskShort(lang, p) },
		"finding":   func(f register.Finding) string { return register.ExplainFinding(lang, f) },
		"findShort": func(f register.Finding) string { return locale.T(lang, "registerweb.finding_short."+f.Rule, nil) },
		"gap":       func(g register.Gap) string { return register.ExplainGap(lang, g) },
		"refs":      func(refs []string) string { return register.References(lang, refs) },
		"provision": func(item string) string { return register.Provision(lang, item) },
		"retention": func(r register.Retention) string { return register.RetentionText(lang, r) },
		"duration":  func(months int) string { return register.Duration(lang, months) },
		"in":        contains,
		"day":       func(t time.Time) string { return dayValue(t) },
		"jsonText":  jsonText,
		"adequacy":  func(country string, at time.Time) *register.Adequacy { return adequacyOf(country, at) },
		"answer":    func(a register.Answer) string { return answerText(lang, a) },
	}
}

// answerText writes a questionnaire answer with the labels of its
// choices: "Yes", "ISO/IEC 27001, SOC 2".
func answerText(lang string, a register.Answer) string {
	if a.Value == "yes" || a.Value == "no" {
		return locale.T(lang, "register.q."+a.Value, nil)
	}
	items := register.SplitList(a.Value)
	for i, it := range items {
		if key := "register.q.opt." + it; locale.Shared().Has(lang, key) {
			items[i] = locale.T(lang, key, nil)
		} else {
			return a.Value
		}
	}
	return strings.Join(items, ", ")
}

// riskShort is the few words a list shows for a risk point.
func riskShort(lang string, p register.RiskPoint) string {
	args := map[string]any{}
	for k, v := range p.Args {
		args[k] = v
	}
	if p.Vocab != "" {
		args["Items"] = register.Labels(lang, p.Vocab, p.Items)
		args["Count"] = len(p.Items)
	}
	return locale.T(lang, "registerweb.risk_short."+p.Rule, args)
}

// contains reports whether list (strings or ids) holds x.
func contains(list, x any) bool {
	switch l := list.(type) {
	case []string:
		s, ok := x.(string)
		return ok && slices.Contains(l, s)
	case register.Keys:
		s, ok := x.(string)
		return ok && slices.Contains(l, s)
	case []int64:
		switch n := x.(type) {
		case int64:
			return slices.Contains(l, n)
		case int:
			return slices.Contains(l, int64(n))
		}
	}
	return false
}

// dayValue writes a day for an <input type=date>.
func dayValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// jsonText shows a value of the history: strings without quotes, lists
// and objects as compact JSON, cut after 160 characters.
func jsonText(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "—"
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		raw = json.RawMessage(s)
	}
	out := string(raw)
	if r := []rune(out); len(r) > 160 {
		out = string(r[:160]) + "…"
	}
	return out
}

func adequacyOf(country string, at time.Time) *register.Adequacy {
	if a, ok := register.AdequacyFor(country, at); ok {
		return &a
	}
	return nil
}
