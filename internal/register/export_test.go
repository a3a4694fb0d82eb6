package register_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/register"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

func openBook(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// sheetText returns every cell of a sheet, one row per line, tab-separated.
func sheetText(t *testing.T, f *excelize.File, sheet string) string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "\t"))
		b.WriteByte('\n')
	}
	return b.String()
}

func containsAll(t *testing.T, what, s string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(s, p) {
			t.Errorf("%s lacks %q", what, p)
		}
	}
}

//nolint:misspell // the exports are checked against their French wording
func TestExports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Stores) {
		svc, ctx := newService(t, s)
		seedCompany(t, ctx, svc)
		export := func(what, format, lang string) []byte {
			t.Helper()
			var b bytes.Buffer
			if err := svc.Export(ctx, &b, what, format, lang); err != nil {
				t.Fatalf("export %s %s %s: %v", what, format, lang, err)
			}
			return b.Bytes()
		}

		t.Run("RegisterXLSX", func(t *testing.T) {
			f := openBook(t, export("activities", "xlsx", "fr"))
			sheets := f.GetSheetList()
			if len(sheets) != 8 || sheets[0] != "Registre" || !strings.HasPrefix(sheets[1], "Fiche n° 1 – ") || sheets[6] != "Modes de collecte" {
				t.Fatalf("sheets = %q", sheets)
			}
			containsAll(t, "page 1", sheetText(t, f, "Registre"), "Registre des activités de traitement", "Fleurs & Co",
				"Coordonnées du responsable de l’organisme", "Lemoine", "Nom et coordonnées du délégué à la protection des données", "DPO Conseil",
				"Activités de l’organisme impliquant le traitement de données personnelles", "Fiche n° 1")
			var prospects string
			for _, sh := range sheets[1:6] {
				if txt := sheetText(t, f, sh); strings.Contains(txt, "Gestion des prospects") {
					prospects = txt
				}
			}
			containsAll(t, "prospects fiche", prospects, "1. Description du traitement", "2. Acteurs", "3. Finalité(s) du traitement effectué",
				"4. Mesures de sécurité (description générale)", "5. Catégories de données personnelles concernées",
				"6. Des données sensibles sont-elles traitées ?", "7. Catégories de personnes concernées", "8. Destinataires des données",
				"9. Transferts des données hors UE", "États-Unis (US)", "Inde (IN)", "sous-traitant ultérieur de Crisp",
				"3 ans à compter du dernier contact émanant de la personne", "Contrôle d’accès des utilisateurs", "HubSpot",
				"Intérêts légitimes poursuivis", "Fichier acheté")
			containsAll(t, "methods sheet", sheetText(t, f, "Modes de collecte"), "LinkedIn Sales Navigator export", "KASPR", "Illicite : arrêter")
		})

		t.Run("RegisterHTML", func(t *testing.T) {
			for _, lang := range []string{"fr", "en"} {
				page := string(export("activities", "html", lang))
				if strings.Contains(page, "register.") || strings.Contains(page, "<script") || strings.Contains(page, "http://") {
					t.Errorf("%s: raw key, script or external link in the page", lang)
				}
				if lang == "fr" {
					containsAll(t, "French HTML", page, `<html lang="fr">`, "Registre des activités de traitement", "Fiche n° 5",
						"Délai d’effacement", "Annexe : modes de collecte", "break-before: page")
				} else {
					containsAll(t, "English HTML", page, `<html lang="en">`, "Record of processing activities", "Sheet 5",
						"Time limit for erasure", "Annex: vendors and processors", "United States (US)")
				}
			}
		})

		t.Run("VendorsXLSX", func(t *testing.T) {
			f := openBook(t, export("vendors", "xlsx", "en"))
			if got := f.GetSheetList(); len(got) != 3 || got[0] != "Vendors" || got[2] != "Help" {
				t.Fatalf("sheets = %q", got)
			}
			rows, err := f.GetRows("Vendors")
			must(t, err)
			if len(rows) != 13 || rows[0][0] != "ID" || rows[0][1] != "Name" {
				t.Fatalf("vendor sheet: %d rows, header %q", len(rows), rows[0])
			}
			containsAll(t, "vendor sheet", sheetText(t, f, "Vendors"), "US: EU-US Data Privacy Framework", "AWS; OVHcloud", "Offshore Support")
			containsAll(t, "risk sheet", sheetText(t, f, "Risk points"), "C-703/25 P", "Art. 28(3)")
		})

		t.Run("VendorsCSV", func(t *testing.T) {
			out := string(export("vendors", "csv", "fr"))
			if !strings.HasPrefix(out, "\ufeffID;Nom;Raison sociale;") {
				t.Errorf("French CSV starts %q", out[:min(40, len(out))])
			}
			if !strings.Contains(out, "'+33 4") && strings.Contains(out, "+33") {
				t.Error("phone number not formula-escaped")
			}
		})

		t.Run("MethodsAndActivitiesCSV", func(t *testing.T) {
			containsAll(t, "methods CSV", string(export("methods", "csv", "en")), "LinkedIn Sales Navigator export", "Unlawful: stop", "SAN-2024-020")
			containsAll(t, "activities CSV", string(export("activities", "csv", "en")), "T-01", "Controller")
		})

		t.Run("JSON", func(t *testing.T) {
			var all map[string]json.RawMessage
			must(t, json.Unmarshal(export("all", "json", "en"), &all))
			for _, k := range []string{"organisation", "vendors", "activities", "collection_methods", "questionnaires", "history", "generated_at"} {
				if _, ok := all[k]; !ok {
					t.Errorf("full JSON lacks %q", k)
				}
			}
			var vs struct {
				Vendors []register.VendorView `json:"vendors"`
			}
			must(t, json.Unmarshal(export("vendors", "json", "en"), &vs))
			if len(vs.Vendors) != 12 || vs.Vendors[0].Risk.Score < vs.Vendors[11].Risk.Score {
				t.Errorf("vendors JSON: %d vendors", len(vs.Vendors))
			}
		})

		t.Run("Unsupported", func(t *testing.T) {
			mustCode(t, svc.Export(ctx, &bytes.Buffer{}, "vendors", "html", "en"), gdprkit.EINVALID)
			mustCode(t, svc.Export(ctx, &bytes.Buffer{}, "everything", "json", "en"), gdprkit.EINVALID)
		})
	})
}
