package entity

import (
	_ "embed"
	"encoding/binary"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

//go:embed gazetteer.txt
var gazetteerText string

// A gazEntry is what the gazetteer knows about one name form.
type gazEntry struct {
	canon   *gazCanon // nil in the zero entry alone
	kind    Kind
	country bool // a sovereign country or nation: a national team stays a place
	region  bool // a county or state: in sports news, its team
}

// gazCanon is the canonical name of an entry, shared by its forms.
type gazCanon struct {
	name string
	key  string // fold(name), as merge folds a key: made once, not for every mention

	// lastNames(name), made once as key is
	last, rest string
	two        bool
}

// known tells a canonical name: c is not nil, nor the name empty.
func (c *gazCanon) known() bool { return c != nil && c.name != "" }

type gazetteer struct {
	// names holds every form under its folded key, so that one probe
	// answers both the exact and the case-insensitive look-up.
	names    []gazName
	slots    []gazSlot        // open addressing over names; a power of two in size
	tags     []uint16         // tagOf each slot's hash, 0 for an empty slot, as in classTable
	index    map[string]int32 // folded key -> names index, while loading
	maxWords int              // longest name in words, bounding look-ups
	// people is a word table of the demonyms ("Iranian") and the common
	// given names, cheaper to ask than a map
	people *classTable
}

// The bits of gazetteer.people.
const (
	gazDemonym wordSet = 1 << iota
	gazGiven
)

// A gazName is what the gazetteer knows under one folded key.
type gazName struct {
	key       string
	exact     []gazForm // forms that fold to key, as written: acronyms ("WHO", "IS") match only so
	folded    gazEntry  // the first form with lower-case letters or a dot, matched case-insensitively
	hasFolded bool
	chunk     bool // key is some folded form up to its first space: a cheap first test
}

type gazForm struct {
	form string
	e    gazEntry
}

type gazSlot struct {
	h uint32
	i int32 // index into names, plus one; 0 for an empty slot
}

var (
	gazOnce sync.Once
	gaz     *gazetteer
)

// loadGazetteer parses the embedded data once; Find calls it on first use.
func loadGazetteer() *gazetteer {
	gazOnce.Do(func() {
		// about a name for every sixteen bytes of the text: made at
		// their size, the map and list are not grown name by name
		est := len(gazetteerText) / 16
		g := &gazetteer{
			names:  make([]gazName, 0, est),
			index:  make(map[string]int32, est),
			people: &classTable{},
		}
		section := ""
		var ms mergeState // folds the canonical names' last names, kept
		for _, line := range strings.Split(gazetteerText, "\n") {
			line = strings.TrimSpace(line)
			if line == "" || line[0] == '#' {
				continue
			}
			if line[0] == '@' {
				section = line[1:]
				continue
			}
			switch section {
			case "given":
				for _, f := range strings.Fields(line) {
					g.people.add(f, gazGiven)
				}
			case "demonym":
				if d, _, ok := strings.Cut(line, "|"); ok && d != "" {
					g.people.add(d, gazDemonym)
				}
			default:
				kind := Kind(section)
				country, region := section == "country", section == "region"
				if country || region {
					kind = Place
				}
				forms := strings.Split(line, "|")
				c := &gazCanon{name: forms[0], key: string(foldBytes(nil, forms[0]))}
				c.last, c.rest, c.two = ms.lastNames(c.name)
				e := gazEntry{canon: c, kind: kind, country: country, region: region}
				for _, f := range forms {
					g.add(f, e)
				}
			}
		}
		g.index = nil
		if g.maxWords > 64 {
			panic("entity: a gazetteer name of more than 64 words") // longGaz keeps their ends in a uint64
		}
		size := 1024
		for size < 4*len(g.names) {
			size *= 2
		}
		g.slots = make([]gazSlot, size)
		g.tags = make([]uint16, size)
		mask := uint32(size - 1)
		for i, n := range g.names {
			h := gazHash(n.key)
			j := h & mask
			for g.slots[j].i != 0 {
				j = (j + 1) & mask
			}
			g.slots[j] = gazSlot{h: h, i: int32(i) + 1}
			g.tags[j] = tagOf(h)
		}
		gaz = g
	})
	return gaz
}

// name returns the entry of folded key k, adding it while loading.
func (g *gazetteer) name(k string) *gazName {
	i, ok := g.index[k]
	if !ok {
		i = int32(len(g.names))
		g.names = append(g.names, gazName{key: k})
		g.index[k] = i
	}
	return &g.names[i]
}

// find returns the entry of folded key k, or nil.
func (g *gazetteer) find(k []byte) *gazName {
	// gazHash keeps nothing of the string: it may share k's bytes
	h := gazHash(unsafe.String(unsafe.SliceData(k), len(k)))
	tag := tagOf(h)
	mask := uint32(len(g.slots) - 1)
	for j := h & mask; ; j = (j + 1) & mask {
		switch g.tags[j] {
		case 0:
			return nil
		case tag:
			if sl := g.slots[j]; sl.h == h && g.names[sl.i-1].key == string(k) {
				return &g.names[sl.i-1]
			}
		}
	}
}

func (g *gazetteer) add(form string, e gazEntry) {
	if n := len(strings.Fields(form)); n > g.maxWords {
		g.maxWords = n
	}
	k := fold(form)
	n := g.name(k)
	if !slices.ContainsFunc(n.exact, func(f gazForm) bool { return f.form == form }) {
		n.exact = append(n.exact, gazForm{form, e})
	}
	// Acronyms match only as written, so "WHO" never matches "who".
	if hasLower(form) || strings.ContainsRune(form, '.') {
		if !n.hasFolded {
			n.folded, n.hasFolded = e, true
		}
		c, _, _ := strings.Cut(k, " ")
		g.name(c).chunk = true
	}
}

// findFold returns the entry of fold(s), or nil. For ASCII s, the usual
// case, it folds as it compares rather than copying s folded.
func (g *gazetteer) findFold(s string) *gazName {
	// gazHash, written out (it is too big to inline), and whether s is
	// ASCII, from the same loads
	const hi, b5 = 0x8080808080808080, 0x2020202020202020
	n := uint(len(s))
	var x, y uint64
	switch {
	case n >= 8:
		x, y = load64(s), load64(s[n-8:])
		if n > 16 && !isASCII(s[8:n-8]) {
			x |= hi
		}
	case n >= 4:
		x = uint64(load32(s)) | uint64(load32(s[n-4:]))<<32
	case n > 0:
		x = uint64(s[0]) | uint64(s[n/2])<<8 | uint64(s[n-1])<<16
	}
	if (x|y)&hi != 0 {
		var buf [64]byte
		return g.find(foldBytes(buf[:0], s))
	}
	h := uint32(((x|b5)*0x9E3779B97F4A7C15 ^ (y | b5) + uint64(n)) * 0xC2B2AE3D27D4EB4F >> 32)
	tag := tagOf(h)
	mask := uint32(len(g.slots) - 1)
	for j := h & mask; ; j = (j + 1) & mask {
		switch g.tags[j] {
		case 0:
			return nil
		case tag:
			if sl := g.slots[j]; sl.h == h {
				if n := &g.names[sl.i-1]; equalFolded(n.key, s) {
					return n
				}
			}
		}
	}
}

// gazHash hashes a key of the gazetteer. It reads the first and last
// eight bytes (all of a shorter key) with bit 5 set in each: an ASCII
// capital hashes as its lower case, so that gazHash(s) is gazHash(fold(s))
// for ASCII s, and findFold, which has it written out, hashes a name as
// written. A word at a time, not byte by byte: names are looked up many
// times a story.
func gazHash(s string) uint32 {
	const b5 = 0x2020202020202020
	n := uint(len(s))
	var x, y uint64
	switch {
	case n >= 8:
		x, y = load64(s), load64(s[n-8:])
	case n >= 4:
		x = uint64(load32(s)) | uint64(load32(s[n-4:]))<<32
	case n > 0:
		x = uint64(s[0]) | uint64(s[n/2])<<8 | uint64(s[n-1])<<16
	}
	return uint32(((x|b5)*0x9E3779B97F4A7C15 ^ (y | b5) + uint64(n)) * 0xC2B2AE3D27D4EB4F >> 32)
}

// equalFolded tells whether key is fold(s), for ASCII s. It compares
// eight bytes at a time: names are looked up many times a story.
func equalFolded(key, s string) bool {
	if len(key) != len(s) {
		return false
	}
	n := len(s)
	if n < 4 {
		for i := 0; i < n; i++ {
			if key[i] != asciiLower[s[i]&0x7f] {
				return false
			}
		}
		return true
	}
	if n < 8 {
		// two loads that overlap: every byte is compared
		return uint64(load32(key)) == lower8(uint64(load32(s))) &&
			uint64(load32(key[n-4:])) == lower8(uint64(load32(s[n-4:])))
	}
	for i := 0; i+8 <= n; i += 8 {
		if load64(key[i:]) != lower8(load64(s[i:])) {
			return false
		}
	}
	return load64(key[n-8:]) == lower8(load64(s[n-8:]))
}

// isASCII tells whether s has no byte above 0x7f.
func isASCII(s string) bool {
	const hi = 0x8080808080808080
	n := len(s)
	switch {
	case n >= 8:
		for i := 0; i+8 <= n; i += 8 {
			if load64(s[i:])&hi != 0 {
				return false
			}
		}
		return load64(s[n-8:])&hi == 0
	case n >= 4:
		return (load32(s)|load32(s[n-4:]))&0x80808080 == 0
	}
	for i := 0; i < n; i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// lower8 lower-cases the ASCII capitals among the bytes of x, which are
// all ASCII: bit 7 of a sum marks a byte from 'A' to 'Z', and no sum
// carries into the next byte.
func lower8(x uint64) uint64 {
	upper := (x + 0x3f3f3f3f3f3f3f3f) &^ (x + 0x2525252525252525) & 0x8080808080808080
	return x | upper>>2
}

func load32(s string) uint32 {
	_ = s[3]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// lookup finds a name form, exact first, then case-insensitively.
func (g *gazetteer) lookup(s string) (gazEntry, bool) {
	n := g.findFold(s)
	if n == nil {
		return gazEntry{}, false
	}
	for _, f := range n.exact {
		if f.form == s {
			return f.e, true
		}
	}
	return n.folded, n.hasFolded
}

// lookupFolded finds a name form case-insensitively, without allocating.
func (g *gazetteer) lookupFolded(s string) (gazEntry, bool) {
	if n := g.findFold(s); n != nil && n.hasFolded {
		return n.folded, true
	}
	return gazEntry{}, false
}

// isChunk tells whether s folded is some name form up to its first space.
func (g *gazetteer) isChunk(s string) bool {
	n := g.findFold(s)
	return n != nil && n.chunk
}

// foldBytes appends fold(s) to dst; when s is not ASCII, it replaces dst.
func foldBytes(dst []byte, s string) []byte {
	n := len(dst)
	dst = slices.Grow(dst, len(s))[:n+len(s)]
	if !lowerASCII(dst[n:], s) {
		return appendFoldSlow(dst[:0], s)
	}
	return dst
}

// lowerASCII writes s lower-cased into d, as long as s, and tells whether
// s is ASCII; when it is not, d holds some bytes of no use. It works
// eight bytes at a time: merge folds every name of a story.
func lowerASCII(d []byte, s string) bool {
	const hi = 0x8080808080808080
	n := len(s)
	d = d[:n]
	switch {
	case n >= 8:
		for i := 0; i+8 <= n; i += 8 {
			x := load64(s[i:])
			if x&hi != 0 {
				return false
			}
			binary.LittleEndian.PutUint64(d[i:], lower8(x))
		}
		// the last eight bytes, overlapping those done: every byte is written
		x := load64(s[n-8:])
		if x&hi != 0 {
			return false
		}
		binary.LittleEndian.PutUint64(d[n-8:], lower8(x))
		return true
	case n >= 4:
		x, y := uint64(load32(s)), uint64(load32(s[n-4:]))
		if (x|y)&hi != 0 {
			return false
		}
		binary.LittleEndian.PutUint32(d, uint32(lower8(x)))
		binary.LittleEndian.PutUint32(d[n-4:], uint32(lower8(y)))
		return true
	}
	for i := 0; i < n; i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return false
		}
		d[i] = asciiLower[c]
	}
	return true
}

// appendFoldSlow appends foldSlow(s) to dst, rune by rune as
// strings.ToLower maps them (a byte that is not UTF-8 becomes U+FFFD).
func appendFoldSlow(dst []byte, s string) []byte {
	for _, r := range s {
		if r = unicode.ToLower(r); r == '’' {
			r = '\''
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}

var asciiLower = func() (t [utf8.RuneSelf]byte) {
	for c := range t {
		t[c] = byte(c)
		if 'A' <= c && c <= 'Z' {
			t[c] += 'a' - 'A'
		}
	}
	return t
}()

// lowerBytes appends strings.ToLower(s) to dst.
func lowerBytes(dst []byte, s string) []byte {
	// A word of four to sixteen ASCII bytes, the usual case, in the room
	// dst has: two overlapping loads, lower-cased four or eight at a time.
	if n, m := len(dst), len(s); m >= 4 && m <= 16 && m <= cap(dst)-n {
		d := dst[n : n+m]
		if m >= 8 {
			x, y := load64(s), load64(s[m-8:])
			if (x|y)&0x8080808080808080 == 0 {
				binary.LittleEndian.PutUint64(d, lower8(x))
				binary.LittleEndian.PutUint64(d[m-8:], lower8(y))
				return dst[:n+m]
			}
		} else {
			x, y := uint64(load32(s)), uint64(load32(s[m-4:]))
			if (x|y)&0x8080808080808080 == 0 {
				binary.LittleEndian.PutUint32(d, uint32(lower8(x)))
				binary.LittleEndian.PutUint32(d[m-4:], uint32(lower8(y)))
				return dst[:n+m]
			}
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return append(dst[:0], strings.ToLower(s)...)
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

func hasLower(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

// fold lower-cases and unifies apostrophes, for case-insensitive keys.
func fold(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return foldSlow(s)
		}
	}
	return s
}

func foldSlow(s string) string {
	return strings.ReplaceAll(strings.ToLower(s), "’", "'")
}

// countFields is len(strings.Fields(s)), without allocating.
func countFields(s string) int {
	const hi = 0x8080808080808080
	n := 0
	in := false
	i := 0
	// Eight ASCII bytes at a time, as every mention is counted: a field
	// starts at a byte that is not a space after one that is, or first.
	for ; i+8 <= len(s); i += 8 {
		x := load64(s[i:])
		if x&hi != 0 {
			break // a longer rune: rune by rune below
		}
		sp := asciiSpaces(x)
		before := sp << 8
		if !in {
			before |= 0x80
		}
		n += bits.OnesCount64(^sp & before & hi)
		in = sp>>56 == 0
	}
	for i < len(s) {
		var space bool
		if b := s[i]; b < utf8.RuneSelf {
			space = asciiSpace[b]
			i++
		} else {
			r, w := utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
			i += w
		}
		if space {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}

var asciiSpace = [256]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// asciiSpaces sets bit 7 of each byte of x, all ASCII, that asciiSpace
// has: ' ', and '\t' to '\r'. As in alnumRun, no sum carries into the
// next byte.
func asciiSpaces(x uint64) uint64 {
	const hi, lo = 0x8080808080808080, 0x7f7f7f7f7f7f7f7f
	blank := ^((x ^ 0x2020202020202020) + lo) & hi               // ' '
	ctrl := (x + 0x7777777777777777) &^ (x + 0x7272727272727272) // 9 to 13
	return blank | ctrl&hi
}

// roleHeads end a title before a person's name ("Foreign Minister X").
var roleHeads = set(`President President-elect Vice-President Minister Secretary Chancellor Premier
King Queen Prince Princess Emir Sultan Ayatollah Leader Speaker Senator Sen Congressman Congresswoman
Governor Gov Mayor General Gen Colonel Col Lieutenant Lt Captain Capt Sergeant Sgt Admiral Adm
Commander Commander-in-chief Marshal Judge Chairman Chairwoman Chairperson Mr Mrs Ms Miss Dr Prof Professor Sir Dame
Lord Lady Pope Cardinal Bishop Archbishop Rabbi Imam Reverend Rev Sheikh Seyyed Sayyed Sayed Hojatoleslam
Prophet Representative Rapporteur Envoy Ambassador Spokesman Spokeswoman Director Coach Commissioner
Chief Mullah Mufti Patriarch Saint-not Pastor Father Brig Brigadier Maj Major-General Lieutenant-General
Deputy-Minister Attorney-General Secretary-General Director-General Inspector Superintendent Detective Officer
Private Corporal Crown Duke Duchess Count Baron Baroness Earl Viscount Marquis Tsar Shah Caliph Pharaoh Emperor Empress`)

// roleMods come before a role head and are not names ("Deputy Foreign Minister").
var roleMods = set(`Deputy Vice Prime Foreign Supreme Defence Defense Interior Finance Justice Economy Economic
Trade Health Education Energy Oil Agriculture Culture Home Former Acting Interim First Chief Senior Grand
High Special Executive Managing Assistant Associate Lord Attorney Opposition Labour Environment Transport
Industry Information Intelligence Security National State Foreign-affairs Culture Sports Sport Petroleum Housing
Labor Commerce Treasury Army Navy Air Military Crown Regional Provincial Federal Party Majority Minority General
Outgoing Incoming Then Late Ex Co Coalition Caretaker Mr Mrs Dr Head Team Club Group Company Tribal Religious Spiritual`)

// orgHeads end an organisation's name.
var orgHeads = set(`Council Corps Parliament Ministry Bank Inc Ltd Plc PLC LLC AG SA NV GmbH Group Party Union Agency
Commission FC AFC United Committee Association Federation Organisation Organization Institute Institution University
College School Academy Foundation Fund Trust Corporation Corp Co Company Companies Holdings Industries Airlines
Airways Motors Systems Technologies Technology Bancorp Exchange Board Court Tribunal Assembly Congress Senate Army
Navy Force Forces Police Guard Guards Front Movement Alliance League Club Society Church Office Department Service
Services Authority Bureau Network Times Post News Journal Herald Telegraph Gazette Tribune Daily Radio Television TV
Media Press Records Studios Pictures Rovers Wanderers Athletic Albion Cabinet Government Secretariat Mission
Hospital Clinic Brigade Brigades Battalion Regiment Division Command Caucus Coalition Consortium Partners
Capital Securities Investments Insurance Energy Petroleum Oil Gas Mining Steel Cement Chemicals Pharmaceuticals
Electric Electronics Telecom Communications Broadcasting Foods Breweries Brewery Bancshares Financial Finance
Reserve Ventures Labs Laboratories Enterprises International Worldwide Global Newsroom Desk Council`)

// placeHeads end a place's name.
var placeHeads = set(`Prison Airport Stadium Square Street St Road Avenue Boulevard Bridge River Lake Mountain Mountains Mount
Island Islands Sea Ocean Bay Valley Province Region District Desert Peninsula Strait Canal Coast Hills Heights
Palace Castle Cathedral Mosque Temple Port Harbour Harbor Gardens Plaza Park Forest Falls Gulf Beach Camp Base
Crossing Checkpoint Dam Reservoir Village Town City County Oblast Prefecture Governorate Territory Territories
Highway Motorway Lane Hall Arena Centre Center Course Circuit Racecourse Velodrome Ground Grounds Cemetery Shrine Tower Towers Gate Wall Pass Basin Plateau Delta`)

// otherHeads end names of things: prizes, treaties, ships, events.
var otherHeads = set(`Prize Award Awards Treaty Accord Accords Agreement Act Bill Plan Doctrine Declaration Convention Protocol
Initiative Programme Program Campaign Operation Summit Conference Games Olympics Cup Championship Championships
Open Trophy Festival Flight War Revolution Crisis Day Week Year Expo Fair Show Tour Series Rally Marathon Grand`)

// connectors may sit inside a name between capitalised words.
var connectors = set(connectorWords)

const connectorWords = `of the and & for de da di del della der den van von bin ibn al el la le du des dos y e upon on-the`

// connectorKeys has the filterKey bit of each connector, as wordTable's
// filter has those of watched words: a token whose bit is clear is no
// connector, which the paragraph loop asks of most words after a name.
var connectorKeys = func() (b [32]uint64) {
	for _, w := range strings.Fields(connectorWords) {
		k := filterKey(w)
		b[k>>6] |= 1 << (k & 63)
	}
	return b
}()

// mayConnect is false when t is no connector: its key is none of theirs.
func (t *token) mayConnect() bool {
	k := t.key()
	return connectorKeys[k>>6&31]&(1<<(k&63)) != 0
}

// particles start a surname in lower case ("al-Assad", "van Gogh").
var particles = set(`al el bin ibn de da di del della der den van von le la du dos ter`)

// stopCaps are capitalised words that are never names by themselves:
// pronouns, determiners, sentence openers, weekdays, months, generic news words.
var stopCaps = set(`I A An The This That These Those There Their They Them Then He She It Its His Her Hers We Our Us You Your
Who Whom Whose What When Where Why How Which While Whilst If But And Or Nor So Yet As At By For From In Into On Onto Of Off
Out Over Under Up Down To With Within Without About Above Across After Against Along Amid Among Around Before Behind Below
Beneath Beside Besides Between Beyond During Except Inside Near Since Through Throughout Till Toward Towards Until Upon Via
Despite Although Though Because Unless Whether Once Also Still Even Just Only Now Today Tonight Tomorrow Yesterday Earlier
Later Last Next Previously Prior Recently Meanwhile However Moreover Furthermore Nevertheless Nonetheless Instead Otherwise
Indeed Thus Hence Therefore Already Again Ago Always Never Often Sometimes Perhaps Maybe Yes No Not None All Any Both Each
Every Few Many Most Much More Less Some Several Such Other Another One Two Three Four Five Six Seven Eight Nine Ten First
Second Third Fourth Fifth Final Finally Overall Asked Speaking Sitting Standing Talking Writing Addressing Responding
According Following Given Including Regarding Meanwhile Separately Elsewhere Overall Here Let Please Thank Thanks Well Oh
Mr Mrs Ms Dr Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mondays Tuesdays Wednesdays Thursdays Fridays
Saturdays Sundays January February March April May June July August September October November December Jan Feb Mar Apr
Jun Jul Aug Sep Sept Oct Nov Dec Christmas Easter Ramadan Eid Reuters-not Officials Official Sources Source Police-not
People Government Analysts Experts Critics Residents Witnesses Authorities Officers Troops Forces Reporters Journalists
Many Most Some Under Because Whereas Having Being Is Are Was Were Be Been Has Have Had Do Does Did Will Would Shall Should
Can Could May Might Must Said Says Say Told Added Asked Reported Note Notes Update Updated Editing Reporting Writing
Photo Picture Video Image Caption Source Read More Related See Watch Click Follow Share Breaking Exclusive Analysis
Opinion Comment Editorial Interview Report Reports Statement Background Context Timeline Summary Overview Update
Praise Financial Brokers Broker Dealers Dealer Traders Trader Shares Stocks Prices Gold Silver Oil Markets Market
Economy Business Sports Sport Politics World National International Regional Local Northern Southern Eastern Western
North South East West Central Islamic Muslim Christian Jewish Catholic Protestant Sunni Shia Shiite Reformist
Reformists Hardliner Hardliners Conservative Liberal Democrat Republican Socialist Communist Nationalist Zionist
Western-backed Allied Federal Royal Imperial Colonial Revolutionary Nobel Total Net Gross Average Attendance Result
Results Standings Scores Score Points Division Group Round Half Innings Test Tests Match Matches Game Games Team Teams
Club Clubs League Cup Final Semi-final Quarter-final Leading Top Bottom Home Away Draw Win Wins Loss Losses Played
Won Lost Drawn Goals Goal Record Records Time Times Minute Minutes Hour Hours Day Days Week Weeks Month Months Year
Years Century Decade Percent Per Cent Up Down High Low Open Close Closed Opening Closing Change Volume Index Bond
Bonds Yield Yields Rates Rate Dollar Dollars Euro Euros Yen Sterling Pound Pounds Taka Rupee Rupees Peso Pesos Rand
Lira Mark Marks Franc Francs Crown Crowns Note Q Mln Bln Pct Vs Jr Sr Inc Ltd Co Corp Plc Mt Ft No Nos Vol Pp`)
