package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

// TestImportWarningsDownload: the cells an import could not read are
// offered as warnings.csv like the rejected rows: with imports.download,
// recorded in the audit trail. The aggregate views every role may see
// count them but never quote their values.
func TestImportWarningsDownload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		c := h.as(auth.Marketer)
		csv := "email,consent_at\nmarie@example.fr,2024-03-01 10:00\nzoe@example.fr,secret-someday\n"
		res := c.upload(map[string][]byte{"crm.csv": []byte(csv)})
		loc := res.Header.Get("Location")
		if res = c.post(loc+"/start", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("start: %d %s", res.StatusCode, excerpt(res.body))
		}
		h.runImports()
		res = c.get(loc + "/progress")
		id := strings.TrimPrefix(res.Header.Get("Location"), "/imports/")
		if id == "" {
			t.Fatalf("no import after the upload: %d", res.StatusCode)
		}
		page := c.get("/imports/" + id)
		mustContain(t, page.body, `/imports/`+id+`/download/warnings.csv`, "Cells that could not be read (CSV)",
			"1 cell could not be read", "distinct addresses, from 2 rows read")
		if strings.Contains(page.body, "no value") {
			t.Errorf("the result page has a message without its argument:\n%s", excerpt(page.body))
		}
		dl := c.get("/imports/" + id + "/download/warnings.csv")
		if dl.StatusCode != http.StatusOK || dl.Header.Get("Cache-Control") != "no-store" ||
			!strings.Contains(dl.Header.Get("Content-Disposition"), "warnings-"+id+".csv") {
			t.Fatalf("warnings.csv: status %d, headers %v", dl.StatusCode, dl.Header)
		}
		mustContain(t, dl.body, "File,Line,Column,Code,Problem,Value found,Detail", "crm.csv,3,consent_at,bad_date,Unreadable date,secret-someday,")
		for _, p := range []string{"/imports/" + id, "/imports/" + id + "/report.html", "/imports/" + id + "/report.json"} {
			if body := h.as(auth.Viewer).get(p).body; strings.Contains(body, "secret-someday") {
				t.Errorf("%s shows a warning's value to a viewer", p)
			}
		}
		if res := h.as(auth.Viewer).get("/imports/" + id + "/download/warnings.csv"); res.StatusCode != http.StatusForbidden {
			t.Errorf("warnings.csv as viewer: status %d, want 403", res.StatusCode)
		}
		trail := h.as(auth.DPO).get("/audit?action=exported")
		mustContain(t, trail.body, "warnings.csv")
	})
}

// TestImportWarningsCapped: an import keeps the first
// contacts.WarningsKept warnings; the page says warnings.csv lists only
// those, and where to get them all.
func TestImportWarningsCapped(t *testing.T) {
	h := newHarness(t, storetest.Open(t, "sqlite"))
	c := h.as(auth.DPO)
	var b strings.Builder
	b.WriteString("email,consent_at\n")
	for i := range contacts.WarningsKept + 5 {
		fmt.Fprintf(&b, "user%d@example.com,someday\n", i)
	}
	res := c.upload(map[string][]byte{"crm.csv": []byte(b.String())})
	loc := res.Header.Get("Location")
	c.post(loc+"/start", nil)
	h.runImports()
	id := strings.TrimPrefix(c.get(loc+"/progress").Header.Get("Location"), "/imports/")
	mustContain(t, c.get("/imports/"+id).body, "105 cells could not be read", "The file lists the first 100; gdprkit audit on the same files lists them all.")
	dl := c.get("/imports/" + id + "/download/warnings.csv")
	if n := strings.Count(dl.body, "\r\n"); n != contacts.WarningsKept+1 {
		t.Errorf("warnings.csv has %d lines, want a header and %d warnings", n, contacts.WarningsKept)
	}
}
