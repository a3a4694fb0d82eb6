package imports

import "testing"

func TestCleanName(t *testing.T) {
	for in, want := range map[string]string{
		"export.csv":                     "export.csv",
		`C:\Users\marie\Desktop\mc.zip`:  "mc.zip",
		"../../etc/passwd":               "passwd",
		"..":                             "upload.csv",
		"":                               "upload.csv",
		"bad\x00name\n.csv":              "badname.csv",
		"subscribed_email_audience.csv":  "subscribed_email_audience.csv",
		"dossier/sous-dossier/liste.csv": "liste.csv",
	} {
		if got := cleanName(in); got != want {
			t.Errorf("cleanName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMappingFromColumns(t *testing.T) {
	header := []string{"Courriel", "Prénom", "Date"}
	m, err := MappingFromColumns(header, []string{"email", "first_name", ""})
	if err != nil || m["email"] != "Courriel" || m["first_name"] != "Prénom" || len(m) != 2 {
		t.Errorf("mapping %v, %v", m, err)
	}
	if _, err := MappingFromColumns(header, []string{"email", "email", ""}); err == nil {
		t.Error("a field chosen twice was accepted")
	}
	if _, err := MappingFromColumns(header, []string{"", "first_name", ""}); err == nil {
		t.Error("a mapping without the address was accepted")
	}
}

func TestProgressShare(t *testing.T) {
	if s := (Progress{Done: 50, Total: 200}).Share(); s != 0.25 {
		t.Errorf("share %v", s)
	}
	if s := (Progress{Done: 300, Total: 200}).Share(); s != 1 {
		t.Errorf("share past the total %v", s)
	}
	if s := (Progress{}).Share(); s != 0 {
		t.Errorf("share of nothing %v", s)
	}
}
