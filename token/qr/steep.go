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
	// steepSweep is how far, in modules, the far corner is looked for.
	steepSweep = 6
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
		found, err := detector.NewDetector(m).ProcessFinderPatternInfo(info)
		if err != nil {
			continue
		}
		if res, err := decoder.NewDecoder().Decode(found.GetBits(), hard); err == nil {
			return res.GetText(), true
		}
		// The format information lies along the three finder patterns,
		// where the far corner hardly moves the grid: where it cannot be
		// read, these patterns are no code and the sweep is spared.
		if parser, err := decoder.NewBitMatrixParser(found.GetBits()); err != nil {
			continue
		} else if _, err := parser.ReadFormatInformation(); err != nil {
			continue
		}
		if text, ok := sweepCorner(m, info, found.GetBits().GetWidth()); ok {
			return text, true
		}
	}
	return "", false
}

// sweepCorner samples the code with its fourth corner moved around where
// a flat code would have it, a module at a time up to steepSweep modules
// away, nearest first: at a steep angle the far corner is not where the
// three finder patterns put it, and gozxing's search for the alignment
// pattern there finds nothing or the wrong thing.
func sweepCorner(m *gozxing.BitMatrix, info *detector.FinderPatternInfo, dimension int) (string, bool) {
	tl, tr, bl := info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()
	between := float64(dimension - 7) // modules from one finder centre to the next
	ux, uy := (tr.GetX()-tl.GetX())/between, (tr.GetY()-tl.GetY())/between
	vx, vy := (bl.GetX()-tl.GetX())/between, (bl.GetY()-tl.GetY())/between
	// The point the transform maps to module (dimension-6.5) both ways.
	reach := between - 3
	cx, cy := tl.GetX()+reach*(ux+vx), tl.GetY()+reach*(uy+vy)
	size := tl.GetEstimatedModuleSize()
	for ring := 1; ring <= steepSweep; ring++ {
		for i := -ring; i <= ring; i++ {
			for j := -ring; j <= ring; j++ {
				if max(abs(i), abs(j)) != ring {
					continue
				}
				x, y := cx+float64(i)*ux+float64(j)*vx, cy+float64(i)*uy+float64(j)*vy
				corner := detector.NewAlignmentPattern(x, y, size)
				tf := detector.Detector_createTransform(tl, tr, bl, corner, dimension)
				bits, err := detector.Detector_sampleGrid(m, tf, dimension)
				if err != nil {
					continue
				}
				if res, err := decoder.NewDecoder().Decode(bits, nil); err == nil {
					return res.GetText(), true
				}
			}
		}
	}
	return "", false
}

func abs(i int) int { return max(i, -i) }

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
