package web

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

// upload posts files as the upload form does.
func (c *client) upload(files map[string][]byte) response {
	c.h.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for name, data := range files {
		w, err := mw.CreateFormFile("files", name)
		if err != nil {
			c.h.t.Fatal(err)
		}
		w.Write(data) //nolint:errcheck // a bytes.Buffer
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.h.ts.URL+"/imports", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

var uploadPath = regexp.MustCompile(`^/uploads/(\d+)$`)

func TestImportFromTheBrowser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		c := h.as(auth.Marketer)
		res := c.upload(map[string][]byte{"subscribed_email_audience_export_a1b2c3d4e5.csv": mustRead(t, testdata("subscribed_email_audience_export_a1b2c3d4e5.csv"))})
		m := uploadPath.FindStringSubmatch(res.Header.Get("Location"))
		if res.StatusCode != http.StatusSeeOther || m == nil {
			t.Fatalf("upload: %d %q %s", res.StatusCode, res.Header.Get("Location"), excerpt(res.body))
		}
		page := c.get(m[0])
		mustContain(t, page.body, "Check what gdprkit reads", "Mailchimp", "utf-8", `name="col.0"`, "Start the import")
		res = c.post(m[0]+"/start", nil)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("start: %d %s", res.StatusCode, excerpt(res.body))
		}
		mustContain(t, c.get(m[0]).body, "Import in progress", `hx-get="`+m[0]+`/progress"`)
		h.runImports()
		res = c.get(m[0] + "/progress")
		if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, "/imports/") {
			t.Fatalf("progress after the import: %d %q", res.StatusCode, loc)
		}
		report := c.get(res.Header.Get("Location"))
		mustContain(t, report.body, "Documented contact base (Excel)", "Contacts by consent status", "Contacts by age of their consent", "<svg")
		id := strings.TrimPrefix(res.Header.Get("Location"), "/imports/")
		for _, f := range []string{"contacts.csv", "contacts.xlsx", "repermission.csv", "rejects.csv"} {
			dl := c.get("/imports/" + id + "/download/" + f)
			if dl.StatusCode != http.StatusOK || len(dl.body) == 0 || dl.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("%s: status %d, %d bytes, cache %q", f, dl.StatusCode, len(dl.body), dl.Header.Get("Cache-Control"))
			}
		}
		mustContain(t, c.get("/imports/"+id+"/download/contacts.csv").body, "Email,First name")
		rep := c.get("/imports/" + id + "/report.html")
		if csp := rep.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("printable report CSP %q", csp)
		}
		// Each download is in the audit trail.
		trail := h.as(auth.DPO).get("/audit?action=exported")
		if n := strings.Count(trail.body, `href="/imports/`+id+`"`); n < 4 {
			t.Errorf("audit trail has %d exports of the import, want at least 4", n)
		}
	})
}

// TestImportSameAsCLI checks that an import started from the browser gives
// the figures of `gdprkit import` on the same file: the Importer is
// shared.
func TestImportSameAsCLI(t *testing.T) {
	files := []string{"subscribed_email_audience_export_a1b2c3d4e5.csv", "unsubscribed_email_audience_export_a1b2c3d4e5.csv"}
	cli := storetest.Open(t, "sqlite")
	hc := newHarness(t, cli)
	want := hc.importFiles(testdata(files[0]), testdata(files[1])).Import
	h := newHarness(t, storetest.Open(t, "sqlite"))
	c := h.as(auth.Admin)
	res := c.upload(map[string][]byte{files[0]: mustRead(t, testdata(files[0])), files[1]: mustRead(t, testdata(files[1]))})
	c.post(res.Header.Get("Location")+"/start", nil)
	h.runImports()
	imps, err := h.st.Web().Contacts.Imports(t.Context(), 1)
	if err != nil || len(imps) != 1 {
		t.Fatalf("imports: %v %d", err, len(imps))
	}
	got := imps[0]
	if got.RowsRead != want.RowsRead || got.New != want.New || got.Rejected != want.Rejected || got.Events != want.Events {
		t.Errorf("web import = rows %d new %d rejected %d events %d; CLI = %d %d %d %d",
			got.RowsRead, got.New, got.Rejected, got.Events, want.RowsRead, want.New, want.Rejected, want.Events)
	}
}

