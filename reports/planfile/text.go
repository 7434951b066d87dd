package planfile

import (
	"bytes"
	"errors"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"taizhang/data/plantext"
)

// readText reads the text conversion of a plan (the 2023 plan's format) with
// plantext.ParseWith. The text parser stops at its first error: that error
// is the one problem, naming its line and, in a table row, its cell.
func readText(r *Result, src Source, text string, opt Options) {
	p, err := plantext.ParseWith(text, plantext.Options{Year: opt.Year, Units: opt.Units})
	if err != nil {
		pr := Problem{File: src.Name, Text: err.Error()}
		var le *plantext.LineError
		if errors.As(err, &le) {
			pr.Row, pr.Col, pr.Text = le.Line, le.Col, le.Err.Error()
		}
		r.Problems = append(r.Problems, pr)
		return
	}
	p.Units = nil // names as printed; the directory is the import's business
	r.Plan = p
}

// decodeText gives the contents of a plain-text file in the encodings an
// office computer saves text in: UTF-8 (with or without a byte-order mark),
// UTF-16 with its byte-order mark (Notepad's "Unicode"), or GBK / GB18030
// (the "ANSI" of a Chinese Windows). ok is false for anything else: bytes
// that are no text in these encodings, or hold control characters other
// than tab, line ends and form feed.
func decodeText(b []byte) (text string, ok bool) {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		d, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(b)
		if err != nil || bytes.ContainsRune(d, utf8.RuneError) {
			return "", false
		}
		text = string(d)
	case utf8.Valid(b):
		text = string(b)
	default:
		d, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
		if err != nil || bytes.ContainsRune(d, utf8.RuneError) {
			return "", false
		}
		text = string(d)
	}
	ok = !strings.ContainsFunc(text, func(r rune) bool {
		return r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' || r == 0x7F
	})
	return text, ok
}
