module earlyinit.twofold.invalid/quietinit

go 1.26
