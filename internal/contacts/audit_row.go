package contacts

import (
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gdprkit/gdprkit/internal/contacts/esp"
	"github.com/gdprkit/gdprkit/internal/locale"
)

// row builds the documented-base row of one merged contact.
func (r *auditRun) row(group []spilled, as []Assessment) *Row {
	first := &group[0]
	overall := Overall(as)
	row := &Row{
		Email:           first.Email,
		Status:          overall.Status,
		Reasons:         overall.Reasons,
		ConsentAt:       overall.ConsentAt,
		LikelyDuplicate: r.likely.pairs[r.firstOff],
	}
	for i := range group {
		g := &group[i]
		row.FirstName = firstNonEmpty(row.FirstName, g.FirstName)
		row.LastName = firstNonEmpty(row.LastName, g.LastName)
		row.Language = firstNonEmpty(row.Language, g.Language)
		if row.FirstName == "" && row.LastName == "" {
			row.FirstName = firstNonEmpty(row.FirstName, g.Name)
		}
	}
	row.DataHeld = r.dataHeld(group)
	row.Source = r.sourceText(group)
	row.SharedWith = r.sharedWith(group)
	if d := overall.Decisive; d != nil {
		row.ConsentChannel = d.Channel
		row.ConsentSource = firstNonEmpty(d.Source, firstNonEmpty(d.Method, d.Columns))
		row.Proof = proofText(r.tr.t, d, r.files[first.File].Info.Name, int(first.Line))
	}
	row.Purpose = purposeText(r.tr.purpose, r.tr.t, as)
	return row
}

