package register

import (
	"context"
	"io"
	"slices"

	"github.com/gdprkit/gdprkit"
)

// Export formats.
const (
	FormatXLSX = "xlsx"
	FormatHTML = "html"
	FormatJSON = "json"
	FormatCSV  = "csv"
)

// exportFuncs lists which formats each export has.
var exportFuncs = map[[2]string]func(io.Writer, *Snapshot, string) error{
	{WhatActivities, FormatXLSX}: WriteRegisterXLSX,
	{WhatActivities, FormatHTML}: WriteRegisterHTML,
	{WhatActivities, FormatCSV}:  WriteActivitiesCSV,
	{WhatVendors, FormatXLSX}:    WriteVendorsXLSX,
	{WhatVendors, FormatCSV}:     WriteVendorsCSV,
	{WhatMethods, FormatXLSX}:    WriteMethodsXLSX,
	{WhatMethods, FormatCSV}:     WriteMethodsCSV,
}

// ExportFormats returns the formats available for what.
func ExportFormats(what string) []string {
	var out []string
	for _, f := range []string{FormatXLSX, FormatHTML, FormatCSV, FormatJSON} {
		if f == FormatJSON || exportFuncs[[2]string{what, f}] != nil {
			out = append(out, f)
		}
	}
	return out
}

// Export writes what ("activities", "vendors", "methods" or "all") in
// format, in lang. Exports change nothing, so they are not in the
// register's history; the web layer records downloads in its audit trail.
func (s *Service) Export(ctx context.Context, w io.Writer, what, format, lang string) error {
	if !slices.Contains([]string{WhatActivities, WhatVendors, WhatMethods, WhatAll}, what) {
		return invalid("register.error.unknown_value", "what", map[string]any{"Value": what})
	}
	if format == FormatJSON {
		if what == WhatAll {
			all, err := s.Everything(ctx)
			if err != nil {
				return err
			}
			return encodeJSON(w, all)
		}
		snap, err := s.Snapshot(ctx)
		if err != nil {
			return err
		}
		return WriteJSON(w, snap, what)
	}
	fn := exportFuncs[[2]string{what, format}]
	if fn == nil {
		return gdprkit.Errorf(gdprkit.EINVALID, "register.error.format", map[string]any{"What": what, "Format": format},
			"register: no %s export of %s", format, what)
	}
	snap, err := s.Snapshot(ctx)
	if err != nil {
		return err
	}
	return fn(w, snap, lang)
}
