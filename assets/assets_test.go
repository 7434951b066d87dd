package assets

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image/png"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// extraText lists characters that the UI and the reports print besides the
// plan text: status words, report furniture and punctuation.
const extraText = "未启动 序时推进 滞后 已完成 不涉及 未报送 第页共 填报人审核人联系电话日期 " +
	"（）《》〔〕、—…“”：；，。！？【】·％" +
	"月报 催报 佐证材料 进展情况 存在问题 下步计划 主责单位 协办单位 完成时限 年月日"

// tableTags reads the table directory of a single-font sfnt file.
func tableTags(t *testing.T, b []byte) (version uint32, tags map[string]bool) {
	t.Helper()
	if len(b) < 12 {
		t.Fatalf("font too short: %d bytes", len(b))
	}
	version = binary.BigEndian.Uint32(b[0:4])
	n := int(binary.BigEndian.Uint16(b[4:6]))
	if len(b) < 12+16*n {
		t.Fatalf("font table directory truncated")
	}
	tags = make(map[string]bool, n)
	for i := range n {
		rec := b[12+16*i:]
		tags[string(rec[0:4])] = true
	}
	return version, tags
}

func TestFontIsGlyfTrueType(t *testing.T) {
	for name, font := range map[string][]byte{"regular": FontRegular, "fallback": FontFallback, "title": FontTitle} {
		version, tags := tableTags(t, font)
		if version != 0x00010000 {
			t.Fatalf("%s: sfnt version = %#08x, want 0x00010000 (TrueType outlines; 'OTTO' is CFF, 'ttcf' a collection)", name, version)
		}
		for _, tag := range []string{"glyf", "loca", "cmap", "head", "hhea", "hmtx", "maxp", "name", "post", "OS/2"} {
			if !tags[tag] {
				t.Errorf("%s: font lacks table %q", name, tag)
			}
		}
		if tags["CFF "] || tags["CFF2"] {
			t.Errorf("%s: font has CFF outlines; gofpdf needs glyf", name)
		}
	}
	f, err := sfnt.Parse(FontRegular)
	if err != nil {
		t.Fatalf("sfnt.Parse: %v", err)
	}
	var buf sfnt.Buffer
	name, err := f.Name(&buf, sfnt.NameIDFamily)
	if err != nil {
		t.Fatalf("family name: %v", err)
	}
	if name != FontName {
		t.Errorf("family name = %q, want FontName %q", name, FontName)
	}
}

// TestFontCoversText proves that every character the program prints from the
// plan, from the status vocabulary and report furniture, and every printable
// ASCII character has a glyph in the font's cmap.
func TestFontCoversText(t *testing.T) {
	f, err := sfnt.Parse(FontRegular)
	if err != nil {
		t.Fatalf("sfnt.Parse: %v", err)
	}
	if !strings.Contains(PlanText2023, "西政办发〔2023〕3号") {
		t.Fatalf("PlanText2023 does not look like the 2023 plan")
	}

	var want strings.Builder
	want.WriteString(PlanText2023)
	want.WriteString(extraText)
	for r := rune(0x20); r < 0x7f; r++ {
		want.WriteRune(r)
	}

	var buf sfnt.Buffer
	seen := map[rune]bool{}
	var missing []string
	for _, r := range want.String() {
		// Line breaks and tabs are layout, not glyphs; the ASCII space is
		// checked with the rest of printable ASCII.
		if seen[r] || (unicode.IsSpace(r) && r != ' ') || unicode.IsControl(r) {
			continue
		}
		seen[r] = true
		gi, err := f.GlyphIndex(&buf, r)
		if err != nil {
			t.Fatalf("GlyphIndex(%q): %v", r, err)
		}
		if gi == 0 {
			missing = append(missing, fmt.Sprintf("%q U+%04X", r, r))
		}
	}
	if len(missing) > 0 {
		t.Errorf("font has no glyph for %d of %d runes: %s", len(missing), len(seen), strings.Join(missing, ", "))
	}
	if len(seen) < 900 {
		t.Errorf("checked only %d distinct runes; the plan text seems truncated", len(seen))
	}
}

