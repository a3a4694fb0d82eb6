package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

// TestEndToEndRegisters enters a small realistic company as a new user
// would, in a real browser: the organisation page, a US e-mailing vendor
// on the Data Privacy Framework, a French CRM, a list seller, a bought
// list and a LinkedIn-scraped list among the collection methods (their
// findings shown live while the form is filled in), an activity from the
// newsletter template linked to the e-mailing vendor. It then checks the
// findings ("act now" for scraping), the dashboard, and downloads the
// record in the CNIL layout as XLSX.
func TestEndToEndRegisters(t *testing.T) {
	exe := chromium(t)
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			link, _, base := e2eServer(t, d)
			b := newBrowser(t, exe)
			b.firstRun(link)
			b.organisation(base)
			b.vendor(base, "Mailchimp", "emailing", "processor", "United States", map[string]string{"transfers.0.country": "US"},
				map[string]string{"transfers.0.mechanism": "us_dpf"}, true)
			if risk := b.text(".risk-card"); !strings.Contains(risk, "Data Privacy Framework") || !strings.Contains(risk, "C-703/25 P") {
				b.t.Errorf("the DPF risk point is not explained:\n%s", risk)
			}
			b.vendor(base, "Axonaut", "crm", "processor", "France", nil, nil, false)
			b.vendor(base, "DataLeads", "data_provider", "controller", "France", nil, nil, false)
			b.boughtList(base)
			b.scrapedList(base)
			b.newsletter(base)
			b.findings(base)
			b.dashboardFigures(base)
			b.downloadRegister(base)
		})
	}
}

// fill types into text fields by name, replacing what they held.
func (b *browser) fill(fields map[string]string) {
	b.t.Helper()
	for name, value := range fields {
		sel := `[name="` + name + `"]`
		q, _ := json.Marshal(sel)
		if !b.is(`(function(){const e=document.querySelector(` + string(q) + `);if(!e)return false;e.value="";return true})()`) {
			b.fail("fill "+name, os.ErrNotExist)
		}
		b.step("fill "+name, chromedp.SendKeys(chromedp.CSS(sel), value))
	}
}

// choose picks the option of a select by its visible text, as a person
// does, and fires the change event.
func (b *browser) choose(sel, text string) {
	b.t.Helper()
	s, _ := json.Marshal(sel)
	x, _ := json.Marshal(text)
	ok := b.is(`(function(){const s=document.querySelector(` + string(s) + `);if(!s)return false;` +
		`const o=[...s.options].find(o=>o.text.trim()===` + string(x) + `);if(!o)return false;` +
		`s.value=o.value;s.dispatchEvent(new Event("change",{bubbles:true}));return true})()`)
	if !ok {
		b.fail("choose "+text+" in "+sel, os.ErrNotExist)
	}
}

func (b *browser) organisation(base string) {
	b.t.Helper()
	b.step("organisation page", chromedp.Navigate(base+"/register/organisation"), chromedp.WaitVisible(chromedp.CSS("#save-organisation")))
	b.fill(map[string]string{"name": "Atelier Lumière SAS", "controller.last_name": "Martin", "controller.first_name": "Claire",
		"controller.address": "12 rue des Lilas", "controller.post_code": "69002", "controller.city": "Lyon", "controller.country": "France",
		"controller.email": "claire@atelier-lumiere.example", "dpo.last_name": "Durand", "dpo.first_name": "Paul", "dpo.email": "dpo@atelier-lumiere.example"})
	b.step("save the organisation",
		chromedp.Click(chromedp.CSS("#dpo_designated")),
		chromedp.Click(chromedp.CSS("#save-organisation")),
		chromedp.WaitVisible(chromedp.CSS(".alert-ok")),
	)
	b.clean("organisation")
}

