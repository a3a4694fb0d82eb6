package register_test

import (
	"strings"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/mailer"
	"github.com/gdprkit/gdprkit/internal/mailer/mailtest"
	"github.com/gdprkit/gdprkit/internal/register"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

// TestEmailQuestionnaire e-mails a questionnaire link through a real SMTP
// server, in the questionnaire's language, and checks that the register's
// history says who it went to.
func TestEmailQuestionnaire(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Stores) {
		svc, ctx := newService(t, s)
		v := &register.Vendor{Name: "ListShop", Category: "data_provider", Role: "controller"}
		must(t, svc.CreateVendor(ctx, v))
		must(t, svc.SaveOrganisation(ctx, &register.Organisation{Name: "Acme SAS"}))
		q, _, err := svc.SendQuestionnaire(ctx, v.ID, "data_provider", "fr")
		must(t, err)
		url := "https://gdprkit.acme.example/questionnaire?token=abc"

		mustCode(t, svc.EmailQuestionnaire(ctx, q, "dpo@listshop.example", url), gdprkit.ECONFLICT) // no SMTP server
		if svc.CanEmail() {
			t.Error("CanEmail without an SMTP server")
		}
		sink := mailtest.Start(t)
		smtp, err := mailer.New(mailer.Config{Host: sink.Host, Port: sink.Port, TLS: mailer.TLSNone, From: "Acme <dpo@acme.example>"})
		must(t, err)
		tpl, err := mailer.LoadTemplates("")
		must(t, err)
		svc.Mail = &register.Mail{Sender: smtp, Templates: tpl}
		mustCode(t, svc.EmailQuestionnaire(ctx, q, "not an address", url), gdprkit.EINVALID)

		must(t, svc.EmailQuestionnaire(ctx, q, "Jean Vendeur <dpo@listshop.example>", url))
		msgs := sink.Wait(t, 1, 5*time.Second)
		m := msgs[0]
		if m.To[0] != "dpo@listshop.example" || !strings.Contains(m.Subject(), "Acme SAS") || !strings.Contains(m.Subject(), "fournisseur de données") {
			t.Errorf("e-mail to %v, subject %q", m.To, m.Subject())
		}
		if body := m.Text(); !strings.Contains(body, url) || !strings.Contains(body, "ListShop") || !strings.Contains(body, "29 décembre 2026") {
			t.Errorf("e-mail body:\n%s", body)
		}
		hist, err := svc.History(ctx, register.ChangeFilter{Entity: register.EntityQuestionnaire, EntityID: q.ID})
		must(t, err)
		var emailed bool
		for _, ch := range hist {
			if ch.Action == register.ActionEmailed && strings.Contains(string(ch.Fields["email_to"].New), "dpo@listshop.example") {
				emailed = true
			}
		}
		if !emailed {
			t.Errorf("history has no e-mail to dpo@listshop.example: %+v", hist)
		}
	})
}
