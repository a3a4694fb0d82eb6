package esp_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

func TestParseMapping(t *testing.T) {
	tests := []struct {
		spec string
		want esp.Mapping
	}{
		{``, esp.Mapping{}},
		{`email="Courriel",consent_at="Date opt-in",first_name=Prénom`,
			esp.Mapping{"email": "Courriel", "consent_at": "Date opt-in", "first_name": "Prénom"}},
		{` email = Courriel , last_name = "Nom, prénom" `, esp.Mapping{"email": "Courriel", "last_name": "Nom, prénom"}},
		{`consent_text="Le ""oui"" coché",EMAIL=mail`, esp.Mapping{"consent_text": `Le "oui" coché`, "email": "mail"}},
		{`email=Adresse e-mail,`, esp.Mapping{"email": "Adresse e-mail"}},
	}
	for _, tt := range tests {
		got, err := esp.ParseMapping(tt.spec)
		if err != nil || !maps.Equal(got, tt.want) {
			t.Errorf("ParseMapping(%q) = %v, %v; want %v", tt.spec, got, err, tt.want)
		}
	}
}

func TestParseMappingErrors(t *testing.T) {
	tests := []struct {
		spec, key, detail string
	}{
		{`mail="Courriel"`, "esp.unknown_field", `--map: unknown field "mail" (valid: ` + strings.Join(esp.Fields(), ", ") + ")"},
		{`email`, "esp.bad_mapping", `--map email: expected field="column" at character 1; write field="column",field="column"`},
		{`email=""`, "esp.bad_mapping", `--map email="": empty column name for email at character 9; write field="column",field="column"`},
		{`email="Courriel`, "esp.bad_mapping", `--map email="Courriel: unclosed quote at character 16; write field="column",field="column"`},
		{`email="a" b`, "esp.bad_mapping", `--map email="a" b: expected a comma at character 11; write field="column",field="column"`},
		{`email=a,email=b`, "esp.bad_mapping", `--map email=a,email=b: field email is mapped twice at character 9; write field="column",field="column"`},
	}
	for _, tt := range tests {
		_, err := esp.ParseMapping(tt.spec)
		e := gdprkit.AsError(err)
		if e == nil || e.Code != gdprkit.EINVALID || e.Key != tt.key || e.Detail != tt.detail {
			t.Errorf("ParseMapping(%q) error = %#v\nwant key %s, detail %s", tt.spec, e, tt.key, tt.detail)
		}
	}
}

// TestMappingString writes fields in the order of Fields, quoted, so that
// ParseMapping reads the same mapping back.
func TestMappingString(t *testing.T) {
	m := esp.Mapping{"tags": "Étiquettes", "email": "Courriel", "consent_text": `Le "oui", coché`}
	want := `email="Courriel",consent_text="Le ""oui"", coché",tags="Étiquettes"`
	if got := m.String(); got != want {
		t.Errorf("String() = %s, want %s", got, want)
	}
	back, err := esp.ParseMapping(m.String())
	if err != nil || !maps.Equal(back, m) {
		t.Errorf("ParseMapping(String()) = %v, %v; want %v", back, err, m)
	}
}

func TestFields(t *testing.T) {
	want := []string{"email", "first_name", "last_name", "name", "language", "phone", "status",
		"optin_at", "optin_ip", "confirm_at", "confirm_ip", "consent_at", "consent_ip", "consent_source",
		"consent_channel", "consent_method", "consent_text", "double_optin", "legal_basis", "purpose",
		"unsubscribed", "unsubscribed_at", "unsubscribe_reason", "bounced", "bounced_at",
		"created_at", "updated_at", "tags", "user_agent", "list"}
	if got := esp.Fields(); !slices.Equal(got, want) {
		t.Errorf("Fields() = %q, want %q", got, want)
	}
}
