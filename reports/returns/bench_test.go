package returns

import "testing"

// BenchmarkReadReturn reads a typical street return: 64 filled measures and
// two indicators.
func BenchmarkReadReturn(b *testing.B) {
	tpl := sampleTemplate(64)
	file := fill(b, tpl, mustWrite(b, tpl))
	b.SetBytes(int64(len(file)))
	b.ReportAllocs()
	for b.Loop() {
		r, err := ReadReturn("德胜街道.xlsx", file, ReadOptions{})
		if err != nil || len(r.Rows) != 64 {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteTemplate writes a typical street template.
func BenchmarkWriteTemplate(b *testing.B) {
	tpl := sampleTemplate(64)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := WriteTemplate(tpl); err != nil {
			b.Fatal(err)
		}
	}
}
