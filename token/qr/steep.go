package qr

import (
	"cmp"
	"math"
	"slices"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// Bounds of the steep reading.
const (
	// steepRatio is how much larger one finder pattern's modules may look
	// than another's: gozxing takes three patterns as one code only
	// within 1.4, which a screen photographed at a steep angle exceeds.
	steepRatio = 3.0
	// steepCandidates bounds the patterns taken (those seen most often),
	// so the triples tried stay few on a busy photo.
	steepCandidates = 12
	// steepTries bounds the triples decoded, the most square first.
	steepTries = 6
	// steepDimension is how far, as a share of the estimate, the sizes in
	// modules tried reach (at least four modules, one version, each way).
	steepDimension = 0.1
)

// readSteep reads one code seen at a steep angle: it finds the finder
// patterns as gozxing does, then pairs them up without gozxing's limit on
// how different their sizes look, and decodes the triples that best make
// the right angle of a code's corners.
func readSteep(bmp *gozxing.BinaryBitmap) (string, bool) {
	m, err := bmp.GetBlackMatrix()
	if err != nil {
		return "", false
	}
	hard := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}
	finder := detector.NewFinderPatternFinder(m, nil)
	finder.Find(hard) // the candidates it saw are kept, paired or not
	centers := slices.Clone(finder.GetPossibleCenters())
	slices.SortStableFunc(centers, func(a, b *detector.FinderPattern) int { return cmp.Compare(b.GetCount(), a.GetCount()) })
	centers = centers[:min(len(centers), steepCandidates)]

	type triple struct {
		p         [3]*detector.FinderPattern
		distorted float64
	}
	var triples []triple
	for i := range centers {
		for j := i + 1; j < len(centers); j++ {
			for k := j + 1; k < len(centers); k++ {
				p := [3]*detector.FinderPattern{centers[i], centers[j], centers[k]}
				sizes := []float64{p[0].GetEstimatedModuleSize(), p[1].GetEstimatedModuleSize(), p[2].GetEstimatedModuleSize()}
				if slices.Max(sizes) > steepRatio*slices.Min(sizes) {
					continue
				}
				triples = append(triples, triple{p, rightAngleDistortion(p)})
			}
		}
	}
	slices.SortFunc(triples, func(a, b triple) int { return cmp.Compare(a.distorted, b.distorted) })
	for _, t := range triples[:min(len(triples), steepTries)] {
		a, b, c := gozxing.ResultPoint_OrderBestPatterns(t.p[0], t.p[1], t.p[2])
		info := detector.NewFinderPatternInfo(a.(*detector.FinderPattern), b.(*detector.FinderPattern), c.(*detector.FinderPattern))
		if found, err := detector.NewDetector(m).ProcessFinderPatternInfo(info); err == nil {
			if res, err := decoder.NewDecoder().Decode(found.GetBits(), hard); err == nil {
				return res.GetText(), true
			}
		}
		for _, dimension := range dimensions(info) {
			if text, ok := readGrid(m, info, dimension); ok {
				return text, true
			}
		}
	}
	return "", false
}

// dimensions lists the sizes in modules a code with these finder patterns
// may have, nearest the estimate first. gozxing measures the module size
// on the runs between the patterns, which in a dense code seen at an
// angle cross data modules and come out far off; the patterns' own
// module sizes, averaged along each side, are steadier.
func dimensions(info *detector.FinderPatternInfo) []int {
	tl, tr, bl := info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()
	across := dist(tl, tr) / ((tl.GetEstimatedModuleSize() + tr.GetEstimatedModuleSize()) / 2)
	down := dist(tl, bl) / ((tl.GetEstimatedModuleSize() + bl.GetEstimatedModuleSize()) / 2)
	est := (across+down)/2 + 7
	var ds []int
	for v := 1; v <= 40; v++ {
		if d := 17 + 4*v; math.Abs(float64(d)-est) <= max(4, est*steepDimension) {
			ds = append(ds, d)
		}
	}
	slices.SortStableFunc(ds, func(a, b int) int { return cmp.Compare(math.Abs(float64(a)-est), math.Abs(float64(b)-est)) })
	return ds
}

func dist(a, b *detector.FinderPattern) float64 { return math.Sqrt(sq(a, b)) }

// rightAngleDistortion is how far three points are from an isosceles
// right triangle, relative to its size (0 for the corners of a square).
func rightAngleDistortion(p [3]*detector.FinderPattern) float64 {
	d := []float64{sq(p[0], p[1]), sq(p[1], p[2]), sq(p[0], p[2])}
	slices.Sort(d)
	a, b, c := d[0], d[1], d[2]
	if c == 0 {
		return math.Inf(1)
	}
	return (math.Abs(c-2*b) + math.Abs(c-2*a)) / c
}

func sq(a, b *detector.FinderPattern) float64 {
	dx, dy := a.GetX()-b.GetX(), a.GetY()-b.GetY()
	return dx*dx + dy*dy
}
