package ui

import (
	"fmt"
	"fyne.io/fyne/v2/lang"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token/aws"
)

// newAWS builds the part an AWS seed shows: the two consecutive codes
// AWS asks for when the device is enrolled. Hidden for other seeds.
func (s *detailScreen) newAWS() *fyne.Container {
	g := s.g
	s.awsInfo = newWrappingLabel("")
	s.awsCodes = newWrappingLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	s.awsCodes.Hide()
	awsButton := widget.NewButton(lang.L("Give the two codes AWS asks for"), func() {
		s.awsShown = true
		s.showAWS(g.now())
	})
	box := container.NewVBox(widget.NewSeparator(), heading(lang.L("AWS")), s.awsInfo, container.NewHBox(awsButton), s.awsCodes)
	box.Hide()
	return box
}

func (s *detailScreen) showAWS(now time.Time) {
	seed, ok := s.g.seedByID(s.id)
	if !ok {
		return
	}
	e, err := aws.Enrollment(seed, now)
	if err != nil {
		s.awsCodes.SetText(message(err))
	} else {
		s.awsCodes.SetText(fmt.Sprintf(lang.L("MFA code 1:  %s\nMFA code 2:  %s\n\nType both before %s; after that, new ones appear here."),
			e.First, e.Second, e.Until.Local().Format("15:04:05")))
	}
	s.awsCodes.Show()
}
