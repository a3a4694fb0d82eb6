package register_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/register"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

// sheetEdit opens an exported vendor workbook for editing by column
// header, as a person would in Excel.
type sheetEdit struct {
	t      *testing.T
	f      *excelize.File
	sheet  string
	cols   map[string]int
	byName map[string]int // vendor name -> row number
	rows   int
}

func editVendors(t *testing.T, ctx context.Context, svc *register.Service, lang string) *sheetEdit {
	t.Helper()
	var b bytes.Buffer
	must(t, svc.Export(ctx, &b, "vendors", "xlsx", lang))
	f, err := excelize.OpenReader(&b)
	must(t, err)
	e := &sheetEdit{t: t, f: f, sheet: register.VendorSheetName(lang), cols: map[string]int{}, byName: map[string]int{}}
	rows, err := f.GetRows(e.sheet)
	must(t, err)
	for i, h := range rows[0] {
		e.cols[h] = i
	}
	for i, r := range rows[1:] {
		e.byName[r[1]] = i + 2
	}
	e.rows = len(rows)
	return e
}

func (e *sheetEdit) set(row int, header, value string) {
	e.t.Helper()
	c, ok := e.cols[header]
	if !ok {
		e.t.Fatalf("no column %q", header)
	}
	cell, _ := excelize.CoordinatesToCellName(c+1, row)
	must(e.t, e.f.SetCellStr(e.sheet, cell, value))
}

func (e *sheetEdit) addRow() int { e.rows++; return e.rows }

func (e *sheetEdit) bytes() *bytes.Reader {
	b, err := e.f.WriteToBuffer()
	must(e.t, err)
	return bytes.NewReader(b.Bytes())
}

func TestImportVendorsRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Stores) {
		svc, ctx := newService(t, s)
		c := seedCompany(t, ctx, svc)
		// A name that looks like a formula survives the round trip.
		odd := &register.Vendor{Name: "=Ads Corp", Category: "advertising", Role: "processor", Notes: "-5% discount"}
		must(t, svc.CreateVendor(ctx, odd))

		// Unchanged export, imported back: nothing changes.
		res, err := svc.ImportVendorsXLSX(ctx, editVendors(t, ctx, svc, "fr").bytes(), "fr")
		must(t, err)
		if res.Created != 0 || res.Updated != 0 || res.Unchanged != 13 {
			t.Fatalf("identity import = %+v", res)
		}

		e := editVendors(t, ctx, svc, "en")
		hub := e.byName["HubSpot"]
		e.set(hub, "Breach notice (hours)", "24")
		e.set(hub, "Fallback SCCs (US)", "yes")
		e.set(hub, "Transfer documentation", "US: https://hubspot.example/dpa")
		e.set(hub, "Next review", "45900") // a date typed into Excel is a serial number
		r := e.addRow()
		e.set(r, "Name", "Zendesk")
		e.set(r, "Category", "chat software") // labels match without case
		e.set(r, "Role", "processor")
		e.set(r, "Processing countries", "us, ie")
		e.set(r, "Transfer mechanisms", "US: Standard contractual clauses, module 2 (controller to processor)")
		e.set(r, "Sub-processors", "AWS; Zendesk EU")
		e.set(r, "Art. 28(3)(a) instructions", "x")
		r2 := e.addRow()
		e.set(r2, "Name", "Zendesk EU")
		e.set(r2, "Category", "hosting")
		e.set(r2, "Role", "sub_processor") // keys are accepted too
		res, err = svc.ImportVendorsXLSX(ctx, e.bytes(), "en")
		must(t, err)
		if res.Created != 2 || res.Updated != 1 || res.Unchanged != 12 {
			t.Fatalf("import = %+v", res)
		}

		got, err := svc.Vendor(ctx, c.vendors["HubSpot"].ID)
		must(t, err)
		us, _ := got.Vendor.TransferFor("US")
		if got.Vendor.BreachNoticeHours != 24 || !us.FallbackSCC || us.Documentation != "https://hubspot.example/dpa" ||
			got.Vendor.ReviewDue.Format("2006-01-02") != "2025-08-31" || !riskHas(got.Risk, "transfer_dpf_fallback") {
			t.Errorf("HubSpot after import = %+v, risk %+v", got.Vendor, got.Risk.Points)
		}
		vs, err := svc.Vendors(ctx)
		must(t, err)
		var zendesk, zendeskEU *register.Vendor
		for _, v := range vs {
			switch v.Vendor.Name {
			case "Zendesk":
				zendesk = v.Vendor
			case "Zendesk EU":
				zendeskEU = v.Vendor
			}
		}
		if zendesk == nil || zendeskEU == nil {
			t.Fatal("new vendors missing")
		}
		if len(zendesk.SubProcessors) != 2 || zendesk.SubProcessors[0] != c.vendors["AWS"].ID || zendesk.SubProcessors[1] != zendeskEU.ID {
			t.Errorf("Zendesk sub-processors = %v", zendesk.SubProcessors)
		}
		if zendesk.Category != "chat" || len(zendesk.Countries) != 2 || zendesk.Countries[0] != "US" || !zendesk.Agreement.HasClause("a") {
			t.Errorf("Zendesk = %+v", zendesk)
		}
		hist, err := svc.History(ctx, register.ChangeFilter{Entity: register.EntityVendor, EntityID: zendesk.ID})
		must(t, err)
		if len(hist) != 1 || hist[0].Action != register.ActionImported || !strings.Contains(string(hist[0].Fields["sub_processors"].New), strconv.FormatInt(zendeskEU.ID, 10)) {
			t.Errorf("Zendesk history = %+v", hist)
		}
		oddNow, err := svc.Vendor(ctx, odd.ID)
		must(t, err)
		if oddNow.Vendor.Name != "=Ads Corp" || oddNow.Vendor.Notes != "-5% discount" {
			t.Errorf("formula-like cells came back as %q / %q", oddNow.Vendor.Name, oddNow.Vendor.Notes)
		}
	})
}

