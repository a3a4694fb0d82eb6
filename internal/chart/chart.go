// Package chart draws small, static SVG charts on the server: bars,
// horizontal ranked bars, a donut, a stacked bar and lines over time.
//
// The charts need no JavaScript and no stylesheet. Each mark carries a CSS
// class (the caller's, such as "s-documented") so a page can recolour it,
// and a default fill so the SVG also renders on its own. Every value is
// written as text next to its mark, so a chart reads without colour, in
// print and through a screen reader (role="img", <title>, <desc>). Output
// is deterministic: the same input gives the same bytes.
package chart

import (
	"fmt"
	"hash/fnv"
	"time"
)

// Chart holds what every chart needs.
type Chart struct {
	// Title names the chart for screen readers and tooltips. The chart
	// does not draw it: the page shows it as a heading or caption.
	Title string
	// Desc is a sentence saying what the chart shows. When empty, the
	// values themselves are listed, so the chart is never a blank image.
	Desc string
	// Width and Height are in CSS pixels; zero picks a size that suits
	// the chart and its data.
	Width, Height int
	// Lang is "en" or "fr" and sets number and date formats.
	Lang string
	// Compact drops the legend and value labels, for a chart placed
	// next to its own numbers, as in a table cell.
	Compact bool
	// ID prefixes the ids of <title> and <desc>; zero derives one from the
	// content, so two identical charts on a page share ids harmlessly.
	ID string
}

// Point is one labelled value.
type Point struct {
	Label string
	Value float64
	// Class is the CSS class of the mark ("s-documented"); it also picks
	// the default fill when it is one of the known classes.
	Class string
}

// Series is one line of a Line chart.
type Series struct {
	Label  string
	Class  string
	Points []TimePoint
}

// TimePoint is a value at a moment.
type TimePoint struct {
	At    time.Time
	Value float64
}

// Marker is a vertical line drawn between two bars of a Bar chart, such as
// the three-year limit on a chart of consent ages.
type Marker struct {
	Before int    // index of the bar the line stands before
	Label  string // written next to the line
}

// id returns the chart's id prefix.
func (c Chart) id(kind string, data any) string {
	if c.ID != "" {
		return safeClass(c.ID, "chart")
	}
	h := fnv.New32a()
	fmt.Fprintf(h, "%s|%s|%s|%v", kind, c.Title, c.Desc, data)
	return fmt.Sprintf("chart-%08x", h.Sum32())
}

// size returns the width and height, using defaults for zero values.
func (c Chart) size(w, h int) (int, int) {
	if c.Width > 0 {
		w = c.Width
	}
	if c.Height > 0 {
		h = c.Height
	}
	return w, h
}
