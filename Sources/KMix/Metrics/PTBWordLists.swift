/// The word lists behind `PTBScanner`'s handling of periods, contractions and file names, found by running Stanford
/// CoreNLP 3.4.1's tokenizer on candidate words and keeping those it treats specially: for the abbreviations, every
/// string of up to three letters and a 22,000-word English vocabulary in lower, capitalized and upper case and every
/// capitalized four-letter string, each before `. x`, `. Xq` and `. 5`, then every case pattern of the words found;
/// for the sentence starters, the vocabulary capitalized after `U.S.`; for the file extensions, every string of up to
/// four letters and digits after `12ab.`.
enum PTBWordLists {
    /// Abbreviations that keep their period whatever follows (`Mr. Smith`, `St. John's`). An entry in lower case
    /// matches in any case; a capitalized one needs its capital.
    static let abbreviations = entries("""
        adj adm adv alex assoc asst atty attys ave brig capt cf cie cmdr col comdr cpl dept det dr drs elec ens ft gen
        gov govs hon insp invt jos lieut lt maj messrs mfg mlle mme mr mrs ms msgr mt mtg natl pfc ph pres prof pvt rep
        reps rev sen sens sfc sgt spc st ste supt treas vs wm
        """)

    /// Abbreviations that keep their period and, before a capitalized word, after two spaces or at the end of the
    /// text, are also read as ending a sentence: a period token follows (`Inc. The` is `inc. . the`).
    static let sentenceEndingAbbreviations = entries("""
        al ala apr Ariz Ark assn aug Az bhd bldg blvd bros calif co colo conn corp cos ct dak dec Del esq est etc ext
        feb fla fri ga Ill inc ind intl jan jr jul jun kan kans ky La ltd mar Mass md mich minn Miss mo mon mont neb
        nev nov oct okla Ore Pa penn plc ppte ppty pte ptes pty ptys rd rt sep sept seq sq sr sys tel tenn Tex thu
        thurs tue tues univ va vt Wash wed wis wisc wyo ph.d
        """)

    /// Abbreviations that keep their period only before a number (`No. 5`, `pp. 12`; `No. X` is `no . x`).
    static let numberAbbreviations = entries("art ca fig figs no nos op pp prop")

    /// Capitalized words that, after an acronym with periods (`U.S.`) or a one-letter one (`I.`), are read as
    /// starting a sentence (compared in lower case after their capital).
    static let sentenceStarters: Set<String> = Set("""
        a about according additionally after an as at but earlier he her here however if in it last many more now once
        one other our she since so some such that the their then there these they this we what when while yet you
        """.split(whereSeparator: \.isWhitespace).map(String.init))

    /// Words split after their third letter (`cannot` is `can not`, `gonna` is `gon na`), compared in lower case.
    static let splitContractions: Set<String> = ["cannot", "gimme", "gonna", "gotta", "lemme", "wanna"]

    /// Clitics that the tokenizer separates from the word before them (after an apostrophe), in lower case.
    static let clitics: Set<String> = ["s", "d", "m", "ll", "re", "ve"]

    /// File extensions that make `name.ext` one token (`file.txt`, `3.x`), in lower case.
    static let fileExtensions: Set<String> = Set("""
        bat bmp c cgi cpp dll doc docx exe gif gz h htm html jar java jpeg jpg mov mp3 pdf php pl png ppt ps py sql tar
        txt wav x xml zip
        """.split(whereSeparator: \.isWhitespace).map(String.init))

    /// Words whose hyphen stays on when nothing follows it (`pro-` and `anti-`), in lower case.
    static let hyphenPrefixes: Set<String> = ["anti", "pro"]

    /// Whether `word` is one of `entries`' words under its case rule.
    static func contains(_ entries: [String: Bool], _ word: String) -> Bool {
        let key = word.lowercased()
        guard let needsCapital = entries[key] else { return false }
        return !needsCapital || word.unicodeScalars.first.map(\.isASCIIUppercase) == true
    }

    /// Lower-case words, each with whether it needs a capital first letter.
    private static func entries(_ list: String) -> [String: Bool] {
        Dictionary(uniqueKeysWithValues: list.split(whereSeparator: \.isWhitespace).map { entry in
            (entry.lowercased(), entry.first?.isUppercase == true)
        })
    }
}
