package cellfit

import (
	"strings"
	"testing"
)

func TestLines(t *testing.T) {
	// A column of 20 characters holds 105 − 6 = 99 points: nine CJK
	// characters at 10 pt, sixteen Latin letters.
	for _, c := range []struct {
		text string
		want int
	}{
		{"", 1},
		{"一二三四五六七八九", 1},
		{"一二三四五六七八九十", 2},
		{"一\n二\n三", 3},
		{"一二三四五六七八九\n", 2},
		{strings.Repeat("a", 16), 1},
		{strings.Repeat("a", 17), 2},
		// A word does not split at a line end: the second word moves down.
		{"aaaaaaaaaa aaaaaaaaaa", 2},
		// A comma does not start a line: it takes the character before it
		// along.
		{"一二三四五六七八九，", 2},
		{strings.Repeat("汉", 90), 10},
	} {
		if got := Lines(c.text, 20, 10); got != c.want {
			t.Errorf("Lines(%q) = %d, want %d", c.text, got, c.want)
		}
	}
}

func TestSplitKeepsEveryCharacter(t *testing.T) {
	text := strings.Repeat("推进雨污分流改造，完成PM2.5监测站点维护。\n", 60) + strings.Repeat("汉", 500)
	pieces := Split(text, 30, 10, MaxHeight)
	if len(pieces) < 2 {
		t.Fatalf("%d pieces for %d characters", len(pieces), len([]rune(text)))
	}
	if strings.ReplaceAll(strings.Join(pieces, ""), "\n", "") != strings.ReplaceAll(text, "\n", "") {
		t.Fatal("the pieces do not add up to the text")
	}
	for i, p := range pieces {
		if h := Need(p, 30, 10); h > MaxHeight {
			t.Errorf("piece %d needs %.0f pt", i, h)
		}
	}
	// A lower limit cuts smaller pieces.
	small := Split(text, 30, 10, 200)
	if len(small) <= len(pieces) {
		t.Errorf("%d pieces under 200 pt, %d under 409", len(small), len(pieces))
	}
	for i, p := range small {
		if h := Need(p, 30, 10); h > 200 {
			t.Errorf("piece %d needs %.0f pt, more than 200", i, h)
		}
	}
	if got := Split("短", 30, 10, MaxHeight); len(got) != 1 || got[0] != "短" {
		t.Fatalf("short text split: %q", got)
	}
}

func TestFitScale(t *testing.T) {
	if s := FitScale([]float64{10, 10}, 500); s != 100 {
		t.Errorf("narrow sheet scale %d", s)
	}
	// 200 characters = 1123 points on 728: 64%.
	if s := FitScale([]float64{100, 100}, 728); s != 64 {
		t.Errorf("wide sheet scale %d", s)
	}
}
