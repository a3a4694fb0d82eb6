package web

import (
	"fmt"
	"html/template"
	"maps"
	"net/url"
	"strings"
	"time"

	"github.com/gdprkit/gdprkit/internal/chart"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/locale"
)

// funcs are the template functions of one language.
func (v *views) funcs(lang string) template.FuncMap {
	m := template.FuncMap{
		"t":           func(key string, kv ...any) string { return locale.T(lang, key, pairs(kv)) },
		"n":           func(key string, count any, kv ...any) string { return plural(lang, key, int(toFloat(count)), kv) },
		"has":         func(key string) bool { return locale.Shared().Has(lang, key) },
		"purpose":     func(p string) string { return contacts.PurposeLabel(lang, p) },
		"num":         func(n any) string { return chart.Number(lang, toFloat(n)) },
		"pct":         func(share float64) string { return chart.Percent(lang, share) },
		"date":        func(loc *time.Location, t time.Time) string { return formatTime(lang, loc, t, false) },
		"datetime":    func(loc *time.Location, t time.Time) string { return formatTime(lang, loc, t, true) },
		"iso":         func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"asset":       func(name string) string { return v.assets[name] },
		"bytes":       func(n int64) string { return humanBytes(lang, n) },
		"query":       query,
		"percent":     func(share float64) int { return int(share*100 + 0.5) },
		"join":        strings.Join,
		"add":         func(a, b int) int { return a + b },
		"dict":        func(kv ...any) map[string]any { return pairs(kv) },
		"list":        func(xs ...string) []string { return xs },
		"auditdetail": func(detail string) []detailField { return auditDetail(lang, detail) },
	}
	maps.Copy(m, registerFuncs(lang))
	return m
}

// plural translates a plural message; kv adds arguments besides Count.
func plural(lang, key string, count int, kv []any) string {
	args := pairs(kv)
	if args == nil {
		args = map[string]any{}
	}
	args["Count"] = chart.Number(lang, float64(count))
	return locale.Shared().N(lang, key, count, args)
}

// pairs turns "Key", value, "Key2", value2 into a map.
func pairs(kv []any) map[string]any {
	if len(kv) == 0 {
		return nil
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return m
}

func toFloat(n any) float64 {
	switch v := n.(type) {
	case int:
		return float64(v)
	case int64:
		return float64(v)
	case float64:
		return v
	}
	return 0
}

// formatTime writes a time in the organisation's zone, "—" for none.
func formatTime(lang string, loc *time.Location, t time.Time, withTime bool) string {
	if t.IsZero() {
		return "—"
	}
	if loc == nil {
		loc = time.UTC
	}
	t = t.In(loc)
	d := chart.Date(lang, t)
	if !withTime {
		return d
	}
	if lang == "fr" {
		return d + " à " + t.Format("15:04")
	}
	return d + ", " + t.Format("15:04")
}

func humanBytes(lang string, n int64) string {
	units := []string{"B", "KB", "MB", "GB"}
	if lang == "fr" {
		units = []string{"o", "Ko", "Mo", "Go"}
	}
	// Powers of 1024, as file managers and upload limits count.
	v, i := float64(n), 0
	for v >= 1024 && i < len(units)-1 {
		v /= 1024
		i++
	}
	if i == 0 || v == float64(int64(v)) {
		return chart.Number(lang, v) + " " + units[i]
	}
	return chart.Fixed(lang, v, 1) + " " + units[i]
}

// query builds a URL query from pairs, leaving out empty values.
func query(kv ...any) template.URL {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if v := fmt.Sprint(kv[i+1]); v != "" && v != "0" {
			q.Set(fmt.Sprint(kv[i]), v)
		}
	}
	if len(q) == 0 {
		return ""
	}
	return template.URL("?" + q.Encode()) // #nosec G203 -- url.Values encodes every value
}