func TestImportVendorsRefusesBadCells(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Stores) {
		svc, ctx := newService(t, s)
		c := seedCompany(t, ctx, svc)
		tests := []struct {
			name   string
			edit   func(e *sheetEdit)
			row    int
			column string
			reason string
		}{
			{"BadDate", func(e *sheetEdit) { e.set(e.byName["Brevo"], "Prochaine revue", "bientôt") }, 0, "Prochaine revue", "écrivez une date"},
			{"BadCountry", func(e *sheetEdit) { e.set(e.byName["Crisp"], "Pays de traitement", "FR, Allemagne") }, 0, "Pays de traitement", "ALLEMAGNE"},
			{"BadCategory", func(e *sheetEdit) { e.set(e.byName["Crisp"], "Catégorie", "Chatbot") }, 0, "Catégorie", "Chatbot"},
			{"BadBool", func(e *sheetEdit) { e.set(e.byName["Crisp"], "Contrat signé", "peut-être") }, 0, "Contrat signé", "oui ou non"},
			{"UnknownID", func(e *sheetEdit) { e.set(e.byName["Crisp"], "ID", "9999") }, 0, "ID", "9999"},
			{"Stale", func(e *sheetEdit) { e.set(e.byName["Crisp"], "Version", "1") }, 0, "Version", "modifié dans gdprkit"},
			{"NameExists", func(e *sheetEdit) {
				r := e.addRow()
				e.set(r, "Nom", "brevo")
				e.set(r, "Catégorie", "CRM")
				e.set(r, "Rôle", "Sous-traitant")
			}, 14, "Nom", "existe déjà"},
			{"UnknownSubProcessor", func(e *sheetEdit) { e.set(e.byName["Crisp"], "Sous-traitants ultérieurs", "Nobody Ltd") }, 0, "Sous-traitants ultérieurs", "Nobody Ltd"},
			{"MissingName", func(e *sheetEdit) { e.set(e.byName["Crisp"], "Nom", "") }, 0, "Nom", "obligatoire"},
			{"DPFOutsideUS", func(e *sheetEdit) {
				e.set(e.byName["Crisp"], "Mécanismes de transfert", "IN: Cadre de protection des données UE–États-Unis (Data Privacy Framework)")
			}, 0, "Mécanismes de transfert", "États-Unis"},
			{"UnknownColumn", func(e *sheetEdit) {
				cell, _ := excelize.CoordinatesToCellName(len(e.cols)+2, 1)
				must(t, e.f.SetCellStr(e.sheet, cell, "Couleur préférée"))
			}, 1, "", "Couleur préférée"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				e := editVendors(t, ctx, svc, "fr")
				// A valid change on another row must not land either.
				e.set(e.byName["Brevo"], "Remarques", "changed by the sheet")
				row := tt.row
				if row == 0 {
					row = e.byName["Crisp"]
					if tt.name == "BadDate" {
						row = e.byName["Brevo"]
					}
				}
				tt.edit(e)
				_, err := svc.ImportVendorsXLSX(ctx, e.bytes(), "fr")
				ge := gdprkit.AsError(err)
				if ge == nil || ge.Code != gdprkit.EINVALID || ge.Key != "register.import.cell" {
					t.Fatalf("error = %v", err)
				}
				if ge.Args["Sheet"] != "Fournisseurs" || ge.Args["Row"] != row || ge.Args["Column"] != tt.column ||
					!strings.Contains(ge.Args["Problem"].(string), tt.reason) {
					t.Errorf("error args = %v, want row %d column %q reason containing %q", ge.Args, row, tt.column, tt.reason)
				}
				brevo, err := svc.Vendor(ctx, c.vendors["Brevo"].ID)
				must(t, err)
				if brevo.Vendor.Notes != "" {
					t.Error("a failed import changed another row")
				}
			})
		}
		_, err := svc.ImportVendorsXLSX(ctx, strings.NewReader("not a workbook"), "fr")
		mustCode(t, err, gdprkit.EINVALID)
	})
}
