// Package spreadsheet writes CSV and XLSX files that people open in Excel,
// LibreOffice or Numbers: contact lists, rejected rows, audit results.
//
// Both writers stream: memory stays flat whatever the number of rows. Every
// text cell goes through EscapeFormula, because these files carry data that
// came from outside (names, sources, free-text notes) and a spreadsheet must
// never run it.
package spreadsheet

// EscapeFormula returns s with a leading apostrophe when a spreadsheet
// could read it as a formula: when it starts with '=', '+', '-', '@', a tab
// or a carriage return (OWASP "CSV injection"; formats.md §2.5).
//
// Negative numbers ("-12") and phone numbers ("+33 6…") are escaped too.
// Telling a harmless number from a payload needs a number parser that
// agrees with every spreadsheet's, and "-1+1" or "+1-2+cmd|' /C calc'!A0"
// start like numbers; a visible apostrophe on a rare negative number costs
// far less than one executed formula. Writers that have real numbers write
// them as numbers (XLSX Cell with Kind Number), which are never escaped.
func EscapeFormula(s string) string {
	if needsEscape(s) {
		return "'" + s
	}
	return s
}

func needsEscape(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}
