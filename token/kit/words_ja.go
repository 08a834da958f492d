package kit

import (
	"fmt"
	"strings"
	"time"

	"golang.org/x/text/width"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/aws"
	"github.com/twofoldmfa/twofold/token/inventory"
)

// japanese is the kit in Japanese. Its words follow the app's Japanese
// (シークレットキー for a seed, 認証方法 for a factor, MFA デバイス where AWS
// says so), and the lost-device steps name the labels of AWS's Japanese
// console; the labels of AWS's sign-in troubleshooting pages are given
// with their English too, as a browser set to English shows them.
var japanese = words{
	band:  "取扱注意: このページの秘密情報はすべて平文です。鍵のかかる場所に保管してください。",
	title: "Twofold 緊急キット",
	printed: func(date string, accounts, seeds int) string {
		return fmt.Sprintf("%s に印刷。アカウント %d 件、シークレットキー %d 件。", date, accounts, seeds)
	},
	intro: "下の QR コードは、一つ一つがシークレットキーです。電話をなくしたら、新しい電話の認証アプリでコードを読み取るか、" +
		"その下のキーを入力すれば、新しい電話が同じコードを作ります。この紙を見た人は誰でも同じことができます。" +
		"パスポートと同じように保管し、新しく印刷したら古いものは処分してください。",
	afterDate: "上の日時より後に Twofold に追加したシークレットキーは、この紙にはありません。",
	kept:      "この紙の保管場所:",
	date:      func(t time.Time) string { return t.UTC().Format("2006年1月2日 15:04 UTC") },
	awsAccount: func(id string, root bool, user string) string {
		who := "IAM ユーザー " + user
		if root {
			who = "ルートユーザー"
		}
		return fmt.Sprintf("AWS アカウント %s、%s", id, who)
	},
	idNotRecorded: "(ID 未記録)",
	recovery: func(email, phone string) string {
		return fmt.Sprintf("復旧用メールアドレス: %s。復旧用電話番号: %s。", email, phone)
	},
	noneOnFile:     "記録なし",
	factorsHeading: "登録されている認証方法:",
	noFactor:       "記録なし",
	factor:         factorJA,
	finding: func(f inventory.Finding, a inventory.Account, seeds []token.Seed, keys []inventory.KeyRecord) string {
		return tight(findingJA(f, a, seeds, keys))
	},
	codesHeading: func(unused, total int) string {
		return fmt.Sprintf("リカバリーコード: 印刷時点で %d 個中 %d 個が未使用。どれも一度だけ使えます。使ったら印を付けてください。", total, unused)
	},
	codesNone:   "残りがありません。サービスで新しいコードを発行してください。",
	lostHeading: "MFA デバイスをなくしたとき:",
	lostSteps: func(a inventory.Account) []string {
		steps := lostStepsJA(a)
		for i := range steps {
			steps[i] = tight(steps[i])
		}
		return steps
	},
	looseHeading: "どのアカウントにも属さないシークレットキー",
	looseBody:    "アカウント一覧には、これらのキーがどのアカウントのものか記録されていません。",
	noIssuer:     "(発行元なし)",
	secretLabel:  "シークレットキー (base32):",
	totp: func(alg token.Algorithm, digits, period int) string {
		return fmt.Sprintf("時間ベース (TOTP)、%s、%d 桁、%d 秒ごとに新しいコード。", alg, digits, period)
	},
	hotp: func(alg token.Algorithm, digits int, counter uint64) string {
		return fmt.Sprintf("カウンターベース (HOTP)、%s、%d 桁。印刷時のカウンターは %d (コードを使うたびに進みます)。", alg, digits, counter)
	},
	awsDevice: func(name, account string) string {
		return fmt.Sprintf("AWS アカウント %s の仮想 MFA デバイス %s。", account, name)
	},
	added:         func(d string) string { return d + " に追加。" },
	neverVerified: "2 台目のデバイスでまだ確認していません。",
	verifiedOn:    func(device, d string) string { return fmt.Sprintf("%s に %s で確認済み。", d, device) },
	verified:      func(d string) string { return d + " に 2 台目のデバイスで確認済み。" },
	keysHeading:   "ハードウェアキー",
	lastSeen:      func(d string) string { return "、最後に見たのは " + d },
	factorOf:      "。認証方法として使うアカウント: ",
	oathHolds:     "。OATH アプリケーションに入っているもの: ",
	listSep:       "、",
	fullStop:      "。",
	footer: func(printed string, page, pages int) string {
		return fmt.Sprintf("Twofold 緊急キット、%s に印刷。取扱注意。%d / %d ページ。", printed, page, pages)
	},
}