// vendor adds a vendor through its form.
func (b *browser) vendor(base, name, category, role, country string, texts, selects map[string]string, signed bool) {
	b.t.Helper()
	b.step("new vendor "+name, chromedp.Navigate(base+"/vendors/new"), chromedp.WaitVisible(chromedp.CSS("#save-vendor")))
	fields := map[string]string{"name": name, "country": country, "countries": country, "privacy_contact": "privacy@" + strings.ToLower(name) + ".example"}
	for k, v := range texts {
		fields[k] = v
	}
	b.fill(fields)
	b.step("vendor "+name+" choices", chromedp.SetValue(chromedp.CSS("#category"), category), chromedp.SetValue(chromedp.CSS("#role"), role))
	for k, v := range selects {
		b.step("select "+k, chromedp.SetValue(chromedp.CSS(`[name="`+k+`"]`), v))
	}
	if signed {
		b.step("agreement", chromedp.Click(chromedp.CSS("#signed")))
		for _, c := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
			b.step("clause "+c, chromedp.Click(chromedp.CSS(`input[name="clauses"][value="`+c+`"]`)))
		}
		b.fill(map[string]string{"breach_notice_hours": "48"})
		b.step("rights", chromedp.Click(chromedp.CSS(`input[name="rights_channels"][value="email"]`)))
	}
	b.step("save vendor "+name, chromedp.Click(chromedp.CSS("#save-vendor")), chromedp.WaitVisible(chromedp.CSS(".risk-card")))
	if h := b.text("h1"); h != name {
		b.t.Errorf("vendor page heading %q, want %q", h, name)
	}
	b.clean("vendor " + name)
}

// boughtList records a list bought from the data provider; the findings
// appear while the form is filled in.
func (b *browser) boughtList(base string) {
	b.t.Helper()
	b.step("catalogue", chromedp.Navigate(base+"/methods/new"), chromedp.WaitVisible(chromedp.CSS("#kind-bought_list")))
	b.clean("catalogue")
	b.step("bought list", chromedp.Click(chromedp.CSS("#kind-bought_list")), chromedp.WaitVisible(chromedp.CSS("#method-form")))
	b.fill(map[string]string{"name": "Trade-fair list bought from DataLeads"})
	b.choose("#provider_id", "DataLeads")
	b.waitFindings("data-provider questionnaire")
	b.step("art. 14 notice", chromedp.Click(chromedp.CSS("#safeguard-art14_notice")))
	b.waitGone("Art. 14 notice naming the source of their data")
	b.step("save the bought list", chromedp.Click(chromedp.CSS("#save-method")), chromedp.WaitVisible(chromedp.CSS(".verdict-card")))
	if v := b.text(".verdict-card"); !strings.Contains(v, "Act now") || !strings.Contains(v, "seller") {
		b.t.Errorf("bought list verdict:\n%s", v)
	}
	b.clean("bought list")
}

func (b *browser) scrapedList(base string) {
	b.t.Helper()
	b.step("scraping", chromedp.Navigate(base+"/methods/new?kind=scraping"), chromedp.WaitVisible(chromedp.CSS("#method-form")))
	b.fill(map[string]string{"name": "LinkedIn Sales Navigator extraction"})
	b.step("tick a safeguard", chromedp.Click(chromedp.CSS("#safeguard-notice_at_collection")))
	b.waitFindings("KASPR")
	if f := b.text("#findings"); !strings.Contains(f, "Unlawful: stop") {
		b.t.Errorf("scraping findings:\n%s", f)
	}
	b.step("save the scraped list", chromedp.Click(chromedp.CSS("#save-method")), chromedp.WaitVisible(chromedp.CSS(".verdict-card")))
	b.clean("scraped list")
}

// waitFindings waits until the live findings hold text.
func (b *browser) waitFindings(text string) {
	b.t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if strings.Contains(b.text("#findings"), text) {
			return
		}
	}
	b.fail("live findings with "+text, os.ErrDeadlineExceeded)
}

// waitGone waits until the live findings no longer hold text.
func (b *browser) waitGone(text string) {
	b.t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if !strings.Contains(b.text("#findings"), text) {
			return
		}
	}
	b.fail("live findings without "+text, os.ErrDeadlineExceeded)
}

