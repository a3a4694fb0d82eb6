package register

import (
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/gdprkit/gdprkit/internal/locale"
)

// The functions in this file turn the register's keys into sentences in
// one language. The web pages and the exports use the same ones, so a
// label is the same on screen, on paper and in a spreadsheet.

// Label returns the label of key in a vocabulary: "vendor_category",
// "data_category", "subject", "mechanism", "method_kind", "clause",
// "dpia", "security", …; "basis" gives the Art. 6 basis and "country" the
// country's name.
func Label(lang, vocab, key string) string {
	switch vocab {
	case "country":
		return CountryName(lang, key)
	case "basis":
		return locale.T(lang, "basis."+key, nil)
	}
	return locale.T(lang, "register."+vocab+"."+key, nil)
}

// Labels returns the labels of keys joined with ", ".
func Labels(lang, vocab string, keys []string) string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = Label(lang, vocab, k)
	}
	return strings.Join(out, ", ")
}

// CountryName returns the country's name in lang ("États-Unis"), or the
// code when the name is unknown.
func CountryName(lang, code string) string {
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	tag := language.English
	if locale.Normalize(lang) == "fr" {
		tag = language.French
	}
	if name := display.Regions(tag).Name(r); name != "" {
		return name
	}
	return code
}

// explain translates key with args, adding the labels of items under
// "Items" and the item count under "Count".
func explain(lang, key, vocab string, items []string, args map[string]any) string {
	a := map[string]any{}
	for k, v := range args {
		a[k] = v
	}
	if vocab != "" {
		a["Items"] = Labels(lang, vocab, items)
		a["Count"] = len(items)
	}
	return locale.T(lang, key, a)
}

// ExplainRisk returns the sentence explaining one risk point.
func ExplainRisk(lang string, p RiskPoint) string {
	return explain(lang, "register.risk."+p.Rule, p.Vocab, p.Items, p.Args)
}

// ExplainFinding returns the sentence explaining one collection-method
// finding, with a warning when the rule rests on secondary sources.
func ExplainFinding(lang string, f Finding) string {
	s := explain(lang, "register.finding."+f.Rule, "", nil, f.Args)
	if f.Uncertain {
		s += " " + locale.T(lang, "register.finding.uncertain", nil)
	}
	return s
}

// ExplainGap returns the sentence explaining a missing record item.
func ExplainGap(lang string, g Gap) string {
	return explain(lang, "register.gap."+g.Code, g.Vocab, g.Items, nil)
}

// References returns the legal references as one line, separated by
// semicolons since a reference holds commas ("GDPR, Art. 6(1)"). French
// sets a no-break space before the semicolon.
func References(lang string, refs []string) string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = Label(lang, "ref", r)
	}
	return strings.Join(out, semicolon(lang))
}

// semicolon separates the items of a line of text: "a; b", "a ; b".
func semicolon(lang string) string {
	if locale.Normalize(lang) == "fr" {
		return "\u00a0; "
	}
	return "; "
}

// provisionFR rewrites a provision the French way: "30(1)(a)" → "30.1.a".
var provisionFR = strings.NewReplacer(")(", ".", "(", ".", ")", "")

// Provision writes a provision of an article as each language cites it:
// "30(1)(a)" in English, "30.1.a" in French, as in "art. 30.1.a RGPD".
func Provision(lang, item string) string {
	if locale.Normalize(lang) == "fr" {
		return provisionFR.Replace(item)
	}
	return item
}

// Duration renders a number of months: "3 ans", "13 months".
func Duration(lang string, months int) string {
	if months%12 == 0 {
		return locale.Shared().N(lang, "register.duration.years", months/12, nil)
	}
	return locale.Shared().N(lang, "register.duration.months", months, nil)
}

// RetentionText renders a retention as a sentence: "3 years from the last
// contact, then deleted. <note>".
func RetentionText(lang string, r Retention) string {
	if !r.Set() {
		return ""
	}
	var parts []string
	switch {
	case r.Months > 0 && r.Trigger != "":
		parts = append(parts, Duration(lang, r.Months)+" "+Label(lang, "retention_from", r.Trigger))
	case r.Months > 0:
		parts = append(parts, Duration(lang, r.Months))
	case r.Trigger != "":
		parts = append(parts, Label(lang, "retention_until", r.Trigger))
	}
	if r.Fate != "" {
		parts = append(parts, Label(lang, "retention_fate", r.Fate))
	}
	s := strings.Join(parts, ", ")
	if s != "" {
		s += "."
	}
	if r.Note != "" {
		s = strings.TrimSpace(s + " " + r.Note)
	}
	return s
}

func itoa(n int) string { return strconv.Itoa(n) }
