package plantext

import (
	"html"
	"regexp"
	"strings"
	"unicode"
)

var (
	// The markup the conversion puts in cells (its tool or another's):
	// sub- and superscripts (PM<sub>2.5</sub>), emphasis, and paragraphs or
	// line breaks within a cell.
	subTag     = regexp.MustCompile(`\s*</?su[bp]>\s*`)
	boldTag    = regexp.MustCompile(`</?(?:b|strong|i|em|u|span)(?:\s[^<>]*)?>`)
	paraTag    = regexp.MustCompile(`\s*(?:</?p(?:\s[^<>]*)?>|<br\s*/?>)\s*`)
	spaceRun   = regexp.MustCompile(`\s+`)
	sentenceWS = regexp.MustCompile(`([。；！？])\s+`)
)

// wide reports whether r is a CJK character or full-width punctuation: the
// characters next to which the PDF conversion inserts spaces that the printed
// document does not have.
func wide(r rune) bool {
	return unicode.Is(unicode.Han, r) ||
		(r >= 0x3000 && r <= 0x303f) || // CJK symbols and punctuation 、。〔〕《》
		(r >= 0xff00 && r <= 0xffef) || // full-width forms （），：；
		r == '“' || r == '”' || r == '‘' || r == '’' || r == '—' || r == '…' || r == '·'
}

// cleanLine removes markup and the spaces the conversion put between wide
// characters and their neighbours, and collapses other white space: "年底 前"
// becomes "年底前", "较 2020 年" becomes "较2020年", "PM <sub>2.5</sub> "
// becomes "PM2.5". Spaces between two Latin words stay ("DB11/ 1983-2022").
func cleanLine(s string) string {
	s = subTag.ReplaceAllString(s, "")
	s = boldTag.ReplaceAllString(s, "")
	s = strings.TrimSpace(spaceRun.ReplaceAllString(s, " "))
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if r == ' ' && i > 0 && i < len(rs)-1 && (wide(rs[i-1]) || wide(rs[i+1])) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// cleanText turns a measure cell into paragraphs separated by "\n". A cell's
// <p> paragraphs and the sentences that the conversion separated by white
// space after 。 or ； are the paragraphs the printed cell shows.
func cleanText(s string) string {
	s = paraTag.ReplaceAllString(s, "\n")
	s = sentenceWS.ReplaceAllString(s, "$1\n")
	var paras []string
	for _, p := range strings.Split(s, "\n") {
		if p = cleanLine(p); p != "" {
			paras = append(paras, p)
		}
	}
	return strings.Join(paras, "\n")
}

// joinText appends a measure's text continued on the next page. A sentence
// cut by the page break is joined without a separator; a new paragraph
// starts on a new line.
func joinText(prev, next string) string {
	switch {
	case prev == "":
		return next
	case next == "":
		return prev
	case strings.HasSuffix(prev, "。") || strings.HasSuffix(prev, "；"):
		return prev + "\n" + next
	}
	return prev + next
}

// isNone reports whether a unit cell says "none": empty, or a dash.
func isNone(cell string) bool {
	return strings.Trim(cell, " -—–") == ""
}

// normalizeText undoes what an editor or another converter may have done to
// the text without changing its lines: a byte-order mark, CRLF or CR line
// ends, HTML character references (&amp; &nbsp;), full-width (U+3000) and
// no-break spaces where the conversion has spaces.
func normalizeText(s string) string {
	s = strings.TrimPrefix(s, "\uFEFF")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	if strings.Contains(s, "&") {
		s = html.UnescapeString(s)
	}
	return strings.NewReplacer("\u3000", " ", "\u00a0", " ").Replace(s)
}
