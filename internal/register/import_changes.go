package register

import (
	"strings"

	"github.com/gdprkit/gdprkit"
)

// changes resolves sub-processor names, validates every vendor, and
// returns those to save (new ones first, so their placeholders -(k+1)
// point at the k-th), with their history entries.
func (im *importer) changes(rows []*sheetRow) ([]*Vendor, []*Change, *ImportResult, error) {
	var news []*sheetRow
	for _, r := range rows {
		if r.old == nil {
			news = append(news, r)
		}
	}
	names := im.nameIndex(news)
	res := &ImportResult{}
	var vs []*Vendor
	var chs []*Change
	var updates []*Vendor
	var updateChs []*Change
	for _, r := range rows {
		if err := im.finish(r, names); err != nil {
			return nil, nil, nil, err
		}
		if r.old == nil {
			ch, err := change(EntityVendor, ActionImported, 0, nil, r.v)
			if err != nil {
				return nil, nil, nil, err
			}
			vs, chs = append(vs, r.v), append(chs, ch)
			res.Created++
			continue
		}
		ch, err := change(EntityVendor, ActionImported, r.v.ID, r.old, r.v)
		if err != nil {
			return nil, nil, nil, err
		}
		if len(ch.Fields) == 0 {
			res.Unchanged++
			continue
		}
		updates, updateChs = append(updates, r.v), append(updateChs, ch)
		res.Updated++
	}
	return append(vs, updates...), append(chs, updateChs...), res, nil
}

// nameIndex maps lower-case names to vendor IDs: existing vendors by
// their ID, new ones by their placeholder. 0 marks a name two vendors
// share, which cannot be linked by name.
func (im *importer) nameIndex(news []*sheetRow) map[string]int64 {
	ix := map[string]int64{}
	add := func(name string, id int64) {
		k := strings.ToLower(strings.TrimSpace(name))
		if _, dup := ix[k]; dup {
			ix[k] = 0
			return
		}
		ix[k] = id
	}
	for _, v := range im.byID {
		add(v.Name, v.ID)
	}
	for k, r := range news {
		add(r.v.Name, -int64(k+1))
	}
	return ix
}

// finish links the row's sub-processors by name, then normalises and
// validates the vendor, naming the column a validation error belongs to.
func (im *importer) finish(r *sheetRow, names map[string]int64) error {
	if _, ok := r.cols["sub_processors"]; ok {
		r.v.SubProcessors = nil
		for _, n := range splitItems(r.subs) {
			id, ok := names[strings.ToLower(n)]
			if !ok || id == 0 {
				return im.cellError(r.line, "sub_processors", badCell("unknown_vendor", n))
			}
			r.v.SubProcessors = append(r.v.SubProcessors, id)
		}
	}
	r.v.Normalize()
	if err := r.v.Validate(); err != nil {
		return im.cellError(r.line, fieldColumn(err), err)
	}
	return nil
}

// fieldColumn maps a validation error's field to the sheet column.
func fieldColumn(err error) string {
	e := gdprkit.AsError(err)
	if e == nil {
		return ""
	}
	f, _ := e.Args["Field"].(string)
	switch f {
	case "identity":
		return "privacy_contact"
	case "clauses":
		return "clause_a"
	case "agreement":
		return "dpa_document"
	}
	for _, c := range vendorColumns {
		if c.key == f {
			return f
		}
	}
	return ""
}