func factorJA(f inventory.Factor, seeds []token.Seed, keys []inventory.KeyRecord) string {
	withLabel := func(s, label string) string {
		if label == "" {
			return s
		}
		return s + " (" + label + ")"
	}
	switch f.Kind {
	case inventory.SeedFactor:
		for _, s := range seeds {
			if s.ID == f.SeedID {
				return "シークレットキー " + s.Label()
			}
		}
		return "シークレットキー " + f.SeedID + " (保管庫にもうありません)"
	case inventory.KeyFactor:
		s := fmt.Sprintf("キー %d", f.KeySerial)
		for _, k := range keys {
			if k.Serial == f.KeySerial && k.Nickname != "" {
				s += "「" + k.Nickname + "」"
			}
		}
		return withLabel(s, strings.ToUpper(f.KeyUse))
	case inventory.AppFactor:
		if f.Label != "" {
			return f.Label + " の認証アプリ"
		}
		return "認証アプリ"
	case inventory.PasskeyFactor:
		return withLabel("パスキー", f.Label)
	case inventory.BackupCodesFactor:
		return withLabel("バックアップコード", f.Label)
	case inventory.SMSFactor:
		return withLabel("SMS", f.Label)
	}
	return withLabel(string(f.Kind), f.Label)
}

// findingJA words the findings the kit prints (warnings and worse about
// an account) from their code and data; a code it does not know keeps
// its English.
func findingJA(f inventory.Finding, a inventory.Account, seeds []token.Seed, keys []inventory.KeyRecord) string {
	name := f.Account
	factor := ""
	for _, x := range a.Factors {
		if x.ID == f.FactorID {
			factor = factorJA(x, seeds, keys)
		}
	}
	switch f.Code {
	case inventory.CodeNoFactor:
		return fmt.Sprintf("%s には MFA の認証方法が記録されていません。パスワードが盗まれるだけでサインインされます。"+
			"認証方法を二つ以上登録し (例: Twofold のシークレットキーとハードウェアキー)、Twofold に記録してください。", name)
	case inventory.CodeSingleFactor:
		s := fmt.Sprintf("%s の認証方法は %s の一つだけです。そのデバイスをなくすとアカウントに入れなくなります。"+
			"サインインできるうちに二つ目の認証方法を登録し、Twofold に記録してください。", name, factor)
		if a.Provider == inventory.AWS {
			s += fmt.Sprintf("AWS ではユーザーごとに MFA デバイスを %d 個まで登録できます。", aws.MaxFactorsPerUser)
		}
		return s
	case inventory.CodeTooManyFactors:
		return fmt.Sprintf("%s には AWS の上限 (ユーザーあたり %d 個) より多い認証方法が記録されています。古い記録が混じっています。"+
			"IAM コンソールの MFA デバイスと見比べてください。", name, aws.MaxFactorsPerUser)
	case inventory.CodeMissingSeed:
		return fmt.Sprintf("%s の認証方法の一つが、保管庫にもうないシークレットキーを指しています。", name)
	case inventory.CodeMissingKey:
		return fmt.Sprintf("%s の認証方法の一つはキー %d にありますが、Twofold はもうそのキーを知りません。", name, f.KeySerial)
	case inventory.CodeKeyNeverSeen:
		return fmt.Sprintf("%s はキー %d を使っていますが、Twofold はそれが差し込まれたのを見たことがありません。", name, f.KeySerial)
	case inventory.CodeKeyNotSeen:
		return fmt.Sprintf("%s はキー %d を使っていますが、長い間見ていません。なくしたかもしれません。", name, f.KeySerial)
	case inventory.CodeSeedUnverified:
		return fmt.Sprintf("%s の %s は、まだ 2 台目のデバイスで確認していません。", name, factor)
	case inventory.CodeNoPhone:
		return fmt.Sprintf("%s の電話番号が記録されていません。ルートユーザーの MFA デバイスをなくしたとき、AWS はその番号に電話をかけます。"+
			"AWS コンソールのアカウント設定で確かめてください。", name)
	case inventory.CodePhoneInvalid:
		return fmt.Sprintf("%s の復旧用電話 %s には AWS から電話をかけられません。"+
			"AWS コンソールのアカウント設定で国番号付きに直してください。", name, a.Phone)
	case inventory.CodeRecoveryCodesLow:
		return fmt.Sprintf("%s のリカバリーコードは残り %d 個です。サービスで新しいコードを発行し、Twofold に入れ替えてください。", name, f.CodesLeft)
	case inventory.CodeRecoveryCodesUsedUp:
		return fmt.Sprintf("%s のリカバリーコードはすべて使用済みです。サービスで新しいコードを発行し、Twofold に入れ替えてください。", name)
	case inventory.CodeWeakSecret:
		return fmt.Sprintf("%s の %s は、サービスが選んだ短い (弱い) シークレットキーです。サービスで MFA を設定し直せば新しいキーになります。", name, factor)
	case inventory.CodeAWSUnknownFactor:
		return fmt.Sprintf("AWS には %s のルートユーザーの MFA デバイスが一つもないのに、アカウント一覧には %s が記録されています。"+
			"ルートユーザーとして AWS コンソールにサインインし、MFA デバイスを確かめてください。", name, factor)
	case inventory.CodeNoEmail:
		return fmt.Sprintf("%s のルートユーザーのメールアドレスが記録されていません。MFA デバイスをなくしたとき、AWS はそこに確認のメールを送ります。", name)
	}
	return f.Message + " " + f.Fix
}

