package ui

import (
	"fmt"
	"fyne.io/fyne/v2/lang"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Preference keys. Only settings that give nothing away live in Fyne
// preferences; seeds stay in the vault.
const (
	prefAutoLock  = "autolock_minutes"
	prefClipboard = "clipboard_seconds"
	prefTheme     = "theme"
)

// Defaults, and the choices the settings screen offers.
const (
	defaultAutoLockMinutes  = 5
	defaultClipboardSeconds = 30
)

var (
	autoLockChoices  = []int{1, 2, 5, 10, 15, 30, 60, 0} // 0: never
	clipboardChoices = []int{10, 15, 20, 30, 45, 60, 90, 120}
)

// Theme choices.
const (
	themeSystem = "system"
	themeLight  = "light"
	themeDark   = "dark"
)

// preferences reads and writes the app's non-secret settings.
type preferences struct{ p fyne.Preferences }

func loadPreferences(p fyne.Preferences) *preferences { return &preferences{p} }

// AutoLock is the idle time after which the vault locks; 0 means never.
func (p *preferences) AutoLock() time.Duration {
	m := p.p.IntWithFallback(prefAutoLock, defaultAutoLockMinutes)
	if m <= 0 {
		return 0
	}
	return time.Duration(m) * time.Minute
}

// ClipboardClear is how long a copied code stays on the clipboard.
func (p *preferences) ClipboardClear() time.Duration {
	s := p.p.IntWithFallback(prefClipboard, defaultClipboardSeconds)
	if s <= 0 {
		s = defaultClipboardSeconds
	}
	return time.Duration(s) * time.Second
}

// Theme is themeSystem, themeLight or themeDark.
func (p *preferences) Theme() string {
	switch t := p.p.StringWithFallback(prefTheme, themeSystem); t {
	case themeLight, themeDark:
		return t
	}
	return themeSystem
}

// applyTheme follows the system's light or dark choice, or forces one.
func applyTheme(a fyne.App, name string) {
	switch name {
	case themeLight:
		a.Settings().SetTheme(variantTheme{theme.DefaultTheme(), theme.VariantLight})
	case themeDark:
		a.Settings().SetTheme(variantTheme{theme.DefaultTheme(), theme.VariantDark})
	default:
		a.Settings().SetTheme(theme.DefaultTheme())
	}
}

// variantTheme is the default theme held to one variant.
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}

// settingsScreen edits the preferences.
type settingsScreen struct {
	g         *gui
	autoLock  *widget.Select
	clipboard *widget.Select
	theme     *widget.RadioGroup
	vaultPath *widget.Label
	vault     vaultKeeper
	// status says what the last change of the vault from here did.
	status  *widget.Label
	content fyne.CanvasObject
}

// say puts text under the vault's buttons, where the person looks.
func (s *settingsScreen) say(text string) {
	say(s.status, text, widget.SuccessImportance)
	s.status.Show()
}

// object is what the tab draws.
func (s *settingsScreen) object() fyne.CanvasObject { return s.content }

func newSettingsScreen(g *gui) *settingsScreen {
	s := &settingsScreen{g: g, vault: g.sess}
	p := g.pref

	s.autoLock = intSelect(p.p, prefAutoLock, autoLockChoices, minutesName,
		p.p.IntWithFallback(prefAutoLock, defaultAutoLockMinutes), g.touch)
	s.clipboard = intSelect(p.p, prefClipboard, clipboardChoices, secondsName,
		int(p.ClipboardClear()/time.Second), g.touch)

	themeNames := map[string]string{lang.L("System"): themeSystem, lang.L("Light"): themeLight, lang.L("Dark"): themeDark}
	s.theme = widget.NewRadioGroup([]string{lang.L("System"), lang.L("Light"), lang.L("Dark")}, func(name string) {
		t, ok := themeNames[name]
		if !ok {
			return
		}
		p.p.SetString(prefTheme, t)
		applyTheme(g.app, t)
		g.codes.themeChanged()
		g.touch()
	})
	s.theme.Horizontal = true
	s.theme.Required = true
	for name, t := range themeNames {
		if t == p.Theme() {
			s.theme.SetSelected(name)
		}
	}

	s.vaultPath = widget.NewLabel(g.opts.VaultPath)
	s.vaultPath.Wrapping = fyne.TextWrapBreak
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Lock when idle for"), s.autoLock),
		widget.NewFormItem(lang.L("Clear copied codes after"), s.clipboard),
		widget.NewFormItem(lang.L("Theme"), s.theme),
		widget.NewFormItem(lang.L("Vault file"), s.vaultPath),
	)
	note := newWrappingLabel(lang.L("These settings are stored with the app's preferences. Your seeds are only ever stored in the encrypted vault file."))
	change := widget.NewButtonWithIcon(lang.L("Change passphrase…"), theme.AccountIcon(), s.changePassphrase)
	backUp := widget.NewButtonWithIcon(lang.L("Back up the vault…"), theme.DocumentSaveIcon(), s.backUp)
	s.status = newNoticeLabel()
	s.content = container.NewVScroll(container.NewPadded(container.NewVBox(form, note,
		widget.NewSeparator(), heading(lang.L("Vault")), container.NewHBox(change, backUp), s.status, g.kitButton())))
	return s
}

// intSelect offers choices by name and stores the chosen one under key.
func intSelect(p fyne.Preferences, key string, choices []int, name func(int) string, current int, changed func()) *widget.Select {
	names := make([]string, len(choices))
	for i, c := range choices {
		names[i] = name(c)
	}
	sel := widget.NewSelect(names, func(chosen string) {
		for _, c := range choices {
			if name(c) == chosen {
				p.SetInt(key, c)
			}
		}
		changed()
	})
	sel.SetSelected(name(current))
	return sel
}

func minutesName(m int) string {
	switch {
	case m <= 0:
		return lang.L("Never")
	case m == 1:
		return lang.L("1 minute")
	}
	return fmt.Sprintf(lang.L("%d minutes"), m)
}

func secondsName(s int) string { return fmt.Sprintf(lang.L("%d seconds"), s) }
