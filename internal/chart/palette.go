package chart

// The palette is calm and keeps text legible: labels are drawn in ink on
// white, never on a coloured fill, so contrast does not depend on it.
const (
	ink   = "#1f2933" // labels and values
	muted = "#52606d" // axes and tick labels (6.4:1 on white)
	grid  = "#d9dde3"
	empty = "#e4e7eb" // the ring or bar drawn when every value is zero
)

// fills gives the default colour of the classes gdprkit uses; a page may
// override them with CSS, which wins over the fill attribute.
var fills = map[string]string{
	"s-documented":    "#2f7d5b",
	"s-weak":          "#c08a1e",
	"s-missing":       "#b5523b",
	"s-withdrawn":     "#6b5b95",
	"s-undeliverable": "#7a7f87",
	"s-other_basis":   "#3a6ea5",
}

// palette colours marks whose class is unknown, in order.
var palette = []string{"#3a6ea5", "#2f7d5b", "#c08a1e", "#6b5b95", "#b5523b", "#4f8a8b", "#7a7f87", "#a35d87"}

// paint returns the class and default fill of the i-th mark. Marks of a
// single-colour chart (bars) pass i = 0.
func paint(class string, i int) (string, string) {
	c := safeClass(class, "")
	if f, ok := fills[c]; ok {
		return c, f
	}
	n := i % len(palette)
	if c == "" {
		c = "c-" + itoa(n)
	}
	return c, palette[n]
}

// safeClass keeps the characters that are safe in a class or id
// attribute, or returns fallback when none is left.
func safeClass(s, fallback string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			b = append(b, c)
		}
	}
	if len(b) == 0 {
		return fallback
	}
	return string(b)
}
