package ui

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"
)

// useLocale switches Fyne's language to the one of loc (such as
// "ja_JP.UTF-8") for the test, as the system's locale would.
func useLocale(t *testing.T, loc string) {
	t.Helper()
	vars := []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}
	old := map[string]*string{}
	for _, v := range vars {
		if x, ok := os.LookupEnv(v); ok {
			old[v] = &x
		} else {
			old[v] = nil
		}
		os.Setenv(v, loc)
	}
	if err := loadTranslations(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, v := range vars {
			if old[v] == nil {
				os.Unsetenv(v)
			} else {
				os.Setenv(v, *old[v])
			}
		}
		if err := loadTranslations(); err != nil {
			t.Error(err)
		}
	})
}

// appWords lists the English words the app translates: every literal
// given to lang.L or lang.X in the package, every count given to
// plural, and the tables shown through lang.L.
func appWords(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var words []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			literal := func(e ast.Expr) (string, bool) {
				lit, ok := e.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return "", false
				}
				s, err := strconv.Unquote(lit.Value)
				return s, err == nil
			}
			switch fun := call.Fun.(type) {
			case *ast.SelectorExpr:
				if x, ok := fun.X.(*ast.Ident); ok && x.Name == "lang" && (fun.Sel.Name == "L" || fun.Sel.Name == "X") {
					if s, ok := literal(call.Args[0]); ok {
						words = append(words, s)
					}
				}
			case *ast.Ident:
				if fun.Name == "plural" && len(call.Args) == 2 {
					if s, ok := literal(call.Args[1]); ok {
						words = append(words, "1 "+s, "%d "+s+"s")
					}
				}
			}
			return true
		})
	}
	for _, format := range groupCounts {
		words = append(words, format)
	}
	for _, k := range factorKinds {
		words = append(words, k.label)
		if k.hint != "" {
			words = append(words, k.hint)
		}
	}
	for _, u := range keyUses {
		words = append(words, u.label)
	}
	for _, step := range appSteps {
		words = append(words, step.where, step.press)
	}
	words = append(words, consoleSteps...)
	words = append(words, providerAWS, providerGeneric, principalRoot, principalIAM,
		kindTOTP, kindHOTP, periodNumberMessage, modeEach, modeGoogle, stateNew, stateDuplicate, defaultChain,
		// PIV slot names (piv.Slot.Name with spaces).
		"authentication", "signature", "key management", "card authentication")
	return words
}

var verb = regexp.MustCompile(`%(\[\d\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// verbs are the fmt verbs of s, sorted, with their argument indexes
// taken off (a translation may take the arguments in another order).
func verbs(s string) []string {
	var out []string
	for _, v := range verb.FindAllString(s, -1) {
		out = append(out, regexp.MustCompile(`\[\d\]`).ReplaceAllString(v, ""))
	}
	slices.Sort(out)
	return out
}

// TestJapaneseComplete: every word the app translates has a Japanese
// translation, with the same fmt verbs. A string added with lang.L and
// no entry in translations/ja.json is named here.
func TestJapaneseComplete(t *testing.T) {
	// Fyne refuses a whole file over one key it reserves ("Other").
	if err := loadTranslations(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile("translations/ja.json")
	if err != nil {
		t.Fatal(err)
	}
	var entries map[string]any
	if err := json.Unmarshal(raw, &entries); err != nil {
		t.Fatal(err)
	}
	ja := map[string]string{} // the plain entries (not Fyne's plural ones)
	for k, v := range entries {
		if s, ok := v.(string); ok {
			ja[k] = s
		}
	}
	for _, w := range appWords(t) {
		tr, ok := ja[w]
		switch {
		case !ok:
			t.Errorf("no Japanese for %q", w)
		case !slices.Equal(verbs(w), verbs(tr)):
			t.Errorf("the Japanese for %q has verbs %v, want %v", w, verbs(tr), verbs(w))
		}
	}
}

// TestJapaneseChosenByLocale: a Japanese locale makes Fyne pick the
// app's Japanese words; an English one, the English.
func TestJapaneseChosenByLocale(t *testing.T) {
	useLocale(t, "ja_JP.UTF-8")
	if appLanguage() != "ja" || lang.L("Unlock") != "ロック解除" {
		t.Errorf("with ja_JP: language %q, Unlock is %q", appLanguage(), lang.L("Unlock"))
	}
	useLocale(t, "en_US.UTF-8")
	if appLanguage() != "en" || lang.L("Unlock") != "Unlock" {
		t.Errorf("with en_US: language %q, Unlock is %q", appLanguage(), lang.L("Unlock"))
	}
}
