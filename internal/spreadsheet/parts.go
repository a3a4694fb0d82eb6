package spreadsheet

import (
	"strconv"
	"strings"
)

const (
	xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsMain    = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel     = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPkgRel  = "http://schemas.openxmlformats.org/package/2006/relationships"
	relDoc    = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	ctMain    = "application/vnd.openxmlformats-officedocument.spreadsheetml."
)

type part struct{ name, body string }

// parts returns the workbook-level entries, written by Close once every
// sheet is known. None carries a date, so the same rows give the same file.
func (x *XLSX) parts() []part {
	return []part{
		{"[Content_Types].xml", x.contentTypes()},
		{"_rels/.rels", rootRels},
		{"docProps/app.xml", appXML},
		{"docProps/core.xml", coreXML},
		{"xl/workbook.xml", x.workbook()},
		{"xl/_rels/workbook.xml.rels", x.workbookRels()},
		{"xl/styles.xml", stylesXML},
	}
}

func (x *XLSX) contentTypes() string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="` + ctMain + `sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="` + ctMain + `styles+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>`)
	for i := range x.sheets {
		b.WriteString(`<Override PartName="/xl/worksheets/sheet` + strconv.Itoa(i+1) + `.xml" ContentType="` + ctMain + `worksheet+xml"/>`)
	}
	b.WriteString(`</Types>`)
	return b.String()
}

// workbook lists the sheets and names each autofilter range the way Excel
// does (_xlnm._FilterDatabase), so the filter buttons work on open.
func (x *XLSX) workbook() string {
	var b, names strings.Builder
	b.WriteString(xmlHeader + `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">` +
		`<bookViews><workbookView/></bookViews><sheets>`)
	for i, s := range x.sheets {
		n := strconv.Itoa(i + 1)
		b.WriteString(`<sheet name="` + string(appendText(nil, s.name)) + `" sheetId="` + n + `" r:id="rId` + n + `"/>`)
		if s.cols > 0 {
			ref := quoteSheet(s.name) + "!" + absolute(filterRef(s))
			names.WriteString(`<definedName name="_xlnm._FilterDatabase" localSheetId="` + strconv.Itoa(i) + `" hidden="1">` +
				string(appendText(nil, ref)) + `</definedName>`)
		}
	}
	b.WriteString(`</sheets>`)
	if names.Len() > 0 {
		b.WriteString(`<definedNames>` + names.String() + `</definedNames>`)
	}
	b.WriteString(`</workbook>`)
	return b.String()
}

// absolute turns "A1:O20" into "$A$1:$O$20".
func absolute(ref string) string {
	var b strings.Builder
	for _, end := range strings.Split(ref, ":") {
		if b.Len() > 0 {
			b.WriteByte(':')
		}
		i := strings.IndexAny(end, "0123456789")
		b.WriteString("$" + end[:i] + "$" + end[i:])
	}
	return b.String()
}

func (x *XLSX) workbookRels() string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<Relationships xmlns="` + nsPkgRel + `">`)
	for i := range x.sheets {
		n := strconv.Itoa(i + 1)
		b.WriteString(`<Relationship Id="rId` + n + `" Type="` + relDoc + `worksheet" Target="worksheets/sheet` + n + `.xml"/>`)
	}
	n := strconv.Itoa(len(x.sheets) + 1)
	b.WriteString(`<Relationship Id="rId` + n + `" Type="` + relDoc + `styles" Target="styles.xml"/></Relationships>`)
	return b.String()
}

const rootRels = xmlHeader + `<Relationships xmlns="` + nsPkgRel + `">` +
	`<Relationship Id="rId1" Type="` + relDoc + `officeDocument" Target="xl/workbook.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="` + relDoc + `extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const appXML = xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
	`<Application>gdprkit</Application></Properties>`

const coreXML = xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
	`xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>gdprkit</dc:creator></cp:coreProperties>`

// stylesXML has two cell formats: 0 is the default, 1 is bold (headers).
const stylesXML = xmlHeader + `<styleSheet xmlns="` + nsMain + `">` +
	`<fonts count="2">` +
	`<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
	`<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
	`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
	`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>` +
	`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
	`</styleSheet>`