func TestImportMapping(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		c := h.as(auth.DPO)
		csv := "Courriel;Prénom;Date opt-in\nmarie@example.fr;Marie;2024-03-01 10:00\nzoe@example.fr;Zoé;2024-03-02 11:00\n"
		res := c.upload(map[string][]byte{"crm.csv": []byte(csv)})
		loc := res.Header.Get("Location")
		page := c.get(loc)
		mustContain(t, page.body, "Courriel", "marie@example.fr")
		// Courriel is read as the address without help? Map it anyway,
		// with the opt-in date as the consent time.
		res = c.post(loc+"/mapping", url.Values{"format": {""}, "col.0": {"email"}, "col.1": {"first_name"}, "col.2": {"consent_at"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("mapping: %d %s", res.StatusCode, alertText(res.body))
		}
		page = c.get(loc)
		if !regexp.MustCompile(`<option value="consent_at" selected>`).MatchString(page.body) {
			t.Errorf("the mapping was not kept:\n%s", excerpt(page.body))
		}
		res = c.post(loc+"/mapping", url.Values{"col.0": {"email"}, "col.1": {"email"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a field chosen twice: status %d", res.StatusCode)
		}
		c.post(loc+"/start", nil)
		h.runImports()
		list := c.get("/contacts")
		mustContain(t, list.body, "marie@example.fr", "zoe@example.fr")
	})
}

func TestViewerCannotImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		c := h.as(auth.Viewer)
		if res := c.get("/imports/new"); res.StatusCode != http.StatusForbidden {
			t.Errorf("GET /imports/new as viewer: %d", res.StatusCode)
		}
		res := c.upload(map[string][]byte{"a.csv": []byte("email\na@example.com\n")})
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("POST /imports as viewer: %d", res.StatusCode)
		}
		if strings.Contains(c.get("/imports").body, `href="/imports/new"`) {
			t.Error("the imports page offers a viewer to import")
		}
	})
}

func TestUploadLimits(t *testing.T) {
	h := newHarness(t, storetest.Open(t, "sqlite"))
	h.srv.cfg.MaxUpload = 1 << 10
	c := h.as(auth.Admin)
	res := c.upload(map[string][]byte{"big.csv": bytes.Repeat([]byte("email\n"), 1000)})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "larger than") {
		t.Errorf("an upload over the limit: status %d: %s", res.StatusCode, alertText(res.body))
	}
	res = c.upload(map[string][]byte{"empty.csv": nil})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("an empty file: status %d", res.StatusCode)
	}
}

// TestPreviewWithoutAddressColumn uploads a file with no column gdprkit
// can take for the address (a Salesforce consent export): the preview
// says so, shows the columns, and offers none of them as the address
// already chosen; the person picks it.
func TestPreviewWithoutAddressColumn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		c := h.as(auth.DPO)
		csv := "ID,PARTYID,CAPTUREDATE,PRIVACYCONSENTSTATUS\n0ZW5g000000AbCdEFG,0PK5g000000HiJkLMN,2023-03-14T09:12:45.000Z,OptIn\n"
		res := c.upload(map[string][]byte{"consent.csv": []byte(csv)})
		page := c.get(res.Header.Get("Location"))
		mustContain(t, page.body, "PARTYID", `name="col.0"`)
		if regexp.MustCompile(`<option value="email" selected>`).MatchString(page.body) {
			t.Errorf("the preview offers a column as the address already chosen:\n%s", excerpt(page.body))
		}
	})
}