// newsletter creates the activity from its template and names the
// e-mailing vendor as a recipient: the US transfer follows.
func (b *browser) newsletter(base string) {
	b.t.Helper()
	b.step("activity templates", chromedp.Navigate(base+"/activities/new"), chromedp.WaitVisible(chromedp.CSS("#template-newsletter")))
	b.step("newsletter", chromedp.Click(chromedp.CSS("#template-newsletter")), chromedp.WaitVisible(chromedp.CSS("#edit-activity")))
	b.step("edit", chromedp.Click(chromedp.CSS("#edit-activity")), chromedp.WaitVisible(chromedp.CSS("#save-activity")))
	b.choose(`select[name="recipients.1.vendor_id"]`, "Mailchimp")
	b.step("save the activity", chromedp.Click(chromedp.CSS("#save-activity")), chromedp.WaitVisible(chromedp.CSS(".completeness-card")))
	if page := b.text("main"); !strings.Contains(page, "United States") || !strings.Contains(page, "Data Privacy Framework") {
		b.t.Errorf("the newsletter does not show the US transfer")
	}
	b.clean("activity")
}

// findings checks the collection methods list: scraping and the bought
// list under "Act now", each with what to fix.
func (b *browser) findings(base string) {
	b.t.Helper()
	b.step("methods", chromedp.Navigate(base+"/methods"), chromedp.WaitVisible(chromedp.CSS("#act-now")))
	now := b.text("#act-now")
	for _, want := range []string{"LinkedIn Sales Navigator extraction", "Unlawful: stop", "Scraped contacts: no valid legal basis",
		"Trade-fair list bought from DataLeads", "Provider has not answered the questionnaire"} {
		if !strings.Contains(now, want) {
			b.t.Errorf("act now lacks %q:\n%s", want, now)
		}
	}
	if strings.Contains(b.text("#document"), "LinkedIn") {
		b.t.Error("scraping is listed as only needing documentation")
	}
	b.clean("methods")
}

func (b *browser) dashboardFigures(base string) {
	b.t.Helper()
	b.step("dashboard", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#vendors")))
	for sel, want := range map[string]string{"#vendors": "3 vendors in the register.", "#collection": "2 collection methods need action now"} {
		if got := b.text(sel); !strings.Contains(got, want) {
			b.t.Errorf("dashboard %s lacks %q:\n%s", sel, want, got)
		}
	}
}

// downloadRegister downloads the record in the CNIL layout, in French,
// from the overview, and reads it.
func (b *browser) downloadRegister(base string) {
	b.t.Helper()
	dir := b.t.TempDir()
	if _, err := chromedp.CallBrowser(b.ctx, cdpbrowser.SetDownloadBehavior,
		cdpbrowser.SetDownloadBehaviorParams{Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir}); err != nil {
		b.fail("allow downloads", err)
	}
	b.step("download the CNIL register", chromedp.Navigate(base+"/register"), chromedp.WaitVisible(chromedp.CSS("#dl-activities-xlsx-fr")),
		chromedp.Click(chromedp.CSS("#dl-activities-xlsx-fr")))
	b.clean("overview")
	var file string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline) && file == ""; time.Sleep(100 * time.Millisecond) {
		matches, _ := filepath.Glob(filepath.Join(dir, "registre-des-traitements-*.xlsx"))
		if len(matches) == 1 {
			file = matches[0]
		}
	}
	if file == "" {
		b.fail("downloaded register", os.ErrNotExist)
	}
	f, err := excelize.OpenFile(file)
	if err != nil {
		b.t.Fatalf("open the register: %v", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) < 4 || sheets[0] != "Registre" || !strings.HasPrefix(sheets[1], "Fiche n° 1") {
		b.t.Fatalf("sheets: %v", sheets)
	}
	var text strings.Builder
	for _, sh := range sheets[:2] {
		rows, _ := f.GetRows(sh)
		for _, r := range rows {
			text.WriteString(strings.Join(r, " | ") + "\n")
		}
	}
	for _, want := range []string{"Atelier Lumière SAS", "Claire", "Paul", "Newsletter", "Mailchimp", "États-Unis"} {
		if !strings.Contains(text.String(), want) {
			b.t.Errorf("the register lacks %q", want)
		}
	}
}
