package mailer

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	htemplate "html/template"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	ttemplate "text/template"

	"github.com/gdprkit/gdprkit/internal/locale"
)

//go:embed templates/*
var embedded embed.FS

// Templates renders e-mails. Each e-mail <name> has three files:
// <name>.subject.txt and <name>.txt (text/template) and <name>.html
// (html/template). The embedded ones hold translation keys only,
// `{{t "mail.confirm.subject"}}`; a theme directory may replace any file,
// for every language (confirm.html) or for one, the language before the
// extension (confirm.fr.html, confirm.subject.fr.txt).
type Templates struct {
	text map[string]*ttemplate.Template // by language
	html map[string]*htemplate.Template
}

// LoadTemplates parses the embedded templates and the theme's overrides
// (themeDir may be empty). A template that does not parse stops here, at
// start-up, not when an e-mail is due.
func LoadTemplates(themeDir string) (*Templates, error) {
	names, err := fs.Glob(embedded, "templates/*")
	if err != nil {
		return nil, err
	}
	t := &Templates{text: map[string]*ttemplate.Template{}, html: map[string]*htemplate.Template{}}
	for _, lang := range locale.Languages {
		funcs := funcsFor(lang)
		tt := ttemplate.New("").Funcs(ttemplate.FuncMap(funcs)).Option("missingkey=error")
		ht := htemplate.New("").Funcs(htemplate.FuncMap(funcs)).Option("missingkey=error")
		for _, path := range names {
			file := filepath.Base(path)
			src, err := source(themeDir, file, lang)
			if err != nil {
				return nil, err
			}
			if strings.HasSuffix(file, ".html") {
				_, err = ht.New(file).Parse(src)
			} else {
				_, err = tt.New(file).Parse(src)
			}
			if err != nil {
				return nil, fmt.Errorf("mail template %s: %w", file, err)
			}
		}
		t.text[lang], t.html[lang] = tt, ht
	}
	return t, nil
}

// source returns a template's text: the theme's file for the language,
// the theme's file for every language, or the embedded one.
func source(themeDir, file, lang string) (string, error) {
	if themeDir != "" {
		ext := filepath.Ext(file)
		for _, name := range []string{strings.TrimSuffix(file, ext) + "." + lang + ext, file} {
			b, err := os.ReadFile(filepath.Join(themeDir, "mail", name))
			if err == nil {
				return string(b), nil
			}
			if !errors.Is(err, fs.ErrNotExist) {
				return "", fmt.Errorf("mail template: %w", err)
			}
		}
	}
	b, err := embedded.ReadFile("templates/" + file)
	return string(b), err
}

func funcsFor(lang string) map[string]any {
	return map[string]any{
		// t translates a key; further arguments are name, value pairs.
		"t": func(key string, pairs ...any) string {
			args := map[string]any{}
			for i := 0; i+1 < len(pairs); i += 2 {
				args[fmt.Sprint(pairs[i])] = pairs[i+1]
			}
			return locale.T(lang, key, args)
		},
		"lang": func() string { return lang },
	}
}

// Render returns the subject, text and HTML of e-mail name in lang.
func (t *Templates) Render(name, lang string, data any) (subject, text, html string, err error) {
	lang = locale.Normalize(lang)
	tt, ht := t.text[lang], t.html[lang]
	var b bytes.Buffer
	if err = tt.ExecuteTemplate(&b, name+".subject.txt", data); err != nil {
		return "", "", "", fmt.Errorf("mail %s: subject: %w", name, err)
	}
	subject = strings.TrimSpace(b.String())
	b.Reset()
	if err = tt.ExecuteTemplate(&b, name+".txt", data); err != nil {
		return "", "", "", fmt.Errorf("mail %s: text: %w", name, err)
	}
	text = b.String()
	b.Reset()
	if ht.Lookup(name+".html") != nil {
		if err = ht.ExecuteTemplate(&b, name+".html", data); err != nil {
			return "", "", "", fmt.Errorf("mail %s: html: %w", name, err)
		}
		html = b.String()
	}
	return subject, text, html, nil
}