// typedText is what clerks type besides the plan's characters: units,
// subscripts, circled and Roman numbers, signs and full-width forms.
const typedText = "℃ PM₂.₅ PM₁₀ O₃ NO₂ SO₂ CO₂ m² m³ μg/m³ ①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳ ⑴⑵⑶ ⒈⒉⒊ " +
	"ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ ⅰⅱⅲ ≤≥±×÷‰№※ °′″§¥￥ ㎡㎏㎎㎞ ‘’“”「」『』〈〉〖〗·•─"

// TestFontsCoverTypedText proves that the regular font or the fallback draws
// (has a glyph with an outline for) every character a clerk may type or
// the plan prints: typedText, the plan text, every full-width form
// (U+FF01–FF5E) and every character of GB 2312.
func TestFontsCoverTypedText(t *testing.T) {
	var fonts []*sfnt.Font
	for _, b := range [][]byte{FontRegular, FontFallback} {
		f, err := sfnt.Parse(b)
		if err != nil {
			t.Fatal(err)
		}
		fonts = append(fonts, f)
	}
	var buf sfnt.Buffer
	covered := func(r rune) bool {
		for _, f := range fonts {
			if drawn(f, &buf, r) {
				return true
			}
		}
		return false
	}
	want := []rune(typedText + PlanText2023 + extraText)
	for r := rune(0xFF01); r <= 0xFF5E; r++ {
		want = append(want, r)
	}
	gb := gb2312(t)
	if len(gb) < 7445 { // the decoder's table is GBK's, a superset
		t.Fatalf("GB 2312 has %d characters here, want at least 7445", len(gb))
	}
	want = append(want, gb...)
	var missing []string
	seen := map[rune]bool{}
	for _, r := range want {
		if seen[r] || unicode.IsSpace(r) || unicode.IsControl(r) {
			continue
		}
		seen[r] = true
		if !covered(r) {
			missing = append(missing, fmt.Sprintf("%q U+%04X", r, r))
		}
	}
	if len(missing) > 0 {
		t.Errorf("no embedded font draws %d characters: %s", len(missing), strings.Join(missing, ", "))
	}
	// The fallback is needed: the regular font lacks these, or maps them
	// to empty glyphs.
	for _, r := range "₅ɑǹɡ℃ⅤⅩǎ" {
		if drawn(fonts[0], &buf, r) {
			t.Errorf("the regular font now draws %q; the fallback's reason is gone", r)
		}
	}
}

// drawn reports whether f maps r to a glyph with an outline.
func drawn(f *sfnt.Font, buf *sfnt.Buffer, r rune) bool {
	gi, err := f.GlyphIndex(buf, r)
	if err != nil || gi == 0 {
		return false
	}
	segs, err := f.LoadGlyph(buf, gi, fixed.I(16), nil)
	return err == nil && len(segs) > 0
}

// gb2312 is every character of GB 2312 (rows 1–9 and 16–87 of EUC-CN),
// with the few that GBK adds in those rows.
func gb2312(t *testing.T) []rune {
	t.Helper()
	dec := simplifiedchinese.HZGB2312.NewDecoder()
	var out []rune
	for hi := 0x21; hi <= 0x77; hi++ {
		for lo := 0x21; lo <= 0x7E; lo++ {
			b, err := dec.Bytes([]byte{'~', '{', byte(hi), byte(lo), '~', '}'})
			if err != nil {
				continue
			}
			if rs := []rune(string(b)); len(rs) == 1 && rs[0] != utf8.RuneError {
				out = append(out, rs[0])
			}
		}
	}
	return out
}

// TestTitleFontCoversTitles proves that the title face draws the plan's
// title and the report's title words.
func TestTitleFontCoversTitles(t *testing.T) {
	f, err := sfnt.Parse(FontTitle)
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	for _, r := range "《西城区深入打好污染防治攻坚战2023年行动计划》1234567890月工作进展情况全区汇总单位报表：附件" {
		if gi, err := f.GlyphIndex(&buf, r); err != nil || gi == 0 {
			t.Errorf("title font lacks %q", r)
		}
	}
}

func TestIcon(t *testing.T) {
	cfg, err := png.DecodeConfig(bytes.NewReader(Icon))
	if err != nil {
		t.Fatalf("icon is not a PNG: %v", err)
	}
	if cfg.Width != 512 || cfg.Height != 512 {
		t.Errorf("icon is %dx%d, want 512x512", cfg.Width, cfg.Height)
	}
}
