package ui

import "fyne.io/fyne/v2/lang"

// appLanguage is the language the app's words are shown in, as Fyne
// chose it from the system's locale among the translations it has: "en"
// unless a translation says otherwise (its "app.language" entry).
func appLanguage() string { return lang.X("app.language", "en") }
