package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/gdprkit/gdprkit/internal/audit"
	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/register"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

func TestRegisterDownloads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		h.company()
		mk := h.as(auth.Marketer)

		// The record in the CNIL layout, in French.
		res := mk.get("/register/export/activities/xlsx?lang=fr")
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("xlsx: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="registre-des-traitements-`) {
			t.Errorf("Content-Disposition %q", cd)
		}
		f, err := excelize.OpenReader(strings.NewReader(res.body))
		if err != nil {
			t.Fatal(err)
		}
		sheets := strings.Join(f.GetSheetList(), " | ")
		for _, want := range []string{"Registre", "Fiche n° 1", "Modes de collecte", "Fournisseurs"} { //nolint:misspell // French sheet names
			if !strings.Contains(sheets, want) {
				t.Errorf("sheet %q missing from %s", want, sheets)
			}
		}
		rows, _ := f.GetRows(f.GetSheetList()[1])
		var fiche strings.Builder
		for _, r := range rows {
			fiche.WriteString(strings.Join(r, " ") + "\n")
		}
		mustContain(t, fiche.String(), "Atelier Lumière SAS", "États-Unis", "Mailchimp")

		// The printable register opens in the browser, its stylesheet
		// allowed by its hash.
		res = mk.get("/register/export/activities/html?lang=en")
		csp := res.Header.Get("Content-Security-Policy")
		i, j := strings.Index(res.body, "<style>"), strings.Index(res.body, "</style>")
		sum := sha256.Sum256([]byte(res.body[i+len("<style>") : j]))
		if !strings.Contains(csp, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'") || strings.Contains(csp, "script-src") {
			t.Errorf("printable CSP %q", csp)
		}
		if !strings.HasPrefix(res.Header.Get("Content-Disposition"), "inline;") {
			t.Errorf("printable: %q", res.Header.Get("Content-Disposition"))
		}
		mustContain(t, res.body, "Record of processing activities", "Annex: collection methods")

		// The vendor register, the findings, everything.
		res = mk.get("/register/export/vendors/csv?lang=en")
		mustContain(t, res.body, "Mailchimp", "Axonaut")
		res = mk.get("/register/export/methods/xlsx?lang=en")
		if res.StatusCode != http.StatusOK {
			t.Errorf("methods xlsx: %d", res.StatusCode)
		}
		res = mk.get("/register/export/all/json")
		var all map[string]any
		if err := json.Unmarshal([]byte(res.body), &all); err != nil || all["vendors"] == nil || all["history"] == nil {
			t.Errorf("json: %v %.200s", err, res.body)
		}
		if res := mk.get("/register/export/vendors/html"); res.StatusCode != http.StatusNotFound {
			t.Errorf("a format the export has not: %d", res.StatusCode)
		}
		if res := h.as(auth.Viewer).get("/register/export/vendors/csv"); res.StatusCode != http.StatusForbidden {
			t.Errorf("a viewer downloads: %d", res.StatusCode)
		}
		entries, _ := h.st.Web().Audit.Trail(context.Background(), audit.Filter{ObjectType: "register", Action: audit.Exported, Limit: 20})
		if len(entries) != 5 {
			t.Errorf("%d downloads recorded, want 5", len(entries))
		}
	})
}

// upload posts a file to the vendor import as a DPO.
func (h *harness) uploadVendors(c *client, data []byte) response {
	h.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	w, _ := mw.CreateFormFile("file", "vendors.xlsx")
	w.Write(data) //nolint:errcheck // a buffer
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, h.ts.URL+"/vendors/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// TestVendorRoundTrip downloads the vendor workbook, edits it as a person
// would, and imports it back: a bad cell is refused with its sheet, row
// and column and nothing is saved; a good edit is saved and recorded.
func TestVendorRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		c := h.company()
		dpo := h.as(auth.DPO)
		res := dpo.get("/register/export/vendors/xlsx?lang=en")
		f, err := excelize.OpenReader(strings.NewReader(res.body))
		if err != nil {
			t.Fatal(err)
		}
		sheet := register.VendorSheetName("en")
		rows, _ := f.GetRows(sheet)
		col := map[string]int{}
		for i, name := range rows[0] {
			col[name] = i
		}
		row := 0
		for i, r := range rows {
			if len(r) > 1 && r[1] == "Axonaut" {
				row = i + 1
			}
		}
		set := func(header, value string) {
			cell, _ := excelize.CoordinatesToCellName(col[header]+1, row)
			if err := f.SetCellStr(sheet, cell, value); err != nil {
				t.Fatal(err)
			}
		}
		set("Services used", "CRM and invoicing")
		set("Breach notice (hours)", "soon")
		var bad bytes.Buffer
		if err := f.Write(&bad); err != nil {
			t.Fatal(err)
		}
		res = h.uploadVendors(dpo, bad.Bytes())
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("bad cell: %d", res.StatusCode)
		}
		mustContain(t, res.body, `id="import-error"`, `Sheet &#34;Vendors&#34;`, "row "+strconv.Itoa(row)+",", `column &#34;Breach notice (hours)&#34;`, "Nothing was imported.")
		if v, _ := h.reg.Vendor(context.Background(), c.crm.ID); v.Vendor.Services != "" {
			t.Errorf("a refused import saved %q", v.Vendor.Services)
		}

		set("Breach notice (hours)", "36")
		var good bytes.Buffer
		if err := f.Write(&good); err != nil {
			t.Fatal(err)
		}
		res = h.uploadVendors(dpo, good.Bytes())
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("good import: %d %s", res.StatusCode, alertText(res.body))
		}
		mustContain(t, dpo.get("/vendors").body, "Vendors imported: 0 created, 1 updated, 2 unchanged.")
		if v, _ := h.reg.Vendor(context.Background(), c.crm.ID); v.Vendor.Services != "CRM and invoicing" || v.Vendor.BreachNoticeHours != 36 {
			t.Errorf("after import: %+v", v.Vendor)
		}
		entries, _ := h.st.Web().Audit.Trail(context.Background(), audit.Filter{ObjectType: "register", Action: "imported", Limit: 5})
		if len(entries) != 1 || !strings.Contains(entries[0].Detail, `"updated":1`) {
			t.Errorf("import not recorded: %+v", entries)
		}
		// Not a workbook.
		res = h.uploadVendors(dpo, []byte("name\nAcme\n"))
		mustContain(t, res.body, "This file is not an XLSX workbook.")
		if res := h.uploadVendors(h.as(auth.Marketer), good.Bytes()); res.StatusCode != http.StatusForbidden {
			t.Errorf("a marketer imports vendors: %d", res.StatusCode)
		}
	})
}
