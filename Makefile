# Desktop packaging and the GUI checks. The test suite as a whole is
# scripts/test.sh.

FYNE      ?= go run fyne.io/tools/cmd/fyne@v1.7.4
DIST      ?= dist
VERSION   ?= $(shell awk -F'"' '/^ *Version *=/ { print $$2 }' FyneApp.toml)

.PHONY: build package-linux gui-smoke bench bench-gui icon clean

# build: the release binary.
build:
	go build -o $(DIST)/twofold ./cmd/twofold

# package-linux: a Linux archive (binary, .desktop file, icon, and a
# Makefile that installs them) made with Fyne's packaging tool, from the
# metadata in FyneApp.toml. The tool bumps the build number in
# FyneApp.toml; the file is restored so packaging leaves the tree clean.
package-linux:
	mkdir -p $(DIST)
	go build -trimpath -ldflags '-s -w' -o $(DIST)/twofold ./cmd/twofold
	cp FyneApp.toml $(DIST)/FyneApp.toml.orig
	$(FYNE) package -os linux --exe $(DIST)/twofold --release; \
		status=$$?; mv $(DIST)/FyneApp.toml.orig FyneApp.toml; exit $$status
	mv Twofold.tar.xz $(DIST)/twofold-$(VERSION)-linux-$(shell go env GOARCH).tar.xz
	@echo "packaged $(DIST)/twofold-$(VERSION)-linux-$(shell go env GOARCH).tar.xz"

# gui-smoke: the real window under Xvfb; screenshots in ./shots.
gui-smoke:
	scripts/gui-smoke.sh shots

# bench: the whole benchmark suite, each figure next to its reference
# (BENCHMARKS.md).
bench:
	scripts/bench.sh

# bench-gui: start time, memory and idle CPU against a bare Fyne window.
bench-gui:
	scripts/bench-gui.sh

# icon: redraw assets/icon.png (two interlocked rings) with ImageMagick.
icon:
	convert -size 512x512 xc:none \
		-fill '#1f4e8c' -draw 'roundrectangle 16,16 495,495 96,96' \
		-fill none -stroke '#ffffff' -strokewidth 44 -draw 'circle 196,256 196,126' \
		-stroke '#7fd3ff' -draw 'circle 316,256 316,126' \
		\( -size 512x512 xc:none -fill none -stroke '#ffffff' -strokewidth 44 -draw 'circle 196,256 196,126' \
		   \( -size 512x512 xc:none -stroke none -fill white -draw 'circle 256,141 256,96' \) -compose DstIn -composite \) \
		-compose Over -composite -depth 8 -strip assets/icon.png

clean:
	rm -rf $(DIST) shots
