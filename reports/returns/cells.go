package returns

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// cellFormula is a formula found in a sheet: its cell and text ("" for a
// cell that shares another cell's formula).
type cellFormula struct {
	col, row int
	text     string
}

// sheetCells streams the part of sheet in the package b and returns its
// formulas and merged ranges. It reads the XML itself instead of asking
// excelize, which would load the whole sheet into memory and pad it out to
// its last row and column.
func sheetCells(b []byte, sheet string) (formulas []cellFormula, merges []string, err error) {
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, nil, err
	}
	name, err := sheetPath(z, sheet)
	if err != nil {
		return nil, nil, err
	}
	part, err := readPart(z, name)
	if err != nil || part == nil {
		return nil, nil, err
	}
	if hasFormula(part) {
		formulas = findFormulas(part)
	}
	// mergeCells follow sheetData: decode from there on only.
	if i := bytes.Index(part, []byte("mergeCells")); i > 0 {
		j := bytes.LastIndexByte(part[:i], '<')
		d := xml.NewDecoder(bytes.NewReader(part[max(j, 0):]))
		for {
			tok, err := d.Token()
			if err != nil {
				break // the end of the part, or of what can be read of it
			}
			if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "mergeCell" {
				if ref := attr(se, "ref"); ref != "" {
					merges = append(merges, ref)
				}
			}
		}
	}
	return formulas, merges, nil
}

// formulaTags are the ways a formula element can start: <f>, <f t="shared"
// …>, <f/>, and the same with a namespace prefix (<x:f>). <formula1> of a
// data validation is none of them.
var formulaTags = [][]byte{[]byte("<f>"), []byte("<f "), []byte("<f/"), []byte(":f>"), []byte(":f "), []byte(":f/")}

// hasFormula reports whether a sheet part may hold a formula element.
func hasFormula(part []byte) bool {
	for _, tag := range formulaTags {
		if bytes.Contains(part, tag) {
			return true
		}
	}
	return false
}

// findFormulas lists the cells of part that hold a formula, following rows
// and cells without references by their position as excelize does. Like
// excelize, it stops quietly where the XML cannot be read further.
func findFormulas(part []byte) []cellFormula {
	var out []cellFormula
	d := xml.NewDecoder(bytes.NewReader(part))
	row, col := 0, 0
	for {
		tok, err := d.Token()
		if err != nil {
			return out
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "row":
			if n, err := strconv.Atoi(attr(se, "r")); err == nil {
				row = n
			} else {
				row++
			}
			col = 0
		case "c":
			if c, r, err := excelize.CellNameToCoordinates(attr(se, "r")); err == nil {
				col, row = c, r
			} else {
				col++
			}
		case "f":
			var text string
			err := d.DecodeElement(&text, &se)
			out = append(out, cellFormula{col: col, row: row, text: strings.TrimSpace(text)})
			if err != nil {
				return out
			}
		}
	}
}

// sheetPath finds the part of a sheet through the workbook and its
// relationships.
func sheetPath(z *zip.Reader, sheet string) (string, error) {
	wb, err := readPart(z, "xl/workbook.xml")
	if err != nil {
		return "", err
	}
	id := ""
	d := xml.NewDecoder(bytes.NewReader(wb))
	for id == "" {
		tok, err := d.Token()
		if err != nil {
			return "", err
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "sheet" && attr(se, "name") == sheet {
			id = attr(se, "id")
		}
	}
	rels, err := readPart(z, "xl/_rels/workbook.xml.rels")
	if err != nil {
		return "", err
	}
	d = xml.NewDecoder(bytes.NewReader(rels))
	for {
		tok, err := d.Token()
		if err != nil {
			return "", err
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Relationship" && attr(se, "Id") == id {
			target := attr(se, "Target")
			if strings.HasPrefix(target, "/") {
				return path.Clean(target[1:]), nil
			}
			return path.Join("xl", target), nil
		}
	}
}

// readPart returns the named part, matched without regard to case as
// excelize does; nil when there is none.
func readPart(z *zip.Reader, name string) ([]byte, error) {
	for _, f := range z.File {
		if strings.EqualFold(f.Name, name) {
			rc, err := f.Open()
			if err != nil {
				return nil, err
			}
			defer rc.Close()
			return io.ReadAll(io.LimitReader(rc, maxUnzipped))
		}
	}
	return nil, nil
}

// attr returns the value of the attribute with the local name, any namespace.
func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
