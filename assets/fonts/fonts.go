// Package fonts holds the fonts Twofold embeds in what it prints, apart
// from the app (package assets needs Fyne; this one needs nothing, so the
// domain packages can use it).
//
// DroidSansFallbackFull.ttf draws Chinese and Japanese (kanji, kana and
// CJK punctuation) and comes from Debian's fonts-droid-fallback
// (Android's Droid fonts, Copyright 2006-2010 Google Corp., Apache
// License 2.0: LICENSE-Apache-2.0.txt beside it). It was chosen
// because it is a TrueType (glyf) font, which PDF writers embed as is,
// where Noto Sans CJK is CFF-based OpenType that they cannot; and because
// one file of about 4 MB holds every common kanji, so any name prints.
// A PDF embeds only the glyphs it uses. It has no Latin, Greek, Cyrillic
// or Hangul: Latin, Greek and Cyrillic come from the Go fonts
// (golang.org/x/image/font/gofont, BSD licence), Hangul from
// WenQuanYiMicroHei-Hangul.ttf.
//
// WenQuanYiMicroHei-Hangul.ttf is the Hangul of WenQuanYi Micro Hei
// (Debian's fonts-wqy-microhei, itself derived from the Droid fonts;
// Copyright 2008-2009 The WenQuanYi Project Board of Trustees, Apache
// License 2.0, LICENSE-Apache-2.0.txt): the jamo and every precomposed
// syllable (U+1100-11FF, U+3130-318F, U+A960-A97F, U+AC00-D7FF), about
// 550 KB, cut from the first face of wqy-microhei.ttc with fontTools:
//
//	pyftsubset wqy-microhei.ttf --unicodes=U+1100-11FF,U+3130-318F,U+A960-A97F,U+AC00-D7AF,U+D7B0-D7FF \
//		--no-hinting --desubroutinize --name-IDs='*' --name-languages='*'
package fonts

import _ "embed"

// CJK is DroidSansFallbackFull.ttf.
//
//go:embed DroidSansFallbackFull.ttf
var CJK []byte

// Hangul is WenQuanYiMicroHei-Hangul.ttf.
//
//go:embed WenQuanYiMicroHei-Hangul.ttf
var Hangul []byte
