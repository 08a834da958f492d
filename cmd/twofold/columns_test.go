package main

import "testing"

func TestPadRightAlignsWideNames(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int // display width
	}{
		{"alice", 5},
		{"山田太郎", 8},
		{"ｶﾀｶﾅ", 4}, // halfwidth katakana take one column each
		{"Ｇｉｔ", 6},
		{"é", 1}, // e + combining acute
	} {
		if got := displayWidth(c.in); got != c.want {
			t.Errorf("displayWidth(%q) = %d, want %d", c.in, got, c.want)
		}
		if got := displayWidth(padRight(c.in, 12)); got != 12 {
			t.Errorf("padRight(%q, 12) is %d columns wide", c.in, got)
		}
	}
}
