package web

import (
	"context"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/audit"
	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

func TestAuditDetail(t *testing.T) {
	for _, tc := range []struct {
		lang, detail string
		want         []detailField
	}{
		{"en", `{"after":0,"channel":"","contacts":1234,"search":true,"import":0,"mystery":"x"}`,
			[]detailField{{"Contacts", "1,234"}, {"Search", "yes"}, {"mystery", "x"}}},
		{"fr", `{"withdrawal":true,"purposes":["email_marketing","sms_marketing"]}`,
			[]detailField{{"Retrait", "oui"}, {"Finalités", "email_marketing, sms_marketing"}}},
		{"en", `{}`, nil},
		{"en", ``, nil},
		{"en", `{"disabled":false,"rows":null,"nested":{},"list":[]}`, nil},
		{"en", `not json`, []detailField{{"", "not json"}}},
	} {
		if got := auditDetail(tc.lang, tc.detail); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("auditDetail(%s, %s) = %q, want %q", tc.lang, tc.detail, got, tc.want)
		}
	}
}

// TestAuditPageDetail checks that the trail shows an entry's detail as a
// readable list, while the CSV export keeps the JSON.
func TestAuditPageDetail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		ctx := gdprkit.NewContext(context.Background(), gdprkit.Actor{Kind: gdprkit.ActorSystem})
		detail := `{"after":0,"channel":"","contacts":3,"search":true}`
		if err := h.srv.svc.Audit.Record(ctx, audit.Entry{Action: audit.Viewed, ObjectType: "contacts", Detail: detail}); err != nil {
			t.Fatal(err)
		}
		c := h.as(auth.Admin)
		body := c.get("/audit?object=contacts").body
		mustContain(t, body, "<dt>Contacts</dt><dd>3</dd>", "<dt>Search</dt><dd>yes</dd>")
		for _, raw := range []string{"&#34;after&#34;", `"channel"`, "<dt>After"} {
			if strings.Contains(body, raw) {
				t.Errorf("the trail shows %s", raw)
			}
		}
		c.post("/lang", url.Values{"lang": {"fr"}})
		mustContain(t, c.get("/audit?object=contacts").body, "<dt>Recherche</dt><dd>oui</dd>")
		mustContain(t, c.get("/audit/export.csv?object=contacts").body, `"{""after"":0,""channel"":"""",""contacts"":3,""search"":true}"`)
	})
}
