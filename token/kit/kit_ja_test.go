package kit

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

// TestKitJapanese reads back with pdftotext a kit printed in Japanese:
// every sentence is Japanese, the lost-device steps name the Japanese
// console's labels, hyphens are hyphens, and the root user's block (its
// steps and its QR code) is on one page.
func TestKitJapanese(t *testing.T) {
	in := sample(8)
	in.Language = Japanese
	pages := pageTexts(t, writeKit(t, in))
	all := strings.Join(pages, "\n")
	joined := regexp.MustCompile(`\n\s*`).ReplaceAllString(all, "") // lines of a paragraph joined
	for _, want := range []string{
		"取扱注意", "Twofold 緊急キット", "アカウント 3 件、シークレットキー 13 件", "この紙の保管場所",
		"登録されている認証方法", "MFA デバイスをなくしたとき", "「ルートユーザー」", "「セキュリティ認証情報」",
		"「多要素認証", "「MFA デバイスの割り当て」", "「今すぐ電話する」", "root-account-mfa-device",
		"時間ベース (TOTP)、SHA256、8 桁、60 秒ごとに新しいコード。", "本番アカウント（東京）の認証方法は",
		"どのアカウントにも属さないシークレットキー", "ハードウェアキー", "キー 12345678「Blue」",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("the Japanese kit lacks %q", want)
		}
	}
	// No English sentence of the kit's own: every run of three or more
	// Latin words is a name, a label given with its English, or a secret.
	allowed := regexp.MustCompile(`Amazon Web Services|Sign in using alternative factors|Troubleshoot MFA|Call me now|[A-Z2-7]{4}( [A-Z2-7]{1,4})+|Twofold 緊急キット|Ελληνικά Привет`)
	words := regexp.MustCompile(`[A-Za-z]+( [A-Za-z]+){2,}`)
	for _, m := range words.FindAllString(allowed.ReplaceAllString(all, ""), -1) {
		t.Errorf("English left in the Japanese kit: %q", m)
	}
	root := -1
	for i, p := range pages {
		if strings.Contains(p, "MFA デバイスをなくしたとき") {
			root = i
		}
	}
	if root < 0 || !strings.Contains(pages[root], "KRSX G5CT MVRX EZLU") || !strings.Contains(pages[root], "本番アカウント（東京）") {
		t.Errorf("the root user's name, steps and seed are not on one page")
	}
	if strings.Contains(all, "–") {
		t.Errorf("an en dash in the kit")
	}
}

func TestParseLanguage(t *testing.T) {
	for in, want := range map[string]Language{"ja": Japanese, "ja_JP.UTF-8": Japanese, "JA-jp": Japanese, "en_US": English, "en": English} {
		if got, err := ParseLanguage(in); err != nil || got != want {
			t.Errorf("ParseLanguage(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseLanguage("fr_FR"); !errors.Is(err, ErrLanguage) {
		t.Errorf("fr_FR: %v", err)
	}
	if err := Write(nil, Input{Language: "fr"}, printed); !errors.Is(err, ErrLanguage) {
		t.Errorf("Write in fr: %v", err)
	}
}
