// Word lists of the search benchmark's corpus (bench/search/corpus.mjs), each in rough order of
// frequency: the corpus draws from them with a Zipf-like law over this order, so the first words
// are common and the last ones rare. Words are separated by single spaces; "_" joins the parts
// of a multi-word entry.

// Function words: most of any English text, never searched for.
export const ENGLISH_STOPWORDS = `the to i you and a it is that of for in on we this be have with are not can
just so but at do if me my was will what all about get from your like they there an or as up out
our when how would been did has had one he she them were then than also some any more no yes`.split(/\s+/);

// Content words, most common first. The first ten are the common words the benchmark searches
// for; the list holds words that share fragments (deploy, deployment, employee, redeployed ...)
// for the partial-word queries.
export const ENGLISH = `time today meeting work team think thanks need good tomorrow
know want going see let look please update week review call new issue fix release
sure right back check problem server day people still done morning build test change
great help project code data morning question sounds thing next start doc plan client
deploy later yesterday working send branch around around maybe really error version
lunch office time ready ticket merge config happy email customer price report
weekend friday monday coffee design feature quick note agree missed sorry long
account database window schedule notification deployed deployment user users app
support access support login page link share file files folder upload download
meeting okay yeah nice cool awesome thank problem bug bugs crash logs alert
production staging prod dev local remote service services api endpoint request response
latency memory disk network cluster node nodes backup restore migration schema query
index search results performance slow fast faster cache queue worker workers job jobs
monitor dashboard metrics chart graph sprint standup retro demo roadmap milestone
deadline estimate budget invoice contract sales marketing launch campaign product
employee employees employer hire hiring interview candidate offer onboarding manager
holiday vacation sick leave travel flight hotel train airport taxi dinner breakfast
birthday party cake gift present weather rain snow sunny cold warm summer winter
spring autumn coffee tea water beer wine pizza burger salad sandwich cookie chocolate
configuration configured misconfigured redeploy redeployed rollback rollout hotfix
patch upgrade downgrade install uninstall reboot restart shutdown outage incident
postmortem runbook oncall pager escalation priority severity blocker critical minor
scheduled rescheduled windows databases notifications certificate certificates
verification automation automatic automatically tomato performant perform performed
password token session cookie secret encryption certificate firewall proxy router
laptop monitor keyboard mouse headphones charger cable printer scanner phone tablet
calendar invite agenda minutes notes summary draft final approved rejected pending
question answer reply thread channel group chat message messages ping mention
screenshot video recording slides deck spreadsheet document presentation template
frontend backend mobile android iphone browser chrome firefox safari extension
kubernetes docker container image registry terraform ansible jenkins pipeline
github gitlab commit commits rebase squash conflict conflicts diff pull request
typescript javascript python golang rust java kotlin swift compiler linter formatter
refactor cleanup rename module package dependency dependencies library framework
analytics tracking experiment variant conversion funnel retention churn revenue
elephant giraffe penguin dolphin octopus butterfly squirrel hedgehog raccoon walrus
mountain river forest desert island volcano glacier canyon meadow harbor lighthouse
violin trumpet saxophone accordion harmonica xylophone tambourine bagpipe banjo cello`.split(/\s+/);

// Multi-word phrases planted in some messages (about 0.1 % each), searched as exact phrases.
export const PHRASES = [
  'grab lunch tomorrow',
  'the staging server is down',
  'quarterly planning review',
  'can you take a look',
  'merge request approved',
  'out of office until monday',
  'customer reported a crash',
  'happy birthday to you',
];

// Made-up words planted in about 50 messages each in the whole corpus: the rare words.
export const RARE = `quorvatine blixenfjord zamphirel trovulast mekkaborn grindlewhap snorvalig
plimberous vextrophan cruldemanse yorbitash fenwhistlo kazzamunder dreebolite wumplegast
oxtrivane jelloquist haskivorn brumbletoft ziggurand`.split(/\s+/);

// Fragments of four or five letters that occur only inside longer words of ENGLISH.
export const FRAGMENTS = ['ploy', 'nfig', 'abas', 'ndow', 'edul', 'ifica', 'tomat', 'rform'];

