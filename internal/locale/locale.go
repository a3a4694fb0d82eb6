// Package locale holds gdprkit's French and English catalogs and picks a
// language for a request or a contact.
//
// Messages live in translations/<area>.<lang>.toml, one file per area and
// language, embedded in the binary. Go code and templates carry only keys.
// Every key must exist in every language; a test checks it.
package locale

import (
	"embed"
	"fmt"
	"io/fs"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed translations/*.toml
var files embed.FS

// Languages gdprkit speaks, the default first.
var Languages = []string{"en", "fr"}

// Default is the language used when nothing better is known.
const Default = "en"

var tags = []language.Tag{language.English, language.French}

var matcher = language.NewMatcher(tags)

// Catalog translates keys into sentences.
type Catalog struct {
	bundle     *i18n.Bundle
	localizers map[string]*i18n.Localizer
}

// Load reads the embedded catalogs.
func Load() (*Catalog, error) {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	names, err := fs.Glob(files, "translations/*.toml")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		if _, err := b.LoadMessageFileFS(files, name); err != nil {
			return nil, fmt.Errorf("locale: %s: %w", name, err)
		}
	}
	c := &Catalog{bundle: b, localizers: map[string]*i18n.Localizer{}}
	for _, l := range Languages {
		c.localizers[l] = i18n.NewLocalizer(b, l)
	}
	return c, nil
}

var shared = sync.OnceValues(Load)

// Shared returns the catalog loaded once from the embedded files. The files
// are part of the binary, so a failure is a build defect: it panics.
func Shared() *Catalog {
	c, err := shared()
	if err != nil {
		panic(err)
	}
	return c
}

// T translates key into lang with the shared catalog.
func T(lang, key string, args map[string]any) string {
	return Shared().T(lang, key, args)
}

// T translates key into lang. A missing key returns the key itself, so a
// gap is visible instead of silent.
func (c *Catalog) T(lang, key string, args map[string]any) string {
	return c.translate(lang, key, nil, args)
}

// N translates key into lang choosing the plural form for count; args may
// use {{.Count}}.
func (c *Catalog) N(lang, key string, count int, args map[string]any) string {
	return c.translate(lang, key, count, args)
}

func (c *Catalog) translate(lang, key string, count any, args map[string]any) string {
	l, ok := c.localizers[Normalize(lang)]
	if !ok {
		l = c.localizers[Default]
	}
	if count != nil {
		if args == nil {
			args = map[string]any{}
		}
		if _, set := args["Count"]; !set {
			args["Count"] = count
		}
	}
	s, err := l.Localize(&i18n.LocalizeConfig{MessageID: key, TemplateData: args, PluralCount: count})
	if err != nil && count != nil {
		// A plural message without the form this count needs (French
		// "many", for a million) reads its "other" form: 2 selects it in
		// every language gdprkit speaks.
		s, err = l.Localize(&i18n.LocalizeConfig{MessageID: key, TemplateData: args, PluralCount: otherCount})
	}
	if err != nil || s == "" {
		return key
	}
	return s
}

// otherCount is a count whose plural form is "other" in every language.
const otherCount = 2

// Has reports whether key exists in lang.
func (c *Catalog) Has(lang, key string) bool {
	_, err := c.localizers[Normalize(lang)].Localize(&i18n.LocalizeConfig{MessageID: key})
	return err == nil
}

// Normalize reduces a language tag ("fr-FR", "FR", "fr_CA") to one of
// Languages, or Default.
func Normalize(lang string) string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if i := strings.IndexAny(lang, "-_"); i > 0 {
		lang = lang[:i]
	}
	for _, l := range Languages {
		if l == lang {
			return l
		}
	}
	return Default
}

// Match picks a language from an Accept-Language header.
func Match(acceptLanguage string) string {
	prefs, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(prefs) == 0 {
		return Default
	}
	_, i, conf := matcher.Match(prefs...)
	if conf == language.No {
		return Default
	}
	return Languages[i]
}
