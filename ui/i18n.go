package ui

import (
	"embed"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// translations holds the app's words in other languages than English,
// one JSON file per language (ja.json), as Fyne's lang package reads
// them. See the package doc, "Words and languages".
//
//go:embed translations
var translations embed.FS

func init() {
	if err := loadTranslations(); err != nil {
		fyne.LogError("loading the app's translations", err)
	}
}

// loadTranslations adds the app's translations to Fyne's, which then
// picks the language closest to the system's locale (LANGUAGE, LC_ALL,
// LC_MESSAGES, LANG on Linux).
func loadTranslations() error { return lang.AddTranslationsFS(translations, "translations") }

// appLanguage is the language the app's words are shown in, as Fyne
// chose it from the system's locale among the translations it has: "en"
// unless a translation says otherwise (its "app.language" entry).
func appLanguage() string { return lang.X("app.language", "en") }
