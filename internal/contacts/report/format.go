package report

import (
	"time"

	"github.com/gdprkit/gdprkit/internal/chart"
)

// formatInt writes a count the way the language does: 1,234 or 1 234.
func formatInt(lang string, n int) string { return chart.Number(lang, float64(n)) }

// rfc3339 writes t in UTC, or nothing for the zero time.
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
