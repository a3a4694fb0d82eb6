package register

import (
	"context"
	"strconv"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/locale"
)

// QuestionnaireForm is what the answer page shows to a vendor who follows
// the link: no account, no access to anything else.
type QuestionnaireForm struct {
	Questionnaire *Questionnaire
	Template      Template
	VendorName    string
}

// SendQuestionnaire creates a questionnaire for a vendor from a built-in
// template and returns it with the token of its link. The token is shown
// once: only its hash is stored. The caller builds the URL and sends it.
func (s *Service) SendQuestionnaire(ctx context.Context, vendorID int64, template, lang string) (*Questionnaire, string, error) {
	if _, ok := TemplateByKey(template); !ok {
		return nil, "", invalid("register.error.unknown_value", "template", map[string]any{"Value": template})
	}
	if _, err := s.Store.Vendor(ctx, vendorID); err != nil {
		return nil, "", err
	}
	secret, err := s.secret(ctx)
	if err != nil {
		return nil, "", err
	}
	ttl := s.LinkTTL
	if ttl <= 0 {
		ttl = DefaultLinkTTL
	}
	q := &Questionnaire{VendorID: vendorID, Template: template, Lang: locale.Normalize(lang), Status: StatusSent,
		ExpiresAt: s.now().Add(ttl).Truncate(time.Second), CreatedBy: gdprkit.ActorFrom(ctx).String()}
	tok, hash, err := newToken(secret, q.ExpiresAt)
	if err != nil {
		return nil, "", err
	}
	q.TokenHash = hash
	ch := &Change{Entity: EntityQuestionnaire, Action: ActionSent}
	if ch.Fields, err = Diff(nil, q); err != nil {
		return nil, "", err
	}
	if err := s.Store.CreateQuestionnaire(ctx, q, ch); err != nil {
		return nil, "", err
	}
	return q, tok, nil
}

// Questionnaires lists a vendor's questionnaires (all when vendorID is 0).
func (s *Service) Questionnaires(ctx context.Context, vendorID int64) ([]*Questionnaire, error) {
	return s.Store.Questionnaires(ctx, vendorID)
}

// RevokeQuestionnaire makes a sent link unusable.
func (s *Service) RevokeQuestionnaire(ctx context.Context, id int64) error {
	q, err := s.Store.Questionnaire(ctx, id)
	if err != nil {
		return err
	}
	if q.Status != StatusSent {
		return gdprkit.Errorf(gdprkit.ECONFLICT, "register.questionnaire.not_open", nil, "register: questionnaire %d is %s", id, q.Status)
	}
	ch := &Change{Entity: EntityQuestionnaire, EntityID: id, Action: ActionRevoked}
	ch.Fields, err = Diff(map[string]string{"status": q.Status}, map[string]string{"status": StatusRevoked})
	if err != nil {
		return err
	}
	return s.Store.RevokeQuestionnaire(ctx, id, ch)
}

// OpenQuestionnaire checks a link's token and returns the form to answer.
// Forged, unknown and revoked links fail alike; expired and already
// answered ones say so, which tells the vendor to ask for a new link.
func (s *Service) OpenQuestionnaire(ctx context.Context, token string) (*QuestionnaireForm, error) {
	secret, err := s.secret(ctx)
	if err != nil {
		return nil, err
	}
	hash, err := checkToken(secret, token, s.now())
	if err != nil {
		return nil, err
	}
	q, err := s.Store.QuestionnaireByToken(ctx, hash)
	if err != nil || !sameHash(q.TokenHash, hash) {
		return nil, errLinkInvalid()
	}
	switch q.State(s.now()) {
	case StatusExpired:
		return nil, errLinkExpired()
	case StatusAnswered:
		return nil, gdprkit.Errorf(gdprkit.ECONFLICT, "register.questionnaire.already_answered", nil, "register: questionnaire %d already answered", q.ID)
	case StatusRevoked:
		return nil, errLinkInvalid()
	}
	v, err := s.Store.Vendor(ctx, q.VendorID)
	if err != nil {
		return nil, errLinkInvalid()
	}
	t, _ := TemplateByKey(q.Template)
	return &QuestionnaireForm{Questionnaire: q, Template: t, VendorName: v.Name}, nil
}

// AnswerQuestionnaire records a vendor's answers through its link and
// writes them into the vendor record, which changes its risk. The change
// is recorded as made by the link's holder, under the name they gave.
func (s *Service) AnswerQuestionnaire(ctx context.Context, token, respondent string, answers []Answer) error {
	form, err := s.OpenQuestionnaire(ctx, token)
	if err != nil {
		return err
	}
	q, t := form.Questionnaire, form.Template
	if err := checkLen("respondent", respondent, maxName); err != nil {
		return err
	}
	checked, err := t.CheckAnswers(answers)
	if err != nil {
		return err
	}
	ctx = gdprkit.NewContext(ctx, gdprkit.Actor{Kind: gdprkit.ActorToken, ID: "questionnaire:" + strconv.FormatInt(q.ID, 10), Name: respondent})
	v, chs, err := s.applyAnswers(ctx, q, t, checked)
	if err != nil {
		return err
	}
	q.Answers, q.Respondent, q.AnsweredAt, q.Status = checked, respondent, s.now(), StatusAnswered
	return s.Store.AnswerQuestionnaire(ctx, q, v, chs)
}

// applyAnswers returns the vendor with the answers applied and the two
// history entries: the questionnaire answered, the vendor updated.
func (s *Service) applyAnswers(ctx context.Context, q *Questionnaire, t Template, answers []Answer) (*Vendor, []*Change, error) {
	old, err := s.Store.Vendor(ctx, q.VendorID)
	if err != nil {
		return nil, nil, err
	}
	v, err := clone(old)
	if err != nil {
		return nil, nil, err
	}
	t.Apply(v, answers, s.now())
	v.Normalize()
	if err := v.Validate(); err != nil {
		return nil, nil, err
	}
	vch, err := change(EntityVendor, ActionUpdated, v.ID, old, v)
	if err != nil {
		return nil, nil, err
	}
	qch, err := change(EntityQuestionnaire, ActionAnswered, q.ID, nil, map[string]any{"answers": answers})
	if err != nil {
		return nil, nil, err
	}
	return v, []*Change{qch, vch}, nil
}

// secret returns the link signing key: the configured one, or the one
// kept in the database (created on first use).
func (s *Service) secret(ctx context.Context) ([]byte, error) {
	s.secretMu.Lock()
	defer s.secretMu.Unlock()
	if s.Secret != nil {
		return s.Secret, nil
	}
	candidate, err := NewSecret()
	if err != nil {
		return nil, err
	}
	key, err := s.Store.Secret(ctx, SecretName, candidate)
	if err != nil {
		return nil, err
	}
	s.Secret = key
	return key, nil
}
