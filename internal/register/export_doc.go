package register

import (
	"strconv"
	"strings"
	"time"

	"github.com/gdprkit/gdprkit/internal/locale"
)

// doc is the record of processing activities laid out as the CNIL's
// basic register model (legal-reference §7), in one language: page 1 (the organisation), then one fiche per activity. The
// XLSX and HTML exports both render it, so they say the same thing.
type doc struct {
	Lang      string
	Title     string
	Generated string
	Common    []section
	Fiches    []fiche
	Methods   []section // annex: collection methods and their findings
	Vendors   section   // annex: vendors by risk
}

// fiche is one activity's "fiche de registre".
type fiche struct {
	Number    int
	Title     string // "Fiche n° 1 : Newsletter"
	Sheet     string // short name for an XLSX sheet
	Anchor    string
	Processor bool
	Sections  []section
}

// section is one numbered block of a fiche or page. KeyValue sections
// are "field: value" forms; the others are tables under Columns.
type section struct {
	Number   string
	Title    string
	KeyValue bool
	Columns  []string
	Rows     [][]string
	Empty    string // shown when Rows is empty
}

// tr translates the register's export keys in one language.
type tr struct{ lang string }

func (t tr) t(key string) string { return locale.T(t.lang, "register.export."+key, nil) }

func (t tr) args(key string, args map[string]any) string {
	return locale.T(t.lang, "register.export."+key, args)
}

func (t tr) yesNo(b bool) string {
	if b {
		return locale.T(t.lang, "register.yes", nil)
	}
	return locale.T(t.lang, "register.no", nil)
}

func (t tr) date(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	if t.lang == "fr" {
		return d.Format("02/01/2006")
	}
	return d.Format(time.DateOnly)
}

func kv(field, value string) []string { return []string{field, value} }

// buildDoc lays the snapshot out in lang.
func buildDoc(s *Snapshot, lang string) *doc {
	lang = locale.Normalize(lang)
	t := tr{lang}
	d := &doc{Lang: lang, Title: t.t("title"),
		Generated: t.args("generated", map[string]any{"Date": t.date(s.At), "Time": s.At.Format("15:04")})}
	d.Common = commonPage(t, s)
	controller, processor := 0, 0
	for _, a := range s.Activities {
		f := fiche{Processor: a.Activity.Role == RoleProcessor}
		if f.Processor {
			processor++
			f.Number = processor
		} else {
			controller++
			f.Number = controller
		}
		d.Fiches = append(d.Fiches, buildFiche(t, s, a, f))
	}
	d.Methods = methodSections(t, s)
	d.Vendors = vendorSummary(t, s)
	return d
}

func commonPage(t tr, s *Snapshot) []section {
	o := s.Organisation
	out := []section{
		{Title: t.t("org.name"), KeyValue: true, Rows: [][]string{kv(t.t("org.name"), o.Name)}},
		{Title: t.t("org.controller"), KeyValue: true, Rows: partyRows(t, o.Controller, false)},
	}
	if o.Representative.Named() {
		out = append(out, section{Title: t.t("org.representative"), KeyValue: true, Rows: partyRows(t, o.Representative, true)})
	}
	dpo := section{Title: t.t("org.dpo"), KeyValue: true, Empty: t.t("org.no_dpo")}
	if o.DPODesignated {
		dpo.Rows = partyRows(t, o.DPO, true)
	}
	out = append(out, dpo)
	acts := section{Title: t.t("org.activities"), Columns: []string{t.t("col.activity"), t.t("col.designation"), t.t("col.ref"), t.t("col.role")},
		Empty: t.t("org.no_activity")}
	c, p := 0, 0
	for _, a := range s.Activities {
		n := 0
		if a.Activity.Role == RoleProcessor {
			p++
			n = p
		} else {
			c++
			n = c
		}
		acts.Rows = append(acts.Rows, []string{ficheLabel(t, a.Activity.Role, n), a.Activity.Name, a.Activity.Ref,
			Label(t.lang, "activity_role", a.Activity.Role)})
	}
	return append(out, acts)
}

func ficheLabel(t tr, role string, n int) string {
	if role == RoleProcessor {
		return t.args("fiche.processor_label", map[string]any{"N": strconv.Itoa(n)})
	}
	return t.args("fiche.label", map[string]any{"N": strconv.Itoa(n)})
}

// partyRows lays out a CNIL contact block; company is shown for an
// external DPO or a representative.
func partyRows(t tr, p Party, company bool) [][]string {
	rows := [][]string{kv(t.t("party.last_name"), p.LastName), kv(t.t("party.first_name"), p.FirstName)}
	if company {
		rows = append(rows, kv(t.t("party.company"), p.Company))
	}
	return append(rows, kv(t.t("party.address"), p.Address), kv(t.t("party.post_code"), p.PostCode), kv(t.t("party.city"), p.City),
		kv(t.t("party.country"), countryOrEmpty(t.lang, p.Country)), kv(t.t("party.phone"), p.Phone), kv(t.t("party.email"), p.Email))
}

func countryOrEmpty(lang, c string) string {
	if c == "" {
		return ""
	}
	return CountryName(lang, c)
}

// partyLine renders a party on one line for the "Acteurs" section.
func partyLine(lang string, p Party) string {
	var parts []string
	for _, s := range []string{p.DisplayName(), p.Address, strings.TrimSpace(p.PostCode + " " + p.City), countryOrEmpty(lang, p.Country), p.Phone, p.Email} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " – ")
}