// lostStepsJA are inventory.LostDeviceSteps in Japanese. The console's
// labels (ルートユーザー, セキュリティ認証情報, 多要素認証 (MFA), MFA デバイスの
// 割り当て) are those of AWS's Japanese console; the troubleshooting
// pages' labels carry their English beside them.
func lostStepsJA(a inventory.Account) []string {
	switch {
	case a.IsAWSRoot():
		email := "ルートユーザーのメールアドレス"
		if a.Email != "" {
			email = a.Email
		}
		phone := "アカウントに登録された電話番号"
		if a.Phone != "" {
			phone = a.Phone
		}
		return []string{
			fmt.Sprintf("AWS のサインインページを開き、「ルートユーザー」を選んで、%s とルートユーザーのパスワードでサインインします。", email),
			"MFA コードを求められたら「MFA のトラブルシューティング」(英語表示では Troubleshoot MFA) を選び、続いて「代替の認証要素を使用してサインインする」(Sign in using alternative factors) を選びます。",
			fmt.Sprintf("メールアドレスの確認: AWS が %s に確認のメールを送ります。メールの中のリンクを開きます (またはメールにあるコードを入力します)。", email),
			fmt.Sprintf("電話番号の確認: 「今すぐ電話する」(Call me now) を選ぶと、AWS から %s に電話がかかります。AWS のページに表示されたコードを電話のキーで入力します。", phone),
			"サインインできたら、右上のアカウント名のメニューから「セキュリティ認証情報」を開き、「多要素認証 (MFA)」でなくした MFA デバイスを削除して、「MFA デバイスの割り当て」で新しいものを登録します。予備にもう一つ登録してください。",
			"登録されたメールアドレスか電話番号が間違っている、または受け取れない場合は、この手順を自分では終えられません。AWS サポートに連絡してください (サインインのトラブルシューティングのページにフォームへのリンクがあります)。",
		}
	case a.Provider == inventory.AWS:
		return []string{
			"この IAM ユーザーに別の MFA デバイスが登録されていれば、それでサインインします。",
			"なければ、AWS アカウントの管理者 (IAM の権限を持つ人か、ルートユーザー) に、IAM ユーザーのなくした MFA デバイスを無効にしてもらいます。",
			"サインインしたらすぐに新しい MFA デバイスを登録し、予備にもう一つ登録して、両方を Twofold に記録します。",
		}
	}
	return []string{
		"アカウントに登録された別の認証方法か、バックアップコードでサインインします。",
		"どちらもなければ、サービスのアカウント復旧を使うか、サポートに連絡します。",
		"サインインできたら、なくしたデバイスをアカウントから外して新しいものを登録し、予備にもう一つ登録して、両方を Twofold に記録します。",
	}
}

// tight drops the spaces the sentences put around a name where the name
// turns out to be Japanese: Japanese sets a space beside a Latin word,
// never between two Japanese characters ("本番（東京） の" → "本番（東京）の").
func tight(s string) string {
	runes := []rune(s)
	out := runes[:0:0]
	for i, r := range runes {
		if r == ' ' && i > 0 && i+1 < len(runes) && isWide(runes[i-1]) && isWide(runes[i+1]) {
			continue
		}
		out = append(out, r)
	}
	return string(out)
}

func isWide(r rune) bool {
	k := width.LookupRune(r).Kind()
	return k == width.EastAsianWide || k == width.EastAsianFullwidth
}
