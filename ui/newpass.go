package ui

import (
	"errors"
	"fyne.io/fyne/v2/lang"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token/passphrase"
)

// newPassphraseForm asks for a new passphrase twice and shows its
// strength as it is typed, under the policy of token/passphrase (as
// 'twofold passwd' and 'export backup' apply it).
type newPassphraseForm struct {
	pass, repeat *widget.Entry
	strength     *strengthView
	box          *fyne.Container
}

// newNewPassphraseForm labels the new passphrase's field label; before
// are fields the form shows above it.
func newNewPassphraseForm(label string, before ...*widget.FormItem) *newPassphraseForm {
	f := &newPassphraseForm{pass: widget.NewPasswordEntry(), repeat: widget.NewPasswordEntry(), strength: newStrengthView()}
	f.pass.OnChanged = func(p string) { f.strength.show(p) }
	f.strength.show("")
	form := widget.NewForm(append(before,
		widget.NewFormItem(label, f.pass),
		widget.NewFormItem(lang.L("Repeat it"), f.repeat))...)
	f.box = container.NewVBox(form, f.strength.box)
	return f
}

// errPassphrasesDiffer is the form's problem when the two differ.
var errPassphrasesDiffer = errors.New("the two passphrases differ")

// value is the passphrase typed, or why it cannot be used.
func (f *newPassphraseForm) value() (string, error) {
	if err := passphrase.Check(f.pass.Text); err != nil {
		return "", err
	}
	if f.pass.Text != f.repeat.Text {
		return "", errPassphrasesDiffer
	}
	return f.pass.Text, nil
}

// clear forgets what was typed.
func (f *newPassphraseForm) clear() {
	f.pass.SetText("")
	f.repeat.SetText("")
}
