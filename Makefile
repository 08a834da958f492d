# Desktop packaging and the GUI checks. The test suite as a whole is
# scripts/test.sh.

FYNE      ?= go run fyne.io/tools/cmd/fyne@v1.7.4
NFPM      ?= go run github.com/goreleaser/nfpm/v2/cmd/nfpm@v2.45.2
DIST      ?= dist
VERSION   ?= $(shell awk -F'"' '/^ *Version *=/ { print $$2 }' FyneApp.toml)
COMMIT    ?= $(shell git rev-parse --short=12 HEAD 2>/dev/null)
GOARCH    ?= $(shell go env GOARCH)
APPID     := io.github.twofoldmfa.twofold
BUILD     := $(DIST)/build

# Release builds: stripped of the symbol table and DWARF (-s -w: the
# binary is a third smaller, and a crash's stack trace keeps its function
# names), no build machine paths (-trimpath), the version and commit
# stamped for 'twofold --version'.
LDFLAGS   := -s -w -X main.version=$(VERSION) -X main.commit=$(COMMIT)
RELEASE   := go build -trimpath -ldflags '$(LDFLAGS)'

DEB       := $(DIST)/twofold_$(VERSION)_$(GOARCH).deb
TARXZ     := $(DIST)/twofold-$(VERSION)-linux-$(GOARCH).tar.xz
WINZIP    := $(DIST)/twofold-$(VERSION)-windows-amd64.zip
ICONSIZES := 16 22 24 32 48 64 128 256 512

.PHONY: build dist dist-deb dist-windows package-linux release-linux icons gui-smoke bench bench-gui icon clean

# build: the release binary.
build: release-linux

release-linux:
	mkdir -p $(BUILD)
	$(RELEASE) -o $(BUILD)/twofold ./cmd/twofold

# dist: every release file, and their checksums, in dist/: the Debian
# package, the Linux archive and the Windows zip (README.md, Installing).
dist:
	rm -f $(DIST)/twofold_*.deb $(DIST)/twofold-*.tar.xz $(DIST)/twofold-*.zip $(DIST)/SHA256SUMS
	$(MAKE) --no-print-directory dist-deb package-linux dist-windows
	cd $(DIST) && sha256sum $(notdir $(DEB) $(TARXZ) $(WINZIP)) >SHA256SUMS
	@cat $(DIST)/SHA256SUMS

# icons: the app's icon in the hicolor theme's sizes, from the 512 px
# assets/icon.png.
icons:
	rm -rf $(BUILD)/icons
	for n in $(ICONSIZES); do \
		mkdir -p $(BUILD)/icons/hicolor/$${n}x$${n}/apps && \
		convert assets/icon.png -resize $${n}x$${n} -strip \
			$(BUILD)/icons/hicolor/$${n}x$${n}/apps/$(APPID).png || exit 1; \
	done

# dist-deb: the Debian package (packaging/nfpm.yaml).
dist-deb: release-linux icons
	VERSION=$(VERSION) ARCH=$(GOARCH) BUILD=$(BUILD) \
		$(NFPM) package --config packaging/nfpm.yaml --packager deb --target $(DEB)

# dist-windows: twofold.exe, cross-built with mingw-w64, and a README.txt
# in a zip.
dist-windows:
	mkdir -p $(BUILD)/windows
	CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc \
		$(RELEASE) -o $(BUILD)/windows/twofold.exe ./cmd/twofold
	sed 's/$$/\r/' packaging/README.txt >$(BUILD)/windows/README.txt
	rm -f $(WINZIP)
	zip -j -q -X $(WINZIP) $(BUILD)/windows/twofold.exe $(BUILD)/windows/README.txt

# package-linux: a Linux archive (binary, .desktop file, icon, and a
# Makefile that installs them) made with Fyne's packaging tool, from the
# metadata in FyneApp.toml. The tool bumps the build number in
# FyneApp.toml; the file is restored so packaging leaves the tree clean.
package-linux: release-linux
	cp FyneApp.toml $(BUILD)/FyneApp.toml.orig
	$(FYNE) package -os linux --exe $(BUILD)/twofold --release; \
		status=$$?; mv $(BUILD)/FyneApp.toml.orig FyneApp.toml; exit $$status
	mv Twofold.tar.xz $(TARXZ)
	@echo "packaged $(TARXZ)"

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
