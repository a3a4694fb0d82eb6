package register

import (
	"strconv"
	"strings"
	"time"
)

// sheetCtx is what reading and writing vendor cells needs besides the
// vendor: the language, the vocabularies and the vendors' names, for
// sub-processor links.
type sheetCtx struct {
	lang  string
	vocab map[string]vocabIndex
	names map[int64]string
}

func newSheetCtx(lang string, names map[int64]string) *sheetCtx {
	return &sheetCtx{lang: lang, names: names, vocab: map[string]vocabIndex{
		"vendor_category": newVocabIndex("vendor_category", VendorCategories),
		"vendor_role":     newVocabIndex("vendor_role", VendorRoles),
		"data_category":   newVocabIndex("data_category", CategoryKeys()),
		"subject":         newVocabIndex("subject", Subjects),
		"mechanism":       newVocabIndex("mechanism", Mechanisms),
		"certification":   newVocabIndex("certification", Certifications),
		"rights_channel":  newVocabIndex("rights_channel", RightsChannels),
	}}
}

// vendorColumn is one column of the vendor register. Its header is
// "register.col.<key>"; set is nil for the derived, read-only columns an
// import ignores. Sub-processors and the ID are read by the importer
// itself, since they need the other rows.
type vendorColumn struct {
	key   string
	width float64
	get   func(c *sheetCtx, vv VendorView) string
	set   func(c *sheetCtx, v *Vendor, s string) error
}

func textColumn(key string, width float64, f func(*Vendor) *string) vendorColumn {
	return vendorColumn{key, width,
		func(_ *sheetCtx, vv VendorView) string { return *f(vv.Vendor) },
		func(_ *sheetCtx, v *Vendor, s string) error { *f(v) = strings.TrimSpace(s); return nil }}
}

func boolColumn(key string, f func(*Vendor) *bool) vendorColumn {
	return vendorColumn{key, 10,
		func(c *sheetCtx, vv VendorView) string { return yesNo(c.lang, *f(vv.Vendor)) },
		func(_ *sheetCtx, v *Vendor, s string) (err error) { *f(v), err = parseYes(s); return err }}
}

func vocabColumn(key, vocab string, width float64, f func(*Vendor) *string) vendorColumn {
	return vendorColumn{key, width,
		func(c *sheetCtx, vv VendorView) string {
			if *f(vv.Vendor) == "" {
				return ""
			}
			return Label(c.lang, vocab, *f(vv.Vendor))
		},
		func(c *sheetCtx, v *Vendor, s string) (err error) {
			*f(v), err = parseVocab(c.vocab[vocab], s)
			return err
		}}
}

func vocabListColumn(key, vocab string, width float64, f func(*Vendor) *[]string) vendorColumn {
	return vendorColumn{key, width,
		func(c *sheetCtx, vv VendorView) string { return vocabList(c.lang, vocab, *f(vv.Vendor)) },
		func(c *sheetCtx, v *Vendor, s string) (err error) {
			*f(v), err = parseVocabList(c.vocab[vocab], s)
			return err
		}}
}

func dateColumn(key string, f func(*Vendor) *time.Time) vendorColumn {
	return vendorColumn{key, 12,
		func(_ *sheetCtx, vv VendorView) string { return formatDate(*f(vv.Vendor)) },
		func(_ *sheetCtx, v *Vendor, s string) (err error) { *f(v), err = parseDate(s); return err }}
}

func clauseColumn(letter string) vendorColumn {
	return vendorColumn{"clause_" + letter, 8,
		func(c *sheetCtx, vv VendorView) string { return yesNo(c.lang, vv.Vendor.Agreement.HasClause(letter)) },
		func(_ *sheetCtx, v *Vendor, s string) error {
			yes, err := parseYes(s)
			if err != nil {
				return err
			}
			var keep []string
			for _, x := range v.Agreement.Clauses {
				if x != letter {
					keep = append(keep, x)
				}
			}
			if yes {
				keep = append(keep, letter)
			}
			v.Agreement.Clauses = keep
			return nil
		}}
}

