// Package fonts holds the fonts Twofold embeds in what it prints, apart
// from the app (package assets needs Fyne; this one needs nothing, so the
// domain packages can use it).
//
// DroidSansFallbackFull.ttf draws Chinese and Japanese (kanji, kana and
// CJK punctuation) and comes from Debian's fonts-droid-fallback
// (Android's Droid fonts, Copyright 2006-2010 Google Corp., Apache
// License 2.0: LICENSE-DroidSansFallback.txt beside it). It was chosen
// because it is a TrueType (glyf) font, which PDF writers embed as is,
// where Noto Sans CJK is CFF-based OpenType that they cannot; and because
// one file of about 4 MB holds every common kanji, so any name prints.
// A PDF embeds only the glyphs it uses. It has no Latin, Greek, Cyrillic
// or Hangul: Latin, Greek and Cyrillic come from the Go fonts
// (golang.org/x/image/font/gofont, BSD licence).
package fonts

import _ "embed"

// CJK is DroidSansFallbackFull.ttf.
//
//go:embed DroidSansFallbackFull.ttf
var CJK []byte