export const GERMAN = `ich du wir und der die das nicht ist ein eine zu mit für auf heute morgen ja
nein bitte danke gut schön Besprechung Termin Projekt Straße Grüße müssen können Änderung
Größe Büro Kollegen Mittagessen Wochenende Kunde Rechnung Fehler Server Datenbank Bericht
Zeit gleich später gerne natürlich vielleicht wirklich genau schon noch immer wieder
Frage Antwort Lösung Problem Aufgabe Sitzung Präsentation Unterlagen Entwurf Vertrag
Abteilung Geschäftsführer Mitarbeiter Urlaub krank Zug Flughafen Hotel Reise Kaffee
Kuchen Geburtstag Wetter Regen Sonne kalt warm Frühling Sommer Herbst Winter Übersicht
Überprüfung Veröffentlichung Bestätigung Anmeldung Abmeldung Zugang Passwort Sicherheit
Schnittstelle Anwendung Entwicklung Bereitstellung Konfiguration Überwachung Störung
München Köln Düsseldorf Nürnberg Zürich Wien Berlin Hamburg Frankfurt Stuttgart
fahren gehen kommen machen sagen sehen wissen haben sein werden geben nehmen finden
schnell langsam fertig bereit wichtig dringend einfach schwierig möglich nötig
Bäckerei Brötchen Käse Gemüse Obst Fußball Mannschaft Spiel Tor Schiedsrichter`.split(/\s+/);

// Russian: function words, then inflected forms of nouns and verbs (the search should find
// "сообщени" in сообщение, сообщения, сообщению ...).
export const RUSSIAN = `и в не на я что это мы с как по но а да нет привет спасибо хорошо завтра
сегодня уже ещё всё можно нужно давай пожалуйста конечно сейчас потом тоже очень
сообщение сообщения сообщению сообщением сообщений встреча встречи встречу встречей встреч
проект проекта проекту проектом проекты проектов сервер сервера серверу сервером серверов
задача задачи задачу задачей задач ошибка ошибки ошибку ошибкой ошибок база базы базу базой
отчёт отчёта отчёту отчётом отчёты команда команды команде командой клиент клиента клиенту
сделать сделал сделала сделали сделаем сделаю проверить проверил проверила проверим
отправить отправил отправила отправлю обновить обновил обновила обновление обновления
релиз релиза релизу выкатить выкатили откатить откатили тест тесты тестов тестирование
понедельник вторник среда четверг пятница суббота воскресенье утром вечером днём
Москва Москве Москвы Петербург Петербурге Новосибирск Казань Казани Екатеринбург
обед обеда кофе чай погода дождь снег холодно тепло отпуск отпуска праздник день рождения
документ документа документы таблица таблицы презентация презентации договор договора`.split(/\s+/);

// Japanese: written without spaces; the sentences are runs of these words. 東京 is left out:
// the corpus plants it.
export const JAPANESE = `の は を に で が と も から まで です ます でした ました ください
お願いします ありがとう ございます よろしく すみません 大丈夫 了解 確認 会議 明日 今日
資料 予定 変更 時間 場所 問題 連絡 報告 相談 対応 準備 完了 開始 終了 午前 午後 今週
来週 先週 月曜日 金曜日 プロジェクト サーバー デプロイ リリース テスト バグ 修正 メール
電話 会社 部長 課長 お客様 担当 営業 開発 設計 仕様 品質 納期 見積 請求 契約
大阪 京都 名古屋 横浜 福岡 札幌 新宿 渋谷 品川 駅 新幹線 飛行機 出張 ホテル
ランチ 昼ご飯 晩ご飯 コーヒー お茶 ラーメン 寿司 天気 雨 晴れ 暑い 寒い 桜 花見
頑張ります お疲れ様です 失礼します 承知しました 共有 添付 ファイル フォルダ 画面 設定`.split(/\s+/);

