package register

import (
	"strconv"
	"strings"
	"time"
)

// Questionnaire statuses. "expired" is not stored: a sent questionnaire
// whose link has passed its expiry is expired.
const (
	StatusSent     = "sent"
	StatusAnswered = "answered"
	StatusRevoked  = "revoked"
	StatusExpired  = "expired"
)

// Questionnaire is one questionnaire sent to a vendor: a built-in
// template, a signed link to answer it without an account, and the
// answers once given.
type Questionnaire struct {
	ID         int64     `json:"id"`
	VendorID   int64     `json:"vendor_id"`
	Template   string    `json:"template"`
	Lang       string    `json:"lang"`
	Status     string    `json:"status"`
	ExpiresAt  time.Time `json:"expires_at"`
	CreatedAt  time.Time `json:"created_at,omitzero"`
	CreatedBy  string    `json:"created_by,omitempty"`
	AnsweredAt time.Time `json:"answered_at,omitzero"`
	Respondent string    `json:"respondent,omitempty"` // who answered, as they typed it
	Answers    []Answer  `json:"answers,omitempty"`
	// TokenHash is the SHA-256 of the link's token: the token itself is
	// never stored, so a database leak gives no working link.
	TokenHash []byte `json:"-"`
}

// Answer is the answer to one question, as the form sent it.
type Answer struct {
	Question string `json:"question"`
	Value    string `json:"value"`
}

// State returns the status at the given time, "expired" included.
func (q *Questionnaire) State(at time.Time) string {
	if q.Status == StatusSent && !at.Before(q.ExpiresAt) {
		return StatusExpired
	}
	return q.Status
}

// Question kinds.
const (
	KindYesNo     = "yes_no"
	KindText      = "text"
	KindNumber    = "number"
	KindCountries = "countries"
	KindChoice    = "choice"
	KindChoices   = "choices"
)

// Question is one question of a template. Its text is
// "register.q.<key>" and its help "register.q.<key>.help"; choices are
// labelled "register.q.opt.<option>". apply writes the answer into the
// vendor; questions without it are kept as answers only.
type Question struct {
	Key     string
	Kind    string
	Options Keys
	apply   applyFunc
}

// Template is a built-in questionnaire. Its title is
// "register.qt.<key>.title" and its introduction "register.qt.<key>.intro".
type Template struct {
	Key       string
	Questions []Question
	// done runs after the answers are applied (the data-provider
	// questionnaire marks the vendor's list as assessed).
	done func(v *Vendor, at time.Time)
}

// TemplateByKey returns the built-in template key.
func TemplateByKey(key string) (Template, bool) {
	for _, t := range QuestionnaireTemplates {
		if t.Key == key {
			return t, true
		}
	}
	return Template{}, false
}

// Question returns the template's question key.
func (t Template) Question(key string) (Question, bool) {
	for _, q := range t.Questions {
		if q.Key == key {
			return q, true
		}
	}
	return Question{}, false
}

// CheckAnswers validates answers against the template: known questions,
// each at most once, values of the question's kind. Empty values are
// unanswered questions and are dropped.
func (t Template) CheckAnswers(answers []Answer) ([]Answer, error) {
	seen := map[string]bool{}
	var out []Answer
	for _, a := range answers {
		q, ok := t.Question(a.Question)
		if !ok || seen[a.Question] {
			return nil, invalid("register.error.unknown_value", "answers", map[string]any{"Value": a.Question})
		}
		seen[a.Question] = true
		a.Value = strings.TrimSpace(a.Value)
		if a.Value == "" {
			continue
		}
		if err := q.check(a.Value); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

func (q Question) check(v string) error {
	bad := invalid("register.error.answer", q.Key, map[string]any{"Value": v})
	switch q.Kind {
	case KindYesNo:
		if v != "yes" && v != "no" {
			return bad
		}
	case KindNumber:
		if n, err := strconv.Atoi(v); err != nil || n < 0 || n > 24*365 {
			return bad
		}
	case KindCountries:
		if checkCountries(q.Key, SplitList(strings.ToUpper(v))) != nil {
			return bad
		}
	case KindChoice:
		if !q.Options.Has(v) {
			return bad
		}
	case KindChoices:
		if checkKeys(q.Key, SplitList(v), q.Options) != nil {
			return bad
		}
	}
	return checkLen(q.Key, v, maxText)
}

// Apply writes checked answers into the vendor, in the template's order so
// that questions depending on others (the safeguard after the countries)
// see their effect.
func (t Template) Apply(v *Vendor, answers []Answer, at time.Time) {
	byKey := map[string]string{}
	for _, a := range answers {
		byKey[a.Question] = a.Value
	}
	for _, q := range t.Questions {
		val, ok := byKey[q.Key]
		if ok && q.apply != nil {
			q.apply(v, val, at)
		}
	}
	if t.done != nil {
		t.done(v, at)
	}
}

// SplitList splits a list cell or answer on commas, semicolons and
// line breaks, trimming spaces and dropping empty items.
func SplitList(s string) []string {
	f := func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '\r' }
	var out []string
	for _, p := range strings.FieldsFunc(s, f) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
