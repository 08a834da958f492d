package oath

// Constants of the YKOATH protocol specification (Yubico, "YKOATH Protocol
// Specification", developers.yubico.com/OATH/YKOATH_Protocol.html).

// aid selects the OATH application.
var aid = []byte{0xA0, 0x00, 0x00, 0x05, 0x27, 0x21, 0x01}

// Instructions.
const (
	insSelect        = 0xA4
	insPut           = 0x01
	insDelete        = 0x02
	insSetCode       = 0x03
	insList          = 0xA1
	insCalculate     = 0xA2
	insValidate      = 0xA3
	insCalculateAll  = 0xA4
	insSendRemaining = 0xA5
)

// Tags of the TLV data.
const (
	tagName              = 0x71
	tagNameList          = 0x72
	tagKey               = 0x73
	tagChallenge         = 0x74
	tagResponse          = 0x75
	tagTruncatedResponse = 0x76
	tagHOTP              = 0x77
	tagProperty          = 0x78
	tagVersion           = 0x79
	tagIMF               = 0x7A
	tagTouch             = 0x7C
)

// Credential type (high nibble) and hash algorithm (low nibble).
const (
	typeHOTP   = 0x10
	typeTOTP   = 0x20
	typeMask   = 0xF0
	algoSHA1   = 0x01
	algoSHA256 = 0x02
	algoSHA512 = 0x03
	algoMask   = 0x0F
)

// Properties of PUT (tag without length).
const propRequireTouch = 0x02

// Status words.
const (
	swOK               = 0x9000
	swNoSpace          = 0x6A84
	swNoSuchObject     = 0x6984
	swAuthRequired     = 0x6982
	swConditionsNotMet = 0x6985 // touch not given in time
	swWrongData        = 0x6A80
	swMoreDataHighByte = 0x61
	defaultPeriod      = 30
	maxNameLength      = 64
	minKeyLength       = 14 // keys shorter than this are padded with zeros
	passwordIterations = 1000
	passwordKeyLength  = 16
	challengeLength    = 8
	capacityBefore57   = 32
	capacityFrom57     = 64
	firmwareCapacity57 = 0x050700
)
