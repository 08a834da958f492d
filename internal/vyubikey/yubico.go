package vyubikey

import "encoding/binary"

// Management applet (INS 1D, read device info) and OTP applet (INS 01 with
// slot 10, read serial): what ykman and piv-go ask of them to learn a key's
// serial, firmware and form factor. Tags from Yubico's yubikit
// (management.py, TAG_*).
const (
	insReadConfig     = 0x1d
	insOTPConfig      = 0x01
	otpSlotSerial     = 0x10
	tagUSBSupported   = 0x01
	tagSerial         = 0x02
	tagUSBEnabled     = 0x03
	tagFormFactor     = 0x04
	tagVersion        = 0x05
	tagConfigLock     = 0x0a
	capabilitiesUSB   = 0x023b // OTP, U2F, OpenPGP, PIV, OATH, FIDO2
	capabilitiesFlags = 0x00
)

func (c *Card) management(cmd command) ([]byte, int) {
	if cmd.ins != insReadConfig {
		return nil, swInsUnsupported
	}
	var b []byte
	b = append(b, tlv(tagUSBSupported, binary.BigEndian.AppendUint16(nil, capabilitiesUSB))...)
	b = append(b, tlv(tagSerial, binary.BigEndian.AppendUint32(nil, c.serial))...)
	b = append(b, tlv(tagUSBEnabled, binary.BigEndian.AppendUint16(nil, capabilitiesUSB))...)
	b = append(b, tlv(tagFormFactor, []byte{c.formFactor})...)
	b = append(b, tlv(tagVersion, c.version[:])...)
	b = append(b, tlv(tagConfigLock, []byte{capabilitiesFlags})...)
	return append([]byte{byte(len(b))}, b...), swOK
}

// otpStatus is the OTP applet's status: firmware version, programming
// sequence and touch level.
func (c *Card) otpStatus() []byte {
	return []byte{c.version[0], c.version[1], c.version[2], 0x01, 0x00, 0x00}
}

func (c *Card) otp(cmd command) ([]byte, int) {
	if cmd.ins == insOTPConfig && cmd.p1 == otpSlotSerial {
		return binary.BigEndian.AppendUint32(nil, c.serial), swOK
	}
	return nil, swInsUnsupported
}
