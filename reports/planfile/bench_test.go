package planfile

import "testing"

// BenchmarkReadWorkbook reads the 2023 plan (137 measures, 5 annexes, 2
// indicator tables) from the plan workbook.
func BenchmarkReadWorkbook(b *testing.B) {
	data, err := writeWorkbook(plan2023(b))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if res := Read(Source{Name: "计划.xlsx", Data: data}, Options{Year: 2023}); !res.OK() {
			b.Fatal(res.Problems)
		}
	}
}

// BenchmarkReadDocx reads the 2023 plan from a Word document.
func BenchmarkReadDocx(b *testing.B) {
	data := writeDocx(b, plan2023(b))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if res := Read(Source{Name: "计划.docx", Data: data}, Options{Year: 2023}); !res.OK() {
			b.Fatal(res.Problems)
		}
	}
}