export const CHINESE = `的 了 是 在 我 你 他 我们 你们 吗 吧 呢 好的 谢谢 没问题 今天 明天 昨天
会议 项目 时间 服务器 部署 问题 电话 邮件 文件 下午 上午 周末 吃饭 一起 已经 可以
需要 知道 看看 一下 马上 稍等 发布 测试 修复 版本 上线 回滚 数据库 接口 文档 需求
客户 产品 设计 开发 经理 老板 同事 北京 上海 广州 深圳 杭州 成都 东京 出差 酒店
机场 高铁 天气 下雨 太热 太冷 咖啡 奶茶 火锅 饺子 生日 快乐 加油 辛苦 周报 日报
进度 计划 安排 确认 通知 审核 合同 报价 发票 预算 会议室 投影仪 电脑 手机 网络`.split(/\s+/);

export const THAI = `ครับ ค่ะ สวัสดี ขอบคุณ วันนี้ พรุ่งนี้ เมื่อวาน ประชุม โครงการ เซิร์ฟเวอร์ ทำงาน
เวลา น้ำ อาหาร กิน ไป มา ได้ ไม่ และ ที่ ใน ของ จะ แล้ว กรุงเทพ เชียงใหม่ ภูเก็ต
ลูกค้า รายงาน เอกสาร ปัญหา แก้ไข ทดสอบ อัปเดต ส่ง อีเมล โทร บ่าย เช้า เย็น
สัปดาห์ หน้า นี้ ช่วย หน่อย นะ คะ ด้วย กัน เลย มาก ดี สบาย ร้อน ฝนตก กาแฟ ข้าว`.split(/\s+/);

export const EMOJI = ['👍', '🎉', '😂', '🙏', '🔥', '❤️', '🚀', '👀', '✅', '😅', '🤔', '💯', '👍🏽', '🇩🇪', '☕'];

// Sites of the links some messages carry.
export const LINK_HOSTS = ['github.com/parley/parley/pull', 'docs.example.com/guide', 'www.youtube.com/watch?v=',
  'jira.example.org/browse/OPS-', 'meet.example.com', 'drive.example.com/file/d', 'en.wikipedia.org/wiki'];

// Names of the users: every first name with every last name gives 10,000 different names.
export const FIRST_NAMES = `Anna Ben Clara David Emma Felix Greta Hugo Ida Jonas Karla Leon Mia Noah Olga
Paul Quinn Rosa Sam Tara Uwe Vera Will Xenia Yara Zoe Aiko Boris Chen Dara Elif Farid Gita Hana
Igor Jana Kenji Lena Marco Nina Omar Pia Raj Sofia Timo Ulla Viktor Wen Yusuf Zara Alma Bruno
Celia Dmitri Esra Finn Grace Hiro Ines Jakob Kira Lars Maya Nils Otto Priya Rafael Sina Tom
Ursula Vlad Wanda Ximena Yuki Zeno Ada Bastian Chiara Dora Erik Fatima Gustav Helga Ivan Jörg
Katja Lukas Marta Nadia Oskar Pedro Rita Stefan Tanja Ugo Valentina Wolfgang Yvonne Zofia Amir`.split(/\s+/);
export const LAST_NAMES = `Schmidt Müller Weber Fischer Meyer Wagner Becker Hoffmann Schulz Koch Smith
Johnson Brown Taylor Wilson Davies Evans Thomas Roberts Walker Tanaka Suzuki Sato Watanabe Ito
Nakamura Kobayashi Yamamoto Wang Li Zhang Liu Chen Yang Huang Zhao Ivanov Petrov Sidorov Smirnov
Kuznetsov Popov Volkov Sokolov Novak Kowalski Nowak Horvat Rossi Russo Ferrari Esposito Bianchi
Romano Garcia Martinez Lopez Sanchez Perez Gomez Silva Santos Oliveira Costa Dubois Martin
Bernard Moreau Laurent Lefebvre Jensen Nielsen Hansen Larsen Andersen Berg Lindqvist Nyström
Öztürk Yilmaz Kaya Demir Patel Sharma Singh Kumar Gupta Khan Ali Hassan Cohen Levi Murphy Kelly
OBrien Byrne Walsh Fernandes Pereira Almeida Nguyen Tran Pham`.split(/\s+/);
