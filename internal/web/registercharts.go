package web

import (
	"html/template"

	"github.com/gdprkit/gdprkit/internal/chart"
	"github.com/gdprkit/gdprkit/internal/register"
)

// Charts of the registers, for what a person would rather look at than
// read: how many vendors at each risk level, where the data goes and on
// what basis, how the collection methods fare. The marks reuse the status
// classes (and so the colours) of the contact charts: red for what needs
// action, amber for what to watch, green for what is in order.

var (
	riskClass = map[string]string{register.RiskHigh: "s-missing", register.RiskMedium: "s-weak", register.RiskLow: "s-documented"}

	transferClass = map[string]string{
		register.TransferAdequate: "s-documented", register.TransferDPF: "s-other_basis", register.TransferSafeguarded: "s-withdrawn",
		register.TransferDerogation: "s-weak", register.TransferUnconfirmed: "s-undeliverable", register.TransferMissing: "s-missing",
	}
	transferOrder = []string{register.TransferAdequate, register.TransferDPF, register.TransferSafeguarded, register.TransferDerogation,
		register.TransferUnconfirmed, register.TransferMissing}

	verdictClass = map[string]string{register.LevelUnlawful: "s-missing", register.ActNow: "s-weak", register.Document: "s-documented"}
	verdictOrder = []string{register.LevelUnlawful, register.ActNow, register.Document}
)

// riskChart counts the vendors at each risk level.
func riskChart(lang string, vs []register.VendorView) template.HTML {
	n := map[string]float64{}
	for _, v := range vs {
		n[v.Risk.Level]++
	}
	var points []chart.Point
	for _, l := range []string{register.RiskHigh, register.RiskMedium, register.RiskLow} {
		points = append(points, chart.Point{Label: translate(lang, "registerweb.risk."+l, nil), Value: n[l], Class: riskClass[l]})
	}
	return chart.Donut(chart.Chart{Title: translate(lang, "registerweb.chart.risk", nil), Lang: lang, ID: "risk-chart"}, points)
}

// countryChart counts, for each country outside the EEA, the vendors
// whose data goes there.
func countryChart(lang string, vs []register.VendorView) template.HTML {
	n := map[string]float64{}
	var order []string
	for _, v := range vs {
		for _, t := range v.Transfers {
			if n[t.Country] == 0 {
				order = append(order, t.Country)
			}
			n[t.Country]++
		}
	}
	if len(order) == 0 {
		return ""
	}
	var points []chart.Point
	for _, c := range order {
		points = append(points, chart.Point{Label: register.CountryName(lang, c), Value: n[c], Class: "s-other_basis"})
	}
	return chart.HBar(chart.Chart{Title: translate(lang, "registerweb.chart.countries", nil), Lang: lang, ID: "country-chart"}, points)
}

// transferChart counts the vendors' transfers by the basis they rest on.
func transferChart(lang string, vs []register.VendorView) template.HTML {
	n := map[string]float64{}
	total := 0
	for _, v := range vs {
		for _, t := range v.Transfers {
			n[t.Status]++
			total++
		}
	}
	if total == 0 {
		return ""
	}
	var points []chart.Point
	for _, st := range transferOrder {
		if n[st] > 0 {
			points = append(points, chart.Point{Label: translate(lang, "register.transfer_status."+st, nil), Value: n[st], Class: transferClass[st]})
		}
	}
	return chart.Donut(chart.Chart{Title: translate(lang, "registerweb.chart.transfers", nil), Lang: lang, ID: "transfer-chart"}, points)
}

// verdictChart counts the collection methods by verdict. Its labels are
// the verdicts without their advice ("Unlawful", not "Unlawful: stop"):
// the chart writes "label: count".
func verdictChart(lang string, ms []register.MethodView) template.HTML {
	n := map[string]float64{}
	for _, m := range ms {
		n[m.Check.Verdict]++
	}
	var points []chart.Point
	for _, v := range verdictOrder {
		points = append(points, chart.Point{Label: translate(lang, "registerweb.chart.verdict."+v, nil), Value: n[v], Class: verdictClass[v]})
	}
	return chart.StackedBar(chart.Chart{Title: translate(lang, "registerweb.chart.verdicts", nil), Lang: lang, Width: 560, ID: "verdict-chart"}, points)
}
