package capture

import (
	"fmt"
	"time"
)

var frMonths = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// formatDate writes a date the way a reader of lang expects, in UTC.
func formatDate(t time.Time, lang string) string {
	t = t.UTC()
	if lang == "fr" {
		return fmt.Sprintf("%d %s %d", t.Day(), frMonths[t.Month()-1], t.Year())
	}
	return t.Format("2 January 2006")
}
