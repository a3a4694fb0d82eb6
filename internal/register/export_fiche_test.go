package register

import (
	"testing"
	"unicode/utf8"
)

func TestSheetName(t *testing.T) {
	tests := []struct{ label, name, want string }{
		{"Fiche n° 1", "Newsletter", "Fiche n° 1 – Newsletter"},
		{"Fiche n° 2", "Lettre d'information [B2C]: clients/prospects", "Fiche n° 2 – Lettre d'informati"},
		{"Fiche n° 3", "Ventes?", "Fiche n° 3 – Ventes"},
		{"Sheet 4", "abcdefghijklmnopqrstuvw'xyz", "Sheet 4 – abcdefghijklmnopqrstu"},
		{"Sheet 5", "abcdefghijklmnopqrstu'", "Sheet 5 – abcdefghijklmnopqrstu"},
	}
	for _, tt := range tests {
		got := sheetName(tt.label, tt.name)
		if got != tt.want || utf8.RuneCountInString(got) > 31 {
			t.Errorf("sheetName(%q, %q) = %q, want %q", tt.label, tt.name, got, tt.want)
		}
	}
}
