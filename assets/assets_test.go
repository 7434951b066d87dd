package assets

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image/png"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/image/font/sfnt"
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
	version, tags := tableTags(t, FontRegular)
	if version != 0x00010000 {
		t.Fatalf("sfnt version = %#08x, want 0x00010000 (TrueType outlines; 'OTTO' is CFF, 'ttcf' a collection)", version)
	}
	for _, tag := range []string{"glyf", "loca", "cmap", "head", "hhea", "hmtx", "maxp", "name", "post", "OS/2"} {
		if !tags[tag] {
			t.Errorf("font lacks table %q", tag)
		}
	}
	if tags["CFF "] || tags["CFF2"] {
		t.Errorf("font has CFF outlines; gofpdf needs glyf")
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

func TestIcon(t *testing.T) {
	cfg, err := png.DecodeConfig(bytes.NewReader(Icon))
	if err != nil {
		t.Fatalf("icon is not a PNG: %v", err)
	}
	if cfg.Width != 512 || cfg.Height != 512 {
		t.Errorf("icon is %dx%d, want 512x512", cfg.Width, cfg.Height)
	}
}
