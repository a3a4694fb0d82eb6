package register_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/register"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

func TestQuestionnaireByLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Stores) {
		svc, ctx := newService(t, s)
		v := &register.Vendor{Name: "ListShop", Category: "data_provider", Role: "controller"}
		must(t, svc.CreateVendor(ctx, v))
		before, err := svc.Vendor(ctx, v.ID)
		must(t, err)
		if !riskHas(before.Risk, "provider_not_assessed") {
			t.Fatalf("risk before answers = %+v", before.Risk.Points)
		}

		q, tok, err := svc.SendQuestionnaire(ctx, v.ID, "data_provider", "fr-FR")
		must(t, err)
		if q.Lang != "fr" || q.Status != register.StatusSent || !q.ExpiresAt.Equal(testNow.Add(register.DefaultLinkTTL)) {
			t.Errorf("questionnaire = %+v", q)
		}
		form, err := svc.OpenQuestionnaire(ctx, tok)
		must(t, err)
		if form.VendorName != "ListShop" || form.Template.Key != "data_provider" {
			t.Errorf("form = %+v", form)
		}
		// The answer goes through without a user in the context.
		anon := gdprkit.NewContext(ctx, gdprkit.Actor{Kind: gdprkit.ActorSystem})
		err = svc.AnswerQuestionnaire(anon, tok, "Jean Vendeur, DPO", []register.Answer{
			{Question: "consent_transfer", Value: "yes"}, {Question: "consent_proof", Value: "no"},
			{Question: "scraped", Value: "no"}, {Question: "countries", Value: "FR"},
		})
		must(t, err)
		after, err := svc.Vendor(ctx, v.ID)
		must(t, err)
		if riskHas(after.Risk, "provider_not_assessed") || !riskHas(after.Risk, "provider_no_consent") || !after.Vendor.List.Assessed {
			t.Errorf("risk after answers = %+v, list %+v", after.Risk.Points, after.Vendor.List)
		}

		// Single use.
		_, err = svc.OpenQuestionnaire(ctx, tok)
		mustCode(t, err, gdprkit.ECONFLICT)
		mustCode(t, svc.AnswerQuestionnaire(ctx, tok, "again", nil), gdprkit.ECONFLICT)

		qs, err := svc.Questionnaires(ctx, v.ID)
		must(t, err)
		if len(qs) != 1 || qs[0].Status != register.StatusAnswered || qs[0].Respondent != "Jean Vendeur, DPO" || len(qs[0].Answers) != 4 {
			t.Errorf("stored questionnaire = %+v", qs)
		}
		hist, err := svc.History(ctx, register.ChangeFilter{Entity: register.EntityVendor, EntityID: v.ID})
		must(t, err)
		if len(hist) != 2 || hist[0].Actor != "token:questionnaire:"+itoa(q.ID) {
			t.Errorf("vendor history = %+v", hist)
		}
	})
}

func TestQuestionnaireLinkRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Stores) {
		svc, ctx := newService(t, s)
		v := &register.Vendor{Name: "Mailer", Category: "emailing", Role: "processor"}
		must(t, svc.CreateVendor(ctx, v))
		q, tok, err := svc.SendQuestionnaire(ctx, v.ID, "emailing", "en")
		must(t, err)

		// A link signed with another key (another installation) is invalid.
		other := register.NewService(s.Register)
		other.Now, other.Secret = svc.Now, []byte("another installation's secret, 32b")
		_, err = other.OpenQuestionnaire(ctx, tok)
		mustCode(t, err, gdprkit.ENOTFOUND)

		// A second service on the same database shares the stored key.
		twin := register.NewService(s.Register)
		twin.Now = svc.Now
		_, err = twin.OpenQuestionnaire(ctx, tok)
		must(t, err)

		// Bad answers are refused and change nothing.
		mustCode(t, svc.AnswerQuestionnaire(ctx, tok, "x", []register.Answer{{Question: "breach_hours", Value: "soon"}}), gdprkit.EINVALID)

		// Expired.
		late := register.NewService(s.Register)
		late.Now = func() time.Time { return testNow.Add(register.DefaultLinkTTL + time.Second) }
		_, err = late.OpenQuestionnaire(ctx, tok)
		mustCode(t, err, gdprkit.EFORBIDDEN)

		// Revoked.
		must(t, svc.RevokeQuestionnaire(ctx, q.ID))
		_, err = svc.OpenQuestionnaire(ctx, tok)
		mustCode(t, err, gdprkit.ENOTFOUND)
		mustCode(t, svc.RevokeQuestionnaire(ctx, q.ID), gdprkit.ECONFLICT)

		_, _, err = svc.SendQuestionnaire(ctx, v.ID, "no_such_template", "en")
		mustCode(t, err, gdprkit.EINVALID)
		_, _, err = svc.SendQuestionnaire(ctx, 999, "vendor", "en")
		mustCode(t, err, gdprkit.ENOTFOUND)

		st, err := svc.Status(ctx)
		must(t, err)
		if st.QuestionnairesOpen != 0 {
			t.Errorf("open questionnaires = %d after revocation", st.QuestionnairesOpen)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
