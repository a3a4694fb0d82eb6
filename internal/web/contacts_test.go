package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

var mailchimp = []string{
	"subscribed_email_audience_export_a1b2c3d4e5.csv",
	"unsubscribed_email_audience_export_a1b2c3d4e5.csv",
	"cleaned_email_audience_export_a1b2c3d4e5.csv",
}

func (h *harness) importMailchimp() {
	h.t.Helper()
	var paths []string
	for _, f := range mailchimp {
		paths = append(paths, testdata(f))
	}
	h.importFiles(paths...)
}

var contactLink = regexp.MustCompile(`href="/contacts/(\d+)">([^<]+)</a>`)

func TestContactList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		h.importMailchimp()
		c := h.as(auth.Viewer)
		all := contactLink.FindAllStringSubmatch(c.get("/contacts").body, -1)
		if len(all) == 0 {
			t.Fatal("no contact listed")
		}
		withdrawn := c.get("/contacts?status=withdrawn")
		if !strings.Contains(withdrawn.body, "badge s-withdrawn") || strings.Contains(withdrawn.body, "badge s-documented") {
			t.Errorf("status filter shows other statuses:\n%s", excerpt(withdrawn.body))
		}
		// The dashboard's "to re-permission" figure links to weak and
		// missing together, as many as it counts.
		segment := len(contactLink.FindAllString(c.get("/contacts?status=to_repermission").body, -1))
		weak := len(contactLink.FindAllString(c.get("/contacts?status=weak").body, -1))
		missing := len(contactLink.FindAllString(c.get("/contacts?status=missing").body, -1))
		if segment == 0 || segment != weak+missing {
			t.Errorf("re-permission filter lists %d contacts, want weak %d + missing %d", segment, weak, missing)
		}
		mustContain(t, h.as(auth.Viewer).get("/").body, `href="/contacts?status=to_repermission"`)
		if res := c.get("/contacts?status=nonsense"); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("unknown status: %d", res.StatusCode)
		}
		// The search text goes in a POST and comes back as an opaque key.
		email := all[0][2]
		q := email[:strings.Index(email, "@")+1]
		res := c.post("/contacts/search", url.Values{"q": {q}, "status": {""}})
		loc := res.Header.Get("Location")
		if res.StatusCode != http.StatusSeeOther || strings.Contains(loc, q) || !strings.Contains(loc, "s=") {
			t.Fatalf("search redirect %d %q", res.StatusCode, loc)
		}
		found := c.get(loc).body
		mustContain(t, found, email)
		// Another session cannot read the search behind the key.
		if strings.Contains(h.as(auth.Viewer).get(loc).body, `value="`+q+`"`) {
			t.Error("a search key works in another session")
		}
	})
}

func TestContactPagination(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		h.importMailchimp()
		c := h.as(auth.Viewer)
		seen := map[string]bool{}
		path := "/contacts"
		for pages := 0; path != ""; pages++ {
			if pages > 100 {
				t.Fatal("pagination does not end")
			}
			body := c.get(path).body
			for _, m := range contactLink.FindAllStringSubmatch(body, -1) {
				if seen[m[1]] {
					t.Fatalf("contact %s listed twice", m[1])
				}
				seen[m[1]] = true
			}
			path = ""
			if m := regexp.MustCompile(`rel="next" href="([^"]+)"`).FindStringSubmatch(body); m != nil {
				path = strings.ReplaceAll(m[1], "&amp;", "&")
			}
		}
		var n int
		if err := st.DB.QueryRow(t.Context(), `SELECT COUNT(*) FROM contacts`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if len(seen) != n {
			t.Errorf("pages listed %d contacts, the base has %d", len(seen), n)
		}
	})
}

func TestContactPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		h.importMailchimp()
		c := h.as(auth.Marketer)
		m := contactLink.FindStringSubmatch(c.get("/contacts?status=documented").body)
		if m == nil {
			t.Fatal("no documented contact")
		}
		page := c.get("/contacts/" + m[1])
		mustContain(t, page.body, m[2], "Consent history", "Provenance", "subscribed_email_audience_export_a1b2c3d4e5.csv", `<ol class="timeline">`)
		if res := c.get("/contacts/999999999"); res.StatusCode != http.StatusNotFound {
			t.Errorf("unknown contact: %d", res.StatusCode)
		}
		trail := h.as(auth.Admin).get("/audit?object=contact&id=" + m[1]).body
		mustContain(t, trail, "Marketer Test", "Viewed")
	})
}

func TestContactExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		h.importMailchimp()
		if res := h.as(auth.Viewer).get("/contacts/export/csv"); res.StatusCode != http.StatusForbidden {
			t.Errorf("viewer export: %d", res.StatusCode)
		}
		res := h.as(auth.Marketer).get("/contacts/export/csv?status=withdrawn")
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Disposition"), "contacts.csv") {
			t.Fatalf("export: %d %q", res.StatusCode, res.Header.Get("Content-Disposition"))
		}
		lines := strings.Split(strings.TrimSpace(res.body), "\n")
		if len(lines) < 2 {
			t.Fatalf("export has %d lines", len(lines))
		}
		for _, l := range lines[1:] {
			if !strings.Contains(l, "Withdrawn") {
				t.Errorf("row of another status: %s", l)
			}
		}
	})
}