func (r *auditRun) dataHeld(group []spilled) []string {
	out := make([]string, 0, len(group[0].Held))
	for i := range group {
		for _, h := range group[i].Held {
			if s := r.spill.in.str(h); i == 0 || !contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

func (r *auditRun) sourceText(group []spilled) string {
	s := r.files[group[0].File].Info.Name + ":" + strconv.Itoa(int(group[0].Line))
	if len(group) > 1 {
		s += " (+" + strconv.Itoa(len(group)-1) + ")"
	}
	return s
}

func (r *auditRun) sharedWith(group []spilled) string {
	var names []string
	for i := range group {
		name := ProviderName(r.files[group[i].File].Info.Format)
		if name != "" && !contains(names, name) {
			names = append(names, name)
		}
	}
	return strings.Join(names, ", ")
}

// ProviderName is the display name of the provider behind a format: the
// processor that holds the data. A generic CSV names no provider.
func ProviderName(f esp.Format) string {
	switch f {
	case esp.Mailchimp:
		return "Mailchimp"
	case esp.Brevo:
		return "Brevo"
	case esp.HubSpot:
		return "HubSpot"
	case esp.Mailjet:
		return "Mailjet"
	case esp.Klaviyo:
		return "Klaviyo"
	case esp.Listmonk:
		return "listmonk"
	}
	return ""
}

// PurposeText lists the purposes with their statuses, translated, when a
// contact has more than one; otherwise the purpose alone.
func PurposeText(lang string, as []Assessment) string {
	return purposeText(func(p string) string { return PurposeLabel(lang, p) }, func(key string) string { return locale.T(lang, key, nil) }, as)
}

// PurposeLabel names a purpose for people in lang: the translation of
// "purpose.<purpose>" for the purposes gdprkit knows, and otherwise the
// provider's own name, which the reader turned into a slug (a HubSpot
// subscription type "Marketing Information" is "marketing_information"),
// made readable again: "Marketing information". A translation key is never
// shown.
func PurposeLabel(lang, purpose string) string {
	purpose = purposeOf(purpose)
	if key := "purpose." + purpose; locale.Shared().Has(lang, key) {
		return locale.T(lang, key, nil)
	}
	return humanize(purpose)
}

// humanize turns a slug back into words: underscores become spaces and the
// first letter is upper case.
func humanize(slug string) string {
	s := strings.TrimSpace(strings.ReplaceAll(slug, "_", " "))
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// purposeText names each purpose with purpose and translates the other
// labels with t.
func purposeText(purpose, t func(string) string, as []Assessment) string {
	if len(as) == 1 {
		return purpose(as[0].Purpose)
	}
	parts := make([]string, 0, len(as))
	for _, a := range as {
		parts = append(parts, purpose(a.Purpose)+": "+t(a.Status.LabelKey()))
	}
	return strings.Join(parts, "; ")
}

// labels caches translations of the few labels every row repeats.
type labels struct {
	lang     string
	m        map[string]string
	purposes map[string]string
}

// purpose is PurposeLabel, remembered.
func (l *labels) purpose(p string) string {
	if s, ok := l.purposes[p]; ok {
		return s
	}
	if l.purposes == nil {
		l.purposes = map[string]string{}
	}
	s := PurposeLabel(l.lang, p)
	l.purposes[strings.Clone(p)] = s
	return s
}

func (l *labels) t(key string) string {
	if s, ok := l.m[key]; ok {
		return s
	}
	if l.m == nil {
		l.m = map[string]string{}
	}
	s := locale.T(l.lang, key, nil)
	l.m[key] = s
	return s
}

func purposeOf(p string) string {
	if p == "" {
		return esp.PurposeEmail
	}
	return p
}

// ProofText describes in one line the evidence that decided a status:
// what it is, when, from which IP, read from which columns of which row.
func ProofText(lang string, e *esp.Evidence, file string, line int) string {
	return proofText(func(key string) string { return locale.T(lang, key, nil) }, e, file, line)
}

func proofText(t func(string) string, e *esp.Evidence, file string, line int) string {
	var b strings.Builder
	b.WriteString(t("kind." + string(e.Kind)))
	if !e.At.IsZero() {
		b.WriteString(" ")
		b.WriteString(e.At.UTC().Format(time.RFC3339))
	}
	if e.IP != "" {
		b.WriteString(" (IP ")
		b.WriteString(e.IP)
		b.WriteString(")")
	}
	if e.Columns != "" {
		b.WriteString(" [")
		b.WriteString(e.Columns)
		b.WriteString("]")
	}
	if file != "" {
		b.WriteString(" — ")
		b.WriteString(file)
		b.WriteString(":")
		b.WriteString(strconv.Itoa(line))
	}
	return b.String()
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// summaryBuilder accumulates a Summary contact by contact.
type summaryBuilder struct {
	*Summary
	reasons map[string]int
	ages    map[string]int
	sources map[string]int
	purpose map[string]map[Status]int
}

func newSummaryBuilder(now time.Time, lang string) *summaryBuilder {
	return &summaryBuilder{
		Summary: &Summary{GeneratedAt: now.UTC(), Language: lang, ByStatus: map[Status]int{}},
		reasons: map[string]int{}, ages: map[string]int{}, sources: map[string]int{}, purpose: map[string]map[Status]int{},
	}
}

// addVerdict counts one contact with its overall verdict o and its
// per-purpose assessments.
func (b *summaryBuilder) addVerdict(o Assessment, as []Assessment) { b.count(o, as, 1) }

// removeVerdict takes back a contact counted before it was merged again.
func (b *summaryBuilder) removeVerdict(o Assessment, as []Assessment) { b.count(o, as, -1) }

func (b *summaryBuilder) count(o Assessment, as []Assessment, d int) {
	s := b.Summary
	s.TotalContacts += d
	s.ByStatus[o.Status] += d
	if o.Status.NeedsRepermission() {
		s.RepermissionSegment += d
	}
	for _, r := range o.Reasons {
		b.reasons[string(r)] += d
	}
	b.ages[AgeBucket(o.ConsentAt, s.GeneratedAt)] += d
	channel := "unknown"
	if o.Decisive != nil && o.Decisive.Channel != "" {
		channel = o.Decisive.Channel
	}
	b.sources[channel] += d
	for _, a := range as {
		p := purposeOf(a.Purpose)
		if b.purpose[p] == nil {
			b.purpose[p] = map[Status]int{}
		}
		b.purpose[p][a.Status] += d
	}
}

// finish sorts the counts, fills the derived figures and returns the
// Summary.
func (b *summaryBuilder) finish() *Summary {
	s := b.Summary
	for _, st := range Statuses {
		s.ByStatus[st] += 0
	}
	s.ByReason = sortedCounts(b.reasons)
	s.Sources = sortedCounts(b.sources)
	s.ConsentAge = nil
	for _, k := range AgeBuckets {
		s.ConsentAge = append(s.ConsentAge, Count{Key: k, Count: b.ages[k]})
	}
	s.ByPurpose = nil
	for _, p := range sortedPurposes(b.purpose) {
		ps := PurposeSummary{Purpose: p, ByStatus: map[Status]int{}}
		for _, st := range Statuses {
			ps.ByStatus[st] = b.purpose[p][st]
		}
		s.ByPurpose = append(s.ByPurpose, ps)
	}
	if s.TotalContacts > 0 {
		s.DocumentedShare = float64(s.ByStatus[Documented]) / float64(s.TotalContacts)
	}
	return s
}

func sortedCounts(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for k, v := range m {
		if v != 0 {
			out = append(out, Count{Key: k, Count: v})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// sortedPurposes puts the e-mail marketing purpose first, then the others
// by name.
func sortedPurposes(m map[string]map[Status]int) []string {
	out := make([]string, 0, len(m))
	for p := range m {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		if (out[i] == esp.PurposeEmail) != (out[j] == esp.PurposeEmail) {
			return out[i] == esp.PurposeEmail
		}
		return out[i] < out[j]
	})
	return out
}
