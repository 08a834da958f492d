package qr

import (
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/common"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// Bounds of sampling a code's grid from its three finder patterns when
// gozxing's own sampling fails.
const (
	// steepSweep is how far, in modules, the far corner is swept.
	steepSweep = 6
	// steepTiming is the share of timing modules that must read right
	// for a sampling to be decoded.
	steepTiming = 0.75
)

// readGrid decodes the code of the given size the finder patterns make:
// with its bottom-right alignment pattern looked for, then, where the
// format information reads, with the far corner swept.
func readGrid(m *gozxing.BitMatrix, info *detector.FinderPatternInfo, dimension int) (string, bool) {
	tl, tr, bl := info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()
	size := (tl.GetEstimatedModuleSize() + tr.GetEstimatedModuleSize() + bl.GetEstimatedModuleSize()) / 3
	decode := func(corner *detector.AlignmentPattern) (*gozxing.BitMatrix, string, bool) {
		bits, err := detector.Detector_sampleGrid(m, detector.Detector_createTransform(tl, tr, bl, corner, dimension), dimension)
		if err != nil {
			return nil, "", false
		}
		res, err := decoder.NewDecoder().Decode(bits, nil)
		if err != nil {
			return bits, "", false
		}
		return bits, res.GetText(), true
	}
	if dimension > 21 {
		// Where a flat code would have it, three modules in from the
		// corner, as gozxing guesses; looked for further out than it does.
		f := 1 - 3/float64(dimension-7)
		x := tl.GetX() + f*(tr.GetX()-tl.GetX()+bl.GetX()-tl.GetX())
		y := tl.GetY() + f*(tr.GetY()-tl.GetY()+bl.GetY()-tl.GetY())
		for _, allow := range []float64{8, 16, 24} {
			r := int(allow * size)
			x0, y0 := max(0, int(x)-r), max(0, int(y)-r)
			x1, y1 := min(m.GetWidth()-1, int(x)+r), min(m.GetHeight()-1, int(y)+r)
			if x1-x0 < int(3*size) || y1-y0 < int(3*size) {
				break
			}
			if corner, err := detector.NewAlignmentPatternFinder(m, x0, y0, x1-x0, y1-y0, size, nil).Find(); err == nil {
				if _, text, ok := decode(corner); ok {
					return text, true
				}
			}
		}
	}
	bits, text, ok := decode(nil)
	if ok {
		return text, true
	}
	// The format information lies along the three finder patterns, where
	// the far corner hardly moves the grid: where it cannot be read, these
	// patterns are no code of this size and the sweep is spared.
	if bits == nil {
		return "", false
	}
	if parser, err := decoder.NewBitMatrixParser(bits); err != nil {
		return "", false
	} else if _, err := parser.ReadFormatInformation(); err != nil {
		return "", false
	}
	return sweepCorner(m, info, dimension)
}

// timingReads tells whether, through tf, row and column 6 of a code of d
// modules alternate dark and light between the finder patterns in m, as
// a code's timing patterns do, in at least steepTiming of their modules.
// It samples two lines of modules where decoding samples them all.
func timingReads(m *gozxing.BitMatrix, tf *common.PerspectiveTransform, d int) bool {
	n := d - 16
	pts := make([]float64, 0, 4*n)
	for i := 8; i < d-8; i++ {
		pts = append(pts, float64(i)+0.5, 6.5, 6.5, float64(i)+0.5)
	}
	tf.TransformPoints(pts)
	right := 0
	for k := 0; k < len(pts); k += 2 {
		x, y := int(pts[k]), int(pts[k+1])
		if x < 0 || y < 0 || x >= m.GetWidth() || y >= m.GetHeight() {
			return false
		}
		if m.Get(x, y) == ((k/4)%2 == 0) {
			right++
		}
	}
	return right >= int(steepTiming*float64(2*n))
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
				if !timingReads(m, tf, dimension) {
					continue
				}
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
