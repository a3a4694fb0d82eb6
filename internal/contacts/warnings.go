package contacts

import (
	"strings"

	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

// Warning is a cell of a usable row that could not be read: the row was
// used without that value. It names the cell so a person can find and fix
// it. Its labels are "esp.problem.<code>".
type Warning struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column string `json:"column"`
	Code   string `json:"code"`   // esp.CodeBadDate, esp.CodeBadValue, ...
	Value  string `json:"value"`  // the value found
	Detail string `json:"detail"` // in English: what was found and what was expected
}

// WarningOf turns a reader's cell warning into a Warning.
func WarningOf(p *esp.Problem) Warning {
	return Warning{File: p.File, Line: p.Line, Column: p.Column, Code: p.Code, Value: p.Value, Detail: p.Detail}
}

// WarningsKept is how many warnings a Summary lists in FirstWarnings. A
// million-row file may have a million of them: the audit writes every one
// to its warnings file as it goes, and keeps only these in memory.
const WarningsKept = 100

// addWarnings counts the warnings of a usable row and keeps the first
// WarningsKept. The strings are copied: they may share memory with the
// reader's buffers, which would then stay alive.
func (b *summaryBuilder) addWarnings(ws []esp.Problem) {
	b.Warnings += len(ws)
	for i := range ws {
		if len(b.FirstWarnings) == WarningsKept {
			return
		}
		w := WarningOf(&ws[i])
		w.File, w.Column, w.Value = strings.Clone(w.File), strings.Clone(w.Column), strings.Clone(w.Value)
		b.FirstWarnings = append(b.FirstWarnings, w)
	}
}