func readOnly(key string, width float64, get func(c *sheetCtx, vv VendorView) string) vendorColumn {
	return vendorColumn{key: key, width: width, get: get}
}

// vendorColumns lists the columns in sheet order. "id" and
// "sub_processors" are special: see importVendors.
var vendorColumns = []vendorColumn{
	readOnly("id", 6, func(_ *sheetCtx, vv VendorView) string { return idCell(vv.Vendor.ID) }),
	textColumn("name", 24, func(v *Vendor) *string { return &v.Name }),
	textColumn("legal_name", 24, func(v *Vendor) *string { return &v.LegalName }),
	vocabColumn("category", "vendor_category", 16, func(v *Vendor) *string { return &v.Category }),
	vocabColumn("role", "vendor_role", 16, func(v *Vendor) *string { return &v.Role }),
	{"country", 8, func(_ *sheetCtx, vv VendorView) string { return vv.Vendor.Country },
		func(_ *sheetCtx, v *Vendor, s string) error {
			cs, err := parseCountries(s)
			if err == nil && len(cs) > 1 {
				err = badCell("one_country", s)
			}
			v.Country = strings.Join(cs, "")
			return err
		}},
	textColumn("address", 30, func(v *Vendor) *string { return &v.Address }),
	textColumn("website", 24, func(v *Vendor) *string { return &v.Website }),
	textColumn("privacy_contact", 24, func(v *Vendor) *string { return &v.PrivacyContact }),
	textColumn("services", 30, func(v *Vendor) *string { return &v.Services }),
	{"purposes", 30, func(_ *sheetCtx, vv VendorView) string { return strings.Join(vv.Vendor.Purposes, listSep) },
		func(_ *sheetCtx, v *Vendor, s string) error { v.Purposes = splitItems(s); return nil }},
	vocabListColumn("data_categories", "data_category", 30, func(v *Vendor) *[]string { return &v.DataCategories }),
	vocabListColumn("subjects", "subject", 24, func(v *Vendor) *[]string { return &v.Subjects }),
	{"countries", 14, func(_ *sheetCtx, vv VendorView) string { return strings.Join(vv.Vendor.Countries, ", ") },
		func(_ *sheetCtx, v *Vendor, s string) (err error) { v.Countries, err = parseCountries(s); return err }},
	{"transfers", 30, func(c *sheetCtx, vv VendorView) string { return transfersCell(c.lang, vv.Vendor.Transfers) }, setTransfers},
	{"transfer_docs", 30, func(_ *sheetCtx, vv VendorView) string { return transferDocsCell(vv.Vendor.Transfers) }, setTransferDocs},
	{"dpf_fallback_scc", 10, func(c *sheetCtx, vv VendorView) string {
		t, _ := vv.Vendor.TransferFor("US")
		return yesNo(c.lang, t.FallbackSCC)
	}, setFallback},
	boolColumn("dpa_signed", func(v *Vendor) *bool { return &v.Agreement.Signed }),
	dateColumn("dpa_signed_on", func(v *Vendor) *time.Time { return &v.Agreement.SignedOn }),
	textColumn("dpa_document", 24, func(v *Vendor) *string { return &v.Agreement.Document }),
	clauseColumn("a"), clauseColumn("b"), clauseColumn("c"), clauseColumn("d"),
	clauseColumn("e"), clauseColumn("f"), clauseColumn("g"), clauseColumn("h"),
	readOnly("sub_processors", 24, func(c *sheetCtx, vv VendorView) string {
		var out []string
		for _, id := range vv.Vendor.SubProcessors {
			out = append(out, c.names[id])
		}
		return strings.Join(out, listSep)
	}),
	textColumn("sub_processor_list", 24, func(v *Vendor) *string { return &v.SubProcessorList }),
	boolColumn("sub_processors_known", func(v *Vendor) *bool { return &v.SubProcessorsKnown }),
	vocabListColumn("certifications", "certification", 18, func(v *Vendor) *[]string { return &v.Certifications }),
	{"breach_notice_hours", 10, func(_ *sheetCtx, vv VendorView) string {
		if vv.Vendor.BreachNoticeHours == 0 {
			return ""
		}
		return strconv.Itoa(vv.Vendor.BreachNoticeHours)
	}, func(_ *sheetCtx, v *Vendor, s string) (err error) { v.BreachNoticeHours, err = parseInt(s); return err }},
	vocabListColumn("rights_channels", "rights_channel", 16, func(v *Vendor) *[]string { return &v.RightsChannels }),
	textColumn("rights_contact", 24, func(v *Vendor) *string { return &v.RightsContact }),
	boolColumn("own_purposes", func(v *Vendor) *bool { return &v.OwnPurposes }),
	dateColumn("review_due", func(v *Vendor) *time.Time { return &v.ReviewDue }),
	dateColumn("reviewed_on", func(v *Vendor) *time.Time { return &v.ReviewedOn }),
	textColumn("notes", 30, func(v *Vendor) *string { return &v.Notes }),
	readOnly("version", 8, func(_ *sheetCtx, vv VendorView) string { return strconv.Itoa(vv.Vendor.Version) }),
	readOnly("risk_score", 8, func(_ *sheetCtx, vv VendorView) string { return strconv.Itoa(vv.Risk.Score) }),
	readOnly("risk_level", 10, func(c *sheetCtx, vv VendorView) string { return Label(c.lang, "risk_level", vv.Risk.Level) }),
	readOnly("risk_points", 60, func(c *sheetCtx, vv VendorView) string {
		var out []string
		for _, p := range vv.Risk.Points {
			out = append(out, "(+"+strconv.Itoa(p.Points)+") "+ExplainRisk(c.lang, p))
		}
		return strings.Join(out, "\n")
	}),
}

