package esp

import "testing"

// TestSniff: the delimiter is the one the header uses most outside quotes;
// a tie goes to the one that splits the rows like the header.
func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want byte
	}{
		{"Comma", "email,name\na@example.com,A\n", ','},
		{"Semicolon", "EMAIL;FIRSTNAME;LASTNAME\na@example.com;A;B\n", ';'},
		{"QuotedCommas", "\"Nom, prénom\";\"Email\"\n\"A, B\";a@example.com\n", ';'},
		{"OneColumn", "email\na@example.com\n", ','},
		{"TieSemicolon", "Email;Name, first;Name, last\na@example.com;Anne;Martin\r\nb@example.com;Bob;Dupont\r\n", ';'},
		{"TieComma", "Email,Note;A,Note;B\na@example.com,x,y\n", ','},
		{"TieTab", "Email\tName, first\ta\nx@example.com\tAnne\tb\n", '\t'},
		{"TieHeaderOnly", "Email;Name, first\n", ','},
		{"SepHint", "sep=|\nemail,name|x\n", '|'},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sniff([]byte(tt.in), 0).comma; got != tt.want {
				t.Errorf("delimiter %q, want %q", got, tt.want)
			}
		})
	}
}
