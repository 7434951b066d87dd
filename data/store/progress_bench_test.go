package store

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"taizhang/data"
)

// benchPlan is a plan the size of the real one: 140 measures, each led by
// one of 25 departments with 各街道办事处 (15 streets) as co-units.
func benchPlan() *data.Plan {
	p := &data.Plan{Year: 2023, Title: "基准测试计划", DocNo: "测试〔2023〕1号", Date: "2023-03-20"}
	var streets, depts []string
	for i := range 15 {
		streets = append(streets, fmt.Sprintf("第%02d街道办事处", i+1))
		p.Units = append(p.Units, data.Unit{Name: streets[i], Kind: data.UnitStreet})
	}
	for i := range 25 {
		depts = append(depts, fmt.Sprintf("区第%02d局", i+1))
		p.Units = append(p.Units, data.Unit{Name: depts[i], Kind: data.UnitDepartment})
	}
	p.Units = append(p.Units, data.Unit{Name: data.GroupAllStreets, Kind: data.UnitGroup}, data.Unit{Name: data.GroupRelevantStreets, Kind: data.UnitGroup})
	sec := data.Section{No: "一", Title: "重点任务"}
	for ti := range 14 {
		task := data.Task{No: strconv.Itoa(ti + 1), Name: fmt.Sprintf("任务%d", ti+1)}
		for mi := range 10 {
			task.Measures = append(task.Measures, data.Measure{
				ID:       fmt.Sprintf("1.%d.%d", ti+1, mi+1),
				Text:     "措施内容",
				Deadline: data.Deadline{Text: "年底前", Kind: data.DeadlineYearEnd, Due: "2023-12-31"},
				Lead:     []string{depts[(ti*10+mi)%len(depts)]},
				Co:       []string{data.GroupAllStreets},
			})
		}
		sec.Tasks = append(sec.Tasks, task)
	}
	p.Annexes = []data.Annex{{Code: "1", Title: "措施", Sections: []data.Section{sec}}}
	return p
}

// BenchmarkSetEntries1000 writes 1,000 entries (status and three texts of
// about 150 characters each, so 4,000 audit records) in one SetEntries.
func BenchmarkSetEntries1000(b *testing.B) {
	db := MustOpenDB(b)
	ctx := context.Background()
	p := benchPlan()
	if err := db.SeedPlan(ctx, p); err != nil {
		b.Fatal(err)
	}
	type key struct{ unit, id string }
	var targets []key
	for _, t := range p.Annexes[0].Sections[0].Tasks {
		for _, m := range t.Measures {
			targets = append(targets, key{m.Lead[0], m.ID})
			for _, u := range p.Units {
				if u.Kind == data.UnitStreet {
					targets = append(targets, key{u.Name, m.ID})
				}
			}
		}
	}
	targets = targets[:1000]
	text := strings.Repeat("按计划推进各项工作，", 15)
	iter := 0
	for b.Loop() {
		iter++
		ins := make([]data.EntryInput, len(targets))
		for i, t := range targets {
			s := data.Statuses[(i+iter)%len(data.Statuses)]
			v := text + strconv.Itoa(iter)
			ins[i] = data.EntryInput{Unit: t.unit, MeasureID: t.id, Month: june, Status: &s, Progress: &v, Problems: &v, NextSteps: &v}
		}
		if err := db.SetEntries(ctx, y23, ins, clerk); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(1000, "entries/op")
}

// genReader yields n pseudo-random bytes without holding them.
type genReader struct {
	n int64
	x uint64
}

func (g *genReader) Read(p []byte) (int, error) {
	if g.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > g.n {
		p = p[:g.n]
	}
	var word [8]byte
	for i := 0; i < len(p); i += 8 {
		g.x ^= g.x << 13
		g.x ^= g.x >> 7
		g.x ^= g.x << 17
		if i+8 <= len(p) {
			binary.LittleEndian.PutUint64(p[i:], g.x)
		} else {
			binary.LittleEndian.PutUint64(word[:], g.x)
			copy(p[i:], word[:])
		}
	}
	g.n -= int64(len(p))
	return len(p), nil
}

// peakMemory samples the Go heap in use and the process's resident set
// while a benchmark runs.
type peakMemory struct {
	stop     chan struct{}
	wg       sync.WaitGroup
	heap     uint64
	rss      uint64
	baseHeap uint64
	baseRSS  uint64
}

func startPeakMemory() *peakMemory {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	p := &peakMemory{stop: make(chan struct{}), baseHeap: ms.HeapInuse, baseRSS: rss()}
	p.heap, p.rss = p.baseHeap, p.baseRSS
	p.wg.Go(func() {
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-tick.C:
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				p.heap = max(p.heap, ms.HeapInuse)
				p.rss = max(p.rss, rss())
			}
		}
	})
	return p
}

func (p *peakMemory) report(b *testing.B) {
	close(p.stop)
	p.wg.Wait()
	b.ReportMetric(float64(p.heap)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(p.heap-p.baseHeap)/(1<<20), "heap-growth-MB")
	if p.baseRSS > 0 {
		b.ReportMetric(float64(p.rss)/(1<<20), "peak-RSS-MB")
	}
}

// rss returns the resident set size on Linux, 0 elsewhere.
func rss() uint64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseUint(f[1], 10, 64)
	return pages * uint64(os.Getpagesize())
}

// BenchmarkAddEvidence100MB streams a generated 100 MB file into the
// database (new content each time, so nothing is deduplicated) and reports
// the peak memory: the file is never held in memory.
func BenchmarkAddEvidence100MB(b *testing.B) {
	const size = 100 << 20
	db := MustSeedDB(b)
	ctx := context.Background()
	b.SetBytes(size)
	mem := startPeakMemory()
	seed := uint64(0x9E3779B97F4A7C15)
	for b.Loop() {
		seed++
		in := data.EvidenceInput{Unit: uWater, MeasureID: "2-1.14.1", Month: june, Name: "大文件.bin"}
		e, err := db.AddEvidence(ctx, y23, in, &genReader{n: size, x: seed}, clerk)
		if err != nil {
			b.Fatal(err)
		}
		if e.Size != size {
			b.Fatalf("stored %d bytes", e.Size)
		}
	}
	mem.report(b)
}

// BenchmarkWriteBlob100MB streams a stored 100 MB file back out, verifying
// its hash.
func BenchmarkWriteBlob100MB(b *testing.B) {
	const size = 100 << 20
	db := MustSeedDB(b)
	ctx := context.Background()
	e, err := db.AddEvidence(ctx, y23, data.EvidenceInput{Unit: uWater, MeasureID: "2-1.14.1", Month: june, Name: "大文件.bin"},
		&genReader{n: size, x: 42}, clerk)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	mem := startPeakMemory()
	for b.Loop() {
		if n, err := db.WriteBlob(ctx, e.SHA256, io.Discard); err != nil || n != size {
			b.Fatalf("WriteBlob: %d, %v", n, err)
		}
	}
	mem.report(b)
}