// setTransfers reads "US: <mechanism>; IN: <mechanism>", keeping the
// documentation and fallback already recorded for each country.
func setTransfers(c *sheetCtx, v *Vendor, s string) error {
	pairs, err := countryPairs(s)
	if err != nil {
		return err
	}
	var out []Transfer
	for _, p := range pairs {
		m, err := parseVocab(c.vocab["mechanism"], p[1])
		if err != nil {
			return err
		}
		t, _ := v.TransferFor(p[0])
		t.Country, t.Mechanism = p[0], m
		out = append(out, t)
	}
	v.Transfers = out
	return nil
}

func setTransferDocs(_ *sheetCtx, v *Vendor, s string) error {
	pairs, err := countryPairs(s)
	if err != nil {
		return err
	}
	docs := map[string]string{}
	for _, p := range pairs {
		docs[p[0]] = p[1]
	}
	for i := range v.Transfers {
		v.Transfers[i].Documentation = docs[v.Transfers[i].Country]
		delete(docs, v.Transfers[i].Country)
	}
	for c := range docs {
		return badCell("doc_without_transfer", c)
	}
	return nil
}

func setFallback(_ *sheetCtx, v *Vendor, s string) error {
	yes, err := parseYes(s)
	if err != nil {
		return err
	}
	for i := range v.Transfers {
		if v.Transfers[i].Country == "US" {
			v.Transfers[i].FallbackSCC = yes
		}
	}
	return nil
}

// columnByHeader finds a column from a header cell in any language, or
// its key.
func columnByHeader(h string) (vendorColumn, bool) {
	h = fold(h)
	for _, c := range vendorColumns {
		if h == c.key {
			return c, true
		}
		for _, lang := range []string{"en", "fr"} {
			if h == fold(columnHeader(lang, c.key)) {
				return c, true
			}
		}
	}
	return vendorColumn{}, false
}

func columnHeader(lang, key string) string { return Label(lang, "col", key) }
