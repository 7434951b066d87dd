package planfile

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// numbering is a Word document's list numbering (word/numbering.xml): the
// numbers Word prints before a paragraph whose w:numPr puts it in a list,
// as a 序号 column or the headings 一、二、 numbered automatically. Their
// text is in no w:t of the document: the reader counts them as Word does
// (a list counts on through the document, across tables, and starts again
// where a w:num says w:startOverride), for the decimal and Chinese formats.
type numbering struct {
	levels map[string]map[int]numLevel // abstractNumId → ilvl → level
	nums   map[string]numInstance      // numId → its list
	counts map[string]map[int]int      // abstractNumId → ilvl → last number given
	used   map[string]bool             // numIds met so far
}

type numLevel struct {
	start     int
	format    string // w:numFmt: decimal, chineseCounting …
	text      string // w:lvlText: %1、 or （%1）
	hasFormat bool
}

type numInstance struct {
	abstract string
	starts   map[int]int // w:lvlOverride/w:startOverride by ilvl
}

// readNumbering reads word/numbering.xml; a part that does not parse gives
// no numbering (the paragraphs then read without their numbers).
func readNumbering(r io.Reader) *numbering {
	var x struct {
		Abstract []struct {
			ID     string `xml:"abstractNumId,attr"`
			Levels []struct {
				Ilvl  int     `xml:"ilvl,attr"`
				Start xmlVal  `xml:"start"`
				Fmt   *xmlVal `xml:"numFmt"`
				Text  xmlVal  `xml:"lvlText"`
			} `xml:"lvl"`
		} `xml:"abstractNum"`
		Nums []struct {
			ID        string `xml:"numId,attr"`
			Abstract  xmlVal `xml:"abstractNumId"`
			Overrides []struct {
				Ilvl  int     `xml:"ilvl,attr"`
				Start *xmlVal `xml:"startOverride"`
			} `xml:"lvlOverride"`
		} `xml:"num"`
	}
	if err := xml.NewDecoder(r).Decode(&x); err != nil {
		return nil
	}
	n := &numbering{levels: map[string]map[int]numLevel{}, nums: map[string]numInstance{}, counts: map[string]map[int]int{}, used: map[string]bool{}}
	for _, a := range x.Abstract {
		lv := map[int]numLevel{}
		for _, l := range a.Levels {
			start := 1
			if v, err := strconv.Atoi(l.Start.Val); err == nil {
				start = v
			}
			level := numLevel{start: start, text: l.Text.Val}
			if l.Fmt != nil {
				level.format, level.hasFormat = l.Fmt.Val, true
			}
			lv[l.Ilvl] = level
		}
		n.levels[a.ID] = lv
	}
	for _, num := range x.Nums {
		inst := numInstance{abstract: num.Abstract.Val, starts: map[int]int{}}
		for _, o := range num.Overrides {
			if o.Start != nil {
				if v, err := strconv.Atoi(o.Start.Val); err == nil {
					inst.starts[o.Ilvl] = v
				}
			}
		}
		n.nums[num.ID] = inst
	}
	return n
}

type xmlVal struct {
	Val string `xml:"val,attr"`
}

// next is the number Word prints before the next paragraph of list numID at
// level ilvl (1、 or （2）), counting it; "" for a list it does not know or a
// format other than digits and Chinese numbers (bullets).
func (n *numbering) next(numID string, ilvl int) string {
	if n == nil {
		return ""
	}
	inst, ok := n.nums[numID]
	levels := n.levels[inst.abstract]
	if !ok || levels == nil || ilvl < 0 || ilvl > 8 || levels[ilvl].format == "bullet" || levels[ilvl].format == "none" {
		return "" // no number: nothing of the plan's
	}
	counts := n.counts[inst.abstract]
	if counts == nil {
		counts = map[int]int{}
		n.counts[inst.abstract] = counts
	}
	if !n.used[numID] {
		n.used[numID] = true
		for l, s := range inst.starts {
			counts[l] = s - 1
			for deeper := l + 1; deeper <= 8; deeper++ {
				delete(counts, deeper)
			}
		}
	}
	if _, ok := counts[ilvl]; !ok {
		counts[ilvl] = levels[ilvl].start - 1
	}
	counts[ilvl]++
	for deeper := ilvl + 1; deeper <= 8; deeper++ {
		delete(counts, deeper) // a deeper level starts again under this one
	}
	text := levels[ilvl].text
	for l := 0; l <= ilvl; l++ {
		marker := fmt.Sprintf("%%%d", l+1)
		if !strings.Contains(text, marker) {
			continue
		}
		c, ok := counts[l]
		if !ok {
			c = levels[l].start
		}
		s, ok := numberText(levels[l], c)
		if !ok {
			return ""
		}
		text = strings.ReplaceAll(text, marker, s)
	}
	if strings.Contains(text, "%") {
		return ""
	}
	return text
}

// numberText is c in the level's format: digits, or 一 … 九十九.
func numberText(l numLevel, c int) (string, bool) {
	switch l.format {
	case "decimal", "decimalHalfWidth", "decimalFullWidth", "decimalFullWidth2", "decimalZero":
		return strconv.Itoa(c), true
	case "chineseCounting", "chineseCountingThousand", "chineseLegalSimplified":
		if c < 1 || c > 99 {
			return "", false
		}
		d := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
		switch {
		case c < 10:
			return d[c], true
		case c < 20:
			return "十" + d[c%10], true
		default:
			return d[c/10] + "十" + d[c%10], true
		}
	}
	return strconv.Itoa(c), !l.hasFormat // no w:numFmt: decimal
}
