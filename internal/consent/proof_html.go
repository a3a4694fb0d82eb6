package consent

import (
	"crypto/ed25519"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"sync"
	"time"

	"github.com/gdprkit/gdprkit/internal/locale"
)

//go:embed templates/proof.html
var proofFS embed.FS

var proofTemplates sync.Map // language -> *template.Template

// proofTemplate parses the proof document for lang once. The template is
// embedded, so a parse error is a build defect: it panics.
func proofTemplate(lang string) *template.Template {
	if t, ok := proofTemplates.Load(lang); ok {
		return t.(*template.Template)
	}
	t := template.Must(template.New("proof.html").Funcs(proofFuncs(lang)).ParseFS(proofFS, "templates/proof.html"))
	proofTemplates.Store(lang, t)
	return t
}

func proofFuncs(lang string) template.FuncMap {
	return template.FuncMap{
		"t": func(key string, pairs ...any) string {
			args := map[string]any{}
			for i := 0; i+1 < len(pairs); i += 2 {
				args[fmt.Sprint(pairs[i])] = pairs[i+1]
			}
			return locale.T(lang, key, args)
		},
		"datetime": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") },
		"hex":      func(h Hash) string { return hex.EncodeToString(h[:]) },
		"hexbytes": func(b []byte) string { return hex.EncodeToString(b) },
		"pem":      func(k ed25519.PublicKey) string { return PublicKeyPEM(k) },
		"label":    func(p Purpose) string { return p.Label(lang) },
		"channel": func(ch string) string {
			if ch == "" {
				return "channel.unknown"
			}
			return "channel." + ch
		},
	}
}

// WriteHTML writes the proof as a self-contained HTML document, in the
// proof's language, ready to print.
func (p *Proof) WriteHTML(w io.Writer) error {
	lang := locale.Normalize(p.Language)
	return proofTemplate(lang).Execute(w, p)
}
